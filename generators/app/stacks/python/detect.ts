import { imageRef } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { readDependencies, type DepsSource, type PackageManager } from './dependencies.js';
import { readDjango } from './django.js';
import { readToml, table, type Table } from './manifests.js';
import { nativeNeeds, type NativeNeed } from './native.js';
import { findAppObjects, findPort, findScripts, importsNetworking, readPySources, type AppKind, type PySource } from './sources.js';
import type { Constraint } from './specifier.js';
import { readPythonVersion } from './version.js';
import { readUvWorkspace, type UvWorkspace } from './workspace.js';

export type Server = 'gunicorn' | 'uvicorn';

export interface PythonDetection extends Detection {
  stack: 'python';
  packageManager: PackageManager;
  depsSource: DepsSource;
  /** Files the dependency step copies before the source. */
  dependencyFiles: string[];
  /** The minor line the builder uses by default (null: nothing stated, use the image default). */
  pythonMinor: string | null;
  constraints: Array<{ source: string; text: string; constraint: Constraint }>;
  /** The server the framework needs, and whether the project installs it. */
  server: Server | null;
  serverInstalled: boolean;
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
}

/** Files that make a folder a Python project (requirements*.txt is matched by pattern). */
const MANIFESTS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'uv.lock'];
const APP_FILES = ['app.py', 'main.py', 'wsgi.py', 'asgi.py', 'manage.py'];
export const PYTHON_MARKERS = [...MANIFESTS, 'requirements*.txt', ...APP_FILES];

const SERVERS: Record<AppKind | 'django', Server> = { django: 'gunicorn', flask: 'gunicorn', fastapi: 'uvicorn', starlette: 'uvicorn' };
const FRAMEWORK_PACKAGES: Array<[string, AppKind]> = [['fastapi', 'fastapi'], ['starlette', 'starlette'], ['flask', 'flask']];

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

export function detectPython(repo: Repo): PythonDetection | null {
  if (!isPythonProject(repo)) return null;
  const pyproject = repo.exists('pyproject.toml') ? readToml(repo, 'pyproject.toml') : null;
  const pipfile = repo.exists('Pipfile') ? readToml(repo, 'Pipfile') : null;

  const version = readPythonVersion(repo, pyproject, pipfile, imageRef('python-builder').tag.split('-')[0]);
  const deps = readDependencies(repo, pyproject, pipfile);
  const evidence = [...version.evidence, ...deps.evidence];
  const backend = table(pyproject?.['build-system'])['build-backend'];
  if (typeof backend === 'string') evidence.push(`pyproject.toml: build backend ${backend}`);

  const installProject = isInstallable(repo, pyproject, deps.manager, deps.source);
  const readmeField = table(pyproject?.project).readme ?? table(table(pyproject?.tool).poetry).readme;
  const readme = installProject && typeof readmeField === 'string' ? readmeField : null;

  const workspace = deps.manager === 'uv' ? readUvWorkspace(repo, pyproject, evidence, detectPython) : null;
  // Members' code is read as theirs (module paths start in their folder), never as the root's app.
  const memberDirs = workspace?.members.map((member) => `${member.dir}/`) ?? [];
  const sources = readPySources(repo).filter((source) => !memberDirs.some((dir) => source.file.startsWith(dir)));
  // A workspace root's lock holds its members' frameworks; only code at the root can make the root an app.
  const app = findApp(repo, sources, workspace ? new Set() : deps.installed, deps.declaredIn);
  if (!workspace || app.targets.length > 0) evidence.push(...app.evidence);
  const serverInstalled = app.server !== null && deps.installed.has(app.server);
  if (app.server && !serverInstalled) {
    evidence.push(`${deps.files[0] ?? 'requirements.txt'}: ${app.server} is not a dependency, and ${app.framework} needs it to serve; --add-server installs it in the image (better: add it to your dependencies)`);
  }

  const native = nativeNeeds(deps.installed, deps.noBinary);
  for (const need of native) evidence.push(`${deps.declaredIn.get(need.package) ?? deps.files[deps.files.length - 1] ?? 'dependencies'}: ${need.package} ${need.why}, so the runtime needs ${need.runtime.join(', ')}`);

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
    constraints: version.constraints,
    server: app.server,
    serverInstalled,
    targets: app.targets,
    native,
    collectstatic: app.collectstatic,
    installProject,
    readme,
    loopbackOnly: app.loopbackOnly,
    workspace,
  };
}

interface AppFacts {
  framework: string | null;
  server: Server | null;
  targets: string[];
  port: number | null;
  collectstatic: boolean;
  loopbackOnly: boolean;
  evidence: string[];
}

/** What runs the app: Django's WSGI callable, a Flask/FastAPI/Starlette object, or a script. */
function findApp(repo: Repo, sources: PySource[], installed: Set<string>, declaredIn: Map<string, string>): AppFacts {
  const django = readDjango(repo);
  if (django) {
    return {
      framework: 'django',
      server: SERVERS.django,
      targets: django.wsgi ? [django.wsgi] : [],
      port: 8000,
      collectstatic: django.collectstatic,
      loopbackOnly: false,
      evidence: [...django.evidence, 'manage.py: gunicorn binds 0.0.0.0:8000 (runserver\'s port) instead of its default 127.0.0.1'],
    };
  }
  const apps = findAppObjects(sources);
  const kind = apps[0]?.kind ?? FRAMEWORK_PACKAGES.find(([name]) => installed.has(name))?.[1];
  if (kind) {
    const server = SERVERS[kind];
    const ofKind = apps.filter((candidate) => candidate.kind === kind);
    const evidence = [`${declaredIn.get(kind) ?? ofKind[0]?.file ?? 'dependencies'}: ${kind} app, served by ${server}`];
    for (const candidate of ofKind) evidence.push(`${candidate.file}: ${candidate.factory ? 'application factory' : 'application object'} ${candidate.target}`);
    if (ofKind.length === 0) evidence.push(`*.py: no ${kind} application object found; pass --main module:app`);
    const files = ofKind.map((candidate) => candidate.file);
    const listen = findPort(sources.filter((s) => files.includes(s.file)));
    const port = listen?.port ?? 8000;
    evidence.push(
      listen
        ? `${listen.file}: port ${port} (${listen.snippet}…); ${server} binds 0.0.0.0:${port}`
        : `${files[0] ?? '*.py'}: no literal port; ${server} binds 0.0.0.0:8000 (its default port, but on all interfaces, not 127.0.0.1)`,
    );
    return { framework: kind, server, targets: ofKind.map((candidate) => candidate.target), port, collectstatic: false, loopbackOnly: false, evidence };
  }
  const scripts = findScripts(sources);
  const evidence = scripts.length > 0 ? [`${scripts[0]}: a script run with python${scripts.length > 1 ? ` (also ${scripts.slice(1).join(', ')})` : ''}`] : ['*.py: no web framework and no `if __name__ == "__main__":` script at the root; pass --main script.py'];
  const script = sources.find((source) => source.file === scripts[0]);
  const listen = script ? findPort([script]) : null;
  let port: number | null = null;
  if (listen) {
    port = listen.port;
    evidence.push(`${listen.file}: listens on port ${port} (${listen.snippet}…)`);
    if (listen.loopbackOnly) evidence.push(`${listen.file}: binds to loopback only, unreachable from outside a container; bind "0.0.0.0" instead`);
  } else if (script && importsNetworking(script)) {
    port = 8080;
    evidence.push(`${script.file}: uses the network but no literal port found; assuming 8080 (--port to change)`);
  }
  return { framework: null, server: null, targets: scripts, port, collectstatic: false, loopbackOnly: listen?.loopbackOnly ?? false, evidence };
}
