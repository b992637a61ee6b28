import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { copyFixture } from '../support/fixtures.js';
import { baseImages, DOCKER, docker, dockerOk, e2eDescribe, ensureStandins, httpGet } from './support/docker.js';
import { servePackageIndex, type LocalServer } from './support/package-index.js';

/**
 * The upgrade a user with a hand-written single-stage Dockerfile gets: `--yes --force --build` keeps
 * theirs as Dockerfile.orig, builds it as it was and the new one, and prints the before/after table.
 * The old files' FROM lines name stand-ins that exist locally (golang:1.22, python:3.13-slim).
 */
const suite = e2eDescribe();
let mirror: LocalServer | null = null;
beforeAll(async () => {
  mirror = await servePackageIndex();
}, 60_000);
afterAll(() => mirror?.stop());

const upgrades = [
  { fixture: 'go-naive-dockerfile', port: '9090', expect: 'hello from the shelf' },
  { fixture: 'python-naive-dockerfile', port: '7000', expect: 'record shelf: 3 records' },
];

suite.each(upgrades)('upgrade $fixture', ({ fixture, port, expect: answer }) => {
  let dir: string;
  let output: string;
  let code: number | null;

  beforeAll(() => {
    dir = copyFixture(fixture);
    ensureStandins(baseImages(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')));
    // The new Dockerfile's images: a --detect-free dry render is the generated file itself, so generate once to list them.
    const probe = copyFixture(fixture);
    runCli(['--path', probe, '--yes', '--force']);
    ensureStandins(baseImages(readFileSync(path.join(probe, 'Dockerfile'), 'utf8')));
    const result = runCli(['--path', dir, '--yes', '--force', '--build'], undefined, { DOCKER, DOCKER_BUILD_FLAGS: '--network host' });
    code = result.code;
    output = `${result.stdout}\n${result.stderr}`;
  }, 1_800_000);

  it('keeps the old Dockerfile and compares the new image with it, built as it was', () => {
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, 'Dockerfile.orig'))).toBe(true);
    expect(readFileSync(path.join(dir, 'Dockerfile.orig'), 'utf8')).toBe(readFileSync(path.join(copyFixture(fixture), 'Dockerfile'), 'utf8'));
    const after = /multi-stage \(generated\)\s+([\d.]+) MB\s+(\d+)\s+(\S+)\s+(yes|no)/.exec(output);
    const before = /yours \(Dockerfile\.orig\)\s+([\d.]+) MB\s+(\d+)\s+(\S+)\s+(yes|no)/.exec(output);
    expect(after).not.toBeNull();
    expect(before).not.toBeNull();
    expect(after![3]).toBe('65532:65532');
    expect(before![3]).toBe('root');
    const factor = Number(/multi-stage is ([\d.]+)x smaller than your Dockerfile\.orig/.exec(output)?.[1]);
    expect(factor).toBeGreaterThan(1);
    const row = `| ${fixture} | ${before![1]} MB, ${before![2]} layers, ${before![3]}, shell ${before![4]} | ${after![1]} MB, ${after![2]} layers, ${after![3]}, shell ${after![4]} | ${factor}x |`;
    console.log(row);
    if (process.env.UPGRADE_TABLE) appendFileSync(process.env.UPGRADE_TABLE, `${row}\n`);
  });

  it('the new image answers as the old one did (port, env, app from the old Dockerfile)', async () => {
    const tag = `${fixture.split('-')[0] === 'go' ? 'shelf' : 'catalog'}:multistage`;
    const image = /docker build -t (\S+:multistage)/.exec(output)?.[1] ?? tag;
    const id = dockerOk(['run', '-d', '-p', `127.0.0.1::${port}`, image]).trim();
    try {
      const hostPort = dockerOk(['port', id, `${port}/tcp`]).trim().split('\n')[0].split(':').pop();
      expect(await httpGet(`http://127.0.0.1:${hostPort}/`)).toContain(answer);
    } finally {
      docker(['rm', '-f', id]);
    }
  }, 120_000);
});
