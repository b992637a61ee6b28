import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { table, type Table } from './manifests.js';
import { admitsMinor, minorOf, parseConstraint, PYTHON_MINORS, type Constraint } from './specifier.js';
import type { WheelCap } from './wheels.js';

export interface PythonVersion {
  /** What the project states, as written: an exact pin ("3.12.4") or, failing that, the chosen line. */
  stated: string | null;
  /** The minor line the builder uses unless --language-version says otherwise. */
  minor: string | null;
  constraints: Array<{ source: string; text: string; constraint: Constraint }>;
  evidence: string[];
  /** A file names an exact version (.python-version, runtime.txt, Pipfile): the project chose it. */
  pinned: boolean;
}

interface Pin {
  /** Where it was found, for messages: `.python-version`, `Pipfile [requires] python_version`. */
  source: string;
  version: string;
  minor: string;
}

/** Exact versions, most deliberate first: the interpreter pin, Pipfile's, then Heroku's runtime.txt. */
function readPins(repo: Repo, pipfile: Table | null, evidence: string[]): Pin[] {
  const pins: Pin[] = [];
  const add = (source: string, raw: string) => {
    const minor = minorOf(raw);
    if (minor) pins.push({ source, version: raw.trim(), minor });
    else evidence.push(`${asEvidence(source)} "${raw.trim()}" is not a CPython version; ignored`);
  };
  const pythonVersion = repo.readIfExists('.python-version')?.split(/\r?\n/).map((line) => line.trim()).find((line) => line && !line.startsWith('#'));
  if (pythonVersion) add('.python-version', pythonVersion);
  const requires = table(pipfile?.requires);
  const pipfilePin = requires.python_full_version ?? requires.python_version;
  if (typeof pipfilePin === 'string') add(`Pipfile [requires] ${requires.python_full_version ? 'python_full_version' : 'python_version'}`, pipfilePin);
  const runtime = repo.readIfExists('runtime.txt')?.trim();
  if (runtime) add('runtime.txt', runtime.replace(/^python-/, ''));
  return pins;
}

function readConstraints(pyproject: Table | null): PythonVersion['constraints'] {
  const found: PythonVersion['constraints'] = [];
  const requiresPython = table(pyproject?.project)['requires-python'];
  if (typeof requiresPython === 'string') {
    const source = 'pyproject.toml requires-python';
    found.push({ source, text: requiresPython, constraint: parseConstraint(requiresPython, source) });
  }
  const poetryPython = table(table(table(pyproject?.tool).poetry).dependencies).python;
  if (typeof poetryPython === 'string') {
    const source = 'pyproject.toml [tool.poetry.dependencies] python';
    found.push({ source, text: poetryPython, constraint: parseConstraint(poetryPython, source) });
  }
  return found;
}

/**
 * The project's Python: pins must agree with each other and with the constraints, or the build
 * would use a Python the project says it does not support. Without a pin, the default line when
 * the constraints admit it, else the newest line they admit.
 */
export function readPythonVersion(repo: Repo, pyproject: Table | null, pipfile: Table | null, defaultMinor: string): PythonVersion {
  const evidence: string[] = [];
  const pins = readPins(repo, pipfile, evidence);
  const constraints = readConstraints(pyproject);

  const [first, ...others] = pins;
  const disagreeing = others.find((pin) => pin.minor !== first.minor);
  if (disagreeing) {
    throw new UserError(
      `Contradictory Python versions: ${first.source} says ${first.version} but ${disagreeing.source} says ${disagreeing.version}. Fix: make them name the same version (or delete the stale one).`,
    );
  }
  for (const pin of pins) {
    const excluding = constraints.find((c) => !admitsMinor(c.constraint, pin.minor));
    if (excluding) {
      throw new UserError(
        `Contradictory Python versions: ${pin.source} says ${pin.version} but ${excluding.source} "${excluding.text}" excludes it. Fix: change one of them so they agree.`,
      );
    }
  }
  const admitted = PYTHON_MINORS.filter((minor) => constraints.every((c) => admitsMinor(c.constraint, minor)));
  if (constraints.length > 0 && admitted.length === 0 && pins.length === 0) {
    throw new UserError(
      `${constraints.map((c) => `${c.source} "${c.text}"`).join(' with ')} admits no Python release (${PYTHON_MINORS[0]} to ${PYTHON_MINORS[PYTHON_MINORS.length - 1]}). Fix: correct the constraint, e.g. ">=3.11".`,
    );
  }

  if (first) {
    evidence.push(`${asEvidence(first.source)} ${first.version}${first.version === first.minor ? '' : ` (the builder uses the ${first.minor} line, whose image carries the newest patch)`}`);
    for (const c of constraints) evidence.push(`${asEvidence(c.source)} "${c.text}" (admits ${first.minor})`);
    return { stated: first.version, minor: first.minor, constraints, evidence, pinned: true };
  }
  if (constraints.length > 0) {
    const minor = admitted.includes(defaultMinor) ? defaultMinor : admitted[admitted.length - 1];
    const range = admitted.length > 1 ? `${admitted[0]} to ${admitted[admitted.length - 1]}` : admitted[0];
    for (const c of constraints) evidence.push(`${asEvidence(c.source)} "${c.text}" (admits ${range}; using ${minor})`);
    return { stated: minor, minor, constraints, evidence, pinned: false };
  }
  return { stated: null, minor: null, constraints, evidence, pinned: false };
}

/** `Pipfile [requires] python_version` -> `Pipfile: [requires] python_version`; `.python-version` -> `.python-version: Python`. */
function asEvidence(source: string): string {
  const space = source.indexOf(' ');
  return space === -1 ? `${source}: Python` : `${source.slice(0, space)}: ${source.slice(space + 1)}`;
}

const minorNumber = (minor: string) => Number(minor.split('.')[1]);

/**
 * Locked binary wheels that stop below the chosen Python lower it to the newest line all of them
 * (and the constraints) support, naming the wheel. A pinned version is the project's choice and
 * stays; the evidence then says which package will build from source.
 */
export function capByWheels(version: PythonVersion, caps: WheelCap[], lockFile: string, defaultMinor: string): PythonVersion {
  const current = version.minor ?? defaultMinor;
  const below = caps.filter((cap) => minorNumber(cap.newest) < minorNumber(current)).sort((a, b) => minorNumber(a.newest) - minorNumber(b.newest));
  if (below.length === 0) return version;
  const lowest = below[0];
  const what = `${lowest.package} ${lowest.version} ships Linux wheels up to cp${lowest.newest.replace('.', '')} and none for ${current}${lowest.sdist ? ' (its sdist would need a compiler and headers)' : ', and no sdist'}`;
  const chosen = PYTHON_MINORS.filter((minor) => minorNumber(minor) <= minorNumber(lowest.newest) && version.constraints.every((c) => admitsMinor(c.constraint, minor))).pop();
  if (version.pinned || !chosen) {
    const why = version.pinned ? 'is pinned' : `is kept (no line the constraints admit has its wheel)`;
    const consequence = lowest.sdist ? 'the install compiles it from source' : 'the install finds no file for it unless the lock gains a newer version';
    return { ...version, evidence: [...version.evidence, `${lockFile}: ${what}; Python ${current} ${why}, so ${consequence}`] };
  }
  const others = below.slice(1).map((cap) => `${cap.package} ${cap.version}`);
  return {
    ...version,
    stated: chosen,
    minor: chosen,
    evidence: [...version.evidence, `${lockFile}: ${what}; so Python ${chosen}, the newest line every ${lockFile.endsWith('.lock') ? 'locked' : 'pinned'} wheel supports${others.length ? ` (also below ${current}: ${others.join(', ')})` : ''}`],
  };
}
