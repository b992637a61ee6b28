import semver from 'semver';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { analysePackage, parsePackageJson, type PackageFacts, type PackageJson } from './package.js';
import { detectNodeVersion } from './version.js';
import { lockedNativeAddons, nativeAddonsOf, skippedDownloadsOf, type SkippedDownload } from './native.js';
import { foreignRegistryHosts, missingFromLock, pnpmBlockedBuilds, pnpmBuildPolicy, pnpmPin, yarnBerryPin } from './lockfiles.js';
import { systemProgramsOf, type SystemPrograms } from './programs.js';
import { dataDirsOf, type DataDir } from './data-dirs.js';
import { prismaOf, type PrismaFacts } from './prisma.js';
import { readWorkspace, workspaceRootFacts, type NodeWorkspace } from './workspace.js';

export type { NodeKind, PackageJson } from './package.js';

export { DEFAULT_NODE_MAJOR, DISTROLESS_NODE_MAJORS } from './version.js';

export type NodePackageManager = 'npm' | 'yarn' | 'yarn-berry' | 'pnpm';

export interface NodeDetection extends Detection, PackageFacts {
  stack: 'node';
  packageManager: NodePackageManager;
  /** The lockfile the frozen install reads (null: none; the install resolves versions, with a warning). */
  lockfile: string | null;
  /** From package.json `packageManager` (Corepack), e.g. "pnpm@9.15.4". */
  packageManagerField: string | null;
  /** Without that field: the major the lockfile was written by, e.g. "pnpm@9" (Corepack would take the newest). */
  managerPin: string | null;
  /** Default Node major ("24"/"22"), null when no shipped major satisfies the project. */
  nodeMajor: string | null;
  /** npm/yarn/pnpm workspaces declared at this root, with every member; null for a single package. */
  workspace: NodeWorkspace | null;
  /** Native addons among the dependencies (root and members): the install stages get a C++ toolchain. */
  nativeAddons: string[];
  /** npm lockfile URLs point at another registry host: installs fetch them from the configured registry instead. */
  replaceRegistryHost: boolean;
  /** Dev tools whose install would download a binary (Cypress, browsers): skipped through their env switch. */
  skippedDownloads: SkippedDownload[];
  /** System programs the server runs (child_process, or a dependency that shells out): not in distroless. */
  systemPrograms: SystemPrograms;
  /** Folders under /app the server creates at start: made empty and owned by 65532 in the image. */
  dataDirs: DataDir[];
  /** @prisma/client with its schema: the build generates the client the runtime ships. */
  prisma: PrismaFacts | null;
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

interface ManagerChoice {
  pm: NodePackageManager;
  lockfile: string | null;
  /** The version Corepack fetches when package.json has no packageManager field, from the lockfile. */
  pin: string | null;
}

const LOCK_KIND: Record<NodePackageManager, 'npm' | 'yarn' | 'pnpm'> = { npm: 'npm', yarn: 'yarn', 'yarn-berry': 'yarn', pnpm: 'pnpm' };

/**
 * Several lockfiles: the packageManager field decides; else the one lockfile that covers every
 * dependency package.json declares (the other is stale); else npm, which ships in the builder.
 */
function chooseLockfile(repo: Repo, pkg: PackageJson, found: Array<[string, NodePackageManager | 'bun']>, fieldName: string | null, evidence: string[]): [string, NodePackageManager | 'bun'] {
  const others = found.map(([file]) => file).join(', ');
  const byField = fieldName ? found.find(([, pm]) => pm === fieldName) : undefined;
  if (byField) {
    evidence.push(`${byField[0]}: chosen among ${others} (matches the packageManager field); warning: delete the others so every tool agrees`);
    return byField;
  }
  const gaps = found.map(([file, pm]) => ({ file, pm, missing: pm === 'bun' ? ['?'] : missingFromLock(LOCK_KIND[pm], repo.read(file), pkg) }));
  const complete = gaps.filter((gap) => gap.missing.length === 0);
  const report = gaps.map((gap) => `${gap.file} ${gap.missing.length ? `misses ${gap.missing.slice(0, 3).join(', ')}${gap.missing.length > 3 ? ` and ${gap.missing.length - 3} more` : ''}` : 'covers every dependency'}`).join('; ');
  if (complete.length === 1) {
    const pick = found.find(([file]) => file === complete[0].file)!;
    evidence.push(`${pick[0]}: chosen among ${others}: no packageManager field, and only it matches package.json (${report}); warning: delete the others so every tool agrees`);
    return pick;
  }
  const pick = found.find(([, pm]) => pm === 'npm') ?? found[0];
  evidence.push(`${pick[0]}: chosen among ${others}: no packageManager field and ${complete.length ? 'each' : 'none'} matches package.json (${report}), so ${pick[1] === 'npm' ? 'npm, which ships in the builder' : 'the first'}; warning: delete the others (or add a packageManager field) so every tool agrees`);
  return pick;
}

function detectPackageManager(repo: Repo, pkg: PackageJson, evidence: string[]): ManagerChoice {
  const field = pkg.packageManager ?? null;
  const fieldName = field ? field.split('@')[0] : null;
  if (field) evidence.push(`package.json: packageManager ${field} (Corepack uses exactly this version)`);
  const found = LOCKFILES.filter(([file]) => repo.exists(file));
  const pick = found.length > 1 ? chooseLockfile(repo, pkg, found, fieldName, evidence) : found[0];
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
  const lock = lockfile ? repo.read(lockfile) : '';
  if (lockfile && found.length === 1) {
    const why = pm === 'yarn-berry' ? 'yarn 2+ (berry): install --immutable' : pm === 'yarn' ? 'yarn v1 lockfile: the yarn 1.22 that ships in the Node builder, install --frozen-lockfile' : pm === 'pnpm' ? 'pnpm: install --frozen-lockfile through Corepack' : 'npm: npm ci';
    evidence.push(`${lockfile}: ${why}`);
  }
  if (!lockfile) {
    const tool = pm.replace('-berry', '');
    evidence.push(`package.json: warning: no lockfile, so the image resolves versions at build time (\`${tool} install\`) and two builds may differ; for a reproducible build run \`${tool} install\` and commit the lockfile it writes`);
  }
  let pin: string | null = null;
  if (!field && lockfile && (pm === 'pnpm' || pm === 'yarn-berry')) {
    const found = pm === 'pnpm' ? pnpmPin(lock, pnpmBuildPolicy(repo, pkg)) : yarnBerryPin(lock);
    if (found) {
      pin = found.spec;
      evidence.push(`${lockfile}: no packageManager field; ${found.why}: Corepack gets ${found.spec}, never the newest`);
    }
  }
  return { pm, lockfile, pin };
}

/** What the install needs beyond the lockfile: a C++ toolchain, another registry host, pnpm's build allowlist. */
function installNeeds(repo: Repo, pkg: PackageJson, { pm, lockfile, pin }: ManagerChoice, lock: string, workspace: NodeWorkspace | null, evidence: string[]): { nativeAddons: string[]; replaceRegistryHost: boolean; skippedDownloads: SkippedDownload[] } {
  const manifests = [pkg, ...(workspace?.members.map((member) => member.pkg) ?? [])];
  const direct = [...new Set(manifests.flatMap(nativeAddonsOf))].sort();
  const transitive = (lockfile === 'package-lock.json' ? lockedNativeAddons(lock) : []).filter((name) => !direct.includes(name));
  const nativeAddons = [...direct, ...transitive];
  const skippedDownloads = [...new Map(manifests.flatMap(skippedDownloadsOf).map((skip) => [skip.env, skip])).values()];
  if (skippedDownloads.length) {
    evidence.push(`package.json: ${skippedDownloads.map((skip) => skip.tool).join(', ')} (dev only) would download a binary at install, which neither the build nor the server runs: ${skippedDownloads.map((skip) => `${skip.env}=${skip.value}`).join(' ')} in the install stages`);
  }
  if (nativeAddons.length) {
    if (direct.length) evidence.push(`package.json: ${direct.join(', ')} ${direct.length > 1 ? 'are native addons' : 'is a native addon'}: python3, make and g++ in the install stages, so node-gyp can build from source when no prebuilt binary downloads`);
    if (transitive.length) evidence.push(`package-lock.json: ${transitive.join(', ')}, installed for another dependency, ${transitive.length > 1 ? 'are native addons' : 'is a native addon'} (an install script and a binding helper such as nan or node-addon-api): python3, make and g++ in the install stages, so node-gyp can build ${transitive.length > 1 ? 'them' : 'it'}`);
  }
  const hosts = pm === 'npm' ? foreignRegistryHosts(lock) : [];
  if (hosts.length) {
    evidence.push(`${lockfile}: resolved URLs point at ${hosts.join(', ')}, not the public registry (a mirror the build may not reach); installs add --replace-registry-host=always so every package comes from the configured registry, checked against the lockfile's integrity hashes`);
  }
  if (pm === 'pnpm') {
    const blocked = pnpmBlockedBuilds(repo, pkg, pkg.packageManager ?? pin, nativeAddons);
    if (blocked.length) {
      evidence.push(`package.json: warning: pnpm 10+ runs no dependency build script it is not allowed to, and ${blocked.join(', ')} ${blocked.length > 1 ? 'are' : 'is'} not in onlyBuiltDependencies: without a prebuilt binary ${blocked.length > 1 ? 'they' : 'it'} will not load. Fix: add ${blocked.map((name) => `"${name}"`).join(', ')} to onlyBuiltDependencies in pnpm-workspace.yaml (or package.json "pnpm")`);
    }
  }
  return { nativeAddons, replaceRegistryHost: hosts.length > 0, skippedDownloads };
}

export function detectNode(repo: Repo): NodeDetection | null {
  if (!repo.exists('package.json')) return null;
  const pkg = parsePackageJson(repo);
  const evidence: string[] = [];
  const { pm, lockfile, pin } = detectPackageManager(repo, pkg, evidence);
  const nodeMajor = detectNodeVersion(repo, pkg, evidence);
  const lock = lockfile ? repo.read(lockfile) : '';
  const workspace = readWorkspace(repo, pkg, pm, lock, evidence);
  // A workspace root that is not itself an app (the usual case) gets no start script or port of its own.
  const facts = workspace && !workspace.rootIsApp ? workspaceRootFacts(pkg, repo, lock, evidence) : analysePackage(repo, pkg, lock, evidence);
  const { nativeAddons, replaceRegistryHost, skippedDownloads } = installNeeds(repo, pkg, { pm, lockfile, pin }, lock, workspace, evidence);
  // Only an app the root itself starts: a static site runs no program; workspace members are not scanned.
  const rootApp = facts.kind !== 'spa' && (!workspace || workspace.rootIsApp);
  const systemPrograms = rootApp ? systemProgramsOf(repo, pkg, evidence) : { programs: [], aptPackages: [], unknown: [] };
  const dataDirs = rootApp ? dataDirsOf(repo, evidence) : [];
  const prisma = rootApp ? prismaOf(repo, pkg, evidence) : null;
  return {
    stack: 'node',
    languageVersion: nodeMajor,
    packageManager: pm,
    framework: facts.framework,
    entrypoint: facts.entrypoint,
    entryArgs: facts.entryArgs,
    port: facts.port,
    evidence,
    lockfile,
    packageManagerField: pkg.packageManager ?? null,
    managerPin: pin,
    kind: facts.kind,
    hasBuild: facts.hasBuild,
    buildScript: facts.buildScript,
    buildOutput: facts.buildOutput,
    nextStandalone: facts.nextStandalone,
    // Every member's install hooks run in the deps stage's full install.
    ignoreScripts: facts.ignoreScripts || (workspace?.ignoreScripts ?? false),
    buildArgs: facts.buildArgs,
    legacyOpenssl: facts.legacyOpenssl,
    hasProdDeps: facts.hasProdDeps,
    appName: facts.appName,
    runtimeDevPackages: facts.runtimeDevPackages,
    nodeMajor,
    workspace,
    nativeAddons,
    replaceRegistryHost,
    skippedDownloads,
    systemPrograms,
    dataDirs,
    prisma,
  };
}
