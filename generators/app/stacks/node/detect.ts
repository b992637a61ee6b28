import semver from 'semver';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { analysePackage, parsePackageJson, type PackageFacts, type PackageJson } from './package.js';
import { detectNodeVersion } from './version.js';
import { readWorkspace, workspaceRootFacts, type NodeWorkspace } from './workspace.js';

export type { NodeKind, PackageJson } from './package.js';

export { DISTROLESS_NODE_MAJORS } from './version.js';

export type NodePackageManager = 'npm' | 'yarn' | 'yarn-berry' | 'pnpm';

export interface NodeDetection extends Detection, PackageFacts {
  stack: 'node';
  packageManager: NodePackageManager;
  /** The lockfile the frozen install reads (null: none, refused at plan time). */
  lockfile: string | null;
  /** From package.json `packageManager` (Corepack), e.g. "pnpm@9.15.4". */
  packageManagerField: string | null;
  /** Default Node major ("24"/"22"), null when no shipped major satisfies the project. */
  nodeMajor: string | null;
  /** npm/yarn/pnpm workspaces declared at this root, with every member; null for a single package. */
  workspace: NodeWorkspace | null;
}

const LOCKFILES: Array<[string, NodePackageManager | 'bun']> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

function isBerry(repo: Repo): boolean {
  if (repo.exists('.yarnrc.yml')) return true;
  const lock = repo.readIfExists('yarn.lock');
  return Boolean(lock && /^__metadata:/m.test(lock));
}

function detectPackageManager(repo: Repo, pkg: PackageJson, evidence: string[]): { pm: NodePackageManager; lockfile: string | null } {
  const field = pkg.packageManager ?? null;
  const fieldName = field ? field.split('@')[0] : null;
  if (field) evidence.push(`package.json: packageManager ${field} (Corepack uses exactly this version)`);
  const found = LOCKFILES.filter(([file]) => repo.exists(file));
  let pick = found[0];
  if (found.length > 1) {
    const byField = fieldName ? found.find(([, pm]) => pm === fieldName) : undefined;
    pick = byField ?? found[0];
    evidence.push(
      `${pick[0]}: chosen among ${found.map(([file]) => file).join(', ')} (${byField ? 'matches the packageManager field' : 'npm first: it ships in the builder'}); warning: delete the others so every tool agrees`,
    );
  }
  const pmName = pick?.[1] ?? (fieldName as NodePackageManager | 'bun' | null) ?? 'npm';
  if (pmName === 'bun') {
    throw new UserError(`${pick?.[0] ?? 'package.json'}: Bun projects are not supported (no distroless Bun runtime). Fix: use npm, pnpm or yarn, or write the Dockerfile by hand.`);
  }
  if (!['npm', 'yarn', 'pnpm'].includes(pmName)) {
    throw new UserError(`package.json: packageManager "${field}" is not one this generator supports. Fix: use npm, pnpm or yarn.`);
  }
  let pm = pmName as NodePackageManager;
  if (pm === 'yarn') {
    const fieldMajor = field ? semver.coerce(field.split('@')[1])?.major : undefined;
    if ((fieldMajor !== undefined && fieldMajor >= 2) || (fieldMajor === undefined && isBerry(repo))) pm = 'yarn-berry';
  }
  const lockfile = pick?.[0] ?? null;
  if (lockfile && found.length === 1) {
    const why = pm === 'yarn-berry' ? 'yarn 2+ (berry): install --immutable' : pm === 'yarn' ? 'yarn v1 lockfile: install --frozen-lockfile' : pm === 'pnpm' ? 'pnpm: install --frozen-lockfile through Corepack' : 'npm: npm ci';
    evidence.push(`${lockfile}: ${why}`);
  }
  if (!lockfile) evidence.push(`package.json: no lockfile, so no reproducible install; run \`${pm === 'npm' ? 'npm install' : pm.replace('-berry', '') + ' install'}\` and commit the lockfile`);
  return { pm, lockfile };
}

export function detectNode(repo: Repo): NodeDetection | null {
  if (!repo.exists('package.json')) return null;
  const pkg = parsePackageJson(repo);
  const evidence: string[] = [];
  const { pm, lockfile } = detectPackageManager(repo, pkg, evidence);
  const nodeMajor = detectNodeVersion(repo, pkg, evidence);
  const lock = lockfile ? repo.read(lockfile) : '';
  const workspace = readWorkspace(repo, pkg, pm, lock, evidence);
  // A workspace root that is not itself an app (the usual case) gets no start script or port of its own.
  const facts = workspace && !workspace.rootIsApp ? workspaceRootFacts(pkg, repo, lock, evidence) : analysePackage(repo, pkg, lock, evidence);
  return {
    stack: 'node',
    languageVersion: nodeMajor,
    packageManager: pm,
    framework: facts.framework,
    entrypoint: facts.entrypoint,
    port: facts.port,
    evidence,
    lockfile,
    packageManagerField: pkg.packageManager ?? null,
    kind: facts.kind,
    hasBuild: facts.hasBuild,
    buildOutput: facts.buildOutput,
    nextStandalone: facts.nextStandalone,
    // Every member's install hooks run in the deps stage's full install.
    ignoreScripts: facts.ignoreScripts || (workspace?.ignoreScripts ?? false),
    buildArgs: facts.buildArgs,
    hasProdDeps: facts.hasProdDeps,
    appName: facts.appName,
    nodeMajor,
    workspace,
  };
}
