import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { copyFixture, emptyDir, fixturePath, snapshotTree } from '../support/fixtures.js';
import { expectGolden } from '../support/golden.js';

describe('--scan from the command line', () => {
  it('--detect prints every service as JSON and writes nothing', () => {
    const before = snapshotTree(fixturePath('mono-mixed'));
    const { code, stdout, stderr } = runCli(['--scan', '--detect', '--path', fixturePath('mono-mixed')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['services', 'skipped']);
    expect(Object.keys(report.services[0])).toEqual(['dir', 'name', 'context', 'stack', 'framework', 'hasDockerfile', 'generatedBefore', 'evidence']);
    expectGolden('scan-mono-mixed', 'scan.json', stdout);
    expect(snapshotTree(fixturePath('mono-mixed'))).toEqual(before);
  });

  it('exits 3 with what it looked for when no folder holds a service', () => {
    const { code, stdout, stderr } = runCli(['--scan', '--detect', '--path', emptyDir('scan-none')]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toEqual({ services: [], skipped: [] });
    expect(stderr).toMatch(/No service found under .*go\.mod/);
  });

  it('scans the current folder with --yes and writes every new service', () => {
    const dir = copyFixture('mono-go-work');
    const { code, stderr } = runCli(['--scan', '--yes'], dir);
    expect(code).toBe(0);
    // yeoman's log goes to stderr, keeping stdout for --detect's JSON.
    expect(stderr).toContain('compose.yaml: written billing, shipping.');
    for (const file of ['compose.yaml', 'billing/Dockerfile', 'shipping/Dockerfile', '.dockerignore']) expect(existsSync(path.join(dir, file))).toBe(true);
  });

  it('--path DIR --yes at a root where no stack matches scans it, as a run in that folder does', () => {
    const dir = copyFixture('mono-mixed');
    const { code, stderr } = runCli(['--path', dir, '--yes']);
    expect(code).toBe(0);
    expect(stderr).toContain('scanning it as a monorepo');
    for (const file of ['compose.yaml', 'services/greeter/Dockerfile', 'web/Dockerfile']) expect(existsSync(path.join(dir, file))).toBe(true);
  });

  it('--detect --path DIR at such a root prints the scan JSON, nothing written', () => {
    const before = snapshotTree(fixturePath('mono-mixed'));
    const { code, stdout } = runCli(['--detect', '--path', fixturePath('mono-mixed')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).services.map((service: { dir: string }) => service.dir)).toEqual(['legacy', 'services/greeter', 'services/quotes', 'web']);
    expect(snapshotTree(fixturePath('mono-mixed'))).toEqual(before);
  });

  it('--detect at a root whose build holds several services, with another service beside it, prints the scan JSON', () => {
    const { code, stdout, stderr } = runCli(['--detect', '--path', fixturePath('mono-maven-beside')]);
    expect(code).toBe(0);
    expect(stderr).toContain('scanning it as a monorepo');
    const services = JSON.parse(stdout).services.map((service: { dir: string; stack: string; context: string }) => [service.dir, service.stack, service.context]);
    expect(services).toEqual([['ledger/balances', 'java', '.'], ['ledger/postings', 'java', '.'], ['notifier', 'go', 'notifier']]);
  });

  it('--detect at a multi-module root with nothing beside it still reports the one build and its modules', () => {
    const { code, stdout } = runCli(['--detect', '--path', fixturePath('mono-maven')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ stack: 'java', entrypoint: null });
  });

  it('refuses --build, which compares a single image, before writing anything', () => {
    const dir = copyFixture('mono-go-work');
    const before = snapshotTree(dir);
    const { code, stderr } = runCli(['--scan', '--yes', '--build'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('docker compose build');
    expect(snapshotTree(dir)).toEqual(before);
  });
});
