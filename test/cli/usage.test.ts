import { runCli } from '../support/cli.js';
import { copyFixture, snapshotTree } from '../support/fixtures.js';

describe('usage', () => {
  it('--help lists every flag', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--yes', '--stack', '--path', '--port', '--runtime', '--main', '--language-version', '--force', '--detect', '--build']) {
      expect(stdout).toContain(flag);
    }
  });

  it('without a terminal and without --yes: says how to run unattended, writes nothing', () => {
    const dir = copyFixture('go-stdlib');
    const before = snapshotTree(dir);
    const { code, stderr } = runCli(['--path', dir]);
    expect(code).toBe(130);
    expect(stderr).toMatch(/a question was cancelled .*pass --yes/);
    expect(snapshotTree(dir)).toEqual(before);
  });
});
