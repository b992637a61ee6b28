import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import { normalizeName, readToml, table } from './manifests.js';
import { compareReleases } from './specifier.js';

/**
 * The newest Python a locked package ships Linux wheels for, read from the wheel file names that
 * poetry.lock and uv.lock record (`greenlet-3.0.1-cp312-cp312-manylinux_2_28_x86_64.whl`). A package
 * whose newest CPython tag is below the image's Python would be compiled from source there (or fail
 * without an sdist): no compiler or headers are in the builder for it, so the image's Python follows
 * the wheels. Nothing here asks an index: the lock already names the files.
 */
export interface WheelCap {
  package: string;
  version: string;
  /** The newest CPython minor line with a Linux wheel, e.g. "3.12". */
  newest: string;
  sdist: boolean;
}

/** `name-version(-build)?-pythontag-abitag-platformtag.whl` */
function wheelTags(file: string): { python: string; abi: string; platform: string } | null {
  const parts = file.replace(/\.whl$/, '').split('-');
  if (parts.length < 5) return null;
  const [python, abi, platform] = parts.slice(-3);
  return { python, abi, platform };
}

/** The cap of one package from its files; null when a wheel runs on any newer Python (pure, abi3) or nothing says. */
function capOf(files: string[]): { newest: string; sdist: boolean } | null {
  const linux = files
    .filter((file) => file.endsWith('.whl'))
    .map(wheelTags)
    .filter((tags): tags is NonNullable<typeof tags> => tags !== null && /linux|^any$/.test(tags.platform));
  if (linux.length === 0) return null;
  if (linux.some((tags) => tags.abi === 'abi3' || tags.abi === 'none')) return null;
  const minors = linux.flatMap((tags) => tags.python.split('.')).map((tag) => /^cp3(\d+)$/.exec(tag)?.[1]).filter((minor): minor is string => minor !== undefined).map(Number);
  if (minors.length === 0) return null;
  return { newest: `3.${Math.max(...minors)}`, sdist: files.some((file) => /\.(tar\.gz|zip)$/.test(file)) };
}

/** Locked packages the image installs whose wheels stop below `minor`, from poetry.lock or uv.lock. */
export function wheelCaps(repo: Repo, lockFile: string, installed: Set<string>): WheelCap[] {
  if (lockFile !== 'poetry.lock' && lockFile !== 'uv.lock') return [];
  const packages = readToml(repo, lockFile).package;
  if (!Array.isArray(packages)) return [];
  const caps: WheelCap[] = [];
  for (const entry of packages.map(table)) {
    const name = normalizeName(String(entry.name ?? ''));
    if (!installed.has(name)) continue;
    const files =
      lockFile === 'poetry.lock'
        ? (Array.isArray(entry.files) ? entry.files : []).map((file) => String(table(file).file ?? ''))
        : [...(Array.isArray(entry.wheels) ? entry.wheels : []), ...(entry.sdist ? [entry.sdist] : [])].map((file) => path.posix.basename(String(table(file).url ?? table(file).filename ?? '')));
    const cap = capOf(files);
    if (cap) caps.push({ package: name, version: String(entry.version ?? ''), ...cap });
  }
  return caps;
}

/**
 * Binary packages with no pure-Python fallback, and the first release with Linux wheels for each
 * CPython line (from their release notes). A requirements file names no wheel files, so this is how
 * a pin such as `greenlet==3.0.1` tells that Python 3.13 would have to compile it, and their sdists
 * need a compiler and headers (libpq for psycopg2) that no builder here carries.
 */
const FIRST_WHEELS: Record<string, Array<[minor: string, version: string]>> = {
  greenlet: [['3.13', '3.1.0'], ['3.12', '3.0.0']],
  'psycopg2-binary': [['3.13', '2.9.10'], ['3.12', '2.9.9']],
  numpy: [['3.13', '2.1.0'], ['3.12', '1.26.0']],
  pandas: [['3.13', '2.2.3'], ['3.12', '2.1.1']],
  pillow: [['3.13', '11.0.0'], ['3.12', '10.1.0']],
  cffi: [['3.13', '1.17.0'], ['3.12', '1.16.0']],
  uvloop: [['3.13', '0.21.0'], ['3.12', '0.18.0']],
};

/** Exact pins (`name==version`) of known binary packages released before their wheels for the newest lines. */
export function pinnedWheelCaps(pins: Array<{ name: string; pinned?: string }>): WheelCap[] {
  const caps: WheelCap[] = [];
  for (const { name, pinned } of pins) {
    const milestones = FIRST_WHEELS[name];
    if (!pinned || !milestones) continue;
    const missing = milestones.filter(([, first]) => compareReleases(pinned, first) < 0);
    if (missing.length === 0) continue;
    const oldestMissing = missing.at(-1)![0];
    const newest = `3.${Number(oldestMissing.split('.')[1]) - 1}`;
    caps.push({ package: name, version: pinned, newest, sdist: true });
  }
  return caps;
}
