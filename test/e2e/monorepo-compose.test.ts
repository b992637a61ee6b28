import { cpSync } from 'node:fs';
import path from 'node:path';
import { cases } from '../cases.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';
import { buildScannedService, compose, composeLeftovers, envValue, portFree, scanAndReadCompose, waitForText, type ScannedService } from './support/compose.js';
import { docker, e2eDescribe, ensureStandins, processUids } from './support/docker.js';
import { serveMavenRepository, type LocalServer } from './support/package-index.js';

/**
 * The root compose.yaml of a scan, run for real: a three-tier group (renamed shop and shop-db, its
 * datasource URL pointing at shop-db) next to a Go service, each built with the context compose states.
 */
const threeTier = cases.find((c) => c.name === 'three-tier-plain')!;
const greeter = cases.find((c) => c.name === 'go-stdlib')!;
const suite = e2eDescribe();
let maven: LocalServer | undefined;

beforeAll(async () => {
  maven = await serveMavenRepository();
}, 60_000);
afterAll(() => maven?.stop());

suite('e2e --scan compose: a three-tier group and a Go service', () => {
  const project = `msmono${Date.now().toString(36)}`;
  let dir: string;
  let services: Record<string, ScannedService>;
  const built: string[] = [];
  let up = false;

  const hostPort = (name: string) => Number(services[name].ports![0].split(':')[1]);

  beforeAll(() => {
    dir = emptyDir('scan-compose');
    cpSync(fixturePath(threeTier.fixture), path.join(dir, 'shop'), { recursive: true });
    cpSync(fixturePath(greeter.fixture), path.join(dir, 'tools/greeter'), { recursive: true });
    services = scanAndReadCompose(dir);
    ensureStandins(Object.values(services).filter((s) => !s.build).map((s) => s.image));
    for (const service of Object.values(services).filter((s) => s.build)) {
      buildScannedService(dir, service, service.image);
      built.push(service.image);
    }
  }, 1_500_000);

  afterAll(() => {
    if (up) compose(dir, project, ['down', '-v']);
    for (const image of built) docker(['rmi', image]);
  }, 120_000);

  it('names the group\'s services after its folder', () => {
    expect(Object.keys(services).sort()).toEqual(['greeter', 'shop', 'shop-db']);
  });

  it('docker-compose up runs both; the group\'s app reads its renamed database and the Go service answers, all as 65532', async () => {
    for (const name of ['shop', 'greeter']) {
      if (!(await portFree(hostPort(name)))) throw new Error(`127.0.0.1:${hostPort(name)} is in use: stop what listens there (compose.yaml publishes ${name} on it)`);
    }
    up = true;
    compose(dir, project, ['up', '-d', '--no-build']);
    await waitForText(`http://127.0.0.1:${hostPort('shop')}${threeTier.e2e!.httpPath}`, threeTier.e2e!.expect);
    await waitForText(`http://127.0.0.1:${hostPort('greeter')}${greeter.e2e!.httpPath}`, greeter.e2e!.expect);

    const root = envValue(dir, 'MYSQL_ROOT_PASSWORD');
    compose(dir, project, ['exec', '-T', 'shop-db', 'mysql', '-uroot', `-p${root}`, 'bookshelf', '-e', "INSERT INTO books (title, author) VALUES ('Dawn', 'Octavia E. Butler')"]);
    await waitForText(`http://127.0.0.1:${hostPort('shop')}/api/books`, 'Dawn', 10_000);

    for (const name of ['shop', 'greeter']) {
      const id = compose(dir, project, ['ps', '-q', name]).trim();
      const uids = processUids(id);
      expect(new Set(uids)).toEqual(new Set(['65532']));
    }
  }, 300_000);

  it('docker-compose down -v leaves no container, network or volume', () => {
    compose(dir, project, ['down', '-v']);
    up = false;
    expect(composeLeftovers(project)).toEqual({ containers: '', volumes: '', networks: '' });
  }, 120_000);
});
