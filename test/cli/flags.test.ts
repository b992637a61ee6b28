import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { copyFixture, emptyDir, snapshotTree } from '../support/fixtures.js';
import { runCliInProcess } from '../support/in-process.js';

/** A refused command line: exit 2, the message alone on stderr, nothing written. */
async function expectUsageError(args: string[], message: RegExp) {
  const dir = copyFixture('go-stdlib');
  const before = snapshotTree(dir);
  const result = await runCliInProcess(['--path', dir, ...args]);
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(2);
  expect(snapshotTree(dir)).toEqual(before);
}

describe('command-line flags', () => {
  it('refuses a mistyped flag from the real bin, naming the closest one, and writes nothing', () => {
    const dir = copyFixture('go-stdlib');
    const before = snapshotTree(dir);
    const result = runCli(['--yse', '--path', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('generator-multistage: unknown option --yse. Did you mean --yes? Fix: correct or remove it (--help lists every option); nothing was written.\n');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('refuses a flag nothing resembles without guessing', async () => {
    await expectUsageError(['--yes', '--bogus'], /^generator-multistage: unknown option --bogus\. Fix: correct or remove it/);
  });

  it('names the closest flag for a typo, a prefix, a short flag and a negation', async () => {
    await expectUsageError(['--yes', '--langauge-version', '1.24'], /unknown option --langauge-version\. Did you mean --language-version\?/);
    await expectUsageError(['--yes', '--run=scratch'], /unknown option --run\. Did you mean --runtime\?/);
    await expectUsageError(['-yx'], /unknown option -x\./);
    await expectUsageError(['--yes', '--no-detcet'], /unknown option --no-detcet\. Did you mean --detect\?/);
  });

  it('refuses a stray word, and a text flag given twice', async () => {
    await expectUsageError(['--yes', '--port', '80', '80'], /unexpected argument "80": this command takes options only/);
    await expectUsageError(['yes'], /unexpected argument "yes".* Did you mean --yes\?/);
    await expectUsageError(['--yes', '--port', '80', '--port=81'], /--port is given twice \("80" and "81"\)/);
  });

  it("accepts yeoman's own options, short flags, negations and every way of giving a value", async () => {
    const dir = copyFixture('go-stdlib');
    for (const args of [
      ['--skip-install', '--skip-cache', '--force-install', '--ask-answered'],
      ['-yf', '--runtime=scratch', '--no-build'],
      ['--yes', 'true', '--port', '8080', '--language-version', '1.24', '--', 'ignored'],
    ]) {
      const result = await runCliInProcess(['--detect', '--path', dir, ...args]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).stack).toBe('go');
    }
  });
});

describe('--runtime is checked against the chosen stack', () => {
  it.each([
    ['node-express', 'slim', /--runtime: "slim" is not a runtime of the node stack, which has only distroless\./],
    ['java-spring-boot-maven', 'scratch', /--runtime: "scratch" is not one of distroless, temurin, jlink \(the java stack's runtimes\)\./],
    ['three-tier-maven', 'slim', /--runtime: "slim" is not one of distroless, temurin, jlink \(the three-tier stack's runtimes\)\./],
    ['python-flask', 'scratch', /--runtime: "scratch" is not one of distroless, slim \(the python stack's runtimes\)\./],
  ])('%s --runtime %s: exit 2, lists what the stack has, writes nothing', async (fixture, runtime, message) => {
    const dir = copyFixture(fixture);
    const before = snapshotTree(dir);
    for (const mode of ['--detect', '--yes']) {
      const result = await runCliInProcess([mode, '--runtime', runtime, '--path', dir]);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
    }
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("accepts the stack's own runtime", async () => {
    const dir = copyFixture('node-express');
    const result = await runCliInProcess(['--yes', '--runtime', 'distroless', '--path', dir]);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
  });
});

describe('error output', () => {
  it('an expected error prints our message alone, without yeoman\'s "An error occured" line', () => {
    const result = runCli(['--yes', '--path', emptyDir()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^generator-multistage: No supported stack found in /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
