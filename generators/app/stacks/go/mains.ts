import { packagePath, type GoSource } from './sources.js';

/**
 * Folder names that hold helpers, not the service: a main package under one of them is a tool, an
 * example, a test fixture or a script (`./tools`, `./plugin/example/echo`, `./hack/gen`).
 */
const AUXILIARY = new Set([
  'tools', 'tool', 'tooling', 'example', 'examples', '_examples', 'sample', 'samples', 'internal', 'testdata',
  'testing', 'test', 'tests', 'testutil', 'e2e', 'integration', 'hack', 'scripts', 'script', 'bench',
  'benchmark', 'benchmarks', 'docs', 'contrib', 'demo', 'demos',
]);

/** Why a main package is a helper (the folder name that says so), or null for a plausible service. */
export function auxiliaryReason(pkg: string): string | null {
  const segment = pkg.replace(/^\.\/?/, '').split('/').find((part) => AUXILIARY.has(part));
  return segment ? `under ${segment}/` : null;
}

export interface MainPackages {
  /** Every main package: plausible services first (root, cmd/*, then the rest), helpers after. */
  all: string[];
  /** The main packages that could be the service. */
  plausible: string[];
  /** The service when it is plain which one it is (one plausible main, or one main at all). */
  chosen: string | null;
}

export function rankMainPackages(sources: GoSource[]): MainPackages {
  const dirs = [...new Set(sources.filter((s) => s.packageName === 'main').map((s) => s.dir))];
  const rank = (dir: string) => {
    if (dir === '' || /(^|\/)cmd$/.test(dir)) return 0;
    if (/(^|\/)cmd\/[^/]+$/.test(dir)) return 1;
    return 2 + dir.split('/').length;
  };
  const ordered = dirs.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map(packagePath);
  const plausible = ordered.filter((pkg) => !auxiliaryReason(pkg));
  const helpers = ordered.filter((pkg) => auxiliaryReason(pkg));
  const chosen = plausible.length === 1 ? plausible[0] : ordered.length === 1 ? ordered[0] : null;
  return { all: [...plausible, ...helpers], plausible: plausible.length ? plausible : ordered, chosen };
}
