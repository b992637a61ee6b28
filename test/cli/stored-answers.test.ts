import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, snapshotTree } from '../support/fixtures.js';
import { runCliInProcess } from '../support/in-process.js';

/** .yo-rc.json is read back on every re-run: a file cut short or edited by hand is named with its fix. */
describe('stored answers that cannot be read', () => {
  it.each([
    ['cut short', (text: string) => text.slice(0, text.indexOf('"runtime"') + 5), /^generator-multistage: \.yo-rc\.json: not valid JSON \(.+\)\. Fix: correct it, or delete it to answer the questions again\.\n$/],
    ['not an object', () => '[]', /\.yo-rc\.json: not a JSON object of generator settings\. Fix:/],
    ['answers that are not an object', () => '{"generator-multistage": 3}', /\.yo-rc\.json: "generator-multistage" is not an object of stored answers\. Fix:/],
  ])('%s: exit 1 naming the file, nothing written', async (_, damage, message) => {
    const dir = copyFixture('go-stdlib');
    expect((await runCliInProcess(['--yes', '--path', dir])).code).toBe(0);
    const file = path.join(dir, '.yo-rc.json');
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    const before = snapshotTree(dir);
    for (const args of [['--yes', '--force'], ['--detect']]) {
      const result = await runCliInProcess([...args, '--path', dir]);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(1);
    }
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("a scanned service's own .yo-rc.json is named from the scan root", async () => {
    const dir = copyFixture('mono-go-work');
    expect((await runCliInProcess(['--scan', '--yes', '--path', dir])).code).toBe(0);
    writeFileSync(path.join(dir, 'billing', '.yo-rc.json'), '{"generator-multistage": {"stack": "go", ');
    const before = snapshotTree(dir);
    const result = await runCliInProcess(['--scan', '--yes', '--force', '--path', dir]);
    expect(result.stderr).toMatch(/^generator-multistage: billing\/\.yo-rc\.json: not valid JSON/m);
    expect(result.code).toBe(1);
    expect(snapshotTree(dir)).toEqual(before);
  });
});
