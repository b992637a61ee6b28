import { UserError } from '../../core/errors.js';

/**
 * Python version constraints, as written in pyproject.toml (`requires-python`, PEP 440) or by
 * Poetry (`python = "^3.11"`). They are ranges, not semver: `~=3.12` means >=3.12,==3.*.
 * Only the minor line matters for an image tag, so the question asked of a constraint is always
 * "may this project run on 3.X?".
 */

/** Minor lines with official `python:3.X-slim-trixie` images, oldest first. */
export const PYTHON_MINORS = ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];

type Version = number[];
interface Clause {
  op: string;
  version: Version;
  wildcard: boolean;
}
/** OR of ANDs: Poetry allows `>=3.8,<3.10 || >=3.11`; PEP 440 is a single AND group. */
export type Constraint = Clause[][];

const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>|\^|~|=)?\s*v?(\d+(?:\.\d+)*)(\.\*)?$/;

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Release numbers compared part by part (2.9.10 after 2.9.9); a pre-release tail counts as its release. */
export function compareReleases(a: string, b: string): number {
  const parts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return compare(parts(a), parts(b));
}

/** Caret and tilde (Poetry) and `~=` (PEP 440) as the plain clauses they stand for. */
function expand(op: string, version: Version, wildcard: boolean): Clause[] {
  const upper = (index: number) => [...version.slice(0, index), version[index] + 1];
  switch (op) {
    case '^': {
      const first = version.findIndex((part) => part !== 0);
      return [{ op: '>=', version, wildcard: false }, { op: '<', version: upper(Math.max(first, 0)), wildcard: false }];
    }
    case '~':
      return [{ op: '>=', version, wildcard: false }, { op: '<', version: upper(version.length > 1 ? 1 : 0), wildcard: false }];
    case '~=':
      return [{ op: '>=', version, wildcard: false }, { op: '==', version: version.slice(0, -1), wildcard: true }];
    case '':
    case '=':
    case '===':
      // A bare "3.11" (Poetry, Pipfile) means that release line.
      return [{ op: '==', version, wildcard: op === '' || op === '=' ? true : wildcard }];
    default:
      return [{ op, version, wildcard }];
  }
}

/** Parses a constraint; `source` names the file and key for the error message. */
export function parseConstraint(text: string, source: string): Constraint {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return [[]];
  return trimmed.split('||').map((group) =>
    group
      .split(/,|\s+(?=[<>=!~^])/)
      .map((part) => part.trim())
      .filter(Boolean)
      .flatMap((part) => {
        const match = CLAUSE.exec(part);
        if (!match || (match[1] === '~=' && !match[2].includes('.'))) {
          throw new UserError(`${source}: "${text}" is not a Python version constraint (at "${part}"). Fix: write it like ">=3.11", "~=3.12" or "==3.12.*".`);
        }
        return expand(match[1] ?? '', match[2].split('.').map(Number), Boolean(match[3]));
      }),
  );
}

function satisfies(version: Version, clause: Clause): boolean {
  if (clause.wildcard) {
    const prefix = version.slice(0, clause.version.length);
    const same = compare(prefix, clause.version) === 0;
    return clause.op === '!=' ? !same : same;
  }
  const diff = compare(version, clause.version);
  switch (clause.op) {
    case '==':
      return diff === 0;
    case '!=':
      return diff !== 0;
    case '<':
      return diff < 0;
    case '<=':
      return diff <= 0;
    case '>':
      return diff > 0;
    default:
      return diff >= 0;
  }
}

/**
 * Whether some release of a minor line meets the constraint: `python:3.12-slim` carries the newest
 * 3.12 patch, so ">=3.12.4" admits the 3.12 line and "<3.13" does not admit 3.13.
 */
export function admitsMinor(constraint: Constraint, minor: string): boolean {
  const [major, min] = minor.split('.').map(Number);
  return constraint.some((group) => Array.from({ length: 40 }, (_, patch) => [major, min, patch]).some((v) => group.every((c) => satisfies(v, c))));
}

/** `3.12.4` -> `3.12`; null for text that does not start with a CPython version. */
export function minorOf(version: string): string | null {
  return /^(3\.\d+)(\.\d+)?\b/.exec(version.trim())?.[1] ?? null;
}
