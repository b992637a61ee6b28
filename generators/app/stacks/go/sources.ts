import path from 'node:path';
import type { Repo } from '../../core/repo.js';

/** One non-test Go source file and the facts detection needs from it. */
export interface GoSource {
  file: string;
  dir: string;
  packageName: string | null;
  text: string;
}

/** Files the go tool itself skips: tests, testdata, and folders starting with "_" or ".". */
function isBuildableGoFile(file: string): boolean {
  if (!file.endsWith('.go') || file.endsWith('_test.go')) return false;
  return !file.split('/').slice(0, -1).some((part) => part === 'testdata' || part.startsWith('_') || part.startsWith('.'));
}

/** The buildable .go files, read; files under `excludeDirs` (other modules' folders) are not even opened. */
export function readGoSources(repo: Repo, excludeDirs: string[] = []): GoSource[] {
  return repo
    .files()
    .filter((file) => isBuildableGoFile(file) && !excludeDirs.some((dir) => file.startsWith(`${dir}/`)))
    .map((file) => {
      const text = repo.read(file);
      if (/^\/\/go:build\s+ignore\b/m.test(text)) return null;
      const dir = path.posix.dirname(file);
      return { file, dir: dir === '.' ? '' : dir, packageName: /^package\s+(\w+)/m.exec(text)?.[1] ?? null, text };
    })
    .filter((source): source is GoSource => source !== null);
}

/** `./cmd/api` style package path for a folder relative to the build root ('' is the root). */
export function packagePath(dir: string): string {
  return dir ? `./${dir}` : '.';
}

/**
 * Main packages, most likely first: the root, then cmd/*, then anything else (tools, examples).
 * `root` is the module folder the build starts from in a workspace.
 */
export function mainPackages(sources: GoSource[]): string[] {
  const dirs = [...new Set(sources.filter((s) => s.packageName === 'main').map((s) => s.dir))];
  const rank = (dir: string) => {
    const depth = dir.split('/').length;
    if (dir === '' || /(^|\/)cmd$/.test(dir)) return 0;
    if (/(^|\/)cmd\/[^/]+$/.test(dir)) return 1;
    return 2 + depth;
  };
  return dirs.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map(packagePath);
}

export function usesCgo(sources: GoSource[]): GoSource | undefined {
  return sources.find((s) => /^\s*import\s+"C"\s*$/m.test(s.text) || /^import\s*\([^)]*^\s*"C"\s*$/ms.test(s.text));
}

export interface ListenAddress {
  port: number;
  file: string;
  snippet: string;
  loopbackOnly: boolean;
}

const LISTEN_PATTERNS = [
  /ListenAndServe(?:TLS)?\(\s*"([^"]*):(\d{2,5})"/,
  /net\.Listen\(\s*"tcp[46]?"\s*,\s*"([^"]*):(\d{2,5})"/,
  /Addr:\s*"([^"]*):(\d{2,5})"/,
  /\.(?:Run|Start|Listen)\(\s*"([^"]*):(\d{2,5})"/,
  /()(?:port|PORT|Port)\s*(?::=|=)\s*"(\d{2,5})"/,
];

/** The first literal listen address in the sources, main packages first. */
export function findListenAddress(sources: GoSource[]): ListenAddress | null {
  const ordered = [...sources].sort((a, b) => Number(b.packageName === 'main') - Number(a.packageName === 'main'));
  for (const source of ordered) {
    for (const pattern of LISTEN_PATTERNS) {
      const match = pattern.exec(source.text);
      if (!match) continue;
      const port = Number(match[2]);
      if (port < 1 || port > 65535) continue;
      const host = match[1];
      return { port, file: source.file, snippet: match[0], loopbackOnly: host === '127.0.0.1' || host === 'localhost' };
    }
  }
  return null;
}

export function importsNetworking(sources: GoSource[]): boolean {
  return sources.some((s) => /"net(\/http)?"/.test(s.text));
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
