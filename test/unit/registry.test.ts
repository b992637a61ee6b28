import { createHash } from 'node:crypto';
import { parseChallenge, parseImageRef, readMirrors, RegistryResolver } from '../../generators/app/core/registry.js';
import { FakeRegistry, RECORDED, type Reply, type Seen } from '../support/fake-registry.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

describe('image references, read as Docker reads them', () => {
  it.each([
    ['golang:1.26', 'docker.io', 'library/golang', '1.26'],
    ['node:24-trixie-slim', 'docker.io', 'library/node', '24-trixie-slim'],
    ['bitnami/redis:7.4', 'docker.io', 'bitnami/redis', '7.4'],
    ['index.docker.io/library/python:3.13-slim-trixie', 'docker.io', 'library/python', '3.13-slim-trixie'],
    ['gcr.io/distroless/static-debian13:nonroot', 'gcr.io', 'distroless/static-debian13', 'nonroot'],
    ['localhost:5000/team/app:1', 'localhost:5000', 'team/app', '1'],
    ['localhost/app:2', 'localhost', 'app', '2'],
    ['debian', 'docker.io', 'library/debian', 'latest'],
  ])('%s', (text, registry, repository, tag) => {
    expect(parseImageRef(text)).toEqual({ text, registry, repository, tag });
  });
});

describe('MULTISTAGE_REGISTRY_MIRROR', () => {
  it('maps registry hosts to base URLs', () => {
    expect([...readMirrors('docker.io=http://127.0.0.1:5000, gcr.io=https://mirror.example/')]).toEqual([
      ['docker.io', 'http://127.0.0.1:5000'],
      ['gcr.io', 'https://mirror.example'],
    ]);
    expect(readMirrors(undefined).size).toBe(0);
  });

  it('refuses a value that is not HOST=URL, naming the variable', () => {
    expect(() => readMirrors('docker.io')).toThrow(/^MULTISTAGE_REGISTRY_MIRROR: "docker.io" is not HOST=URL\. Fix:/);
    expect(() => readMirrors('docker.io=127.0.0.1:5000')).toThrow(/is not HOST=URL/);
    expect(() => readMirrors('docker.io=http://127.0.0.1:5000/v2')).toThrow(/no path/);
  });
});

describe('WWW-Authenticate challenges', () => {
  it("reads Docker Hub's and gcr.io's bearer challenges", () => {
    const hub = parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/golang:pull"');
    expect(Object.fromEntries(hub!)).toEqual({ realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/golang:pull' });
    expect(parseChallenge('Bearer realm="https://gcr.io/v2/token",service="gcr.io"')!.get('scope')).toBeUndefined();
  });

  it('is not a bearer challenge without a realm, or for Basic', () => {
    expect(parseChallenge('Basic realm="basic-realm"')).toBeNull();
    expect(parseChallenge('Bearer service="x"')).toBeNull();
    expect(parseChallenge(null)).toBeNull();
  });
});

/** A registry that wants a bearer token, as Docker Hub and gcr.io do, and serves `tags` of library/golang. */
function tokenRegistry(tags: Record<string, Reply>, tokenReply: (seen: Seen) => Reply, options: { scope?: boolean } = {}) {
  const registry: FakeRegistry = new FakeRegistry((seen) => {
    if (seen.url.startsWith('/token')) return tokenReply(seen);
    if (seen.authorization !== 'Bearer anon-token') {
      const scope = options.scope === false ? '' : ',scope="repository:library/golang:pull"';
      return {
        status: 401,
        headers: { 'WWW-Authenticate': `Bearer realm="${registry.url}/token",service="registry.test"${scope}`, 'Content-Type': 'application/json' },
        body: '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
      };
    }
    const tag = /^\/v2\/library\/golang\/manifests\/(.+)$/.exec(seen.url)?.[1];
    return (tag && tags[decodeURIComponent(tag)]) || { status: 404, headers: { 'Content-Type': 'application/json' }, body: '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}' };
  });
  return registry;
}

const served = (entry: { body: Buffer; type: string; digest: string }, withDigest = true): Reply => ({
  status: 200,
  headers: { 'Content-Type': entry.type, ...(withDigest ? { 'Docker-Content-Digest': entry.digest } : {}) },
  body: entry.body,
});

describe('resolving a tag to its digest', () => {
  let registry: FakeRegistry | null = null;
  afterEach(async () => {
    await registry?.stop();
    registry = null;
  });
  const resolverFor = (server: FakeRegistry) => new RegistryResolver({ mirrors: new Map([['docker.io', server.url]]) });

  it('follows the anonymous bearer-token flow, asking for the index and list types, and reuses the token', async () => {
    registry = await tokenRegistry({ '1.26': served(RECORDED.list), '1.27': served(RECORDED.list) }, () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"token":"anon-token","access_token":"anon-token","expires_in":300,"issued_at":"2026-11-26T02:00:00Z"}',
    })).start();
    const resolver = resolverFor(registry);
    expect(await resolver.resolve('golang:1.26')).toEqual({ digest: RECORDED.list.digest, mediaType: RECORDED.list.type, index: true });
    await resolver.resolve('golang:1.27');
    expect(registry.seen.map((seen) => `${seen.method} ${seen.url} ${seen.authorization ?? '-'}`)).toEqual([
      'HEAD /v2/library/golang/manifests/1.26 -',
      'GET /token?service=registry.test&scope=repository%3Alibrary%2Fgolang%3Apull -',
      'HEAD /v2/library/golang/manifests/1.26 Bearer anon-token',
      'HEAD /v2/library/golang/manifests/1.27 -',
      'HEAD /v2/library/golang/manifests/1.27 Bearer anon-token',
    ]);
    const accept = registry.seen[0].accept!.split(/,\s*/);
    expect(accept).toEqual(expect.arrayContaining([OCI_INDEX, 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json']));
  });

  it('takes an OAuth-style access_token, and asks for pull scope on the repository when the challenge names none', async () => {
    registry = await tokenRegistry({ '1.26': served(RECORDED.manifest) }, () => ({ status: 200, body: '{"access_token":"anon-token"}' }), { scope: false }).start();
    expect(await resolverFor(registry).resolve('golang:1.26')).toEqual({ digest: RECORDED.manifest.digest, mediaType: RECORDED.manifest.type, index: false });
    expect(registry.seen[1].url).toBe('/token?service=registry.test&scope=repository%3Alibrary%2Fgolang%3Apull');
  });

  it('without a Docker-Content-Digest header, the digest is the sha256 of the manifest bytes', async () => {
    registry = await new FakeRegistry(() => served(RECORDED.list, false)).start();
    expect(await resolverFor(registry).resolve('golang:1.26')).toEqual({ digest: RECORDED.list.digest, mediaType: RECORDED.list.type, index: true });
    expect(registry.seen.map((seen) => seen.method)).toEqual(['HEAD', 'GET']);
  });

  it('an OCI index served as plain JSON is known by its body', async () => {
    const body = JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'1'.repeat(64)}`, size: 100, platform: { architecture: 'arm64', os: 'linux' } }] });
    registry = await new FakeRegistry(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body })).start();
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    expect(await resolverFor(registry).resolve('golang:1.26')).toEqual({ digest, mediaType: OCI_INDEX, index: true });
  });

  it('refuses a schema 1 manifest, naming the image', async () => {
    registry = await new FakeRegistry(() => ({ status: 200, headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' }, body: '{"schemaVersion":1}' })).start();
    await expect(resolverFor(registry).resolve('golang:1.10')).rejects.toThrow(/^--pin: cannot pin golang:1\.10: the registry answered with application\/vnd\.docker\.distribution\.manifest\.v1\+prettyjws, not an image index/);
  });

  it('refuses bytes that do not hash to the digest the registry states', async () => {
    registry = await new FakeRegistry((seen) => ({ ...served(RECORDED.manifest), headers: { 'Content-Type': RECORDED.manifest.type, ...(seen.method === 'GET' ? { 'Docker-Content-Digest': RECORDED.list.digest } : {}) } })).start();
    await expect(resolverFor(registry).resolve('golang:1.26')).rejects.toThrow(/says its manifest is sha256:ef05.* but its bytes hash to sha256:113c/);
  });

  it('an unknown tag is an error naming the image and the tag', async () => {
    registry = await tokenRegistry({}, () => ({ status: 200, body: '{"token":"anon-token"}' })).start();
    await expect(resolverFor(registry).resolve('golang:9.99')).rejects.toThrow(`--pin: cannot pin golang:9.99: no tag "9.99" of library/golang at ${new URL(registry.url).host}. Fix: use a tag that exists`);
  });

  it('a registry that wants credentials, or refuses the anonymous token, is named with the fix', async () => {
    registry = await new FakeRegistry(() => ({ status: 401, headers: { 'WWW-Authenticate': 'Basic realm="basic-realm"' } })).start();
    await expect(resolverFor(registry).resolve('golang:1.26')).rejects.toThrow(/cannot pin golang:1\.26: .* wants credentials \(Basic realm="basic-realm"\); --pin reads public images anonymously only/);
    await registry.stop();
    registry = await tokenRegistry({}, () => ({ status: 200, body: '{"token":"not-enough"}' })).start();
    await expect(resolverFor(registry).resolve('golang:1.26')).rejects.toThrow(/refused the anonymous token for library\/golang: a private image, or no such image\?/);
  });

  it('a rate limit says so', async () => {
    registry = await new FakeRegistry(() => ({ status: 429, body: 'toomanyrequests' })).start();
    await expect(resolverFor(registry).resolve('golang:1.26')).rejects.toThrow(/answered 429 Too Many Requests \(rate limit: try again later\)/);
  });

  it('no network: names the image, the registry and the mirror variable', async () => {
    registry = await new FakeRegistry(() => ({ status: 200 })).start();
    const closed = registry.url;
    await registry.stop();
    registry = null;
    const resolver = new RegistryResolver({ mirrors: new Map([['gcr.io', closed]]) });
    await expect(resolver.resolve('gcr.io/distroless/static-debian13:nonroot')).rejects.toThrow(
      new RegExp(`^--pin: cannot pin gcr\\.io/distroless/static-debian13:nonroot: cannot reach ${closed.replace(/\./g, '\\.')} \\(ECONNREFUSED\\).*MULTISTAGE_REGISTRY_MIRROR`),
    );
  });

  it('without a mirror, Docker Hub images go to registry-1.docker.io and others to their host', () => {
    const resolver = new RegistryResolver();
    expect(resolver.baseUrl(parseImageRef('golang:1.26'))).toBe('https://registry-1.docker.io');
    expect(resolver.baseUrl(parseImageRef('gcr.io/distroless/static-debian13:nonroot'))).toBe('https://gcr.io');
  });
});
