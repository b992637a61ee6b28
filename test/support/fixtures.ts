import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, found upwards from here: benchmarks run this file compiled into another folder. */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const repoRoot = findRepoRoot();
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
export const goldenDir = path.join(repoRoot, 'test', 'golden');
export const binPath = path.join(repoRoot, 'lib', 'bin', 'generator-multistage.js');

export function fixturePath(name: string): string {
  return path.join(fixturesDir, name);
}

/** A private copy of a fixture, so a test may write into it. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ms-${name}-`));
  cpSync(fixturePath(name), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

export function emptyDir(label = 'empty'): string {
  return mkdtempSync(path.join(os.tmpdir(), `ms-${label}-`));
}

/** path -> size+mtime for every entry: compared before and after to prove nothing was written. */
export function snapshotTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const rel = path.relative(dir, full);
      if (entry.isSymbolicLink()) {
        result[rel] = 'link';
      } else if (entry.isDirectory()) {
        result[rel] = 'dir';
        walk(full);
      } else {
        const stats = statSync(full);
        result[rel] = `${stats.size}:${stats.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return result;
}
