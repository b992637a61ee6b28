import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cases } from '../cases.js';
import { runCli } from '../support/cli.js';
import { copyFixture } from '../support/fixtures.js';
import {
  baseImages, build, docker, dockerOk, e2eDescribe, e2eRequired, ensureStandins,
  httpGet, imageFiles, imageSizeMb, stepIds, stepWasCached,
} from './support/docker.js';

const SHELLS = ['bin/sh', 'bin/bash', 'bin/dash', 'bin/ash', 'busybox', 'usr/bin/sh', 'usr/bin/bash'];
const goCases = cases.filter((c) => c.e2e && c.fixture.startsWith('go-'));
const suite = e2eDescribe();

suite.each(goCases)('e2e $name', ({ name, fixture, flags, e2e }) => {
  const expectation = e2e!;
  const tag = `multistage-e2e/${name}:test`;
  let dir: string;
  let firstBuild: { seconds: number; log: string };
  const containers: string[] = [];

  beforeAll(() => {
    dir = copyFixture(fixture);
    const args = ['--path', dir, '--yes', ...Object.entries(flags).map(([key, value]) => `--${key}=${value}`)];
    const generated = runCli(args);
    if (generated.code !== 0) throw new Error(`generator failed: ${generated.stderr}`);
    ensureStandins(baseImages(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')));
    firstBuild = build(dir, tag);
  }, 1_200_000);

  afterAll(() => {
    for (const id of containers) docker(['rm', '-f', id]);
  });

  it('runs and answers', async () => {
    if (expectation.httpPath) {
      const exposed = dockerOk(['image', 'inspect', '-f', '{{range $p, $c := .Config.ExposedPorts}}{{$p}}{{end}}', tag]).trim();
      expect(exposed).toMatch(/^\d+\/tcp$/);
      // Published on loopback only, on a port the engine picks.
      const id = dockerOk(['run', '-d', '-p', `127.0.0.1::${exposed.split('/')[0]}`, tag]).trim();
      containers.push(id);
      const hostPort = dockerOk(['port', id, exposed]).trim().split('\n')[0].split(':').pop();
      const body = await httpGet(`http://127.0.0.1:${hostPort}${expectation.httpPath}`);
      expect(body).toContain(expectation.expect);
      // docker top needs a PID column; the second column is the process's uid.
      const uids = dockerOk(['top', id, '-eo', 'pid,uid']).trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/)[1]);
      expect(uids.length).toBeGreaterThan(0);
      expect(new Set(uids)).toEqual(new Set(['65532']));
    } else {
      const output = dockerOk(['run', '--rm', tag, ...(expectation.args ?? [])]);
      expect(output).toContain(expectation.expect);
    }
  }, 120_000);

  it('runs as 65532:65532', () => {
    expect(dockerOk(['image', 'inspect', '-f', '{{.Config.User}}', tag]).trim()).toBe('65532:65532');
  });

  it('has no shell in the final image', () => {
    const files = imageFiles(tag);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => SHELLS.includes(file))).toEqual([]);
  });

  it(`stays under ${expectation.budgetMb} MB`, () => {
    const size = imageSizeMb(tag);
    console.log(`${name}: final image ${size.toFixed(1)} MB, cold build ${firstBuild.seconds.toFixed(1)} s`);
    expect(size).toBeLessThan(expectation.budgetMb);
  });

  it('reuses the dependency layers after a source edit', () => {
    // Unique text: BuildKit keys layers by content, so the same edit as an earlier run would hit its cache.
    appendFileSync(path.join(dir, expectation.touch), `\n// edited by the e2e test at ${Date.now()} ${Math.random()}\n`);
    const rebuild = build(dir, tag);
    console.log(`${name}: warm rebuild after a one-line change ${rebuild.seconds.toFixed(1)} s`);
    const download = stepIds(rebuild.log, /go (mod download|list -m)/);
    const copySource = stepIds(rebuild.log, /^COPY \. \.$/);
    expect(copySource.length).toBe(1);
    expect(stepWasCached(rebuild.log, copySource[0])).toBe(false);
    for (const id of download) expect(stepWasCached(rebuild.log, id)).toBe(true);
    expect(stepWasCached(rebuild.log, stepIds(rebuild.log, /^WORKDIR \/src$/)[0])).toBe(true);
  }, 900_000);
});

if (e2eRequired && goCases.length === 0) {
  throw new Error('E2E=required but no Go case has e2e expectations');
}
