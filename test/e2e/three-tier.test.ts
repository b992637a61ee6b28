import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cases } from '../cases.js';
import { build, docker, dockerOk, e2eDescribe, ensureStandins, generateWithStandins, imageFiles, imageSizeMb, run, stepIds, stepWasCached, processUids, shellsIn } from './support/docker.js';
import { COMPOSE, compose, composeLeftovers, envValue, portFree, waitForText } from './support/compose.js';
import { serveMavenRepository, type LocalServer } from './support/package-index.js';

/**
 * The three-tier app for real: the generated Dockerfile built with BuildKit, then the generated
 * compose.yaml run with docker-compose 1.29 (Debian 12's). That compose builds with the legacy builder,
 * which rejects RUN --mount, so the images are built first and `up` runs with --no-build. The database is
 * the MariaDB stand-in tagged mysql:8.4 (standins/mysql.Dockerfile); the back end is a plain shaded jar
 * with MariaDB Connector/J from Debian's maven-repo (no Spring Boot or MySQL driver on this machine).
 */
const threeTier = cases.find((c) => c.name === 'three-tier-plain')!;
// The back end on a jlink'd JRE (--runtime jlink): same checks, its own size budget.
const jlinked = cases.find((c) => c.name === 'three-tier-plain-jlink')!;
const layouts = [
  { layout: 'same-origin', flags: threeTier.flags, budgetMb: threeTier.e2e!.budgetMb },
  { layout: 'separate', flags: { ...threeTier.flags, layout: 'separate' }, budgetMb: threeTier.e2e!.budgetMb },
  { layout: 'same-origin', flags: jlinked.flags, budgetMb: jlinked.e2e!.budgetMb },
];
const suite = e2eDescribe();
let maven: LocalServer | undefined;

beforeAll(async () => {
  maven = await serveMavenRepository();
}, 60_000);
afterAll(() => maven?.stop());

interface ComposeFile {
  services: Record<string, { image: string; build?: unknown; ports?: string[] }>;
}

suite.each(layouts)('e2e three-tier-plain, --layout $layout, $flags', ({ layout, flags, budgetMb }) => {
  // Compose names containers, networks and volumes after the project: unique per run.
  const label = `three-tier-plain (${layout}${flags.runtime ? `, --runtime ${flags.runtime}` : ''})`;
  const project = `ms3t${layout === 'separate' ? 's' : 'o'}${flags.runtime === 'jlink' ? 'j' : ''}${Date.now().toString(36)}`;
  let dir: string;
  let file: ComposeFile;
  let published: number;
  let builtImages: string[] = [];
  let up = false;

  beforeAll(() => {
    ({ dir } = generateWithStandins(threeTier.fixture, flags));
    file = parse(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as ComposeFile;
    // Images compose runs as they are (the database) need stand-ins too.
    ensureStandins(Object.values(file.services).filter((s) => !s.build).map((s) => s.image));
    const built = Object.entries(file.services).filter(([, s]) => s.build);
    for (const [name, service] of built) {
      const target = (service.build as { target?: string }).target;
      const result = build(dir, service.image, target ? ['--target', target] : []);
      console.log(`${label}: ${name} image ${service.image} ${imageSizeMb(service.image).toFixed(1)} MB, first build in this run ${result.seconds.toFixed(1)} s (cache mounts and layers may be warm)`);
    }
    builtImages = built.map(([, s]) => s.image);
    published = Number(Object.values(file.services).flatMap((s) => s.ports ?? [])[0].split(':')[1]);
  }, 1_500_000);

  afterAll(() => {
    if (up) run(COMPOSE, ['-p', project, 'down', '-v'], { cwd: dir });
    for (const image of builtImages) docker(['rmi', image]);
  }, 120_000);

  it('compose publishes one service, on 127.0.0.1 only', () => {
    const ports = Object.values(file.services).flatMap((s) => s.ports ?? []);
    expect(ports).toEqual([`127.0.0.1:${published}:${published}`]);
    expect(Object.keys(file.services)).toEqual(layout === 'separate' ? ['web', 'app', 'db'] : ['app', 'db']);
  });

  it('docker-compose up (no build) starts the app once the database is healthy; the page and /api answer on 127.0.0.1', async () => {
    if (!(await portFree(published))) throw new Error(`127.0.0.1:${published} is in use: stop what listens there (compose.yaml publishes the app on it)`);
    const started = Date.now();
    up = true;
    compose(dir, project, ['up', '-d', '--no-build']);
    const books = await waitForText(`http://127.0.0.1:${published}${threeTier.e2e!.httpPath}`, threeTier.e2e!.expect);
    console.log(`${label}: up to first answer ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(JSON.parse(books)).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Kindred' })]));

    const page = await waitForText(`http://127.0.0.1:${published}/`, 'Bookshelf');
    expect(page).toMatch(/<div id="root">/);
    // The React bundle the page loads comes from the same origin.
    const script = /<script type="module"[^>]* src="([^"]+)"/.exec(page)![1];
    const response = await fetch(`http://127.0.0.1:${published}${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toMatch(/\/api\/books/);
  }, 300_000);

  it('reads from the database: a row inserted into MySQL appears in /api/books', async () => {
    const root = envValue(dir, 'MYSQL_ROOT_PASSWORD');
    compose(dir, project, ['exec', '-T', 'db', 'mysql', '-uroot', `-p${root}`, 'bookshelf', '-e', "INSERT INTO books (title, author) VALUES ('Parable of the Sower', 'Octavia E. Butler')"]);
    await waitForText(`http://127.0.0.1:${published}/api/books`, 'Parable of the Sower', 10_000);
  }, 60_000);

  it('the app (and web) containers run as 65532, from images without a shell', () => {
    for (const service of Object.keys(file.services).filter((name) => name !== 'db')) {
      const id = compose(dir, project, ['ps', '-q', service]).trim();
      expect(id).not.toBe('');
      const uids = processUids(id);
      expect(uids.length).toBeGreaterThan(0);
      expect(new Set(uids)).toEqual(new Set(['65532']));
      const image = file.services[service].image;
      expect(dockerOk(['image', 'inspect', '-f', '{{.Config.User}}', image]).trim()).toBe('65532:65532');
      expect(shellsIn(imageFiles(image))).toEqual([]);
    }
  }, 120_000);

  it(`the app image stays under ${budgetMb} MB`, () => {
    expect(imageSizeMb(file.services.app.image)).toBeLessThan(budgetMb);
  });

  it('a back-end source edit rebuilds the jar but reuses the npm install, the React build and the Maven dependency step', () => {
    const app = file.services.app;
    const target = (app.build as { target?: string }).target;
    appendFileSync(path.join(dir, threeTier.e2e!.touch), `\n// edited by the e2e test at ${Date.now()} ${Math.random()}\n`);
    const rebuild = build(dir, app.image, target ? ['--target', target] : []);
    console.log(`${label}: warm rebuild after a one-line change ${rebuild.seconds.toFixed(1)} s`);
    const cached = (pattern: RegExp) => stepIds(rebuild.log, pattern).map((id) => stepWasCached(rebuild.log, id));
    expect(cached(/--fail-never/)).toEqual([true]);
    expect(cached(/^COPY service\/ \.\/$/)).toEqual([false]);
    if (layout === 'same-origin') {
      expect(cached(/npm ci/)).toEqual([true]);
      expect(cached(/npm run build/)).toEqual([true]);
    }
  }, 900_000);

  it('docker-compose down -v removes the containers, the network and the database volume', () => {
    compose(dir, project, ['down', '-v']);
    up = false;
    expect(composeLeftovers(project)).toEqual({ containers: '', volumes: '', networks: '' });
  }, 120_000);
});
