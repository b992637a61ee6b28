import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { lockedPackages, normalizeName, pep508, pickRequirementsFile, readRequirements, table, type Requirement, type Table } from './manifests.js';

export type PackageManager = 'pip' | 'uv' | 'poetry' | 'pipenv';

/**
 * Where the dependency step gets its list: a requirements file, pyproject's [project].dependencies,
 * a lock (uv, poetry, pipenv), or only the project itself (setup.py: installed with the source).
 */
export type DepsSource = 'requirements' | 'pyproject' | 'lock' | 'project' | 'none';

export interface Dependencies {
  manager: PackageManager;
  source: DepsSource;
  /** Copied before the install step, so editing code does not invalidate it. */
  files: string[];
  requirementsFile: string | null;
  /** Every package the image gets (declared, implied by extras, locked), normalised. */
  installed: Set<string>;
  /** Where each declared package was found, for evidence. */
  declaredIn: Map<string, string>;
  noBinary: string[];
  /** Requirements-file lines that pin one exact version (`name==1.2.3`). */
  pins: Requirement[];
  evidence: string[];
}

const LOCKS: Array<[string, PackageManager, string, string]> = [
  ['uv.lock', 'uv', 'pyproject.toml', 'uv sync --frozen'],
  ['poetry.lock', 'poetry', 'pyproject.toml', 'poetry install --only main'],
  ['Pipfile.lock', 'pipenv', 'Pipfile', 'pipenv install --deploy'],
];

/** Extras that pull in a package this generator cares about (a server, or a bundled native library). */
const IMPLIED_BY_EXTRA: Record<string, string> = {
  'fastapi[standard]': 'uvicorn',
  'fastapi[all]': 'uvicorn',
  'psycopg[binary]': 'psycopg-binary',
  'psycopg[c]': 'psycopg-c',
};

function declare(found: Dependencies, requirements: Requirement[], file: string) {
  for (const requirement of requirements) {
    found.installed.add(requirement.name);
    if (!found.declaredIn.has(requirement.name)) found.declaredIn.set(requirement.name, file);
    for (const extra of requirement.extras) {
      const implied = IMPLIED_BY_EXTRA[`${requirement.name}[${extra}]`];
      if (implied) found.installed.add(implied);
    }
  }
}

/** `{name = "x", extras = [...]}` or a version string, as in [tool.poetry.dependencies] and Pipfile. */
function tableRequirements(section: Table): Requirement[] {
  return Object.entries(section)
    .filter(([name]) => name !== 'python')
    .map(([name, spec]) => ({ name: normalizeName(name), extras: Array.isArray(table(spec).extras) ? (table(spec).extras as string[]).map((e) => e.toLowerCase()) : [] }));
}

function projectRequirements(pyproject: Table | null): Requirement[] {
  const deps = table(pyproject?.project).dependencies;
  return Array.isArray(deps) ? deps.map((dep) => pep508(String(dep))).filter((r): r is Requirement => r !== null) : [];
}

/** The package manager is the one whose lock is present: the lock is what makes installs repeatable. */
export function readDependencies(repo: Repo, pyproject: Table | null, pipfile: Table | null): Dependencies {
  const picked = pickRequirementsFile(repo);
  const found: Dependencies = {
    manager: 'pip',
    source: 'none',
    files: [],
    requirementsFile: picked.file,
    installed: new Set(),
    declaredIn: new Map(),
    noBinary: [],
    pins: [],
    evidence: [...picked.evidence],
  };

  const locks = LOCKS.filter(([lock]) => repo.exists(lock));
  if (locks.length > 0) {
    const [lock, manager, manifest, command] = locks[0];
    if (!repo.exists(manifest)) throw new UserError(`${lock}: found without ${manifest}, which ${manager} needs to install from it. Fix: restore ${manifest} or delete the stray lock.`);
    found.manager = manager;
    found.source = 'lock';
    found.files = [manifest, lock];
    found.evidence.push(`${lock}: locked by ${manager}, so the image installs exactly those versions (${command}, no dev groups)`);
    for (const [other] of locks.slice(1)) found.evidence.push(`${other}: also present; ${lock} wins (uv.lock, then poetry.lock, then Pipfile.lock)`);
    for (const name of lockedPackages(repo, lock)) found.installed.add(name);
  } else if (pipfile && !picked.file) {
    throw new UserError('Pipfile: no Pipfile.lock, so an image build would resolve versions afresh each time. Fix: run `pipenv lock` and commit Pipfile.lock (or add a requirements.txt).');
  }

  declare(found, projectRequirements(pyproject), 'pyproject.toml');
  declare(found, tableRequirements(table(table(table(pyproject?.tool).poetry).dependencies)), 'pyproject.toml');
  declare(found, tableRequirements(table(pipfile?.packages)), 'Pipfile');
  if (found.manager !== 'pip') return found;

  if (picked.file) {
    const requirements = readRequirements(repo, picked.file);
    declare(found, requirements.requirements, picked.file);
    found.noBinary = requirements.noBinary;
    found.pins = requirements.requirements.filter((requirement) => requirement.pinned);
    if (requirements.localRefs.length > 0) {
      found.source = 'project';
      found.evidence.push(`${picked.file}: installs local code (${requirements.localRefs.join(', ')}), so it runs after the source is copied`);
    } else {
      found.source = 'requirements';
      found.files = requirements.files;
      found.evidence.push(`${picked.file}: pip requirements${requirements.files.length > 1 ? ` (with ${requirements.files.slice(1).join(', ')})` : ''}, installed in their own cached step`);
    }
    if (repo.exists('Pipfile')) found.evidence.push(`Pipfile: no Pipfile.lock; ${picked.file} is installed instead`);
    return found;
  }
  const tool = table(pyproject?.tool);
  if (projectRequirements(pyproject).length > 0) {
    found.source = 'pyproject';
    found.files = ['pyproject.toml'];
    found.evidence.push('pyproject.toml: [project].dependencies, installed with pip in their own cached step (no lock file)');
    if (tool.pdm) found.evidence.push('pyproject.toml: [tool.pdm]; PDM itself is not used, pip installs [project].dependencies');
  } else if (repo.exists('setup.py') || repo.exists('setup.cfg') || pyproject?.['build-system']) {
    found.source = 'project';
    found.evidence.push(`${repo.exists('setup.py') ? 'setup.py' : repo.exists('setup.cfg') ? 'setup.cfg' : 'pyproject.toml'}: dependencies are only known to the build backend, so \`pip install .\` installs them with the source`);
    if (tool.poetry) found.evidence.push('pyproject.toml: [tool.poetry] but no poetry.lock; pip builds it with its backend, unlocked');
  } else {
    found.evidence.push(`${pyproject ? 'pyproject.toml: no dependencies' : 'requirements.txt: none'}, and no lock file: only the standard library is available`);
  }
  return found;
}
