import { cgoLibrary, linkedLibraries } from './cgo-libraries.js';
import type { GoSource } from './sources.js';

/** What a main package's cgo needs from Debian: evidence lines ("file: why") and packages for each stage. */
export interface CgoNeeds {
  reasons: string[];
  /** -dev packages the build stage installs. */
  dev: string[];
  /** Shared-library packages the runtime needs beyond glibc: distroless has none of them. */
  runtime: string[];
  /** Libraries it links whose Debian packages the generator does not know. */
  unknown: string[];
}

const describe = (dev: string[] | null, runtime: string[] | null, links: string) => {
  if (!dev || !runtime) return `links ${links}, whose Debian packages the generator does not know`;
  const build = dev.length ? `builds with ${dev.join(', ')}, ` : '';
  return runtime.length ? `${build}runs with ${runtime.join(', ')}, which distroless lacks` : `${build}glibc at run time`;
};

/**
 * Why the main package needs cgo and what it links, or null. Only what its import graph compiles
 * counts: an `// indirect` cgo module in go.mod that no package imports does not. With vendor/,
 * modules.txt lists the packages the module's build uses, including what dependencies import, for
 * every build tag: a package that builds by default is counted even when some tag would drop it.
 */
export function cgoNeeds(reachable: GoSource[], external: Set<string>, vendoredPackages: readonly string[]): CgoNeeds | null {
  const needs: CgoNeeds = { reasons: [], dev: [], runtime: [], unknown: [] };
  const add = (dev: string[] | null, runtime: string[] | null, name: string, reason: string) => {
    needs.reasons.push(reason);
    if (!dev || !runtime) needs.unknown.push(name);
    for (const pkg of dev ?? []) if (!needs.dev.includes(pkg)) needs.dev.push(pkg);
    for (const pkg of runtime ?? []) if (!needs.runtime.includes(pkg)) needs.runtime.push(pkg);
  };

  for (const source of reachable.filter((s) => s.imports.includes('C'))) {
    const linked = linkedLibraries(source.text);
    if (!linked.length) add([], [], 'C', `${source.file}: import "C" (cgo), so the binary needs glibc at run time`);
    for (const lib of linked) {
      const why = lib.dev && lib.runtime ? `: ${describe(lib.dev, lib.runtime, lib.name)}` : ', whose Debian packages the generator does not know';
      add(lib.dev, lib.runtime, lib.name, `${source.file}: import "C" (cgo) linking ${lib.name}${why}`);
    }
  }
  const seen = new Set<string>();
  const addPackage = (importPath: string, where: string) => {
    const known = cgoLibrary(importPath);
    if (!known || seen.has(known.library.importPath)) return;
    seen.add(known.library.importPath);
    const { library, via } = known;
    const what = via ? `${importPath}, which imports ${via}` : importPath;
    add(library.dev, library.runtime, library.links, `${where} ${what} (cgo; ${library.links}): ${describe(library.dev, library.runtime, library.links)}`);
  };
  for (const imported of external) {
    addPackage(imported, `${reachable.find((s) => s.imports.includes(imported))?.file ?? '*.go'}: imports`);
  }
  for (const pkg of vendoredPackages) addPackage(pkg, 'vendor/modules.txt: the build compiles');
  return needs.reasons.length ? needs : null;
}
