import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyDir, fixturePath, snapshotTree } from '../support/fixtures.js';
import { runCliInProcess } from '../support/in-process.js';

/** A monorepo root holding a three-tier group (whose compose entry brings a volume) and `compose` as its compose.yaml. */
function rootWithCompose(compose: string): string {
  const dir = emptyDir('scan-compose');
  mkdirSync(path.join(dir, 'shop'));
  cpSync(fixturePath('three-tier-maven'), path.join(dir, 'shop'), { recursive: true });
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return dir;
}

/** The root compose.yaml is the user's file: a shape the scan cannot use is refused, naming the field, never a crash. */
describe('--scan with an existing root compose.yaml it cannot use as it is', () => {
  it.each([
    ['a build context that is a list', 'services:\n  cache:\n    build:\n      context: [a, b]\n', /compose\.yaml: services\.cache\.build is neither a folder nor a mapping with a "context" folder\. Fix:/],
    ['ports that are not a list', 'services:\n  cache:\n    image: redis:7\n    ports: 6379\n', /compose\.yaml: services\.cache\.ports is not a list\. Fix:/],
    ['volumes that are not a mapping', 'services:\n  cache:\n    image: redis:7\nvolumes: 3\n', /compose\.yaml: "volumes" is not a mapping of volume names\. Fix:/],
  ])('%s: exit 1 naming the file and the field, nothing written', async (_, compose, message) => {
    const dir = rootWithCompose(compose);
    const before = snapshotTree(dir);
    for (const mode of ['--detect', '--yes']) {
      const result = await runCliInProcess(['--scan', mode, '--path', dir]);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(1);
    }
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('an empty "build:" builds nothing, and an empty "volumes:" takes the new volume', async () => {
    const dir = rootWithCompose('services:\n  cache:\n    image: redis:7\n    build:\nvolumes:\n');
    const result = await runCliInProcess(['--scan', '--yes', '--path', dir]);
    expect(result.code).toBe(0);
    const compose = readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toMatch(/^volumes:\n {2}shop-db-data:\n/m);
    expect(compose).toContain('  cache:\n    image: redis:7\n');
  });
});
