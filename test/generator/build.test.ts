import { existsSync } from 'node:fs';
import path from 'node:path';
import { comparisonTable, listingHasShell } from '../../generators/app/core/compare.js';
import { runGenerator } from '../support/run-generator.js';

/** A fake `this.spawn` that answers like Docker would for a 5 MB shell-less image and an 800 MB naive one. */
function fakeDocker(calls: string[][]) {
  return (method: string, command: string, args: string[] = []) => {
    calls.push([method, command, ...args]);
    const joined = args.join(' ');
    let stdout = '';
    if (joined.startsWith('image inspect')) stdout = joined.endsWith(':naive') ? '861000000 9 ' : '5300000 3 65532:65532';
    else if (args[0] === 'create') stdout = args[1].endsWith(':naive') ? 'naive-id' : 'multi-id';
    else if (command === 'sh') stdout = joined.includes('naive-id') ? 'bin/\nbin/sh\nusr/local/go/bin/go\n' : 'etc/passwd\nusr/local/bin/greeter\n';
    return Object.assign(Promise.resolve({ exitCode: 0, stdout, stderr: '' }), { stdout: { on() {} }, stderr: { on() {} } });
  };
}

describe('--build', () => {
  it('builds the generated and the naive Dockerfile through this.spawn and inspects both', async () => {
    const calls: string[][] = [];
    await runGenerator({ fixture: 'go-stdlib', flags: { yes: true, build: true }, spawn: fakeDocker(calls) });
    const builds = calls.filter((call) => call[2] === 'build');
    expect(builds.map((call) => call.slice(2, 5))).toEqual([
      ['build', '-t', 'greeter:multistage'],
      ['build', '-t', 'greeter:naive'],
    ]);
    expect(builds[1]).toContain('-f');
    expect(builds[1][builds[1].indexOf('-f') + 1]).toMatch(/Dockerfile\.naive$/);
    expect(calls.some((call) => call.join(' ').includes('image inspect'))).toBe(true);
  });

  it('after an upgrade, compares with the previous Dockerfile built as it was, not the naive one', async () => {
    const calls: string[][] = [];
    await runGenerator({ fixture: 'go-naive-dockerfile', flags: { yes: true, force: true, build: true }, spawn: fakeDocker(calls) });
    const builds = calls.filter((call) => call[2] === 'build').map((call) => call.slice(2).join(' '));
    expect(builds).toEqual(['build -t shelf:multistage .', 'build -t shelf:previous -f Dockerfile.orig .']);
  });

  it('without an engine: a clear error, non-zero, and the files are still written', async () => {
    let dir = '';
    const noEngine = (method: string, command: string, args: string[] = []) => {
      if (args[0] === 'info') return Object.assign(Promise.reject(new Error('Cannot connect to the Docker daemon')), { stdout: { on() {} } });
      return fakeDocker([])(method, command, args);
    };
    await expect(
      runGenerator({ fixture: 'go-stdlib', flags: { yes: true, build: true }, spawn: noEngine, prepare: (d) => (dir = d) }),
    ).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/--build: no Docker engine answers.*The Dockerfile was written/) });
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
  });
});

describe('comparison table', () => {
  it('prints size, layers, user, shell and the reduction factor', () => {
    const table = comparisonTable([
      { label: 'multi-stage (generated)', tag: 'a', sizeBytes: 1_830_000, layers: 2, user: '65532:65532', hasShell: false },
      { label: 'naive single-stage', tag: 'b', sizeBytes: 861_000_000, layers: 9, user: '', hasShell: true },
    ]);
    expect(table).toContain('multi-stage (generated)  1.83 MB');
    expect(table).toMatch(/naive single-stage\s+861\.0 MB\s+9\s+root\s+yes/);
    expect(table).toContain('multi-stage is 470.5x smaller (861.0 MB -> 1.83 MB)');
  });

  it('spots a shell in an exported file listing', () => {
    expect(listingHasShell('etc/\nbin/sh\n')).toBe(true);
    expect(listingHasShell('./busybox/sh\n')).toBe(true);
    expect(listingHasShell('usr/local/bin/app\netc/ssl/certs/ca-certificates.crt\n')).toBe(false);
  });
});
