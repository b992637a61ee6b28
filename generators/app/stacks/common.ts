import path from 'node:path';
import type { Repo } from '../core/repo.js';
import type { Plan, Question, StackId } from './types.js';

/** Every stack writes its own Dockerfile template plus the shared .dockerignore, and has a naive twin for --build. */
export function standardOutputs(stack: StackId): Pick<Plan, 'files' | 'naiveTemplate'> {
  return {
    files: [
      { template: `${stack}/Dockerfile.ejs`, destination: 'Dockerfile' },
      { template: '_shared/dockerignore.ejs', destination: '.dockerignore', sharedIgnore: true },
    ],
    naiveTemplate: `${stack}/Dockerfile.naive.ejs`,
  };
}

/** The port question every stack asks: the detected port as default, the port evidence beside it. */
export function portQuestion(port: number | null, evidence: string[]): Question {
  return {
    name: 'port',
    flag: 'port',
    message: 'Port the app listens on (empty for none)',
    type: 'port',
    default: port,
    // "port", "Port", "PORT", but not the "port" inside "supported", "import" or "export".
    evidence: evidence.filter((line) => /(?<![a-z])port|Port|PORT/.test(line)),
  };
}

/** One COPY per folder keeps each file at its own path (a module's go.mod, requirements/base.txt). */
export function groupByFolder(files: string[]): Array<{ sources: string[]; target: string }> {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.posix.dirname(file);
    groups.set(dir, [...(groups.get(dir) ?? []), file]);
  }
  return [...groups].map(([dir, sources]) => ({ sources, target: dir === '.' ? './' : `./${dir}/` }));
}

/** One path segment against one glob segment (`*` and `?` within the segment). */
function segmentMatches(glob: string, segment: string): boolean {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`).test(segment);
}

/** Folder globs as workspaces use them: `packages/*`, `apps/**`, `tools/cli`; `**` spans any number of folders. */
function globMatches(glob: string[], dir: string[]): boolean {
  if (glob.length === 0) return dir.length === 0;
  const [head, ...rest] = glob;
  if (head === '**') return globMatches(rest, dir) || (dir.length > 0 && globMatches(glob, dir.slice(1)));
  return dir.length > 0 && segmentMatches(head, dir[0]) && globMatches(rest, dir.slice(1));
}

const splitGlob = (pattern: string) => path.posix.normalize(pattern).replace(/^\.\//, '').replace(/\/+$/, '').split('/');

/**
 * Workspace member folders (npm/yarn/pnpm, uv): every folder holding `manifest` that an `include`
 * glob names and no `exclude` glob does.
 */
export function memberFolders(repo: Repo, manifest: string, include: string[], exclude: string[] = []): string[] {
  const included = include.map(splitGlob);
  const excluded = exclude.map(splitGlob);
  return repo
    .filesEndingWith(`/${manifest}`)
    .map((file) => path.posix.dirname(file))
    .filter((dir) => {
      const parts = dir.split('/');
      return included.some((glob) => globMatches(glob, parts)) && !excluded.some((glob) => globMatches(glob, parts));
    });
}

/**
 * The image runs as 65532, not root. Docker 20.10+ lets any user bind low ports inside a container
 * (it sets net.ipv4.ip_unprivileged_port_start=0); Kubernetes does not by default.
 */
export function lowPortNote(port: number, envVar: string | null): string {
  const fix = envVar ? `set ${envVar} to a port of 1024 or more` : 'configure the app to listen on a port of 1024 or more';
  return `Port ${port} is below 1024 and the image runs as the non-root user 65532: Docker 20.10+ allows binding it unprivileged, but on Kubernetes set the pod sysctl net.ipv4.ip_unprivileged_port_start=${port} or ${fix}.`;
}
