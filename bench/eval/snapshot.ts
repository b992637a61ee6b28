/**
 * Files the corpus snapshot lists at the entry's commit but could not extract (mirrors may lack the
 * largest blobs). A build that fails on one of them says nothing about the Dockerfile.
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { CorpusEntry } from './corpus.js';

export function snapshotGaps(mirrorsDir: string | undefined, entry: CorpusEntry, repoRoot: string): string[] {
  if (!mirrorsDir) return [];
  const gitDir = path.join(mirrorsDir, entry.repo.replace('/', '+'), 'repo');
  if (!existsSync(gitDir)) return [];
  const listing = spawnSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', '--full-tree', entry.commit], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (listing.status !== 0) return [];
  const gaps: string[] = [];
  for (const item of listing.stdout.split('\0')) {
    const [meta, file] = item.split('\t');
    if (!file || !meta.includes(' blob ')) continue;
    const target = path.join(repoRoot, file);
    if (!existsSync(target) && !isSymlink(target)) gaps.push(file);
  }
  return gaps;
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The gap a failed build log points at: its file name, or for a C source the linker's undefined
 * references to the symbols it defines (`sqlite3-binding.c` missing: "undefined reference to `sqlite3_…").
 */
export function gapInLog(gaps: string[], log: string): string | undefined {
  return gaps.find((file) => {
    const name = path.posix.basename(file);
    if (log.includes(name)) return true;
    const prefix = name.split(/[-_.]/)[0];
    return /\.(c|cc|cpp)$/.test(name) && prefix.length >= 3 && log.includes(`undefined reference to \`${prefix}`);
  });
}
