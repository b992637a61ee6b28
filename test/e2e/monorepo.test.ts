import { copyFixture } from '../support/fixtures.js';
import { buildScannedService, scanAndReadCompose, type ScannedService } from './support/compose.js';
import { docker, dockerOk, e2eDescribe, httpGet, run, processUids } from './support/docker.js';
import { servePackageIndex, serveMavenRepository, type LocalServer } from './support/package-index.js';

/** What each service of a scanned fixture answers (HTTP on its port, or a job's output). */
const MONOREPOS: Array<{ fixture: string; answers: Record<string, string> }> = [
  {
    fixture: 'mono-mixed',
    answers: { greeter: 'greeter says hello, world', quotes: 'quote of the day:', web: 'acme status: all services operational', legacy: 'nightly report: 0 incidents' },
  },
  { fixture: 'mono-go-work', answers: { billing: 'billing: open balance EUR 1234.56', shipping: 'shipping: flat rate EUR 4.95' } },
  { fixture: 'mono-maven', answers: { orders: 'orders: 2 open', inventory: 'inventory: 14 items' } },
  { fixture: 'node-workspaces', answers: { api: 'from the notes api', web: 'notes web ready' } },
];

const suite = e2eDescribe();
const mirrors: LocalServer[] = [];
beforeAll(async () => {
  mirrors.push(await servePackageIndex(), await serveMavenRepository());
}, 60_000);
afterAll(() => mirrors.forEach((mirror) => mirror.stop()));

suite.each(MONOREPOS)('e2e --scan $fixture', ({ fixture, answers }) => {
  let dir: string;
  let services: Array<[string, ScannedService]>;
  const containers: string[] = [];

  beforeAll(() => {
    dir = copyFixture(fixture);
    services = Object.entries(scanAndReadCompose(dir));
  }, 120_000);

  afterAll(() => {
    for (const id of containers) docker(['rm', '-f', id]);
  });

  it('lists every service it should', () => {
    expect(services.map(([name]) => name).sort()).toEqual(Object.keys(answers).sort());
  });

  it('builds each service with the context and Dockerfile compose.yaml states, and each one answers as 65532', async () => {
    for (const [name, service] of services) {
      const tag = `multistage-e2e/${fixture}-${name}:test`;
      buildScannedService(dir, service, tag);

      const port = service.ports?.[0]?.split(':').pop();
      if (!port) {
        // A job: it prints and exits.
        const job = run('/usr/bin/docker', ['run', '--rm', tag]);
        expect(job.stdout).toContain(answers[name]);
        continue;
      }
      const id = dockerOk(['run', '-d', '-p', `127.0.0.1::${port}`, tag]).trim();
      containers.push(id);
      const hostPort = dockerOk(['port', id, `${port}/tcp`]).trim().split('\n')[0].split(':').pop();
      expect(await httpGet(`http://127.0.0.1:${hostPort}/`)).toContain(answers[name]);
      const uids = processUids(id);
      expect(new Set(uids)).toEqual(new Set(['65532']));
    }
  }, 1_800_000);
});
