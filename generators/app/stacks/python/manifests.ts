import path from 'node:path';
import { parse as parseTomlText, TomlError } from 'smol-toml';
import { UserError } from '../../core/errors.js';
import { checkFields, type FieldKind } from '../../core/fields.js';
import type { Repo } from '../../core/repo.js';

/** PEP 503 name normalisation: `Flask_SQLAlchemy` and `flask-sqlalchemy` are one project. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export type Table = Record<string, unknown>;

export function table(value: unknown): Table {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
}

/** The pyproject.toml fields this stack reads as text, with the types PEP 621 and Poetry give them. */
const PYPROJECT_FIELDS: Record<string, FieldKind> = {
  project: 'object',
  'project.name': 'string',
  'project.requires-python': 'string',
  'project.dependencies': 'string list',
  'tool.poetry.name': 'string',
};

/** Parses a TOML file with a real parser; a syntax error names the file, line and column. */
export function readToml(repo: Repo, file: string): Table {
  try {
    const parsed = parseTomlText(repo.read(file)) as Table;
    if (path.posix.basename(file) === 'pyproject.toml') checkFields(file, parsed, PYPROJECT_FIELDS, 'Fix: correct the file (pip and uv expect that type too).');
    return parsed;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    throw new UserError(`${file}:${error.line}:${error.column}: not valid TOML (${reason}). Fix: repair the file; \`python -c "import tomllib; tomllib.load(open('${file}', 'rb'))"\` shows the same error.`);
  }
}

function readJson(repo: Repo, file: string): Table {
  try {
    return table(JSON.parse(repo.read(file)));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: not valid JSON (${(error as Error).message}). Fix: regenerate it (\`pipenv lock\`).`);
  }
}

export interface Requirement {
  name: string;
  extras: string[];
  /** The exact version of a `name==1.2.3` line (no wildcard, no markers that could pick another). */
  pinned?: string;
}

export interface RequirementsFile {
  /** The file and every file it pulls in with -r/-c, in the order pip reads them. */
  files: string[];
  requirements: Requirement[];
  /** Packages named by --no-binary (":all:" for every package): they build from source. */
  noBinary: string[];
  /** Lines naming local paths (`-e .`, `./lib`): they need the source before the install. */
  localRefs: string[];
}

const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/;
const EXACT_PIN = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*===?\s*([0-9][0-9A-Za-z.+-]*)\s*$/;

/** Reads a requirements file the way pip does: continuations, comments, -r/-c includes, options. */
export function readRequirements(repo: Repo, file: string, result: RequirementsFile = { files: [], requirements: [], noBinary: [], localRefs: [] }): RequirementsFile {
  if (result.files.includes(file)) return result;
  result.files.push(file);
  const lines = repo.read(file).replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const include = /^(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (include) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), include[1]));
      if (!repo.exists(target)) throw new UserError(`${file}: "${line}" names ${target}, which does not exist. Fix: restore it or remove the line.`);
      readRequirements(repo, target, result);
      continue;
    }
    const noBinary = /^--no-binary\s*=?\s*(\S+)/.exec(line);
    if (noBinary) {
      result.noBinary.push(...noBinary[1].split(',').map((name) => (name === ':all:' ? name : normalizeName(name))));
      continue;
    }
    if (/^(-e|--editable)\s/.test(line) || /^(\.|\/|file:)/.test(line)) {
      result.localRefs.push(line);
      continue;
    }
    if (line.startsWith('-')) continue; // --index-url, --hash, -f ...: pip options, no package
    const match = REQUIREMENT.exec(line);
    if (!match) continue;
    const pinned = EXACT_PIN.exec(line.replace(/\s--hash[=\s]\S+/g, '').trim())?.[1];
    result.requirements.push({ name: normalizeName(match[1]), extras: splitExtras(match[2]), ...(pinned ? { pinned } : {}) });
  }
  return result;
}

function splitExtras(text: string | undefined): string[] {
  return (text ?? '').split(',').map((extra) => extra.trim().toLowerCase()).filter(Boolean);
}

/** A PEP 508 string (`uvicorn[standard]>=0.30; python_version < "3.13"`) as name and extras. */
export function pep508(text: string): Requirement | null {
  const match = REQUIREMENT.exec(text.trim());
  return match ? { name: normalizeName(match[1]), extras: splitExtras(match[2]) } : null;
}

const DEV_FILE = /(^|[-_./])(dev|test|tests|testing|lint|docs?|ci|local|typing)([-_.]|$)/;
/** Most specific first: requirements/prod.txt wins over requirements/base.txt, which it usually includes. */
const PROD_NAMES = ['prod', 'production', 'deploy', 'runtime', 'main', 'app', 'base'];

/**
 * The requirements file an image should install: requirements.txt, else the production-looking
 * one (requirements/prod.txt, requirements-base.txt...), else the only non-dev one.
 */
export function pickRequirementsFile(repo: Repo): { file: string | null; evidence: string[] } {
  const candidates = repo.files().filter((file) => /^requirements[^/]*\.txt$/.test(file) || /^requirements\/[^/]+\.txt$/.test(file));
  if (candidates.length === 0) return { file: null, evidence: [] };
  const dev = candidates.filter((file) => DEV_FILE.test(file.replace(/^requirements/, '')));
  const rest = candidates.filter((file) => !dev.includes(file));
  const file = candidates.includes('requirements.txt')
    ? 'requirements.txt'
    : PROD_NAMES.map((name) => rest.find((candidate) => new RegExp(`(^|[-_./])${name}([-_.]|$)`).test(candidate.replace(/^requirements/, '')))).find(Boolean) ??
      (rest.length === 1 ? rest[0] : null);
  const evidence = dev.map((skipped) => `${skipped}: skipped (development-only requirements)`);
  if (!file && rest.length > 1) evidence.push(`${rest.join(', ')}: several requirements files and none is requirements.txt; none installed (rename the production one to requirements.txt)`);
  return { file, evidence };
}

/** Names of the packages a lock installs without dev groups. */
export function lockedPackages(repo: Repo, lockFile: string): string[] {
  if (lockFile === 'Pipfile.lock') {
    return Object.keys(table(readJson(repo, lockFile).default)).map(normalizeName);
  }
  const packages = readToml(repo, lockFile).package;
  if (!Array.isArray(packages)) throw new UserError(`${lockFile}: no [[package]] entries. Fix: regenerate it (\`${lockFile === 'uv.lock' ? 'uv lock' : 'poetry lock'}\`).`);
  const entries = packages.map(table);
  const unnamed = entries.findIndex((entry) => typeof entry.name !== 'string');
  if (unnamed >= 0) throw new UserError(`${lockFile}: [[package]] entry ${unnamed + 1} has no name. Fix: regenerate it (\`${lockFile === 'uv.lock' ? 'uv lock' : 'poetry lock'}\`).`);
  if (lockFile === 'uv.lock') return uvRuntimePackages(entries);
  // Poetry 2 lists the groups of each package, Poetry 1 a category.
  return entries
    .filter((entry) => (Array.isArray(entry.groups) ? entry.groups.includes('main') : entry.category === undefined || entry.category === 'main'))
    .map((entry) => normalizeName(String(entry.name)));
}

/** uv.lock holds every group: walk from the project's own `dependencies`, which leaves dev groups out. */
function uvRuntimePackages(entries: Table[]): string[] {
  const byName = new Map(entries.map((entry) => [normalizeName(String(entry.name)), entry]));
  const isProject = (entry: Table) => Boolean(table(entry.source).virtual ?? table(entry.source).editable);
  const seen = new Set<string>();
  const queue = entries.filter(isProject).flatMap((entry) => dependencyNames(entry));
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = byName.get(name);
    if (entry) queue.push(...dependencyNames(entry));
  }
  return [...seen];
}

function dependencyNames(entry: Table): string[] {
  const deps = Array.isArray(entry.dependencies) ? entry.dependencies : [];
  return deps.map((dep) => table(dep).name).filter((name): name is string => typeof name === 'string').map(normalizeName);
}
