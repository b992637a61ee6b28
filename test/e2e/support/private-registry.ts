import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/fixtures.js';
import { mavenRepositoryRoot, type LocalServer } from './package-index.js';

/** Ports of the private registries the build-secret fixtures name (their .npmrc, requirements.txt, pom.xml, Makefile). */
export const PRIVATE_NPM_PORT = 38090;
export const PRIVATE_PYPI_PORT = 38091;
export const PRIVATE_MAVEN_PORT = 38092;
export const PRIVATE_GOPROXY_PORT = 38093;

const HERE = path.join(repoRoot, 'test', 'e2e', 'support', 'private-registry');

/** A certificate for 127.0.0.1 that only the test trusts (it is its own CA): PEM files and the PEM text. */
export interface TestCertificate {
  cert: string;
  key: string;
  pem: string;
}

/** A throwaway self-signed certificate for https://127.0.0.1, made with openssl. */
export function testCertificate(): TestCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ms-tls-'));
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

/** The status of a GET over HTTPS that trusts `ca`, or null when nothing answers yet. */
function secureStatus(url: string, ca: string, authorization?: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(url, { ca, headers: authorization ? { authorization } : {}, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Serves `root` on 127.0.0.1:`port` to requests that carry `user`/`secret` (basic auth) or the
 * secret as a bearer token, and to nothing else: what a company's registry does. With `tls`, over HTTPS.
 */
export async function serveWithCredentials(root: string, port: number, user: string, secret: string, tls?: TestCertificate): Promise<LocalServer> {
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`;
  const server = spawn(process.execPath, [path.join(HERE, 'serve.mjs'), root, String(port), user, secret, ...(tls ? [tls.cert, tls.key] : [])], { stdio: 'ignore' });
  const authorization = `Bearer ${secret}`;
  const status = async (auth?: string): Promise<number | null> => {
    if (tls) return secureStatus(url, tls.pem, auth);
    try {
      return (await fetch(url, { headers: auth ? { authorization: auth } : {}, signal: AbortSignal.timeout(1000) })).status;
    } catch {
      return null;
    }
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    const authorized = await status(authorization);
    if (authorized !== null && (authorized !== 401 || (await status()) === 401)) return { url, stop: () => server.kill() };
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

/** The module only the private Go proxy has: its source is in go-src/greeting, the fixture's go.sum pins its zip. */
export const ACME_GO_MODULE = { path: 'acme.example/greeting', version: 'v1.0.0', greeting: 'from the private module proxy' };

/**
 * A Go module proxy (the GOPROXY protocol: <module>/@v/list, <version>.info, .mod, .zip) serving
 * ACME_GO_MODULE over HTTPS behind basic auth, user "ci" (Go sends a netrc login over HTTPS only). The
 * zip is go-src/acme-greeting-v1.0.0.zip, laid out as Go's module zips are (every file under
 * acme.example/greeting@v1.0.0/).
 */
export async function servePrivateGoProxy(password: string, tls: TestCertificate): Promise<LocalServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ms-private-goproxy-'));
  const versions = path.join(root, ...ACME_GO_MODULE.path.split('/'), '@v');
  const { version } = ACME_GO_MODULE;
  mkdirSync(versions, { recursive: true });
  writeFileSync(path.join(versions, 'list'), `${version}\n`);
  writeFileSync(path.join(versions, `${version}.info`), JSON.stringify({ Version: version, Time: '2026-01-01T00:00:00Z' }));
  copyFileSync(path.join(HERE, 'go-src', 'greeting', 'go.mod'), path.join(versions, `${version}.mod`));
  copyFileSync(path.join(HERE, 'go-src', 'acme-greeting-v1.0.0.zip'), path.join(versions, `${version}.zip`));
  return serveWithCredentials(root, PRIVATE_GOPROXY_PORT, 'ci', password, tls);
}
