import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { memberFolders } from '../common.js';
import { readManifest, type CargoManifest, type Dependency } from './manifest.js';
import { packageTargets, type StubFile } from './targets.js';

export type { BinFacts } from './bins.js';
import { readLockfile, EDITION_RUST, LOCKFILE_CARGO } from './lockfile.js';
import { builderTag, builderVersion, readToolchain, type Floor } from './versions.js';
import { nativeNeeds, type NativeNeed } from './native.js';
import { buildTools, type BuildTool } from './tools.js';
import { binFacts, binSources, chooseBin, describeBins, packageSources, type BinFacts } from './bins.js';

const FRAMEWORKS = ['axum', 'actix-web', 'rocket', 'warp', 'poem', 'salvo', 'tide', 'hyper'];

/** A package of this build: the root one, a workspace member, or a path dependency inside the repository. */
export interface LocalPackage {
  /** Folder relative to the build root ('.' for the root). */
  dir: string;
  name: string | null;
  manifest: string;
  hasLib: boolean;
  /** `default-run`: the package's main binary when it has several. */
  defaultRun: string | null;
  /** Target sources as stubs, relative to the build root: the dependency build compiles against them. */
  stubs: StubFile[];
}

export interface RustDetection extends Detection {
  stack: 'rust';
  layout: 'package' | 'workspace';
  /** The root package's name (null for a virtual workspace). */
  rootPackage: string | null;
  packages: LocalPackage[];
  /** Every binary target of the build, by name. */
  bins: Record<string, BinFacts>;
  binNames: string[];
  /** The Rust release the builder image uses and why. */
  builderVersion: string;
  builderWhy: string;
  /** A toolchain channel the official image cannot match (nightly), said as a warning. */
  builderUnmet: string | null;
  toolchainFile: string | null;
  locked: boolean;
  /** Crates fetched from crates.io or git; 0 means an offline build. */
  remoteCrates: number;
  native: NativeNeed[];
  /** Programs the build runs that the builder image lacks: build-script tools and a configured linker. */
  tools: BuildTool[];
  /** .cargo/config.toml (or .cargo/config): cargo reads it in the build too. */
  cargoConfig: string | null;
  /** Rocket binds 127.0.0.1 unless told otherwise. */
  rocket: boolean;
  /** "file: why" when the crates build only for WebAssembly (WASI): a Linux image cannot run it. */
  wasi: string | null;
}

/** [workspace.dependencies] paths by name: members inherit them with `name.workspace = true`. */
const workspacePaths = (root: CargoManifest) => new Map(root.dependencies.filter((d) => d.workspaceTable && d.path).map((d) => [d.key, d.path!]));

/** The folder (relative to the root) of a dependency on a local package, or null for a registry or git one. */
function localFolder(dep: Dependency, manifest: CargoManifest, inheritable: Map<string, string>): string | null {
  if (dep.workspaceTable) return null;
  const relative = dep.path ? path.posix.join(dirOf(manifest), dep.path) : dep.inherited ? inheritable.get(dep.key) : undefined;
  return relative === undefined ? null : path.posix.normalize(relative).replace(/\/$/, '');
}

/** The package folders of the build: the root package, the workspace members, and path dependencies inside the repository. */
function localPackages(repo: Repo, root: CargoManifest, evidence: string[]): CargoManifest[] {
  const manifests = new Map<string, CargoManifest>();
  if (root.packageName !== null) manifests.set('.', root);
  if (root.workspace) {
    for (const dir of memberFolders(repo, 'Cargo.toml', root.workspace.members, root.workspace.exclude).sort()) {
      manifests.set(dir, readManifest(repo, `${dir}/Cargo.toml`));
    }
    evidence.push(`Cargo.toml: [workspace] of ${[...manifests.keys()].join(', ') || 'no members'}`);
  }
  // Path dependencies are part of the build (cargo makes those under the workspace root members), also
  // those a member inherits from [workspace.dependencies] without the workspace listing them as members.
  const inheritable = workspacePaths(root);
  const queue = [...manifests.entries()];
  while (queue.length) {
    const [, manifest] = queue.shift()!;
    for (const dep of manifest.dependencies) {
      const target = localFolder(dep, manifest, inheritable);
      if (target === null || target.startsWith('..') || manifests.has(target) || !repo.exists(target === '.' ? 'Cargo.toml' : `${target}/Cargo.toml`)) continue;
      const found = readManifest(repo, target === '.' ? 'Cargo.toml' : `${target}/Cargo.toml`);
      manifests.set(target, found);
      queue.push([target, found]);
    }
  }
  return [...manifests.values()];
}

export const dirOf = (manifest: CargoManifest) => path.posix.dirname(manifest.file);
const inDir = (dir: string, file: string) => (dir === '.' ? file : `${dir}/${file}`);

function filesOf(repo: Repo, dir: string): string[] {
  return dir === '.' ? repo.files() : repo.files().filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1));
}

/**
 * The local packages a package depends on, directly or through each other: a `path` dependency or
 * one inherited with `crate.workspace = true` from a path in the root's [workspace.dependencies].
 * Only these are compiled into its binaries, so only these can hold their listen port.
 */
function localDependencies(start: CargoManifest, root: CargoManifest, byDir: Map<string, CargoManifest>): string[] {
  const inheritable = workspacePaths(root);
  const seen = new Set([dirOf(start)]);
  const queue = [start];
  while (queue.length) {
    const manifest = queue.shift()!;
    for (const dep of manifest.dependencies) {
      const dir = localFolder(dep, manifest, inheritable);
      if (dir === null || seen.has(dir) || !byDir.has(dir)) continue;
      seen.add(dir);
      queue.push(byDir.get(dir)!);
    }
  }
  seen.delete(dirOf(start));
  return [...seen];
}

function floors(manifests: CargoManifest[], root: CargoManifest, lockVersion: number | null): Floor[] {
  const found: Floor[] = [];
  if (lockVersion && LOCKFILE_CARGO[lockVersion]) found.push({ version: LOCKFILE_CARGO[lockVersion], why: `Cargo.lock's version ${lockVersion} format needs cargo ${LOCKFILE_CARGO[lockVersion]}` });
  for (const manifest of manifests) {
    const edition = manifest.edition === 'workspace' ? root.workspace?.edition ?? null : manifest.edition;
    if (edition && EDITION_RUST[edition]) found.push({ version: EDITION_RUST[edition], why: `${manifest.file}: edition ${edition} needs Rust ${EDITION_RUST[edition]}` });
  }
  return found;
}

/**
 * The web framework a manifest depends on directly, with that manifest. Not Cargo.lock: it also
 * holds optional and transitive crates (a telemetry exporter brings in a gRPC server's axum).
 */
function framework(manifests: CargoManifest[]): { name: string; file: string } | null {
  for (const name of FRAMEWORKS) {
    const manifest = manifests.find((m) => m.dependencies.some((dep) => dep.crate === name));
    if (manifest) return { name, file: manifest.file };
  }
  return null;
}

export function detectRust(repo: Repo): RustDetection | null {
  if (!repo.exists('Cargo.toml')) return null;
  const root = readManifest(repo, 'Cargo.toml');
  const evidence: string[] = [];
  if (root.packageName) evidence.push(`Cargo.toml: package ${root.packageName}`);
  const manifests = localPackages(repo, root, evidence);

  const lock = readLockfile(repo);
  evidence.push(lock ? `Cargo.lock: ${lock.crates.size} crate${lock.crates.size === 1 ? '' : 's'} locked (format ${lock.version ?? 1}${lock.remote ? `, ${lock.remote} from crates.io or git` : ', none downloaded'}); the build uses --locked` : 'Cargo.lock: missing, so the build resolves versions itself (no --locked); commit it for repeatable images');

  // The Rust to build with: the toolchain file, else rust-version (the root's, else the workspace's).
  const toolchain = readToolchain(repo);
  const own = root.rustVersion === 'workspace' ? root.workspace?.rustVersion ?? null : root.rustVersion;
  const rustVersion = own ?? root.workspace?.rustVersion ?? null;
  const builder = builderVersion(toolchain, rustVersion ? { file: 'Cargo.toml', version: rustVersion } : null, floors(manifests, root, lock?.version ?? null));
  if (rustVersion && toolchain && builder.why.startsWith(toolchain.file)) evidence.push(`Cargo.toml: rust-version ${rustVersion} (oldest supported; the toolchain file wins for the builder)`);
  evidence.push(`${builder.why} (rust:${builderTag(builder.version)})`);
  if (builder.unmet) evidence.push(builder.unmet);

  const packages: LocalPackage[] = [];
  const bins: Record<string, BinFacts> = {};
  const targetsByPackage = manifests.map((manifest) => {
    const dir = dirOf(manifest);
    const targets = packageTargets(manifest, filesOf(repo, dir));
    packages.push({ dir, name: manifest.packageName, manifest: manifest.file, hasLib: targets.hasLib, defaultRun: manifest.defaultRun, stubs: targets.stubs.map((stub) => ({ ...stub, path: inDir(dir, stub.path) })) });
    return { manifest, dir, targets };
  });
  const binFiles = targetsByPackage.flatMap(({ dir, targets }) => targets.bins.map((bin) => inDir(dir, bin.path)));
  const dependencies = manifests.flatMap((m) => m.dependencies);
  const lockCrates = lock?.crates ?? null;
  const found = framework(manifests);
  const usedFramework = found?.name ?? null;
  const rocket = usedFramework === 'rocket';
  const byDir = new Map(manifests.map((m) => [dirOf(m), m]));
  for (const { manifest, dir, targets } of targetsByPackage) {
    const libraries = localDependencies(manifest, root, byDir);
    const compiled = packages.filter((p) => p.dir === dir || (p.hasLib && libraries.includes(p.dir)));
    const packageFiles = new Set(packageSources(repo, dir));
    for (const bin of targets.bins) {
      const file = inDir(dir, bin.path);
      if (!repo.exists(file)) continue;
      const otherBins = binFiles.filter((f) => f !== file);
      const sources = binSources(repo, file, otherBins, compiled);
      const own = sources.filter((source) => source.file === file || (packageFiles.has(source.file) && !otherBins.includes(source.file)));
      bins[bin.name] = binFacts({ repo, manifest, dir, bin, file, sources, own, rocket });
    }
  }
  const binNames = Object.keys(bins).sort();
  // A cdylib without binaries is an extension module (PyO3/maturin, napi-rs): its own language's stack builds the package.
  if (binNames.length === 0 && manifests.some((m) => m.cdylib)) return null;
  const choice = chooseBin(binNames, bins, root);
  const entrypoint = choice?.name ?? null;
  evidence.push(describeBins(binNames, bins, choice, root, packages));
  const shown = entrypoint ? bins[entrypoint] : undefined;
  if (shown) evidence.push(...shown.evidence);
  if (found) evidence.push(`${found.file}: ${found.name}`);

  const native = nativeNeeds(lockCrates, dependencies, manifests.flatMap((m) => m.otherPlatformDependencies));
  evidence.push(...native.map((need) => need.evidence));
  // tokio_wasi, hyper_wasi, wasmedge_wasi_socket: forks that compile for wasm32-wasi only, run by a Wasm runtime.
  const wasiCrates = [...new Set(dependencies.map((dep) => dep.crate).filter((crate) => /(^wasmedge|[_-]wasi$)/.test(crate) && crate !== 'wasi'))];
  const wasi = wasiCrates.length ? `Cargo.toml: depends on ${wasiCrates.join(', ')}, which build for wasm32-wasi only: a WebAssembly app for a Wasm runtime (WasmEdge), not a Linux binary` : null;
  if (wasi) evidence.push(wasi);
  const cargoConfig = ['.cargo/config.toml', '.cargo/config'].find((file) => repo.exists(file)) ?? null;
  if (cargoConfig) evidence.push(`${cargoConfig}: cargo settings, copied before the dependency build`);
  const tools = buildTools(lockCrates, cargoConfig ? { file: cargoConfig, text: repo.read(cargoConfig) } : null);
  evidence.push(...tools.map((tool) => tool.evidence));

  return {
    stack: 'rust',
    languageVersion: toolchain?.channel ?? rustVersion,
    packageManager: 'cargo',
    framework: usedFramework,
    entrypoint,
    port: shown?.port ?? null,
    evidence,
    layout: root.workspace ? 'workspace' : 'package',
    rootPackage: root.packageName,
    packages,
    bins,
    binNames,
    builderVersion: builder.version,
    builderWhy: builder.why,
    builderUnmet: builder.unmet,
    toolchainFile: toolchain?.file ?? null,
    locked: lock !== null,
    remoteCrates: lock?.remote ?? 0,
    native,
    tools,
    cargoConfig,
    rocket,
    wasi,
  };
}
