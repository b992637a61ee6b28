import { readFileSync } from 'node:fs';
import path from 'node:path';
import { docker, DOCKER, dockerOk, e2eDescribe, generateWithStandins, httpGet, run } from './support/docker.js';
import type { LocalServer } from './support/package-index.js';
import { servePrivateNpm } from './support/private-registry.js';

/**
 * Private registries through build secrets, per stack: a registry on 127.0.0.1 that refuses requests
 * without the credential, a fixture whose install needs it, and the generated Dockerfile built with
 * and without the secret. The credential must reach the install and nothing else: not the exported
 * filesystem of the final image, not its history, not its config.
 */
const suite = e2eDescribe();

/** Times the token's text occurs in the final image: its files, its `docker history --no-trunc`, its config. */
function tokenOccurrences(tag: string, token: string): { files: number; history: number; config: number } {
  const count = (text: string) => text.split(token).length - 1;
  const id = dockerOk(['create', tag]).trim();
  try {
    // grep -a -o prints every occurrence in the tar stream, in file names and contents alike.
    const exported = run('bash', ['-c', `${DOCKER} export ${id} | { grep -a -o -F -e '${token}' || true; } | wc -l`]);
    if (exported.code !== 0) throw new Error(`docker export ${id} failed: ${exported.stderr}`);
    return { files: Number(exported.stdout.trim()), history: count(dockerOk(['history', '--no-trunc', tag])), config: count(dockerOk(['image', 'inspect', tag])) };
  } finally {
    docker(['rm', '-f', id]);
  }
}

function buildWith(dir: string, tag: string, flags: string[]) {
  const start = Date.now();
  const result = docker(['build', '--progress=plain', '--no-cache', '--network', 'host', ...flags, '-t', tag, dir], { timeoutMs: 900_000 });
  return { ...result, log: `${result.stdout}\n${result.stderr}`, seconds: (Date.now() - start) / 1000 };
}

async function answers(tag: string, port: number, urlPath: string): Promise<string> {
  const id = dockerOk(['run', '-d', '-p', `127.0.0.1::${port}`, tag]).trim();
  try {
    const hostPort = dockerOk(['port', id, `${port}/tcp`]).trim().split('\n')[0].split(':').pop();
    return await httpGet(`http://127.0.0.1:${hostPort}${urlPath}`);
  } finally {
    docker(['rm', '-f', id]);
  }
}

suite('build secrets: Node, a private npm registry that needs a token', () => {
  const tag = 'multistage-e2e/node-private-registry:test';
  let registry: LocalServer;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    ({ dir } = generateWithStandins('node-private-registry'));
    // The fixture's .npmrc holds the token, as a careless project's would: the registry accepts exactly it.
    token = /_authToken=(\S+)/.exec(readFileSync(path.join(dir, '.npmrc'), 'utf8'))![1];
    registry = await servePrivateNpm(token);
  }, 1_200_000);
  afterAll(() => registry?.stop());

  it('fails without the secret, naming it', () => {
    const built = buildWith(dir, `${tag}-nosecret`, []);
    console.log(`node-private-registry: build without the secret exited ${built.code} after ${built.seconds.toFixed(1)} s`);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/secret npmrc not found/);
  }, 900_000);

  it('builds with the secret, and the token is nowhere in the image', async () => {
    const built = buildWith(dir, tag, ['--secret', `id=npmrc,src=${path.join(dir, '.npmrc')}`]);
    if (built.code !== 0) throw new Error(built.log.slice(-6000));
    console.log(`node-private-registry: build with the secret ${built.seconds.toFixed(1)} s`);
    expect(await answers(tag, 3000, '/?name=docker')).toContain('hello docker, from the private registry');
    const found = tokenOccurrences(tag, token);
    console.log(`node-private-registry: token occurrences in the final image: files ${found.files}, history ${found.history}, config ${found.config}`);
    expect(found).toEqual({ files: 0, history: 0, config: 0 });
  }, 900_000);
});
