import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { UserError } from '../../core/errors.js';
import { checkFields, type FieldKind } from '../../core/fields.js';
import type { Repo } from '../../core/repo.js';

type Table = Record<string, unknown>;

const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});

/** A target a manifest declares itself ([lib], [[bin]], [[example]], [[test]], [[bench]]), with its path when given. */
export interface DeclaredTarget {
  kind: 'lib' | 'bin' | 'example' | 'test' | 'bench';
  name: string | null;
  path: string | null;
  /** `required-features`: cargo skips (or, with --bin, refuses) the target unless these are enabled. */
  requiredFeatures: string[];
}

/** One dependency line: its crate (the `package` key when renamed), features, and default-features. */
export interface Dependency {
  /** The name the manifest gives it (the key), which `crate.workspace = true` looks up in [workspace.dependencies]. */
  key: string;
  crate: string;
  /** `path = "../shared"`: a local package, built from the same context. */
  path: string | null;
  features: string[];
  defaultFeatures: boolean;
  /** `crate.workspace = true`: its path and version come from the root's [workspace.dependencies]. */
  inherited: boolean;
  /** Declared in [workspace.dependencies]: members may use it, the package itself does not. */
  workspaceTable: boolean;
}

/** What the Rust stack reads from one Cargo.toml. */
export interface CargoManifest {
  file: string;
  /** Null for a virtual workspace manifest (only [workspace]). */
  packageName: string | null;
  /** `rust-version` as written, or 'workspace' when inherited from [workspace.package]. */
  rustVersion: string | 'workspace' | null;
  edition: string | 'workspace' | null;
  /** `build = "..."`, or build.rs when it exists and `build` is not false. */
  buildScript: string | null;
  autobins: boolean;
  /** `default-run`: the binary `cargo run` starts, which the authors name as the package's main one. */
  defaultRun: string | null;
  /** [lib] crate-type includes cdylib: a shared library another language loads (a Python or Node extension). */
  cdylib: boolean;
  targets: DeclaredTarget[];
  dependencies: Dependency[];
  /** Dependencies of [target.'…'] tables a Linux build never matches: they explain Cargo.lock entries the image does not build. */
  otherPlatformDependencies: Dependency[];
  workspace: { members: string[]; exclude: string[]; rustVersion: string | null; edition: string | null } | null;
}

/** The fields read as text; another type is a hand edit gone wrong, named with its fix. */
const FIELDS: Record<string, FieldKind | FieldKind[]> = {
  package: 'object',
  'package.name': 'string',
  'package.rust-version': ['string', 'object'],
  'package.edition': ['string', 'object'],
  workspace: 'object',
  'workspace.members': 'string list',
  'workspace.exclude': 'string list',
  'workspace.package.rust-version': 'string',
  'workspace.package.edition': 'string',
};

const DEPENDENCY_TABLES = ['dependencies', 'build-dependencies'];

function parse(repo: Repo, file: string): Table {
  let parsed: Table;
  try {
    parsed = parseToml(repo.read(file)) as Table;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    throw new UserError(`${file}:${error.line}:${error.column}: not valid TOML (${reason}). Fix: repair the file; \`cargo metadata --no-deps\` shows the same error.`);
  }
  checkFields(file, parsed, FIELDS, 'Fix: correct the file (cargo expects that type too).');
  return parsed;
}

/** `rust-version.workspace = true` and its like: the value comes from [workspace.package]. */
function inherited(value: unknown): string | 'workspace' | null {
  if (typeof value === 'string') return value;
  return table(value).workspace === true ? 'workspace' : null;
}

function declaredTargets(parsed: Table, file: string): DeclaredTarget[] {
  const targets: DeclaredTarget[] = [];
  if (parsed.lib !== undefined) {
    const lib = table(parsed.lib);
    targets.push({ kind: 'lib', name: typeof lib.name === 'string' ? lib.name : null, path: typeof lib.path === 'string' ? lib.path : null, requiredFeatures: [] });
  }
  for (const kind of ['bin', 'example', 'test', 'bench'] as const) {
    const list = parsed[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new UserError(`${file}: [[${kind}]] should be an array of tables ([[${kind}]] headers), not ${typeof list}. Fix: write each target under its own [[${kind}]] header.`);
    for (const entry of list.map(table)) {
      if (kind === 'bin' && typeof entry.name !== 'string') {
        throw new UserError(`${file}: a [[bin]] without a name. Fix: add name = "..." (cargo refuses it too).`);
      }
      const required = Array.isArray(entry['required-features']) ? entry['required-features'].filter((f): f is string => typeof f === 'string') : [];
      targets.push({ kind, name: typeof entry.name === 'string' ? entry.name : null, path: typeof entry.path === 'string' ? entry.path : null, requiredFeatures: required });
    }
  }
  return targets;
}

/**
 * A [target.'…'] key that a Linux build never matches: Windows, macOS and other OS cfgs or triples
 * (`cfg(windows)`, `cfg(target_os = "macos")`, `x86_64-pc-windows-msvc`). Negations and anything
 * unclear (`cfg(not(windows))`, `cfg(unix)`, `cfg(target_arch = "x86_64")`) count as Linux.
 */
export function notForLinux(key: string): boolean {
  if (!key.startsWith('cfg(')) return !/-linux-/.test(key);
  if (/\bnot\(|\bany\(/.test(key)) return false;
  return /^cfg\((?:windows|target_os\s*=\s*"(?!linux")[^"]*"|target_family\s*=\s*"(?:windows|wasm)"|target_vendor\s*=\s*"apple")\)$/.test(key.replace(/\s+/g, ' ').trim());
}

function dependencies(parsed: Table, platform: 'linux' | 'other' = 'linux'): Dependency[] {
  // Target-specific tables ([target.'cfg(unix)'.dependencies]) count too, when a Linux image builds them:
  // a Windows-only `openssl = { features = ["vendored"] }` says nothing of the Linux build.
  // [workspace.dependencies] holds the features members inherit with `crate.workspace = true`.
  const targets = Object.entries(table(parsed.target)).filter(([key]) => notForLinux(key) === (platform === 'other')).map(([, value]) => table(value));
  const tables: Array<[Table, boolean]> = [
    ...[...(platform === 'linux' ? [parsed] : []), ...targets].flatMap((owner) => DEPENDENCY_TABLES.map((name): [Table, boolean] => [table(owner[name]), false])),
    ...(platform === 'linux' ? [[table(table(parsed.workspace).dependencies), true] as [Table, boolean]] : []),
  ];
  return tables.flatMap(([deps, workspaceTable]) =>
    Object.entries(deps).map(([key, spec]) => {
      const detail = table(spec);
      return {
        key,
        crate: typeof detail.package === 'string' ? detail.package : key,
        path: typeof detail.path === 'string' ? detail.path : null,
        features: Array.isArray(detail.features) ? detail.features.filter((f): f is string => typeof f === 'string') : [],
        defaultFeatures: detail['default-features'] !== false && detail.default_features !== false,
        inherited: detail.workspace === true,
        workspaceTable,
      };
    }),
  );
}

/** Reads one Cargo.toml; a syntax or type error names the file, the place and the fix. */
export function readManifest(repo: Repo, file: string): CargoManifest {
  const parsed = parse(repo, file);
  const pkg = parsed.package === undefined ? null : table(parsed.package);
  const dir = path.posix.dirname(file);
  const at = (relative: string) => (dir === '.' ? relative : `${dir}/${relative}`);
  const build = pkg?.build;
  const buildScript = typeof build === 'string' ? build : build !== false && repo.exists(at('build.rs')) ? 'build.rs' : null;
  const workspace = parsed.workspace === undefined ? null : table(parsed.workspace);
  const workspacePackage = table(workspace?.package);
  return {
    file,
    packageName: typeof pkg?.name === 'string' ? pkg.name : null,
    rustVersion: inherited(pkg?.['rust-version']),
    edition: inherited(pkg?.edition),
    buildScript: pkg ? buildScript : null,
    autobins: pkg?.autobins !== false,
    defaultRun: typeof pkg?.['default-run'] === 'string' ? pkg['default-run'] : null,
    cdylib: Array.isArray(table(parsed.lib)['crate-type']) && (table(parsed.lib)['crate-type'] as unknown[]).includes('cdylib'),
    targets: pkg ? declaredTargets(parsed, file) : [],
    dependencies: dependencies(parsed),
    otherPlatformDependencies: dependencies(parsed, 'other'),
    workspace: workspace
      ? {
          members: (workspace.members as string[] | undefined) ?? [],
          exclude: (workspace.exclude as string[] | undefined) ?? [],
          rustVersion: (workspacePackage['rust-version'] as string | undefined) ?? null,
          edition: (workspacePackage.edition as string | undefined) ?? null,
        }
      : null,
  };
}
