import path from 'node:path';
import { allowOnly, type IgnoreSection } from '../core/dockerignore.js';
import type { Plan, Stack } from '../stacks/types.js';

/** Files a plan computes for its own folder that belong beside compose.yaml; in a scan, computed for the root instead. */
const COMPOSE_SIDE_FILES = new Set(['.env', '.gitignore']);

export interface Placement {
  dir: string;
  context: string;
  name: string;
}

/**
 * A stack's plan describes files relative to its build root, as if it were alone. In a scan the
 * Dockerfile goes to the service's folder (COPY paths stay relative to the build context, so its
 * content does not change apart from the header), compose.yaml is merged into the root one, and
 * the files that compose reads (.env) are left to be planned for the scan root.
 */
export function placePlan(plan: Plan, stack: Pick<Stack, 'contextReason'>, where: Placement): { plan: Plan; ownCompose: Plan['files'][number] | null } {
  const { dir, context, name } = where;
  const join = (...parts: string[]) => path.posix.join(...parts);
  const dockerfile = join(dir, 'Dockerfile');
  const ownCompose = plan.files.find((file) => file.destination === 'compose.yaml') ?? null;
  const files = plan.files
    .filter((file) => file !== ownCompose)
    .map((file) => ({ ...file, destination: file.destination === 'Dockerfile' ? dockerfile : join(context, file.destination) }));
  // Files beside compose.yaml (.env) are planned again for the scan root when written (Plan.rootFiles).
  const extraFiles = (plan.extraFiles ?? [])
    .filter((file) => !(plan.rootFiles && COMPOSE_SIDE_FILES.has(file.destination)))
    .map((file) => ({ ...file, destination: join(context, file.destination) }));
  const fromContext = path.posix.relative(context, dockerfile);
  const buildContext = fromContext === 'Dockerfile' ? undefined : { dir: context, dockerfile: fromContext, why: stack.contextReason };
  const notes = [...plan.notes];
  let dockerfileIgnoreSections: IgnoreSection[] | undefined;
  // Several Dockerfiles share this context: each gets its own ignore file, letting in only what its build reads.
  if (buildContext && !plan.buildReads.includes('.')) {
    dockerfileIgnoreSections = allowOnly(plan.buildReads, plan.ignoreSections);
    files.push({ template: '_shared/dockerfile-dockerignore.ejs', destination: `${dockerfile}.dockerignore` });
    notes.push(`${dockerfile}.dockerignore: the build gets only ${plan.buildReads.length} of the context's files and folders (${plan.buildReads.slice(0, 4).join(', ')}${plan.buildReads.length > 4 ? ', …' : ''}); BuildKit reads it in place of ${path.posix.join(context, '.dockerignore')} when building with -f ${dockerfile}.`);
  }
  return {
    plan: { ...plan, files, extraFiles, notes, imageName: name, buildContext, scanned: true, dockerfileIgnoreSections },
    ownCompose,
  };
}
