import { imageRef } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Detection, Marker } from '../types.js';
import { readDependencies, type DepsSource, type PackageManager } from './dependencies.js';
import { existingFacts } from '../../core/existing-dockerfile.js';
import { findApp } from './entry.js';
import { statedRuntimeLibraries, withStatedPython } from './existing.js';
import { pythonCredentials } from './credentials.js';
import type { BuildSecret } from '../../core/secrets.js';
import { readToml, table, type Table } from './manifests.js';
import { nativeNeeds, type NativeNeed } from './native.js';
import { ADDED_SERVER, UWSGI_NATIVE, type Interface, type Server } from './servers.js';
import { readPySources } from './sources.js';
import type { Constraint } from './specifier.js';
import { capByWheels, readPythonVersion } from './version.js';
import { pinnedWheelCaps, wheelCaps } from './wheels.js';
import { findEnclosingUvWorkspace, forUvMember, readUvWorkspace, type EnclosingUvWorkspace, type UvWorkspace } from './workspace.js';

export type { Server } from './servers.js';

export interface PythonDetection extends Detection {
  stack: 'python';
  packageManager: PackageManager;
  depsSource: DepsSource;
  /** Files the dependency step copies before the source. */
  dependencyFiles: string[];
  /** The minor line the builder uses by default (null: nothing stated, use the image default). */
  pythonMinor: string | null;
  /** No file pins a version: pythonMinor was chosen within a range (requires-python, Poetry's python). */
  pythonFromRange: boolean;
  constraints: Array<{ source: string; text: string; constraint: Constraint }>;
  /** The server that runs the app (the one the project names or installs), and whether it is installed. */
  server: Server | null;
  serverInstalled: boolean;
  /** WSGI (Django, Flask) or ASGI (FastAPI, Starlette): what the server must speak. */
  serverInterface: Interface | null;
  /** The gunicorn config or uwsgi ini the project starts its server with. */
  serverConfig: string | null;
  /** The uwsgi ini opens its own HTTP socket, and reads these `$(VARS)` from the environment. */
  configBinds: boolean;
  configEnv: string[];
  /** Entrypoint candidates: `module:app` for a server, `script.py` for a plain program. */
  targets: string[];
  native: NativeNeed[];
  collectstatic: boolean;
  /** The project is a package to install (uv/poetry/pip build it after the source is copied). */
  installProject: boolean;
  /** pyproject's readme: building the package reads it, so .dockerignore keeps it. */
  readme: string | null;
  loopbackOnly: boolean;
  /** uv workspace declared at this root ([tool.uv.workspace]), with every member; null for a single project. */
  workspace: UvWorkspace | null;
  /** Index credentials the install needs, as build secrets. */
  secrets: BuildSecret[];
  /** This folder is a member of a uv workspace above it, whose lock it installs from. */
  enclosingWorkspace?: EnclosingUvWorkspace;
}

/** Files that make a folder a Python project (requirements*.txt is matched by pattern). */
const MANIFESTS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'uv.lock'];
const APP_FILES = ['app.py', 'main.py', 'wsgi.py', 'asgi.py', 'manage.py'];
/** A manifest or requirements file marks a project in a scan; so does manage.py (a Django site has often no other). */
const SCAN_PROJECT = new Set(['pyproject.toml', 'setup.py', 'Pipfile', 'requirements*.txt', 'manage.py']);
export const PYTHON_MARKERS: Marker[] = [...MANIFESTS, 'requirements*.txt', ...APP_FILES].map((name) => ({ name, project: SCAN_PROJECT.has(name) }));


function isPythonProject(repo: Repo): boolean {
  return [...MANIFESTS, ...APP_FILES].some((file) => repo.exists(file)) || repo.files().some((file) => /^requirements[^/]*\.txt$/.test(file));
}

/** A package is built when it declares a backend and its code is where the backend looks for it. */
function isInstallable(repo: Repo, pyproject: Table | null, manager: PackageManager, source: DepsSource): boolean {
  if (source === 'project') return true;
  if (!pyproject?.['build-system']) return false;
  const tool = table(pyproject.tool);
  if (manager === 'uv') return table(tool.uv).package !== false;
  const srcLayout = repo.files().some((file) => /^src\/[^/]+\/__init__\.py$/.test(file));
  if (manager === 'poetry') {
    const poetry = table(tool.poetry);
    if (poetry['package-mode'] === false) return false;
    const name = String(table(pyproject.project).name ?? poetry.name ?? '').replace(/[-.]/g, '_');
    return srcLayout || Array.isArray(poetry.packages) || (name !== '' && repo.exists(`${name}/__init__.py`));
  }
  return manager === 'pip' && srcLayout;
}

/** `asMember`: read as one member of a workspace the caller already found, so no search above it. */
export function detectPython(repo: Repo, asMember = false): PythonDetection | null {
  if (!isPythonProject(repo)) return null;
  const enclosing = !asMember && repo.exists('pyproject.toml') && !repo.exists('uv.lock') ? findEnclosingUvWorkspace(repo, (root) => detectPython(root)) : null;
  if (enclosing) return asEnclosedMember(enclosing);
  const pyproject = repo.exists('pyproject.toml') ? readToml(repo, 'pyproject.toml') : null;
  const pipfile = repo.exists('Pipfile') ? readToml(repo, 'Pipfile') : null;

  const defaultMinor = imageRef('python-builder').tag.split('-')[0];
  const deps = readDependencies(repo, pyproject, pipfile);
  const lock = deps.source === 'lock' ? deps.files[1] : null;
  const caps = lock ? wheelCaps(repo, lock, deps.installed) : pinnedWheelCaps(deps.pins);
  const version = capByWheels(withStatedPython(readPythonVersion(repo, pyproject, pipfile, defaultMinor), existingFacts(repo)), caps, lock ?? deps.requirementsFile ?? '', defaultMinor);
  const evidence = [...version.evidence, ...deps.evidence];
  const backend = table(pyproject?.['build-system'])['build-backend'];
  if (typeof backend === 'string') evidence.push(`pyproject.toml: build backend ${backend}`);

  const requirementFiles = [...new Set([...deps.files.filter((file) => file.endsWith('.txt')), ...(deps.requirementsFile ? [deps.requirementsFile] : [])])];
  const secrets = pythonCredentials(repo, deps.manager, requirementFiles, pyproject, pipfile, evidence);

  const installProject = isInstallable(repo, pyproject, deps.manager, deps.source);
  const readmeField = table(pyproject?.project).readme ?? table(table(pyproject?.tool).poetry).readme;
  const readme = installProject && typeof readmeField === 'string' ? readmeField : null;

  const workspace = deps.manager === 'uv' ? readUvWorkspace(repo, pyproject, evidence, (sub) => detectPython(sub, true)) : null;
  // Members' code is read as theirs (module paths start in their folder), never as the root's app.
  const memberDirs = workspace?.members.map((member) => `${member.dir}/`) ?? [];
  const sources = readPySources(repo).filter((source) => !memberDirs.some((dir) => source.file.startsWith(dir)));
  // A workspace root's lock holds its members' frameworks; only code at the root can make the root an app.
  const app = findApp(repo, sources, workspace ? new Set() : deps.installed, deps.declaredIn);
  if (!workspace || app.targets.length > 0) evidence.push(...app.evidence);
  const serverInstalled = app.server !== null && deps.installed.has(app.server);
  if (app.server && !serverInstalled && app.targets.some((target) => !target.endsWith('.py'))) {
    evidence.push(
      `${deps.files[0] ?? 'requirements.txt'}: ${app.server} is not a dependency, and ${app.framework} needs a server; --add-server (the default under --yes) installs ${app.server}==${ADDED_SERVER[app.serverInterface!].version} in the image (better: add it to your dependencies)`,
    );
  }

  const native = nativeNeeds(deps.installed, deps.noBinary);
  if (app.server === 'uwsgi') native.push({ package: 'uwsgi', ...UWSGI_NATIVE });
  const stated = statedRuntimeLibraries(existingFacts(repo), native.flatMap((need) => need.runtime));
  for (const need of stated) evidence.push(`${need.package}: ${need.why}: ${need.runtime.join(', ')}, so the runtime keeps them (the existing image had them)`);
  for (const need of native) evidence.push(`${deps.declaredIn.get(need.package) ?? deps.files[deps.files.length - 1] ?? 'dependencies'}: ${need.package} ${need.why}, so the runtime needs ${need.runtime.join(', ')}`);

  native.push(...stated);
  return {
    stack: 'python',
    languageVersion: version.stated,
    packageManager: deps.manager,
    framework: app.framework,
    entrypoint: app.targets.length === 1 ? app.targets[0] : null,
    port: app.port,
    evidence,
    depsSource: deps.source,
    dependencyFiles: deps.files,
    pythonMinor: version.minor,
    pythonFromRange: !version.pinned && version.constraints.length > 0,
    constraints: version.constraints,
    server: app.server,
    serverInstalled,
    serverInterface: app.serverInterface,
    serverConfig: app.config,
    configBinds: app.configBinds,
    configEnv: app.configEnv,
    targets: app.targets,
    native,
    collectstatic: app.collectstatic,
    installProject,
    readme,
    loopbackOnly: app.loopbackOnly,
    workspace,
    secrets,
  };
}

/** A member folder run on its own: the member as its workspace sees it, built from the workspace root. */
function asEnclosedMember(enclosing: EnclosingUvWorkspace): PythonDetection {
  const member = enclosing.root.workspace!.members.find((candidate) => candidate.dir === enclosing.memberDir)!;
  const seen = forUvMember(enclosing.root, member);
  const why = `${enclosing.toRoot}/pyproject.toml: this folder is ${member.name}, a member of the uv workspace there; its lock is ${enclosing.toRoot}/uv.lock, so the image builds with ${enclosing.toRoot} as the context`;
  return { ...seen, evidence: [why, ...seen.evidence], enclosingWorkspace: enclosing };
}
