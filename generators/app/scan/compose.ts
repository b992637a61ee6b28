import { isMap, parseDocument, Scalar, YAMLMap, type Document } from 'yaml';
import { UserError } from '../core/errors.js';
import { buildKey } from './names.js';

/** One image the root compose.yaml builds and runs. */
export interface ComposeService {
  /** Compose service name (unique, lowercase). */
  name: string;
  /** Build context and Dockerfile, relative to the compose file. */
  context: string;
  dockerfile: string;
  /** Port the container listens on; null for a worker. */
  port: number | null;
  /** Why the build context is what it is, and what the service is (a comment above it). */
  comment: string;
  /**
   * A compose.yaml a stack rendered for this service alone (three-tier: app + db). Its services are
   * taken over under this service's name (`app` becomes the name, the others `<name>-<service>`).
   */
  ownCompose?: string;
  /** Build secrets its install needs: compose passes them to the build (build.secrets), from a file or a variable. */
  secrets?: ComposeSecret[];
}

/** A top-level compose secret: `file` relative to the compose file, or the build host's `environment` variable. */
export interface ComposeSecret {
  name: string;
  file?: string;
  environment?: string;
}

export interface ComposeResult {
  text: string;
  /** Services added to (or written in) the file. */
  added: string[];
  /** Services the file already had, kept as they were. */
  kept: string[];
}

/** The names compose looks for, in its order: the scan adds to the first that exists. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export interface ExistingCompose {
  doc: Document;
  /** The document as plain data, as read. */
  body: unknown;
  /** Every service name in the file. */
  names: string[];
  /** Services the file builds, by buildKey(context, dockerfile). */
  builds: Map<string, string>;
}

/** Reads an existing compose file; one the scan could only damage is refused, naming the file and the fix. */
export function readCompose(text: string, file: string): ExistingCompose {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new UserError(`${file}: not valid YAML (${doc.errors[0].message.split('\n')[0]}). Fix: correct it, or move it away to have a new one written.`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new UserError(`${file}: not a compose file (its top level is not a mapping with "services:"). Fix: correct it, or move it away to have a new one written.`);
  }
  const services = doc.get('services');
  if (services !== undefined && services !== null && !isMap(services)) {
    throw new UserError(`${file}: "services" is not a mapping of service names. Fix: write it as \`services:\n  name: {...}\`, or move the file away to have a new one written.`);
  }
  const body = (doc.toJS() ?? {}) as { services?: Record<string, { build?: string | { context?: string; dockerfile?: string; target?: string } } | null> };
  refuseUnreadable(body, file);
  const builds = new Map<string, string>();
  // One Dockerfile built twice (a three-tier group's web and runtime targets): the default target names the service.
  const rank = (target: string | undefined) => (target === undefined ? 0 : target === 'runtime' ? 1 : 2);
  const ranks = new Map<string, number>();
  for (const [name, service] of Object.entries(body.services ?? {})) {
    const build = service?.build;
    // `build:` with nothing after it (a file cut short, or left half-written) builds nothing.
    if (build === undefined || build === null) continue;
    const context = typeof build === 'object' ? String(build.context ?? '.') : String(build);
    const dockerfile = typeof build === 'object' ? String(build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
    const key = buildKey(context, dockerfile);
    const score = rank(typeof build === 'string' ? undefined : build.target);
    if (score < (ranks.get(key) ?? Infinity)) {
      builds.set(key, name);
      ranks.set(key, score);
    }
  }
  return { doc, body, names: Object.keys(body.services ?? {}), builds };
}

/** The parts of a compose file the scan reads or adds to, checked before use: their values are the user's. */
function refuseUnreadable(body: { services?: Record<string, unknown> }, file: string): void {
  const fix = 'Fix: correct it, or move the file away to have a new one written.';
  const isScalar = (value: unknown) => value === undefined || value === null || ['string', 'number'].includes(typeof value);
  for (const [name, service] of Object.entries(body.services ?? {})) {
    const build = (service as { build?: unknown } | null)?.build;
    const spec = typeof build === 'object' && build !== null && !Array.isArray(build) ? (build as Record<string, unknown>) : { context: build };
    if (!isScalar(spec.context) || !isScalar(spec.dockerfile)) {
      throw new UserError(`${file}: services.${name}.build is neither a folder nor a mapping with a "context" folder. ${fix}`);
    }
    const ports = (service as { ports?: unknown } | null)?.ports;
    if (ports !== undefined && ports !== null && !Array.isArray(ports)) throw new UserError(`${file}: services.${name}.ports is not a list. ${fix}`);
  }
  const volumes = (body as { volumes?: unknown }).volumes;
  if (volumes !== undefined && volumes !== null && (typeof volumes !== 'object' || Array.isArray(volumes))) {
    throw new UserError(`${file}: "volumes" is not a mapping of volume names. ${fix}`);
  }
}

/** Host ports on 127.0.0.1, one per service: the container's own port when free, else the next free one. */
class HostPorts {
  readonly #taken = new Set<number>();
  claim(port: number): number {
    let host = port;
    while (this.#taken.has(host)) host++;
    this.#taken.add(host);
    return host;
  }
  /** Host ports an existing compose file publishes: "127.0.0.1:8080:80", "8080:80", "8000-8001:80-81", {published: 8080}. */
  reserve(doc: unknown): void {
    const services = (doc as { services?: Record<string, { ports?: unknown[] } | null> } | null)?.services ?? {};
    for (const service of Object.values(services)) {
      for (const entry of service?.ports ?? []) {
        const published = typeof entry === 'object' && entry !== null ? String((entry as { published?: unknown }).published ?? '') : String(entry).split(':').slice(-2, -1)[0] ?? '';
        const [first, last = first] = published.split('-').map(Number);
        for (let port = first; Number.isInteger(port) && port <= last; port++) this.#taken.add(port);
      }
    }
  }
}

type Mapping = Record<string, any>;

/** Quoted, as compose's docs advise: YAML 1.1 reads some unquoted "a:b" as base-60 numbers. */
function portMapping(host: number, container: number): Scalar {
  const scalar = new Scalar(`127.0.0.1:${host}:${container}`);
  scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

/** Services of a stack's own compose.yaml, renamed under `name`, built from the service's Dockerfile, ports re-mapped. */
function adoptOwnCompose(service: ComposeService, ports: HostPorts): { services: Mapping; volumes: Mapping; comments: Record<string, string> } {
  const ownDoc = parseDocument(service.ownCompose!);
  const own = ownDoc.toJS() as Mapping;
  // The stack's comments say why (MySQL is not distroless, no healthcheck without a shell): keep them.
  const comments: Record<string, string> = {};
  const ownServices = ownDoc.get('services');
  if (isMap(ownServices)) {
    // The first service's comment is parsed as the comment of the map that holds it.
    const firstKey = ownServices.items[0]?.key as Scalar | undefined;
    if (ownServices.commentBefore && firstKey) comments[String(firstKey.value)] = ownServices.commentBefore;
    for (const pair of ownServices.items) {
      const comment = (pair.key as Scalar | null)?.commentBefore;
      if (comment) comments[String((pair.key as Scalar).value)] = comment;
    }
  }
  const rename = (key: string) => (key === 'app' ? service.name : `${service.name}-${key}`);
  const renamedHosts = Object.keys(own.services ?? {});
  const services: Mapping = {};
  for (const [key, original] of Object.entries(own.services ?? {}) as Array<[string, Mapping]>) {
    const body: Mapping = { ...original };
    // A build target or args stay; only where the build happens changes.
    if (body.build !== undefined) {
      const { context: _context, dockerfile: _dockerfile, ...rest } = typeof body.build === 'object' ? body.build : ({} as Mapping);
      body.build = { context: service.context, dockerfile: service.dockerfile, ...rest };
    }
    if (body.image && body.build !== undefined) body.image = rename(key);
    if (Array.isArray(body.ports)) {
      body.ports = body.ports.map((entry: string) => {
        const container = Number(String(entry).split(':').pop());
        return portMapping(ports.claim(container), container);
      });
    }
    if (Array.isArray(body.depends_on)) body.depends_on = body.depends_on.map((dep: string) => rename(dep));
    else if (body.depends_on) body.depends_on = Object.fromEntries(Object.entries(body.depends_on).map(([dep, condition]) => [rename(dep), condition]));
    if (body.environment) {
      // Services reach each other by name: a URL naming `db` must now name `<name>-db`.
      body.environment = Object.fromEntries(
        Object.entries(body.environment as Mapping).map(([name, value]) => [
          name,
          typeof value === 'string' ? renamedHosts.reduce((text, host) => text.replaceAll(`//${host}:`, `//${rename(host)}:`), value) : value,
        ]),
      );
    }
    if (Array.isArray(body.volumes)) {
      body.volumes = body.volumes.map((entry: string) => {
        const [source, ...rest] = String(entry).split(':');
        return own.volumes && source in own.volumes ? [`${service.name}-${source}`, ...rest].join(':') : entry;
      });
    }
    services[rename(key)] = body;
    if (comments[key]) comments[rename(key)] = comments[key].replace(new RegExp(`^ ?${key}:`), ` ${rename(key)}:`);
  }
  const volumes = Object.fromEntries(Object.entries(own.volumes ?? {}).map(([name, value]) => [`${service.name}-${name}`, value ?? null]));
  return { services, volumes, comments };
}

function plainService(service: ComposeService, ports: HostPorts): Mapping {
  const secrets = service.secrets ?? [];
  const body: Mapping = {
    build: service.context === '.' && service.dockerfile === 'Dockerfile' && secrets.length === 0
      ? '.'
      : { context: service.context, dockerfile: service.dockerfile, ...(secrets.length ? { secrets: secrets.map((secret) => secret.name) } : {}) },
    image: service.name,
  };
  if (service.port !== null) body.ports = [portMapping(ports.claim(service.port), service.port)];
  // Only for servers: a job or worker that exits when done must not be started again and again.
  if (service.port !== null) body.restart = 'unless-stopped';
  return body;
}

const HEADER = [
  ' Generated by generator-multistage for a monorepo: one service per image. Re-run `yo multistage --scan`',
  ' to add new services; services already here are never changed.',
  ' Start: docker compose up --build. Ports are published on 127.0.0.1 only, each on its own host port.',
].join('\n');

/**
 * The root compose.yaml. An existing file keeps every service, volume and comment it has; only
 * services it lacks are added, so hand edits survive a re-run.
 */
export function buildCompose(existing: ExistingCompose | null, wanted: ComposeService[]): ComposeResult {
  const doc: Document = existing?.doc ?? parseDocument('services: {}\n');
  if (existing === null) doc.commentBefore = HEADER;
  const ports = new HostPorts();
  ports.reserve(existing?.body ?? null);
  let services = doc.get('services');
  if (!isMap(services)) {
    services = new YAMLMap();
    doc.set('services', services);
  }
  const servicesMap = services as YAMLMap;
  servicesMap.flow = false;
  const added: string[] = [];
  const kept: string[] = [];
  for (const service of wanted) {
    if (servicesMap.has(service.name)) {
      kept.push(service.name);
      continue;
    }
    const adopted = service.ownCompose
      ? adoptOwnCompose(service, ports)
      : { services: { [service.name]: plainService(service, ports) }, volumes: {}, comments: {} as Record<string, string> };
    let first = true;
    for (const [name, body] of Object.entries(adopted.services)) {
      const pair = doc.createPair(name, doc.createNode(body));
      const why = [first ? ` ${service.comment}` : null, adopted.comments[name] ?? null].filter(Boolean).join('\n');
      if (why) (pair.key as Scalar).commentBefore = why;
      first = false;
      servicesMap.items.push(pair);
      added.push(name);
    }
    // An empty `volumes:` (null) cannot take a volume: it is replaced by the mapping setIn creates.
    if (Object.keys(adopted.volumes).length > 0 && doc.has('volumes') && !isMap(doc.get('volumes'))) doc.delete('volumes');
    for (const [name, body] of Object.entries(adopted.volumes)) {
      if (!doc.hasIn(['volumes', name])) doc.setIn(['volumes', name], body);
    }
    // Services needing the same secret share its definition; one the file already has is the user's.
    for (const secret of service.ownCompose ? [] : service.secrets ?? []) {
      if (doc.has('secrets') && !isMap(doc.get('secrets'))) doc.delete('secrets');
      const { name, ...source } = secret;
      if (!doc.hasIn(['secrets', name])) doc.setIn(['secrets', name], doc.createNode(source));
    }
  }
  return { text: doc.toString({ lineWidth: 0, nullStr: '' }), added, kept };
}
