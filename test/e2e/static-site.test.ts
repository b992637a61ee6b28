import { cases } from '../cases.js';
import { build, docker, dockerOk, e2eDescribe, generateWithStandins, imageFiles, imageSizeMb, processUids, shellsIn } from './support/docker.js';

/**
 * Single-page apps on Caddy (templates/node/Caddyfile.ejs): the Node stack's Vite fixture and the
 * three-tier web image (--layout separate, --target web), run the strict way: read-only root
 * filesystem, every capability dropped, no new privileges. What a browser and `docker stop` see.
 * (The web image's /api forwarding runs against the real back end in three-tier.test.ts.)
 */
const vite = cases.find((c) => c.name === 'node-vite')!;
const threeTier = cases.find((c) => c.name === 'three-tier-plain')!;
const sites = [
  { name: 'node-vite', fixture: vite.fixture, flags: vite.flags, target: null, page: 'vite spa ready' },
  { name: 'three-tier-plain web', fixture: threeTier.fixture, flags: { ...threeTier.flags, layout: 'separate' }, target: 'web', page: 'Bookshelf' },
];
/** distroless static (about 2 MB) plus Caddy (about 40-50 MB) plus a small site; distroless Node alone is 153 MB. */
const BUDGET_MB = 60;
const suite = e2eDescribe();

suite.each(sites)('e2e static site: $name', ({ name, fixture, flags, target, page }) => {
  const tag = `multistage-e2e/static-${name.replace(/\W+/g, '-')}:test`;
  let container = '';
  let origin = '';

  beforeAll(async () => {
    const { dir } = generateWithStandins(fixture, flags);
    const result = build(dir, tag, target ? ['--target', target] : []);
    console.log(`${name}: image ${imageSizeMb(tag).toFixed(1)} MB (Caddy on distroless static), build ${result.seconds.toFixed(1)} s`);
    container = dockerOk(['run', '-d', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '-p', '127.0.0.1::8080', tag]).trim();
    origin = `http://127.0.0.1:${dockerOk(['port', container, '8080/tcp']).trim().split('\n')[0].split(':').pop()}`;
    // Caddy starts in well under a second; wait until it answers.
    for (let attempt = 0; ; attempt++) {
      try {
        await fetch(origin, { signal: AbortSignal.timeout(2000) });
        break;
      } catch (error) {
        if (attempt > 60) throw new Error(`${name} did not answer: ${String(error)}\n${docker(['logs', container]).stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }, 1_500_000);

  afterAll(() => {
    if (container) docker(['rm', '-f', container]);
    docker(['rmi', tag]);
  }, 60_000);

  it('/ is index.html, revalidated on every visit, with the security headers', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('server')).toBeNull();
    expect(await response.text()).toContain(page);
  });

  it('a deep client-side route gets index.html (SPA fallback)', async () => {
    const response = await fetch(`${origin}/books/42/edit`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain(page);
  });

  it('a hashed asset is cached for a year, compressed when the browser asks', async () => {
    const html = await (await fetch(`${origin}/`)).text();
    const script = /<script[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const response = await fetch(`${origin}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-encoding')).toMatch(/gzip|zstd/);
    expect((await response.text()).length).toBeGreaterThan(0);
  });

  it('a missing asset is a 404 (not index.html), and the 404 is not cached for a year', async () => {
    for (const missing of ['/assets/index-0000missing.js', '/assets/gone', '/logo-missing.png']) {
      const response = await fetch(`${origin}${missing}`);
      expect([missing, response.status]).toEqual([missing, 404]);
      expect(response.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
      expect(await response.text()).not.toContain(page);
    }
  });

  it('runs as 65532 from an image without a shell, and writes nothing on its read-only root', () => {
    expect(new Set(processUids(container))).toEqual(new Set(['65532']));
    expect(dockerOk(['image', 'inspect', '-f', '{{.Config.User}}', tag]).trim()).toBe('65532:65532');
    expect(shellsIn(imageFiles(tag))).toEqual([]);
    // Caddy logs JSON lines to stderr; a failed write (autosave, storage) would be an error line.
    const logs = docker(['logs', container]);
    expect(`${logs.stdout}${logs.stderr}`).not.toMatch(/"level":"error"/);
  });

  it(`stays under ${BUDGET_MB} MB`, () => {
    expect(imageSizeMb(tag)).toBeLessThan(BUDGET_MB);
  });

  it('stops gracefully on SIGTERM (docker stop), exit code 0, well before the kill', () => {
    const started = Date.now();
    dockerOk(['stop', container]);
    const seconds = (Date.now() - started) / 1000;
    console.log(`${name}: docker stop took ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(8);
    expect(dockerOk(['inspect', '-f', '{{.State.ExitCode}}', container]).trim()).toBe('0');
  }, 60_000);
});
