import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/fixtures.js';
import { mavenRepositoryRoot, type LocalServer } from './package-index.js';

/** Ports of the private registries the build-secret fixtures name (their .npmrc, requirements.txt, pom.xml). */
export const PRIVATE_NPM_PORT = 38090;
export const PRIVATE_PYPI_PORT = 38091;
export const PRIVATE_MAVEN_PORT = 38092;

const HERE = path.join(repoRoot, 'test', 'e2e', 'support', 'private-registry');

/**
 * Serves `root` on 127.0.0.1:`port` to requests that carry `user`/`secret` (basic auth) or the
 * secret as a bearer token, and to nothing else: what a company's registry does.
 */
export async function serveWithCredentials(root: string, port: number, user: string, secret: string): Promise<LocalServer> {
  const url = `http://127.0.0.1:${port}/`;
  const server = spawn(process.execPath, [path.join(HERE, 'serve.mjs'), root, String(port), user, secret], { stdio: 'ignore' });
  const authorization = `Bearer ${secret}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(1000) });
      if (response.status !== 401 || (await fetch(url).then((plain) => plain.status)) === 401) return { url, stop: () => server.kill() };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error(`the private registry did not answer on ${url}`);
}

/**
 * An npm registry holding one scoped package, @acme/greeting 1.0.0 (its source is in npm-src/; the
 * tarball is `npm pack` of it, which the fixture's lockfile pins by integrity).
 */
export async function servePrivateNpm(token: string): Promise<LocalServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ms-private-npm-'));
  const base = `http://127.0.0.1:${PRIVATE_NPM_PORT}`;
  mkdirSync(path.join(root, '@acme', 'greeting', '-'), { recursive: true });
  copyFileSync(path.join(HERE, 'npm-src', 'acme-greeting-1.0.0.tgz'), path.join(root, '@acme', 'greeting', '-', 'greeting-1.0.0.tgz'));
  const packument = {
    name: '@acme/greeting',
    'dist-tags': { latest: '1.0.0' },
    versions: {
      '1.0.0': {
        name: '@acme/greeting',
        version: '1.0.0',
        main: 'index.js',
        license: 'MIT',
        dist: {
          tarball: `${base}/@acme/greeting/-/greeting-1.0.0.tgz`,
          integrity: 'sha512-KfyPoq6W6xL2aXk+QdNEeaQn18Cjv50FBh89+8WnokD16eZh3GbQEMWiuCWnrzpkgP1zyxfYLGuHclsz5mzppw==',
        },
      },
    },
  };
  writeFileSync(path.join(root, '@acme', 'greeting', 'index.json'), JSON.stringify(packument));
  return serveWithCredentials(root, PRIVATE_NPM_PORT, 'npm', token);
}

/** The machine's PEP 503 index (/opt/pypi, as the public mirror serves it) behind basic auth, user "ci". */
export async function servePrivatePypi(password: string, root = process.env.PYPI_ROOT ?? '/opt/pypi'): Promise<LocalServer> {
  if (!existsSync(`${root}/simple`)) throw new Error(`no PEP 503 index at ${root}/simple (set PYPI_ROOT)`);
  return serveWithCredentials(root, PRIVATE_PYPI_PORT, 'ci', password);
}

/** The artifact only the private Maven repository has: the fixture's parent pom, which sets acme.greeting. */
export const ACME_PARENT = { group: 'com/example/acme', artifact: 'acme-parent', version: '1.0.0', greeting: 'ledger: built through the private mirror' };

/** The machine's Maven repositories (as the public mirror serves them) plus ACME_PARENT, behind basic auth, user "ci". */
export async function servePrivateMaven(password: string): Promise<LocalServer> {
  const root = mavenRepositoryRoot();
  const folder = path.join(root, 'maven2', ACME_PARENT.group, ACME_PARENT.artifact, ACME_PARENT.version);
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, `${ACME_PARENT.artifact}-${ACME_PARENT.version}.pom`),
    [
      '<project xmlns="http://maven.apache.org/POM/4.0.0">',
      '  <modelVersion>4.0.0</modelVersion>',
      `  <groupId>${ACME_PARENT.group.replace(/\//g, '.')}</groupId>`,
      `  <artifactId>${ACME_PARENT.artifact}</artifactId>`,
      `  <version>${ACME_PARENT.version}</version>`,
      '  <packaging>pom</packaging>',
      `  <properties><acme.greeting>${ACME_PARENT.greeting}</acme.greeting></properties>`,
      '</project>',
      '',
    ].join('\n'),
  );
  return serveWithCredentials(root, PRIVATE_MAVEN_PORT, 'ci', password);
}
