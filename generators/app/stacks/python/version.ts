import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { table, type Table } from './manifests.js';
import { admitsMinor, minorOf, parseConstraint, PYTHON_MINORS, type Constraint } from './specifier.js';

export interface PythonVersion {
  /** What the project states, as written: an exact pin ("3.12.4") or, failing that, the chosen line. */
  stated: string | null;
  /** The minor line the builder uses unless --language-version says otherwise. */
  minor: string | null;
  constraints: Array<{ source: string; text: string; constraint: Constraint }>;
  evidence: string[];
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
    return { stated: first.version, minor: first.minor, constraints, evidence };
  }
  if (constraints.length > 0) {
    const minor = admitted.includes(defaultMinor) ? defaultMinor : admitted[admitted.length - 1];
    const range = admitted.length > 1 ? `${admitted[0]} to ${admitted[admitted.length - 1]}` : admitted[0];
    for (const c of constraints) evidence.push(`${asEvidence(c.source)} "${c.text}" (admits ${range}; using ${minor})`);
    return { stated: minor, minor, constraints, evidence };
  }
  return { stated: null, minor: null, constraints, evidence };
}

/** `Pipfile [requires] python_version` -> `Pipfile: [requires] python_version`; `.python-version` -> `.python-version: Python`. */
function asEvidence(source: string): string {
  const space = source.indexOf(' ');
  return space === -1 ? `${source}: Python` : `${source.slice(0, space)}: ${source.slice(space + 1)}`;
}
