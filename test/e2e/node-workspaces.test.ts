import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, docker, dockerOk, e2eDescribe, generateWithStandins, httpGet, imageFiles, imageSizeMb, processUids, shellsIn } from './support/docker.js';

/**
 * npm workspaces: each service is generated from the workspace root with --workspace, built with the
 * root as its context, run, and checked for what it ships: its own folder, the workspace packages it
 * uses and production dependencies, nothing else.
 */
const members = [
  { dir: 'packages/api', httpPath: '/?name=docker', expect: 'hello, docker from the notes api', budgetMb: 170 },
  { dir: 'packages/web', httpPath: '/some/route', expect: 'notes web ready', budgetMb: 60 },
];
const suite = e2eDescribe();

suite.each(members)('e2e node-workspaces $dir', ({ dir: member, httpPath, expect: text, budgetMb }) => {
  const tag = `multistage-e2e/node-workspaces-${path.basename(member)}:test`;
  let root: string;
  let seconds: number;
  const containers: string[] = [];

  beforeAll(() => {
    ({ dir: root } = generateWithStandins('node-workspaces', { workspace: member }));
    ({ seconds } = build(root, tag));
  }, 1_200_000);

  afterAll(() => {
    for (const id of containers) docker(['rm', '-f', id]);
  });

  it('answers over HTTP as uid 65532', async () => {
    const exposed = dockerOk(['image', 'inspect', '-f', '{{range $p, $c := .Config.ExposedPorts}}{{$p}}{{end}}', tag]).trim();
    const id = dockerOk(['run', '-d', '-p', `127.0.0.1::${exposed.split('/')[0]}`, tag]).trim();
    containers.push(id);
    const hostPort = dockerOk(['port', id, exposed]).trim().split('\n')[0].split(':').pop();
    expect(await httpGet(`http://127.0.0.1:${hostPort}${httpPath}`)).toContain(text);
    const uids = processUids(id);
    expect(new Set(uids)).toEqual(new Set(['65532']));
    expect(dockerOk(['image', 'inspect', '-f', '{{.Config.User}}', tag]).trim()).toBe('65532:65532');
  }, 120_000);

  it('ships no devDependency, no other member and no shell', () => {
    const files = new Set(imageFiles(tag));
    const devDependencies = ['packages/api', 'packages/web'].flatMap((m) => Object.keys(JSON.parse(readFileSync(path.join(root, m, 'package.json'), 'utf8')).devDependencies ?? {}));
    expect(devDependencies.length).toBeGreaterThan(0);
    expect(devDependencies.filter((name) => files.has(`app/node_modules/${name}`) || files.has(`app/${member}/node_modules/${name}`))).toEqual([]);
    for (const other of ['packages/api', 'packages/web'].filter((m) => m !== member)) expect(files.has(`app/${other}`)).toBe(false);
    expect(shellsIn(files)).toEqual([]);
    if (member === 'packages/api') {
      // Its own dependency, and the workspace library it imports (a link into packages/shared, which ships too).
      expect(files.has('app/node_modules/ms')).toBe(true);
      expect(files.has('app/node_modules/@notes/shared')).toBe(true);
      expect(files.has('app/packages/shared/index.js')).toBe(true);
    } else {
      // The single-page member is Caddy on distroless static with the built files in /srv: no Node at all.
      expect(files.has('srv/index.html')).toBe(true);
      expect(files.has('usr/bin/caddy')).toBe(true);
      expect([...files].some((file) => file.startsWith('app/') || file.startsWith('nodejs/'))).toBe(false);
    }
  });

  it(`stays under ${budgetMb} MB`, () => {
    const size = imageSizeMb(tag);
    console.log(`node-workspaces ${member}: final image ${size.toFixed(1)} MB, cold build ${seconds.toFixed(1)} s`);
    expect(size).toBeLessThan(budgetMb);
  });
});
