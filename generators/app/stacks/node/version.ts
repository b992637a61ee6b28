import semver from 'semver';
import { imageRef } from '../../core/images.js';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { PackageJson } from './package.js';

/** Node majors with a gcr.io/distroless/nodejs<major>-debian13 image, newest first. */
export const DISTROLESS_NODE_MAJORS = ['26', '24', '22'] as const;

/**
 * The major used when the project allows several: the builder tag in templates/images.Dockerfile,
 * so one data file (which Renovate bumps) moves every unpinned project together.
 */
export const DEFAULT_NODE_MAJOR = /^\d+/.exec(imageRef('node-builder').tag)![0];

/** `v22.3.0`, `22`, `lts/jod`, `lts/*`, `node` -> a major; null when it names nothing we know. */
function majorOfVersionFile(text: string): string | null {
  const value = text.trim().split(/\s+/)[0] ?? '';
  const lts: Record<string, string> = { 'lts/*': '24', 'lts/krypton': '24', 'lts/jod': '22', node: '26', stable: '26', latest: '26' };
  if (lts[value.toLowerCase()]) return lts[value.toLowerCase()];
  const coerced = semver.coerce(value);
  return coerced ? String(coerced.major) : null;
}

/**
 * A distroless image carries the newest release of its major, so a major fits only when the range
 * allows that release: `24 <24.17.0` lets Node 24 in on paper, but not the image's 24.x.
 */
function fitsWholeLine(range: string, major: string): boolean {
  return semver.satisfies(`${major}.99999.99999`, range);
}

function touchesLine(range: string, major: string): boolean {
  return semver.intersects(range, `>=${major}.0.0 <${Number(major) + 1}.0.0`);
}

/**
 * The newest release of `major` a range allows when it stops short of the line's end, as an
 * official image tag: `26 <26.3.1` -> `26.3.0`, `<24.17.0` -> `24.16` (that minor's newest patch).
 * null when the range leaves the line open (distroless fits) or shuts it.
 */
export function newestAllowedRelease(range: string, major: string): string | null {
  let best: semver.SemVer | null = null;
  let tag: string | null = null;
  for (const comparators of new semver.Range(range).set) {
    const line = new semver.Range(`>=${major}.0.0 <${Number(major) + 1}.0.0`);
    if (!semver.intersects(new semver.Range(comparators.map(String).join(' ') || '*'), line)) continue;
    const uppers = comparators.filter((c) => (c.operator === '<' || c.operator === '<=') && c.semver.major === Number(major));
    for (const upper of uppers) {
      const { minor, patch } = upper.semver;
      const candidate =
        upper.operator === '<='
          ? { version: upper.semver, text: upper.semver.version }
          : patch > 0
            ? { version: new semver.SemVer(`${major}.${minor}.${patch - 1}`), text: `${major}.${minor}.${patch - 1}` }
            : minor > 0
              ? { version: new semver.SemVer(`${major}.${minor - 1}.99999`), text: `${major}.${minor - 1}` }
              : null;
      if (candidate && semver.satisfies(candidate.text.split('.').length === 2 ? `${candidate.text}.0` : candidate.text, range) && (!best || semver.gt(candidate.version, best))) {
        best = candidate.version;
        tag = candidate.text;
      }
    }
  }
  return tag;
}

/** A version this module returned that names one release (`26.3.0`, `24.16`), not a whole distroless line. */
export function isExactRelease(version: string): boolean {
  return /^\d+\.\d+/.test(version);
}

/** The preferred major among those allowed: the default line when allowed, else the newest. */
function preferred(allowed: string[]): string | null {
  return allowed.includes(DEFAULT_NODE_MAJOR) ? DEFAULT_NODE_MAJOR : allowed[0] ?? null;
}

export function detectNodeVersion(repo: Repo, pkg: PackageJson, evidence: string[]): string | null {
  const range = pkg.engines?.node?.trim();
  let allowed: string[] = [...DISTROLESS_NODE_MAJORS];
  let capped: string[] = [];
  if (range) {
    if (!semver.validRange(range)) {
      throw new UserError(`package.json: engines.node "${range}" is not a semver range. Fix: write one such as ">=22" or "^24".`);
    }
    allowed = DISTROLESS_NODE_MAJORS.filter((major) => fitsWholeLine(range, major));
    capped = DISTROLESS_NODE_MAJORS.filter((major) => !allowed.includes(major) && touchesLine(range, major));
    const cappedText = capped.length ? `; it stops Node ${capped.join(' and ')} below that major's newest release, which is what distroless ships` : '';
    evidence.push(
      allowed.length
        ? `package.json: engines.node "${range}" allows Node ${allowed.join(', ')} of the distroless majors (${DISTROLESS_NODE_MAJORS.join(', ')})${cappedText}; ${allowed.includes(DEFAULT_NODE_MAJOR) ? `${DEFAULT_NODE_MAJOR}, the default line, wins` : 'the newest wins'}`
        : `package.json: engines.node "${range}" allows no distroless major whole (${DISTROLESS_NODE_MAJORS.join(', ')})${cappedText}`,
    );
  }
  for (const file of ['.nvmrc', '.node-version']) {
    const text = repo.readIfExists(file);
    if (text === null) continue;
    const major = majorOfVersionFile(text);
    if (major && allowed.includes(major)) {
      evidence.push(`${file}: Node ${major}`);
      return major;
    }
    if (major && capped.includes(major)) {
      const release = newestAllowedRelease(range!, major);
      if (release) {
        evidence.push(`${file}: Node ${major}; engines.node "${range}" stops that line at ${release}, below the newest ${major}.x that distroless nodejs${major} ships, so the image is the official node:${release} (exact release, Debian slim)`);
        return release;
      }
      const fallback = preferred(allowed);
      evidence.push(
        fallback
          ? `${file}: Node ${major}, but engines.node "${range}" excludes the newest ${major}.x that distroless nodejs${major} ships; using Node ${fallback}, which the range allows whole (or pin node:${major}.<minor>-slim by hand)`
          : `${file}: Node ${major}; warning: engines.node "${range}" excludes the newest ${major}.x that distroless nodejs${major} ships, and no other distroless major fits; an engines check at start may refuse it (pin node:${major}.<minor>-slim by hand if it does)`,
      );
      return fallback ?? major;
    }
    if (major && Number(major) < Number(DISTROLESS_NODE_MAJORS.at(-1)) && allowed.length) {
      const oldest = allowed.at(-1)!;
      evidence.push(`${file}: Node ${major} has no distroless debian13 image; using ${oldest}, the oldest that has one and the range allows`);
      return oldest;
    }
    evidence.push(`${file}: "${text.trim()}" is not a Node major with a distroless image the range allows (${(allowed.length ? allowed : DISTROLESS_NODE_MAJORS).join(', ')}); ignored`);
  }
  if (!allowed.length && capped.length) {
    const release = newestAllowedRelease(range!, capped[0]);
    if (release) {
      evidence.push(`package.json: engines.node "${range}" stops Node ${capped[0]} at ${release}, below the newest release distroless ships, so the image is the official node:${release} (exact release, Debian slim)`);
      return release;
    }
    evidence.push(`package.json: warning: falling back to Node ${capped[0]}, the newest major engines.node touches; an engines check at start may refuse the distroless patch release`);
    return capped[0];
  }
  return preferred(allowed);
}

/** A workspace member's own Node major, when its package.json or folder states one; undefined leaves it to the root. */
export function memberNodeMajor(repo: Repo, pkg: PackageJson, evidence: string[]): string | null | undefined {
  const states = pkg.engines?.node || repo.exists('.nvmrc') || repo.exists('.node-version');
  return states ? detectNodeVersion(repo, pkg, evidence) : undefined;
}
