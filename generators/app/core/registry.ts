import { createHash } from 'node:crypto';
import { UserError } from './errors.js';

/**
 * A registry client for one question: which digest does image:tag name today? The OCI distribution
 * API (GET /v2/<name>/manifests/<tag>) with the anonymous bearer-token flow Docker Hub and gcr.io use.
 * Node's fetch only: no Docker engine or credentials are involved, so it works in CI as on a laptop.
 */

/** An image reference split the way Docker reads it ("golang" is docker.io/library/golang). */
export interface ImageRef {
  /** As written in the Dockerfile, e.g. golang:1.26 or gcr.io/distroless/static-debian13:nonroot. */
  text: string;
  /** docker.io, gcr.io, localhost:5000, … */
  registry: string;
  /** The name inside that registry: library/golang, distroless/static-debian13. */
  repository: string;
  tag: string;
}

export const DOCKER_HUB = 'docker.io';
/** Docker Hub's API host: docker.io itself only redirects browsers. */
const DOCKER_HUB_API = 'https://registry-1.docker.io';

/** The environment variable that sends a registry's requests elsewhere (a mirror, or a test registry). */
export const MIRROR_ENV = 'MULTISTAGE_REGISTRY_MIRROR';

/** A list (Docker) or index (OCI) names one manifest per platform: its digest pins every platform at once. */
export const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
/** A single-platform manifest: what a tag names when it was pushed for one platform only. */
export const MANIFEST_TYPES = ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'];
// Without an Accept header a registry may fall back to schema 1, whose digest no pull uses.
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');

const TIMEOUT_MS = 30_000;

export function parseImageRef(text: string): ImageRef {
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  // Docker's rule: a first component with a dot or a port, or "localhost", is a registry host.
  const hasHost = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const registry = hasHost ? first : DOCKER_HUB;
  const path = hasHost ? name.slice(slash + 1) : name;
  const colon = path.lastIndexOf(':');
  const bare = colon > path.lastIndexOf('/') ? path.slice(0, colon) : path;
  const tag = colon > path.lastIndexOf('/') ? path.slice(colon + 1) : 'latest';
  const repository = registry === DOCKER_HUB && !bare.includes('/') ? `library/${bare}` : bare;
  return { text, registry: registry === 'index.docker.io' ? DOCKER_HUB : registry, repository, tag };
}

/**
 * `docker.io=http://127.0.0.1:5000,gcr.io=http://127.0.0.1:5000` → host → base URL. The value names the
 * variable when it is malformed: a typo would otherwise send the requests to the real registry.
 */
export function readMirrors(value: string | undefined): Map<string, string> {
  const mirrors = new Map<string, string>();
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)=(https?:\/\/[^\s/]+)\/?$/.exec(entry);
    if (!match) {
      throw new UserError(`${MIRROR_ENV}: "${entry}" is not HOST=URL. Fix: e.g. ${MIRROR_ENV}=docker.io=http://127.0.0.1:5000,gcr.io=http://127.0.0.1:5000 (a base URL, no path).`);
    }
    mirrors.set(match[1], match[2]);
  }
  return mirrors;
}

export interface Resolved {
  digest: string;
  mediaType: string;
  /** Whether the digest is a multi-platform index/list (false: one platform's manifest). */
  index: boolean;
}

type Fetch = typeof fetch;

export interface ResolverOptions {
  mirrors?: Map<string, string>;
  fetch?: Fetch;
}

/** Resolves tags to digests; one per run, so a token fetched for a repository serves its other tags. */
export class RegistryResolver {
  readonly #mirrors: Map<string, string>;
  readonly #fetch: Fetch;
  readonly #tokens = new Map<string, Promise<string>>();

  constructor(options: ResolverOptions = {}) {
    this.#mirrors = options.mirrors ?? new Map();
    this.#fetch = options.fetch ?? fetch;
  }

  /** The API base a reference's requests go to (the mirror's when one is set for its registry). */
  baseUrl(ref: ImageRef): string {
    return this.#mirrors.get(ref.registry) ?? (ref.registry === DOCKER_HUB ? DOCKER_HUB_API : `https://${ref.registry}`);
  }

  async resolve(text: string): Promise<Resolved> {
    const ref = parseImageRef(text);
    const url = `${this.baseUrl(ref)}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`;
    // HEAD first: it answers with the digest and, on Docker Hub, does not count against the pull limit.
    const head = await this.#request(ref, url, 'HEAD');
    const headType = mediaTypeOf(head.headers.get('content-type'));
    const headDigest = head.headers.get('docker-content-digest');
    if (headDigest && isSha256(headDigest) && isAccepted(headType)) return { digest: headDigest, mediaType: headType, index: INDEX_TYPES.includes(headType) };

    // No digest header (some proxies drop it): the digest is the sha256 of the manifest's bytes.
    const get = await this.#request(ref, url, 'GET');
    const body = Buffer.from(await get.arrayBuffer());
    const stated = mediaTypeOf(get.headers.get('content-type'));
    const mediaType = isAccepted(stated) ? stated : bodyMediaType(body) || stated;
    if (!isAccepted(mediaType)) {
      throw failure(ref, `the registry answered with ${mediaType || 'a manifest of no known type'}, not an image index, manifest list or image manifest (an old schema 1 image has no digest a pull can use). Fix: pin another tag of it`);
    }
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const statedDigest = get.headers.get('docker-content-digest');
    if (statedDigest && statedDigest !== digest) throw failure(ref, `the registry says its manifest is ${statedDigest} but its bytes hash to ${digest}. Fix: check for a proxy rewriting registry answers`);
    return { digest, mediaType, index: INDEX_TYPES.includes(mediaType) };
  }

  /** One request, with the bearer-token dance when the registry asks for it (401 + WWW-Authenticate). */
  async #request(ref: ImageRef, url: string, method: 'HEAD' | 'GET'): Promise<Response> {
    let response = await this.#send(ref, url, method, undefined);
    if (response.status === 401) {
      await response.body?.cancel();
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      if (!challenge) {
        throw failure(ref, `${new URL(url).host} wants credentials (${response.headers.get('www-authenticate') || 'no WWW-Authenticate header'}); --pin reads public images anonymously only. Fix: point ${MIRROR_ENV} at a registry that serves it anonymously, or add its digest by hand after generating`);
      }
      const token = await this.#token(ref, challenge);
      response = await this.#send(ref, url, method, token);
      if (response.status === 401) throw failure(ref, `${new URL(url).host} refused the anonymous token for ${ref.repository}: a private image, or no such image? Fix: check the image name, or add its digest by hand after generating`);
    }
    if (response.status === 404) throw failure(ref, `no tag "${ref.tag}" of ${ref.repository} at ${new URL(url).host}. Fix: use a tag that exists (the registry's tag list, e.g. on its web page)`);
    if (!response.ok) throw failure(ref, `${new URL(url).host} answered ${response.status} ${response.statusText}${response.status === 429 ? ' (rate limit: try again later)' : ''}`);
    return response;
  }

  async #send(ref: ImageRef, url: string, method: string, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: ACCEPT };
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.#fetch(url, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw unreachable(ref, url, error);
    }
  }

  /** GET realm?service=…&scope=… for an anonymous pull token; one request per realm, service and scope. */
  #token(ref: ImageRef, challenge: Map<string, string>): Promise<string> {
    const realm = challenge.get('realm')!;
    const query = new URLSearchParams();
    if (challenge.get('service')) query.set('service', challenge.get('service')!);
    query.set('scope', challenge.get('scope') ?? `repository:${ref.repository}:pull`);
    const url = `${realm}${realm.includes('?') ? '&' : '?'}${query}`;
    let pending = this.#tokens.get(url);
    if (!pending) {
      pending = this.#fetchToken(ref, url);
      this.#tokens.set(url, pending);
    }
    return pending;
  }

  async #fetchToken(ref: ImageRef, url: string): Promise<string> {
    let response: Response;
    try {
      response = await this.#fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw unreachable(ref, url, error);
    }
    if (!response.ok) throw failure(ref, `the token service ${new URL(url).host} answered ${response.status} ${response.statusText}`);
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
    // The distribution spec names it "token"; OAuth2-style services send "access_token".
    const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : null;
    if (!token) throw failure(ref, `the token service ${new URL(url).host} sent no token`);
    return token;
  }
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters; null for any other scheme (Basic). */
export function parseChallenge(header: string | null): Map<string, string> | null {
  if (!header || !/^bearer\s/i.test(header.trim())) return null;
  const params = new Map<string, string>();
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) params.set(match[1].toLowerCase(), match[2]);
  return params.get('realm') ? params : null;
}

function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** An OCI index may leave Content-Type generic; its body still says what it is. */
function bodyMediaType(body: Buffer): string {
  try {
    const manifest = JSON.parse(body.toString('utf8')) as { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; layers?: unknown };
    if (typeof manifest.mediaType === 'string') return manifest.mediaType;
    if (manifest.schemaVersion === 2 && Array.isArray(manifest.manifests)) return INDEX_TYPES[0];
    if (manifest.schemaVersion === 2 && Array.isArray(manifest.layers)) return MANIFEST_TYPES[1];
  } catch {
    // Not JSON: reported as a manifest of no known type.
  }
  return '';
}

function isAccepted(mediaType: string): boolean {
  return INDEX_TYPES.includes(mediaType) || MANIFEST_TYPES.includes(mediaType);
}

function isSha256(digest: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(digest);
}

/** Why one image could not be pinned; the caller adds which Dockerfiles pull it. */
export class PinFailure extends UserError {
  constructor(
    readonly image: string,
    readonly why: string,
  ) {
    super(`--pin: cannot pin ${image}: ${why}.`);
  }
}

function failure(ref: ImageRef, why: string): PinFailure {
  return new PinFailure(ref.text, why);
}

function unreachable(ref: ImageRef, url: string, error: unknown): PinFailure {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const why = (error as Error)?.name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000}s` : (cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error));
  return failure(ref, `cannot reach ${new URL(url).origin} (${why}): --pin asks the registry for the digest. Fix: run it with network access to the registry, or point ${MIRROR_ENV} at a mirror (docs/security.md)`);
}
