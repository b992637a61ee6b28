import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseImages, docker, DOCKER, dockerOk, e2eDescribe, generateWithStandins, httpGet, run } from './support/docker.js';
import type { LocalServer } from './support/package-index.js';
import { ACME_GO_MODULE, ACME_PARENT, servePrivateGoProxy, servePrivateMaven, servePrivateNpm, servePrivatePypi, testCertificate } from './support/private-registry.js';

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

/** The same count on an image built to leak the token, so a count of 0 above means something. */
function leakyCopyCounts(tag: string, token: string): { files: number; history: number; config: number } {
  const context = mkdtempSync(path.join(os.tmpdir(), 'ms-leak-'));
  writeFileSync(path.join(context, 'leak'), `token=${token}\n`);
  writeFileSync(path.join(context, 'Dockerfile'), `FROM ${tag} AS runtime\nCOPY leak /leak\nENV LEAK=${token}\n`);
  dockerOk(['build', '-q', '-t', `${tag}-leaky`, context]);
  try {
    return tokenOccurrences(`${tag}-leaky`, token);
  } finally {
    docker(['rmi', '-f', `${tag}-leaky`]);
  }
}

function buildWith(dir: string, tag: string, flags: string[], env: Record<string, string> = {}) {
  const start = Date.now();
  const result = run(DOCKER, ['build', '--progress=plain', '--no-cache', '--network', 'host', ...flags, '-t', tag, dir], { timeoutMs: 900_000, env });
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

  it('fails with a wrong token: the registry is asked, and refuses', () => {
    const wrong = path.join(mkdtempSync(path.join(os.tmpdir(), 'ms-wrong-')), '.npmrc');
    writeFileSync(wrong, readFileSync(path.join(dir, '.npmrc'), 'utf8').replace(token, 'not-the-token'));
    const built = buildWith(dir, `${tag}-wrong`, ['--secret', `id=npmrc,src=${wrong}`]);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/npm error code E401/);
  }, 900_000);

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
    const leaked = leakyCopyCounts(tag, token);
    expect(Math.min(leaked.files, leaked.history, leaked.config)).toBeGreaterThan(0);
  }, 900_000);
});

suite('build secrets: Python, a package index behind basic auth', () => {
  const tag = 'multistage-e2e/python-private-index:test';
  // Made up per run: the fixture names only the variable, the build host supplies the value.
  const token = `e2e-pypi-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  let index: LocalServer;
  let dir: string;

  beforeAll(async () => {
    ({ dir } = generateWithStandins('python-private-index'));
    index = await servePrivatePypi(token);
  }, 1_200_000);
  afterAll(() => index?.stop());

  it('fails with a wrong password: the index is asked, and refuses', () => {
    const built = buildWith(dir, `${tag}-wrong`, ['--secret', 'id=PRIVATE_INDEX_TOKEN,env=PRIVATE_INDEX_TOKEN'], { PRIVATE_INDEX_TOKEN: 'not-the-password' });
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/401 Error, Credentials not correct for http:\/\/127\.0\.0\.1:38091\//);
  }, 900_000);

  it('fails without the secret, naming it', () => {
    const built = buildWith(dir, `${tag}-nosecret`, []);
    console.log(`python-private-index: build without the secret exited ${built.code} after ${built.seconds.toFixed(1)} s`);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/secret PRIVATE_INDEX_TOKEN not found/);
  }, 900_000);

  it('builds with the secret, and the password is nowhere in the image', async () => {
    const built = buildWith(dir, tag, ['--secret', 'id=PRIVATE_INDEX_TOKEN,env=PRIVATE_INDEX_TOKEN'], { PRIVATE_INDEX_TOKEN: token });
    if (built.code !== 0) throw new Error(built.log.slice(-6000));
    console.log(`python-private-index: build with the secret ${built.seconds.toFixed(1)} s`);
    expect(await answers(tag, 8000, '/')).toContain('ledger: installed from the private index');
    const found = tokenOccurrences(tag, token);
    console.log(`python-private-index: password occurrences in the final image: files ${found.files}, history ${found.history}, config ${found.config}`);
    expect(found).toEqual({ files: 0, history: 0, config: 0 });
    const leaked = leakyCopyCounts(tag, token);
    expect(Math.min(leaked.files, leaked.history, leaked.config)).toBeGreaterThan(0);
  }, 900_000);
});

suite('build secrets: Maven, a mirror behind basic auth', () => {
  const tag = 'multistage-e2e/java-private-mirror:test';
  let mirror: LocalServer;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    ({ dir } = generateWithStandins('java-private-mirror'));
    // The fixture's settings.xml holds the mirror's login, as a project's often does.
    token = /<password>([^<]+)<\/password>/.exec(readFileSync(path.join(dir, 'settings.xml'), 'utf8'))![1];
    mirror = await servePrivateMaven(token);
  }, 1_200_000);
  afterAll(() => mirror?.stop());

  /**
   * The ~/.m2 cache mount is shared by every build on the engine: a jar fetched by an earlier run would
   * be taken from it without asking the mirror. Only this fixture's private parent is removed.
   */
  function forgetPrivateArtifact() {
    const context = mkdtempSync(path.join(os.tmpdir(), 'ms-m2-forget-'));
    const builder = baseImages(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).find((image) => image.startsWith('maven:'))!;
    writeFileSync(path.join(context, 'Dockerfile'), `FROM ${builder} AS forget\nRUN --mount=type=cache,target=/root/.m2 rm -rf /root/.m2/repository/${ACME_PARENT.group} && echo forgotten-${Date.now()}\n`);
    dockerOk(['build', '-q', '--no-cache', context]);
  }

  it('fails with a wrong login: the mirror is asked, and refuses', () => {
    forgetPrivateArtifact();
    const wrong = path.join(mkdtempSync(path.join(os.tmpdir(), 'ms-wrong-')), 'settings.xml');
    writeFileSync(wrong, readFileSync(path.join(dir, 'settings.xml'), 'utf8').replace(token, 'not-the-password'));
    const built = buildWith(dir, `${tag}-wrong`, ['--secret', `id=maven-settings,src=${wrong}`]);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/127\.0\.0\.1:38092\/maven2\/\S+, status: 401 Unauthorized/);
  }, 900_000);

  it('fails without the secret, naming it', () => {
    const built = buildWith(dir, `${tag}-nosecret`, []);
    console.log(`java-private-mirror: build without the secret exited ${built.code} after ${built.seconds.toFixed(1)} s`);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/secret maven-settings not found/);
  }, 900_000);

  it('builds with the secret, and the password is nowhere in the image', async () => {
    forgetPrivateArtifact();
    const built = buildWith(dir, tag, ['--secret', `id=maven-settings,src=${path.join(dir, 'settings.xml')}`]);
    if (built.code !== 0) throw new Error(built.log.slice(-6000));
    console.log(`java-private-mirror: build with the secret ${built.seconds.toFixed(1)} s`);
    // Only the private repository has the parent that holds this text (and the cache was made to forget it).
    expect(await answers(tag, 8080, '/')).toContain(ACME_PARENT.greeting);
    const found = tokenOccurrences(tag, token);
    console.log(`java-private-mirror: password occurrences in the final image: files ${found.files}, history ${found.history}, config ${found.config}`);
    expect(found).toEqual({ files: 0, history: 0, config: 0 });
    const leaked = leakyCopyCounts(tag, token);
    expect(Math.min(leaked.files, leaked.history, leaked.config)).toBeGreaterThan(0);
  }, 900_000);
});

suite('build secrets: Go, a module proxy behind basic auth', () => {
  const tag = 'multistage-e2e/go-private-module:test';
  // Made up per run: the fixture's Makefile names only the proxy, the build host's netrc holds the login.
  const token = `e2e-goproxy-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  let proxy: LocalServer;
  let dir: string;
  let builderFlags: string[];
  let trustingTag: string | undefined;

  beforeAll(async () => {
    ({ dir } = generateWithStandins('go-private-module'));
    const tls = testCertificate();
    proxy = await servePrivateGoProxy(token, tls);
    builderFlags = trustingBuilder(tls.pem);
  }, 1_200_000);
  afterAll(() => {
    proxy?.stop();
    if (trustingTag) docker(['rmi', '-f', trustingTag]);
  });

  /**
   * Go sends a netrc login over HTTPS only, and a company's proxy has a certificate its builders trust.
   * Here the proxy's certificate is the test's own: the builder the Dockerfile names, plus that
   * certificate, under another tag chosen through the Dockerfile's GO_VERSION argument (unchanged file).
   */
  function trustingBuilder(pem: string): string[] {
    const version = /^ARG GO_VERSION=(\S+)$/m.exec(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'))![1];
    const context = mkdtempSync(path.join(os.tmpdir(), 'ms-go-ca-'));
    writeFileSync(path.join(context, 'proxy.pem'), pem);
    writeFileSync(path.join(context, 'Dockerfile'), `FROM golang:${version}\nCOPY proxy.pem /tmp/proxy.pem\nRUN cat /tmp/proxy.pem >> /etc/ssl/certs/ca-certificates.crt && rm /tmp/proxy.pem\n`);
    trustingTag = `golang:${version}-e2e-ca`;
    dockerOk(['build', '-q', '-t', trustingTag, context]);
    return ['--build-arg', `GO_VERSION=${version}-e2e-ca`];
  }

  function netrc(password: string): string {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ms-netrc-')), 'netrc');
    // Go looks the machine up with the port (host:port), as the proxy's URL has it.
    writeFileSync(file, `machine 127.0.0.1:38093 login ci password ${password}\n`);
    return file;
  }

  /**
   * The /go/pkg/mod cache mount is shared by every build on the engine: a module downloaded by an
   * earlier run would be taken from it without asking the proxy. Only this fixture's private module is removed.
   */
  function forgetPrivateModule() {
    const context = mkdtempSync(path.join(os.tmpdir(), 'ms-gomod-forget-'));
    const builder = baseImages(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).find((image) => image.startsWith('golang:'))!;
    const [host] = ACME_GO_MODULE.path.split('/');
    // Extracted modules are read-only: make them writable before removing them.
    const forget = `chmod -R u+w /go/pkg/mod/${host} 2>/dev/null; rm -rf /go/pkg/mod/${host} /go/pkg/mod/cache/download/${host}`;
    writeFileSync(path.join(context, 'Dockerfile'), `FROM ${builder} AS forget\nRUN --mount=type=cache,target=/go/pkg/mod ${forget}; echo forgotten-${Date.now()}\n`);
    dockerOk(['build', '-q', '--no-cache', context]);
  }

  it('fails with a wrong password: the proxy is asked, and refuses', () => {
    forgetPrivateModule();
    const built = buildWith(dir, `${tag}-wrong`, [...builderFlags, '--secret', `id=netrc,src=${netrc('not-the-password')}`]);
    console.log(`go-private-module: build with a wrong password exited ${built.code} after ${built.seconds.toFixed(1)} s`);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/https:\/\/127\.0\.0\.1:38093\/acme\.example\/greeting\/@v\/v1\.0\.0\.(mod|zip|info)\S*: 401 Unauthorized/);
  }, 900_000);

  it('fails without the secret, naming it', () => {
    const built = buildWith(dir, `${tag}-nosecret`, builderFlags);
    console.log(`go-private-module: build without the secret exited ${built.code} after ${built.seconds.toFixed(1)} s`);
    expect(built.code).not.toBe(0);
    expect(built.log).toMatch(/secret netrc not found/);
  }, 900_000);

  it('builds with the secret, and the password is nowhere in the image', async () => {
    forgetPrivateModule();
    const built = buildWith(dir, tag, [...builderFlags, '--secret', `id=netrc,src=${netrc(token)}`]);
    if (built.code !== 0) throw new Error(built.log.slice(-6000));
    console.log(`go-private-module: build with the secret ${built.seconds.toFixed(1)} s`);
    // Only the private proxy has the module that says this (and the cache was made to forget it).
    expect(await answers(tag, 8080, '/?name=docker')).toContain(`hello docker, ${ACME_GO_MODULE.greeting}`);
    const found = tokenOccurrences(tag, token);
    console.log(`go-private-module: password occurrences in the final image: files ${found.files}, history ${found.history}, config ${found.config}`);
    expect(found).toEqual({ files: 0, history: 0, config: 0 });
    const leaked = leakyCopyCounts(tag, token);
    expect(Math.min(leaked.files, leaked.history, leaked.config)).toBeGreaterThan(0);
  }, 900_000);
});
