import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import type { Repo } from '../../core/repo.js';
import type { PackageJson } from './package.js';

/**
 * What a lockfile says about itself: whether it covers package.json (used to choose between two
 * lockfiles) and which package-manager major wrote it (Corepack would otherwise fetch the newest,
 * whose lockfile format or defaults may not match).
 */

type Locked = 'npm' | 'yarn' | 'pnpm';

/** The dependencies package.json declares, production and dev. */
function declared(pkg: PackageJson): Array<[string, string]> {
  return Object.entries({ ...pkg.devDependencies, ...pkg.dependencies });
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The version an npm lockfile (v1 `dependencies` or v2/v3 `packages`) resolved for each top-level dependency. */
function npmResolved(text: string): (name: string) => string | undefined {
  const lock = parseJson(text);
  const packages = lock?.packages as Record<string, { version?: string }> | undefined;
  const v1 = lock?.dependencies as Record<string, { version?: string }> | undefined;
  return (name) => packages?.[`node_modules/${name}`]?.version ?? v1?.[name]?.version;
}

/** An npm lockfile covers a dependency when the version it resolved satisfies package.json's range. */
function npmCovers(resolved: string | undefined, range: string): boolean {
  if (!resolved) return false;
  return !semver.validRange(range) || semver.satisfies(resolved, range);
}

/** yarn keys each entry by the specs that resolve to it: `"name@^1.2.0", name@~1.2.0:` (berry adds `npm:`). */
function yarnSpecs(text: string): Set<string> {
  const specs = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line || /^[\s#]/.test(line) || !line.endsWith(':')) continue;
    for (const spec of line.slice(0, -1).split(',')) specs.add(spec.trim().replace(/^"|"$/g, '').replace('@npm:', '@'));
  }
  return specs;
}

/** pnpm records each importer's specifiers: `importers['.'].dependencies.x.specifier` (v6+) or `specifiers` (v5). */
function pnpmSpecifiers(text: string): Record<string, string> {
  let lock: Record<string, unknown> | null = null;
  try {
    lock = parseYaml(text) as Record<string, unknown> | null;
  } catch {
    return {};
  }
  if (!lock) return {};
  const root = ((lock.importers as Record<string, unknown> | undefined)?.['.'] ?? lock) as Record<string, unknown>;
  const out: Record<string, string> = { ...(root.specifiers as Record<string, string> | undefined) };
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, entry] of Object.entries((root[field] as Record<string, unknown> | undefined) ?? {})) {
      if (entry && typeof entry === 'object' && 'specifier' in entry) out[name] = String((entry as { specifier: unknown }).specifier);
    }
  }
  return out;
}

/** The package.json dependencies this lockfile does not cover (stale or hand-edited lockfiles miss some). */
export function missingFromLock(kind: Locked, text: string, pkg: PackageJson): string[] {
  const deps = declared(pkg);
  if (kind === 'npm') {
    const resolved = npmResolved(text);
    return deps.filter(([name, range]) => !npmCovers(resolved(name), range)).map(([name]) => name);
  }
  if (kind === 'yarn') {
    const specs = yarnSpecs(text);
    return deps.filter(([name, range]) => !specs.has(`${name}@${range}`)).map(([name]) => name);
  }
  const specifiers = pnpmSpecifiers(text);
  return deps.filter(([name, range]) => specifiers[name] !== range).map(([name]) => name);
}

/** A package-manager version Corepack can fetch, and why, when the repo pins none. */
export interface ManagerPin {
  spec: string;
  why: string;
}

/** pnpm-workspace.yaml or package.json `pnpm` settings that only pnpm 10+ reads. */
export function pnpmBuildPolicy(repo: Repo, pkg: PackageJson & { pnpm?: Record<string, unknown> }): string | null {
  for (const key of ['onlyBuiltDependencies', 'ignoredBuiltDependencies', 'neverBuiltDependencies']) {
    if (pkg.pnpm?.[key] !== undefined) return `package.json: pnpm.${key}`;
  }
  const yaml = repo.readIfExists('pnpm-workspace.yaml') ?? '';
  const key = /^(onlyBuiltDependencies|ignoredBuiltDependencies|allowBuilds)\s*:/m.exec(yaml)?.[1];
  return key ? `pnpm-workspace.yaml: ${key}` : null;
}

/** The native addons a pnpm 10+ install would not build: not listed in onlyBuiltDependencies (package.json or pnpm-workspace.yaml). */
export function pnpmBlockedBuilds(repo: Repo, pkg: PackageJson & { pnpm?: { onlyBuiltDependencies?: unknown } }, version: string | null, addons: string[]): string[] {
  const major = Number(/^pnpm@(\d+)/.exec(version ?? '')?.[1] ?? NaN);
  if (!(major >= 10) || addons.length === 0) return [];
  const listed = new Set<string>(Array.isArray(pkg.pnpm?.onlyBuiltDependencies) ? (pkg.pnpm!.onlyBuiltDependencies as string[]) : []);
  let fromYaml: unknown = null;
  try {
    fromYaml = (parseYaml(repo.readIfExists('pnpm-workspace.yaml') ?? '') as { onlyBuiltDependencies?: unknown } | null)?.onlyBuiltDependencies;
  } catch {
    fromYaml = null;
  }
  if (Array.isArray(fromYaml)) for (const name of fromYaml) listed.add(String(name));
  return addons.filter((name) => !listed.has(name));
}

/**
 * The pnpm major for a lockfileVersion. 9.0 is written by pnpm 9 and 10 alike: pnpm 9 runs every
 * dependency's build script, as the project's own installs did unless it lists which may run; pnpm 10
 * blocks them unless allowed, so it is chosen only when the repo has such a list (written for it).
 */
export function pnpmPin(lock: string, policy: string | null): ManagerPin | null {
  const version = /^lockfileVersion:\s*['"]?([\d.]+)/m.exec(lock)?.[1];
  if (!version) return null;
  const major = Number(version.split('.')[0]);
  const minor = Number(version.split('.')[1] ?? 0);
  if (major >= 9) {
    return policy
      ? { spec: 'pnpm@10', why: `lockfileVersion ${version} (pnpm 9 or 10) and ${policy}, a build-script policy pnpm 10 reads: pnpm 10` }
      : { spec: 'pnpm@9', why: `lockfileVersion ${version} (pnpm 9 or 10); no build-script policy, so pnpm 9, which runs dependency build scripts (pnpm 10 would skip them)` };
  }
  if (major >= 6) return { spec: 'pnpm@8', why: `lockfileVersion ${version}: pnpm 8` };
  if (major === 5 && minor >= 4) return { spec: 'pnpm@7', why: `lockfileVersion ${version}: pnpm 7` };
  if (major === 5) return { spec: 'pnpm@6', why: `lockfileVersion ${version}: pnpm 6` };
  return null;
}

/** yarn 2+ writes `__metadata: version: N`: 4 by yarn 2, 5-6 by yarn 3, 8 by yarn 4. */
export function yarnBerryPin(lock: string): ManagerPin | null {
  const version = Number(/^__metadata:\s*\n\s+version:\s*(\d+)/m.exec(lock)?.[1] ?? NaN);
  if (Number.isNaN(version)) return null;
  const major = version >= 7 ? 4 : version >= 5 ? 3 : 2;
  return { spec: `yarn@${major}`, why: `__metadata.version ${version}: yarn ${major}` };
}

/**
 * Registry hosts an npm lockfile downloads from other than the public one: a private mirror that the
 * build network may not reach. npm replaces only registry.npmjs.org in `resolved` URLs by default.
 */
export function foreignRegistryHosts(lock: string): string[] {
  const hosts = new Set<string>();
  for (const match of lock.matchAll(/"resolved":\s*"https?:\/\/([^/"]+)\//g)) {
    if (match[1] !== 'registry.npmjs.org') hosts.add(match[1]);
  }
  return [...hosts].sort();
}
