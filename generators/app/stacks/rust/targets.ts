import path from 'node:path';
import type { CargoManifest, DeclaredTarget } from './manifest.js';

/** A binary target: what `cargo build --bin NAME` builds, and its source file (relative to the package). */
export interface BinTarget {
  name: string;
  path: string;
  /** "file: why" */
  evidence: string;
  /** Features `cargo build --bin NAME` must enable (its `required-features`). */
  requiredFeatures: string[];
}

/** The files a stub build needs in a package: each declared or discovered target's source, as a stub. */
export interface StubFile {
  /** Relative to the package folder. */
  path: string;
  /** `fn main() {}` for binaries, build scripts, examples, tests and benches; empty for a library. */
  main: boolean;
}

export interface PackageTargets {
  bins: BinTarget[];
  hasLib: boolean;
  stubs: StubFile[];
}

const DEFAULT_DIRS: Record<Exclude<DeclaredTarget['kind'], 'lib'>, string> = { bin: 'src/bin', example: 'examples', test: 'tests', bench: 'benches' };

/**
 * Cargo's target rules for one package: declared [[bin]]s, then (unless autobins = false)
 * src/main.rs as the package's own binary and src/bin/NAME.rs or src/bin/NAME/main.rs. `files` are
 * the package's files relative to its folder.
 */
export function packageTargets(manifest: CargoManifest, files: readonly string[]): PackageTargets {
  const has = new Set(files);
  const at = (file: string) => (path.posix.dirname(manifest.file) === '.' ? file : `${path.posix.dirname(manifest.file)}/${file}`);
  const name = manifest.packageName ?? '';
  const defaultPath = (target: DeclaredTarget): string | null => {
    if (target.path) return target.path;
    if (target.kind === 'lib') return 'src/lib.rs';
    if (target.kind === 'bin' && target.name === name && has.has('src/main.rs')) return 'src/main.rs';
    const dir = DEFAULT_DIRS[target.kind];
    const single = `${dir}/${target.name}.rs`;
    return has.has(`${dir}/${target.name}/main.rs`) && !has.has(single) ? `${dir}/${target.name}/main.rs` : single;
  };

  const bins = new Map<string, BinTarget>();
  for (const target of manifest.targets.filter((t) => t.kind === 'bin')) {
    const file = defaultPath(target)!;
    bins.set(target.name!, { name: target.name!, path: file, evidence: `${manifest.file}: [[bin]] ${target.name} (${file})`, requiredFeatures: target.requiredFeatures });
  }
  const claimed = new Set([...bins.values()].map((bin) => bin.path));
  if (manifest.autobins) {
    const discovered: Array<[string, string]> = [];
    if (has.has('src/main.rs')) discovered.push([name, 'src/main.rs']);
    for (const file of files) {
      const match = /^src\/bin\/(?:([^/]+)\.rs|([^/]+)\/main\.rs)$/.exec(file);
      if (match) discovered.push([match[1] ?? match[2], file]);
    }
    for (const [bin, file] of discovered) {
      if (bins.has(bin) || claimed.has(file)) continue;
      bins.set(bin, { name: bin, path: file, evidence: `${at(file)}: fn main, the binary ${bin}`, requiredFeatures: [] });
    }
  }

  const lib = manifest.targets.find((t) => t.kind === 'lib');
  const libPath = lib ? defaultPath(lib) : has.has('src/lib.rs') ? 'src/lib.rs' : null;
  const stubs: StubFile[] = [
    ...(libPath ? [{ path: libPath, main: false }] : []),
    ...[...bins.values()].map((bin) => ({ path: bin.path, main: true })),
    // Declared examples, tests and benches must exist for cargo to read the manifest at all.
    ...manifest.targets.filter((t) => t.kind !== 'lib' && t.kind !== 'bin').map((t) => ({ path: defaultPath(t)!, main: true })),
    ...(manifest.buildScript ? [{ path: manifest.buildScript, main: true }] : []),
  ];
  const unique = [...new Map(stubs.map((stub) => [stub.path, stub])).values()];
  return { bins: [...bins.values()].sort((a, b) => a.name.localeCompare(b.name)), hasLib: libPath !== null, stubs: unique };
}
