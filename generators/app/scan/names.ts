import path from 'node:path';
import type { Stack } from '../stacks/types.js';

/**
 * A name valid both as a compose service and as an image name: lowercase letters and digits, single
 * separators, starting and ending with a letter or digit.
 */
export function safeName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '');
}

export interface Nameable {
  dir: string;
  context: string;
  /** Its stack's companions: services its own compose file adds, named `<name>-<suffix>` in the root one. */
  stack: Pick<Stack, 'companions'>;
}

/** The key compose.yaml knows a built service by: its build context and Dockerfile. */
export function buildKey(context: string, dockerfile: string): string {
  const clean = (file: string) => path.posix.normalize(file).replace(/\/+$/, '') || '.';
  return `${clean(context)}::${clean(dockerfile)}`;
}

/**
 * Compose service (and image) names, unique across the scan and the existing compose file: a service
 * that file already builds keeps its name there; otherwise the folder's last part, then the whole path,
 * then a number, whichever is free first — counting the companions a stack brings (shop -> shop-db).
 */
export function assignNames(services: Nameable[], existing: { names: string[]; builds: Map<string, string> } = { names: [], builds: new Map() }): Map<string, string> {
  const taken = new Set(existing.names);
  const names = new Map<string, string>();
  const companions = (service: Nameable) => service.stack.companions ?? [];
  const free = (name: string, service: Nameable) => name !== '' && [name, ...companions(service).map((suffix) => `${name}-${suffix}`)].every((n) => !taken.has(n));
  // Groups that bring companions go first, so `shop` keeps its name when a `shop-db` folder also exists.
  const hasCompanions = (service: Nameable) => (companions(service).length ? 0 : 1);
  for (const service of [...services].sort((a, b) => hasCompanions(a) - hasCompanions(b) || a.dir.localeCompare(b.dir))) {
    const known = existing.builds.get(buildKey(service.context, path.posix.relative(service.context, path.posix.join(service.dir, 'Dockerfile'))));
    let name = known;
    if (!name) {
      const short = service.dir === '.' ? 'app' : safeName(path.posix.basename(service.dir));
      const long = safeName(service.dir.replace(/\//g, '-')) || 'app';
      name = [short, long].find((candidate) => free(candidate, service));
      for (let n = 2; !name; n++) if (free(`${long}-${n}`, service)) name = `${long}-${n}`;
    }
    names.set(service.dir, name);
    taken.add(name);
    for (const suffix of companions(service)) taken.add(`${name}-${suffix}`);
  }
  return names;
}
