import { formatProblems, lintDockerfile } from '../core/lint.js';
import { plannedDockerfiles, type RunState } from './state.js';

/** Every Dockerfile we write must pass the validator and our rules; a failure here is our bug. */
export function verifyDockerfiles(run: RunState): void {
  for (const file of plannedDockerfiles(run)) {
    // A credential file the stack found (a .npmrc with a token) must not be a COPY source of its Dockerfile either.
    const owner = run.targets.find((target) => target.plan!.files.some((planned) => planned.destination === file));
    const credentialFiles = (owner?.plan!.secrets ?? []).flatMap((secret) => secret.credentialFiles);
    const problems = lintDockerfile(run.host.fs.read(run.host.destinationPath(file)) ?? '', { credentialFiles });
    if (problems.length > 0) {
      throw new Error(`generator-multistage rendered an invalid ${file} (please report this):\n${formatProblems(file, problems)}`);
    }
  }
}
