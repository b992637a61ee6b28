import { existsSync } from 'node:fs';
import path from 'node:path';
import { memberFolders } from '../common.js';
import { ExitCode, inFolder, UserError } from '../../core/errors.js';
import { Repo } from '../../core/repo.js';
import type { PythonDetection } from './detect.js';
import { normalizeName, readToml, table, type Table } from './manifests.js';

/** One project of a uv workspace. */
export interface UvMember {
  /** Its folder relative to the workspace root (the build context), e.g. packages/api. */
  dir: string;
  /** [project].name, normalised: what `uv sync --package` selects. */
  name: string;
  /** The member read as a project of its own (framework, app, port); null for a library. */
  detection: PythonDetection | null;
  /** pyproject's readme, from the workspace root: building the member's package reads it. */
  readme: string | null;
  /** "file: why" lines, paths from the workspace root. */
  evidence: string[];
}

export interface UvWorkspace {
  patterns: string[];
  members: UvMember[];
}

function globList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UserError(`pyproject.toml: ${where} must be a list of folder globs such as ["packages/*"]. Fix: correct [tool.uv.workspace].`);
  }
  return value as string[];
}

/**
 * `[tool.uv.workspace] members` of a root whose uv.lock covers them all; null when the root declares
 * no workspace. `detectMember` reads one member as a project (the Python detector, on Repo.sub).
 */
export function readUvWorkspace(repo: Repo, pyproject: Table | null, evidence: string[], detectMember: (sub: Repo) => PythonDetection | null): UvWorkspace | null {
  const declared = table(table(pyproject?.tool).uv).workspace;
  if (declared === undefined) return null;
  const patterns = globList(table(declared).members, 'members');
  const dirs = memberFolders(repo, 'pyproject.toml', patterns, globList(table(declared).exclude, 'exclude'));
  if (dirs.length === 0) {
    evidence.push(`pyproject.toml: [tool.uv.workspace] members ${patterns.join(', ')} match no folder with a pyproject.toml; treated as a single project`);
    return null;
  }
  evidence.push(`pyproject.toml: uv workspace, members ${patterns.join(', ')}: ${dirs.length} projects share the root uv.lock, so each service builds with the root as its context`);
  const members = dirs.map((dir): UvMember => {
    const manifest = inFolder(dir, () => readToml(repo, `${dir}/pyproject.toml`));
    const project = table(manifest.project);
    if (typeof project.name !== 'string') {
      throw new UserError(`${dir}/pyproject.toml: no [project] name, which every uv workspace member needs. Fix: add name = "..." under [project].`);
    }
    const detection = inFolder(dir, () => detectMember(repo.sub(dir)));
    const service = detection && detection.targets.length > 0 ? detection : null;
    const readme = typeof project.readme === 'string' ? `${dir}/${project.readme}` : null;
    evidence.push(
      service
        ? `${dir}/pyproject.toml: ${project.name}, ${service.framework ? `a ${service.framework} app (${service.targets.join(', ')})` : `a script (${service.targets.join(', ')})`}`
        : `${dir}/pyproject.toml: ${project.name}, a library (no app object or __main__ script): not a service, installed into the services that use it`,
    );
    // Seen alone, a member has "no lock file" and pip installs: in the workspace, uv installs from the root lock.
    const ownLines = service ? service.evidence.filter((line) => !/lock file|installed with pip|cached step/.test(line)).map((line) => `${dir}/${line}`) : [];
    const memberEvidence = service ? [`${dir}/pyproject.toml: uv workspace member; its dependencies come from the root uv.lock`, ...ownLines] : [];
    return { dir, name: normalizeName(project.name), detection: service, readme, evidence: memberEvidence };
  });
  return { patterns, members };
}

export function uvServices(workspace: UvWorkspace | null): UvMember[] {
  return workspace?.members.filter((member) => member.detection) ?? [];
}

/** The member `--workspace` names; a library or an unknown folder is refused with the services to pick from. */
export function chosenUvMember(detection: PythonDetection, dir: string): UvMember {
  const services = uvServices(detection.workspace);
  const member = detection.workspace?.members.find((candidate) => candidate.dir === dir.replace(/^\.\//, '').replace(/\/+$/, ''));
  const fix = services.length ? `pass --workspace ${services.map((m) => m.dir).join(' or ')}` : 'no member has an app object or a __main__ script; add one';
  if (!detection.workspace) throw new UserError(`--workspace ${dir}: pyproject.toml declares no [tool.uv.workspace]. Fix: leave --workspace out.`, ExitCode.usage);
  // Every member's manifest is copied into the build, so one folder name with a space breaks it for all.
  const spaced = detection.workspace.members.find((candidate) => /\s/.test(candidate.dir));
  if (spaced) throw new UserError(`${spaced.dir}: a workspace member whose folder name has a space, which every COPY line would have to quote. Fix: rename the folder (e.g. with - or _).`);
  if (!member) throw new UserError(`--workspace ${dir}: not a member of the uv workspace (${detection.workspace.members.map((m) => m.dir).join(', ')}). Fix: ${fix}.`, ExitCode.usage);
  if (!member.detection) throw new UserError(`--workspace ${dir}: ${dir} is a library (no app object or __main__ script), not a service. Fix: ${fix}.`, ExitCode.usage);
  return member;
}

/**
 * The detection as one member sees it: the member's app, port and server, installed with uv from the
 * root lock (so the root decides the package manager, the dependency files and the Python version).
 */
export function forUvMember(root: PythonDetection, member: UvMember): PythonDetection {
  const own = member.detection!;
  const workspace = root.workspace!;
  return {
    ...own,
    languageVersion: root.languageVersion ?? own.languageVersion,
    packageManager: 'uv',
    depsSource: 'lock',
    dependencyFiles: ['pyproject.toml', 'uv.lock', ...workspace.members.map((m) => `${m.dir}/pyproject.toml`)],
    pythonMinor: root.pythonMinor ?? own.pythonMinor,
    pythonFromRange: root.pythonMinor ? root.pythonFromRange : own.pythonFromRange,
    constraints: [...root.constraints, ...own.constraints.map((c) => ({ ...c, source: `${member.dir}/${c.source}` }))],
    // The libraries it uses are workspace packages: installed (not editable) with it.
    installProject: true,
    readme: null,
    evidence: [...root.evidence, ...member.evidence],
    workspace,
  };
}

/** A member folder run on its own (`--path packages/api`): the workspace whose lock it installs from. */
export interface EnclosingUvWorkspace {
  /** The workspace root, absolute, and as seen from the member (`../..`). */
  rootPath: string;
  toRoot: string;
  /** The member's folder relative to the workspace root. */
  memberDir: string;
  root: PythonDetection;
}

/** How far up a member may sit below its workspace root (packages/api, services/x/api). */
const MAX_DEPTH = 4;

/**
 * The uv workspace above a folder that has a pyproject.toml but no lock of its own: the nearest
 * parent with uv.lock and a [tool.uv.workspace] whose members include this folder. uv installs a
 * member only from that lock, so the image builds with the root as its context.
 */
export function findEnclosingUvWorkspace(repo: Repo, detectRoot: (root: Repo) => PythonDetection | null): EnclosingUvWorkspace | null {
  let dir = path.dirname(repo.root);
  for (let depth = 0; depth < MAX_DEPTH && dir !== path.dirname(dir); depth++, dir = path.dirname(dir)) {
    if (!existsSync(path.join(dir, 'uv.lock')) || !existsSync(path.join(dir, 'pyproject.toml'))) continue;
    const rootRepo = Repo.open(dir);
    if (table(table(readToml(rootRepo, 'pyproject.toml').tool).uv).workspace === undefined) return null;
    const memberDir = path.relative(dir, repo.root).split(path.sep).join('/');
    const root = detectRoot(rootRepo);
    const member = root?.workspace?.members.find((candidate) => candidate.dir === memberDir);
    if (!root || !member?.detection) return null;
    return { rootPath: dir, toRoot: path.relative(repo.root, dir).split(path.sep).join('/'), memberDir, root };
  }
  return null;
}
