import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One repository of the real-world corpus (../shared/real-repos/corpus.json), as its README describes it. */
export interface CorpusEntry {
  repo: string;
  commit: string;
  /** Folder of the app below the repository root, when it is not the root. */
  subdir?: string | null;
  /** go | python | java | node | three-tier | monorepo | none */
  stack: string;
  truth: {
    language_version?: string | null;
    package_manager?: string | null;
    entrypoint?: string | null;
    port?: number | null;
    framework?: string | null;
  };
  expected_runtime: string;
  evidence?: string[];
  pitfalls?: string;
}

export function readCorpus(file: string): CorpusEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of entries`);
  return parsed as CorpusEntry[];
}

/** Where extract-all.py lays an entry's tree: DIR/<owner>+<name>/, the app in its subdir. */
export function treeOf(entry: CorpusEntry, treesDir: string): { repoRoot: string; appDir: string } {
  const repoRoot = path.join(treesDir, entry.repo.replace('/', '+'));
  return { repoRoot, appDir: entry.subdir ? path.join(repoRoot, entry.subdir) : repoRoot };
}

/** Entries that are a set of services rather than one app: judged through a scan. */
export const isMulti = (entry: CorpusEntry) => entry.stack === 'monorepo' || entry.stack === 'none';
