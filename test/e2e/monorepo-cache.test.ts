import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture } from '../support/fixtures.js';
import { scanAndReadCompose, type ScannedService } from './support/compose.js';
import { baseImages, build, e2eDescribe, ensureStandins } from './support/docker.js';
import { servePackageIndex, serveMavenRepository, type LocalServer } from './support/package-index.js';

/**
 * A service built from the repository root (a Maven module, a workspace member) must not rebuild when
 * a file it does not read changes: another service's source, the docs, the deployment manifests. Its
 * Dockerfile's own ignore file keeps them out of the context; its own source still rebuilds it.
 */
const CASES: Array<{ fixture: string; service: string; own: string; other: string }> = [
  {
    fixture: 'mono-maven',
    service: 'orders',
    own: 'orders/src/main/java/com/example/stock/orders/OrdersMain.java',
    other: 'inventory/src/main/java/com/example/stock/inventory/InventoryMain.java',
  },
  { fixture: 'node-workspaces', service: 'api', own: 'packages/api/src/server.js', other: 'packages/web/src/main.js' },
];

/**
 * Instructions of the build (BuildKit's numbered `[stage n/m]` lines, FROM aside: a base image is
 * resolved on every build, never "CACHED") that ran instead of coming from the cache.
 */
function stepsRun(log: string): string[] {
  const steps = [...log.matchAll(/^#(\d+) \[(?!internal)([^\]]+)\] (?!FROM )(.*)$/gm)];
  expect(steps.length).toBeGreaterThan(3);
  return steps.filter(([, id]) => !new RegExp(`^#${id} CACHED$`, 'm').test(log)).map(([, , stage, what]) => `[${stage}] ${what}`);
}

/** A change never made before: BuildKit's cache is keyed by content, so an edit an earlier run made would hit it. */
const edit = () => `\n// edited ${Date.now()}-${Math.random()}\n`;

const suite = e2eDescribe();
const mirrors: LocalServer[] = [];
beforeAll(async () => {
  mirrors.push(await servePackageIndex(), await serveMavenRepository());
}, 60_000);
afterAll(() => mirrors.forEach((mirror) => mirror.stop()));

suite.each(CASES)('e2e --scan $fixture: $service rebuilds only for what it reads', ({ fixture, service, own, other }) => {
  let dir: string;
  let rebuild: () => string;

  beforeAll(() => {
    dir = copyFixture(fixture);
    // What a real repository keeps beside its services.
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs', 'guide.md'), '# Guide\n');
    mkdirSync(path.join(dir, 'deploy'));
    writeFileSync(path.join(dir, 'deploy', 'service.yaml'), 'kind: Service\n');
    const entry = scanAndReadCompose(dir)[service] as ScannedService & { build: { context: string; dockerfile: string } };
    const dockerfile = path.join(dir, entry.build.context, entry.build.dockerfile);
    ensureStandins(baseImages(readFileSync(dockerfile, 'utf8')));
    const tag = `multistage-e2e/${fixture}-${service}-cache:test`;
    rebuild = () => build(path.join(dir, entry.build.context), tag, ['-f', dockerfile]).log;
    rebuild();
  }, 1_200_000);

  it('is fully cached after another service, the docs and the manifests change', () => {
    appendFileSync(path.join(dir, other), edit());
    appendFileSync(path.join(dir, 'docs', 'guide.md'), edit());
    appendFileSync(path.join(dir, 'deploy', 'service.yaml'), `# ${edit()}`);
    expect(stepsRun(rebuild())).toEqual([]);
  }, 900_000);

  it('rebuilds from the COPY of its sources when its own source changes', () => {
    appendFileSync(path.join(dir, own), edit());
    const ran = stepsRun(rebuild());
    expect(ran).toContainEqual(expect.stringMatching(/\] COPY (\. \.|[\w/]+ \/app\/)/));
  }, 900_000);
});
