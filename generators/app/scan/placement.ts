import path from 'node:path';
import type { Repo } from '../core/repo.js';
import type { ExtraFile, Plan, StackId } from '../stacks/types.js';

/** Why a member builds from its build root rather than its own folder (said in its Dockerfile and compose entry). */
const CONTEXT_REASONS: Record<StackId, string> = {
  go: 'the build needs go.work (or the shared go.mod) and every module it uses',
  java: 'Maven/Gradle builds the module from the root build, together with the modules it depends on',
  node: "the install needs the workspace's root lockfile and every member's package.json",
  python: "uv installs from the workspace's single lock file at its root",
  'three-tier': 'the build needs both tiers',
};

export function contextReason(stack: StackId): string {
  return CONTEXT_REASONS[stack];
}

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
 * the files that compose reads (.env) are planned for the scan root.
 */
export function placePlan(plan: Plan, stack: StackId, where: Placement, scanRoot: Repo): { plan: Plan; ownCompose: Plan['files'][number] | null } {
  const { dir, context, name } = where;
  const join = (...parts: string[]) => path.posix.join(...parts);
  const dockerfile = join(dir, 'Dockerfile');
  const ownCompose = plan.files.find((file) => file.destination === 'compose.yaml') ?? null;
  const files = plan.files
    .filter((file) => file !== ownCompose)
    .map((file) => ({ ...file, destination: file.destination === 'Dockerfile' ? dockerfile : join(context, file.destination) }));
  const ownExtras = (plan.extraFiles ?? []).filter((file) => !(plan.rootFiles && COMPOSE_SIDE_FILES.has(file.destination)));
  const rootFiles = plan.rootFiles?.(scanRoot) ?? [];
  const extraFiles = [...ownExtras.map((file) => ({ ...file, destination: join(context, file.destination) })), ...rootFiles];
  // The plan's own words on .env were about its folder; in a scan the passwords live at the root.
  const env = rootFiles.find((file) => file.destination === '.env');
  const notes = plan.rootFiles
    ? [
      ...plan.notes.filter((note) => !/passwords come from \.env/.test(note)),
      `Passwords: the repository root's .env, next to compose.yaml (${env ? (env.append ? 'missing keys appended' : 'created with random values') : 'kept as it was'}); .gitignore and .dockerignore exclude it.`,
    ]
    : plan.notes;
  const fromContext = path.posix.relative(context, dockerfile);
  const buildContext = fromContext === 'Dockerfile' ? undefined : { dir: context, dockerfile: fromContext, why: contextReason(stack) };
  return {
    plan: { ...plan, files, extraFiles, notes, context: { ...plan.context, imageName: name, buildContext, scanned: true } },
    ownCompose,
  };
}

/** .gitignore lines a stack wants at the root: only those the root file does not have yet. */
export function rootGitignore(existing: string | null, planned: ExtraFile): ExtraFile | null {
  if (existing === null) return { ...planned, append: false };
  const present = new Set(existing.split('\n').map((line) => line.trim()));
  const wanted = planned.content.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
  return wanted.every((line) => present.has(line.trim())) ? null : { ...planned, append: true };
}

/**
 * A stack plans .env against its own folder; in a scan the file lives at the root and may already
 * hold passwords a database volume was initialised with. Only keys the root file lacks are added.
 */
export function rootEnvFile(existing: string | null, planned: ExtraFile): ExtraFile | null {
  if (existing === null) return planned;
  const has = (key: string) => new RegExp(`^\\s*${key}\\s*=`, 'm').test(existing);
  const missing = planned.content.split('\n').filter((line) => /^\w+=/.test(line) && !has(line.split('=')[0]));
  return missing.length ? { destination: planned.destination, content: `${missing.join('\n')}\n`, append: true } : null;
}
