import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cases } from '../cases.js';
import { runCli } from '../support/cli.js';
import { emptyDir, fixturePath, snapshotTree } from '../support/fixtures.js';
import { expectGolden } from '../support/golden.js';

const DOCUMENTED_FIELDS = ['stack', 'languageVersion', 'packageManager', 'framework', 'entrypoint', 'port', 'builderImage', 'runtimeImage', 'evidence'];
const fixtures = [...new Set(cases.map((c) => c.fixture))];

describe('--detect', () => {
  it.each(fixtures)('%s: prints the documented JSON and writes nothing', (fixture) => {
    const before = snapshotTree(fixturePath(fixture));
    const { code, stdout, stderr } = runCli(['--detect', '--path', fixturePath(fixture)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(DOCUMENTED_FIELDS);
    expect(report.stack).toBe(fixture.startsWith('three-tier-') ? 'three-tier' : fixture.split('-')[0]);
    expect(report.evidence.every((line: string) => /^[^:]+(:\d+)?: .+/.test(line))).toBe(true);
    expectGolden(fixture, 'detect.json', stdout);
    expect(snapshotTree(fixturePath(fixture))).toEqual(before);
  });

  it('reports stack null with what it looked for, exit 3, in a folder with no project', () => {
    const dir = emptyDir();
    const { code, stdout, stderr } = runCli(['--detect', '--path', dir]);
    expect(code).toBe(3);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ stack: null, builderImage: null, runtimeImage: null });
    expect(report.evidence.join('\n')).toContain('go.mod');
    expect(stderr).toContain('No supported stack found');
  });

  it('reports a recognised project that cannot be built yet, with the reason and no images', () => {
    const dir = emptyDir('go-lib');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/lib\n\ngo 1.24\n');
    writeFileSync(path.join(dir, 'lib.go'), 'package lib\n\nfunc Answer() int { return 42 }\n');
    const { code, stdout } = runCli(['--detect', '--path', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ stack: 'go', entrypoint: null, builderImage: null, runtimeImage: null });
    expect(report.evidence.at(-1)).toMatch(/^generate: No Go main package found/);
  });

  it('honours flags when it computes the images', () => {
    const { stdout } = runCli(['--detect', '--path', fixturePath('go-stdlib'), '--runtime', 'scratch', '--language-version', '1.25']);
    expect(JSON.parse(stdout)).toMatchObject({ runtimeImage: 'scratch', builderImage: 'golang:1.25' });
  });
});
