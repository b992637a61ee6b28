import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, snapshotTree } from '../support/fixtures.js';
import { runCliInProcess } from '../support/in-process.js';

/** Edits one file of a fixture copy. */
function withEdit(fixture: string, file: string, edit: (text: string) => string): string {
  const dir = copyFixture(fixture);
  writeFileSync(path.join(dir, file), edit(readFileSync(path.join(dir, file), 'utf8')));
  return dir;
}

const json = (change: (data: any) => void) => (text: string) => {
  const data = JSON.parse(text);
  change(data);
  return JSON.stringify(data, null, 2);
};

/** A manifest that parses but holds a field of the wrong type (a hand edit): named with its file, never a TypeError. */
describe('manifest fields of the wrong type', () => {
  it.each([
    ['node-express', 'package.json', json((pkg) => (pkg.scripts.start = 5)), /package\.json: "scripts" should be an object of strings, not an object holding something other than strings\. Fix:/],
    ['node-ts', 'package.json', json((pkg) => (pkg.engines = { node: { min: 20 } })), /package\.json: "engines\.node" should be a string, not an object\. Fix:/],
    ['node-pnpm', 'package.json', json((pkg) => (pkg.packageManager = true)), /package\.json: "packageManager" should be a string, not a boolean\. Fix:/],
    ['python-fallback', 'pyproject.toml', (text: string) => text.replace(/^name = .*$/m, 'name = { text = "x" }'), /pyproject\.toml: "project\.name" should be a string, not an object\. Fix:/],
    ['python-fastapi-uv', 'uv.lock', (text: string) => text.replace(/^name = .*$/m, 'name = 3'), /uv\.lock: \[\[package\]\] entry 1 has no name\. Fix: regenerate it \(`uv lock`\)/],
  ])('%s: %s', async (fixture, file, edit, message) => {
    const dir = withEdit(fixture, file, edit);
    const before = snapshotTree(dir);
    for (const mode of ['--detect', '--yes']) {
      const result = await runCliInProcess([mode, '--path', dir]);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(1);
    }
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a package-lock.json entry that is null is passed over', async () => {
    const dir = withEdit('node-workspaces', 'package-lock.json', json((lock) => (lock.packages[Object.keys(lock.packages).at(-1)!] = null)));
    for (const args of [['--detect'], ['--yes', '--workspace', 'packages/api']]) {
      const result = await runCliInProcess([...args, '--path', dir]);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
    }
  });
});
