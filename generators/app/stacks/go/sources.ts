import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import { buildsForImage } from './constraints.js';
import { parseImports } from './imports.js';

/** One non-test Go source file and the facts detection needs from it. */
export interface GoSource {
  file: string;
  dir: string;
  packageName: string | null;
  imports: string[];
  text: string;
}

/** Files the go tool itself skips: tests, testdata, and folders starting with "_" or ".". */
function isBuildableGoFile(file: string): boolean {
  if (!file.endsWith('.go') || file.endsWith('_test.go')) return false;
  return !file.split('/').slice(0, -1).some((part) => part === 'testdata' || part.startsWith('_') || part.startsWith('.'));
}

/** The .go files a Linux build compiles, read; files under `excludeDirs` (other modules' folders) are not even opened. */
export function readGoSources(repo: Repo, excludeDirs: string[] = []): GoSource[] {
  return repo
    .files()
    .filter((file) => isBuildableGoFile(file) && !excludeDirs.some((dir) => file.startsWith(`${dir}/`)))
    .map((file) => {
      const text = repo.read(file);
      if (!buildsForImage(file, text)) return null;
      const dir = path.posix.dirname(file);
      return { file, dir: dir === '.' ? '' : dir, packageName: /^package\s+(\w+)/m.exec(text)?.[1] ?? null, imports: parseImports(text), text };
    })
    .filter((source): source is GoSource => source !== null);
}

/** `./cmd/api` style package path for a folder relative to the build root ('' is the root). */
export function packagePath(dir: string): string {
  return dir ? `./${dir}` : '.';
}

export function usesCgo(sources: GoSource[]): GoSource | undefined {
  return sources.find((s) => s.imports.includes('C'));
}

export function importsNetworking(sources: GoSource[]): boolean {
  return sources.some((s) => s.imports.some((imported) => imported === 'net' || imported === 'net/http'));
}

/** Files named by //go:embed directives, as globs relative to the repository root. */
export function embedGlobs(sources: GoSource[]): string[] {
  const globs: string[] = [];
  for (const source of sources) {
    for (const match of source.text.matchAll(/^\/\/go:embed\s+(.+)$/gm)) {
      for (const raw of match[1].match(/"[^"]+"|`[^`]+`|\S+/g) ?? []) {
        const pattern = raw.replace(/^["`]|["`]$/g, '').replace(/^all:/, '');
        const joined = path.posix.join(source.dir, pattern);
        globs.push(joined, `${joined}/**`);
      }
    }
  }
  return globs;
}
