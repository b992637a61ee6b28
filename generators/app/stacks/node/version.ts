import semver from 'semver';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { PackageJson } from './package.js';

/** Node majors with a gcr.io/distroless/nodejs<major>-debian13 image, newest first. */
export const DISTROLESS_NODE_MAJORS = ['24', '22'] as const;

/** `v22.3.0`, `22`, `lts/jod`, `lts/*`, `node` -> a major; null when it names nothing we know. */
function majorOfVersionFile(text: string): string | null {
  const value = text.trim().split(/\s+/)[0] ?? '';
  const lts: Record<string, string> = { 'lts/*': '24', 'lts/krypton': '24', 'lts/jod': '22', node: '24', stable: '24', latest: '24' };
  if (lts[value.toLowerCase()]) return lts[value.toLowerCase()];
  const coerced = semver.coerce(value);
  return coerced ? String(coerced.major) : null;
}

export function detectNodeVersion(repo: Repo, pkg: PackageJson, evidence: string[]): string | null {
  const range = pkg.engines?.node?.trim();
  let allowed: string[] = [...DISTROLESS_NODE_MAJORS];
  if (range) {
    if (!semver.validRange(range)) {
      throw new UserError(`package.json: engines.node "${range}" is not a semver range. Fix: write one such as ">=22" or "^24".`);
    }
    allowed = DISTROLESS_NODE_MAJORS.filter((major) => semver.intersects(range, `>=${major}.0.0 <${Number(major) + 1}.0.0`));
    evidence.push(
      allowed.length
        ? `package.json: engines.node "${range}" allows Node ${allowed.join(' and ')} of the distroless majors (${DISTROLESS_NODE_MAJORS.join(', ')}); newest wins`
        : `package.json: engines.node "${range}" allows none of the distroless majors (${DISTROLESS_NODE_MAJORS.join(', ')}); pass --language-version`,
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
    if (major && Number(major) < 22 && allowed.includes('22')) {
      evidence.push(`${file}: Node ${major} has no distroless debian13 image; using 22, the oldest that has one`);
      return '22';
    }
    evidence.push(`${file}: "${text.trim()}" is not a Node major with a distroless image (${DISTROLESS_NODE_MAJORS.join(', ')}); ignored`);
  }
  return allowed[0] ?? null;
}
/** A workspace member's own Node major, when its package.json or folder states one; undefined leaves it to the root. */
export function memberNodeMajor(repo: Repo, pkg: PackageJson, evidence: string[]): string | null | undefined {
  const states = pkg.engines?.node || repo.exists('.nvmrc') || repo.exists('.node-version');
  return states ? detectNodeVersion(repo, pkg, evidence) : undefined;
}
