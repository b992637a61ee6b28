import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gapInLog, snapshotGaps } from '../../bench/eval/snapshot.js';
import type { CorpusEntry } from '../../bench/eval/corpus.js';
import { emptyDir } from '../support/fixtures.js';

describe('snapshotGaps: files the snapshot lists but the tree lacks', () => {
  it('names a file git has at the commit that extraction skipped, and nothing for a complete tree', () => {
    const work = emptyDir('eval-snapshot');
    const tree = path.join(work, 'tree');
    mkdirSync(path.join(tree, 'vendor/lib'), { recursive: true });
    writeFileSync(path.join(tree, 'main.go'), 'package main\n');
    writeFileSync(path.join(tree, 'vendor/lib/binding.c'), 'int x;\n');
    const git = (...args: string[]) => execFileSync('git', ['-C', tree, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'snapshot');
    const commit = git('rev-parse', 'HEAD');
    const mirrors = path.join(work, 'mirrors');
    execFileSync('git', ['clone', '-q', '--bare', tree, path.join(mirrors, 'acme+tool', 'repo')]);
    const entry = { repo: 'acme/tool', commit } as CorpusEntry;

    expect(snapshotGaps(mirrors, entry, tree)).toEqual([]);
    rmSync(path.join(tree, 'vendor/lib/binding.c'));
    expect(snapshotGaps(mirrors, entry, tree)).toEqual(['vendor/lib/binding.c']);
    expect(snapshotGaps(undefined, entry, tree)).toEqual([]);
  });
});

describe('gapInLog: the missing file a failed build points at', () => {
  it('by name, or for a C source by the undefined references to its symbols; nothing for an unrelated failure', () => {
    const gaps = ['vendor/github.com/mattn/go-sqlite3/sqlite3-binding.c', 'docs/logo.png'];
    expect(gapInLog(gaps, "/tmp/go-build/cgo-gcc-prolog:67:(.text+0x23): undefined reference to `sqlite3_backup_finish'")).toBe(gaps[0]);
    expect(gapInLog(gaps, 'COPY failed: docs/logo.png: no such file')).toBe(gaps[1]);
    expect(gapInLog(gaps, "undefined reference to `png_read_info'")).toBeUndefined();
  });
});
