import type { GoSource } from './sources.js';

/** Import paths of one file: single imports and `import ( … )` blocks, aliases and `_` included. */
export function parseImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const paths: string[] = [];
  // Import paths never contain ")", so the block ends at the first one (also on a one-line block).
  for (const block of code.matchAll(/^import\s*\(([^)]*)\)/gm)) {
    for (const quoted of block[1].matchAll(/"([^"]+)"|`([^`]+)`/g)) paths.push(quoted[1] ?? quoted[2]);
  }
  for (const single of code.matchAll(/^import\s+(?:[\w.]+\s+)?"([^"]+)"/gm)) paths.push(single[1]);
  return paths;
}

/** A module of this build: its folder (relative to the build root, '' for the root) and its path. */
export interface LocalModule {
  dir: string;
  path: string;
}

/**
 * What a main package compiles: its own folder plus every folder of this build's modules it imports,
 * directly or not, and the third-party import paths those folders use. A package only tests import
 * (a test database helper) is not in it, nor is another main package.
 */
export function importGraph(sources: GoSource[], modules: LocalModule[], mainDir: string): { dirs: Set<string>; external: Set<string> } {
  const byDir = new Map<string, GoSource[]>();
  for (const source of sources) byDir.set(source.dir, [...(byDir.get(source.dir) ?? []), source]);
  // Longest module path first, so a nested module's packages are not claimed by the outer one.
  const ordered = [...modules].sort((a, b) => b.path.length - a.path.length);
  const localDir = (importPath: string): string | null => {
    for (const mod of ordered) {
      if (importPath !== mod.path && !importPath.startsWith(`${mod.path}/`)) continue;
      const rel = importPath.slice(mod.path.length + 1);
      return [mod.dir, rel].filter(Boolean).join('/');
    }
    return null;
  };
  const dirs = new Set<string>();
  const external = new Set<string>();
  const queue = [mainDir];
  while (queue.length) {
    const dir = queue.pop()!;
    if (dirs.has(dir)) continue;
    dirs.add(dir);
    for (const source of byDir.get(dir) ?? []) {
      for (const imported of source.imports) {
        const local = localDir(imported);
        if (local !== null) queue.push(local);
        // Standard library paths have no dot in their first element.
        else if (imported.split('/')[0].includes('.')) external.add(imported);
      }
    }
  }
  return { dirs, external };
}
