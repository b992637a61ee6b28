import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cases } from '../cases.js';
import {
  build, docker, dockerOk, e2eDescribe, e2eRequired, generateWithStandins,
  httpGet, imageFiles, imageSizeMb, processUids, shellsIn, stepIds, stepWasCached,
} from './support/docker.js';
import { serveMavenRepository, servePackageIndex, type LocalServer } from './support/package-index.js';

/** The step that installs dependencies, per stack: it must come from cache after a source edit. */
const DEPENDENCY_STEP: Record<string, RegExp> = {
  go: /go (mod download|list -m)/,
  python: /(pip .*install|uv sync|poetry install|pipenv)/,
  node: /(npm ci|npm install|yarn install|pnpm install|yarn workspaces focus)/,
  java: /--fail-never|gradlew? .*dependencies/,
  // The build against stub sources; the real build goes on (&&) to copy the binary out.
  rust: /cargo build [^&]*$/,
};
// Three-tier apps need their database: three-tier.test.ts runs them with compose.
const e2eCases = cases.filter((c) => c.e2e && !c.fixture.startsWith('three-tier-'));
const suite = e2eDescribe();
const mirrors: LocalServer[] = [];

beforeAll(async () => {
  // Builders fetch packages from the machine's own mirrors, served on loopback (--network host builds).
  if (e2eCases.some((c) => c.fixture.startsWith('python-'))) mirrors.push(await servePackageIndex());
  if (e2eCases.some((c) => c.fixture.startsWith('java-'))) mirrors.push(await serveMavenRepository());
}, 60_000);
afterAll(() => mirrors.forEach((mirror) => mirror.stop()));

suite.each(e2eCases)('e2e $name', ({ name, fixture, flags, e2e }) => {
  const stack = fixture.split('-')[0];
  const expectation = e2e!;
  const tag = `multistage-e2e/${name}:test`;
  let dir: string;
  let firstBuild: { seconds: number; log: string };
  const containers: string[] = [];

  beforeAll(() => {
    ({ dir } = generateWithStandins(fixture, flags));
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
      const uids = processUids(id);
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

  it('has no shell in the final image when the runtime is distroless or scratch', () => {
    const runtime = /^FROM (\S+) AS runtime$/m.exec(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'))?.[1] ?? '';
    const files = imageFiles(tag);
    expect(files.length).toBeGreaterThan(0);
    const shells = shellsIn(files);
    // A fallback runtime (slim) keeps its shell by design; the generator says why in the Dockerfile.
    if (runtime.startsWith('gcr.io/distroless/') || runtime === 'scratch') expect(shells).toEqual([]);
    else expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/not distroless because/);
  });

  if (stack === 'node') {
    it('ships production dependencies only', () => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const files = new Set(imageFiles(tag));
      const shipped = (name: string) => files.has(`app/node_modules/${name}`);
      expect(Object.keys(manifest.devDependencies ?? {}).filter(shipped)).toEqual([]);
      for (const name of Object.keys(manifest.dependencies ?? {})) expect(shipped(name)).toBe(true);
    });
  }

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
    const download = stepIds(rebuild.log, DEPENDENCY_STEP[stack]);
    const copySource = stepIds(rebuild.log, /^COPY \. \.$/);
    expect(copySource.length).toBe(1);
    expect(stepWasCached(rebuild.log, copySource[0])).toBe(false);
    for (const id of download) expect(stepWasCached(rebuild.log, id)).toBe(true);
    // --runtime jlink: the same module list after a code edit, so the JRE is not linked again.
    const jlink = stepIds(rebuild.log, /^RUN jlink /);
    if (/ AS jre$/m.test(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'))) expect(jlink.map((id) => stepWasCached(rebuild.log, id))).toEqual([true]);
    // A project with dependencies must show the install step in the log (and cached, above).
    const instructions = readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace(/^\s*#.*$/gm, '');
    if (DEPENDENCY_STEP[stack].test(instructions)) expect(download.length).toBeGreaterThan(0);
  }, 900_000);
});

if (e2eRequired && e2eCases.length === 0) {
  throw new Error('E2E=required but no case has e2e expectations');
}
