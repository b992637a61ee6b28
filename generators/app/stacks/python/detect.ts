import { imageRef } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { readDependencies, type DepsSource, type PackageManager } from './dependencies.js';
import { readDjango } from './django.js';
import { readToml, table, type Table } from './manifests.js';
import { nativeNeeds, type NativeNeed } from './native.js';
import { readLaunches, type Launch } from './launch.js';
import { ADDED_SERVER, installedServer, serves, UWSGI_NATIVE, type Interface, type Server } from './servers.js';
import { findAppObjects, findLaunchers, findPort, findScripts, importedSources, importsNetworking, readPySources, runsFlaskOnLoopback, type AppKind, type PySource } from './sources.js';
import type { Constraint } from './specifier.js';
import { capByWheels, readPythonVersion } from './version.js';
import { wheelCaps } from './wheels.js';
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
  /** This folder is a member of a uv workspace above it, whose lock it installs from. */
  enclosingWorkspace?: EnclosingUvWorkspace;
}

/** Files that make a folder a Python project (requirements*.txt is matched by pattern). */
const MANIFESTS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'uv.lock'];
const APP_FILES = ['app.py', 'main.py', 'wsgi.py', 'asgi.py', 'manage.py'];
export const PYTHON_MARKERS = [...MANIFESTS, 'requirements*.txt', ...APP_FILES];

const INTERFACES: Record<AppKind, Interface> = { django: 'wsgi', flask: 'wsgi', fastapi: 'asgi', starlette: 'asgi' };
const FRAMEWORK_PACKAGES: Array<[string, AppKind]> = [['fastapi', 'fastapi'], ['starlette', 'starlette'], ['flask', 'flask'], ['django', 'django']];

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
  const version = capByWheels(readPythonVersion(repo, pyproject, pipfile, defaultMinor), lock ? wheelCaps(repo, lock, deps.installed) : [], lock ?? '', defaultMinor);
  const evidence = [...version.evidence, ...deps.evidence];
  const backend = table(pyproject?.['build-system'])['build-backend'];
  if (typeof backend === 'string') evidence.push(`pyproject.toml: build backend ${backend}`);

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
  };
}

/** A member folder run on its own: the member as its workspace sees it, built from the workspace root. */
function asEnclosedMember(enclosing: EnclosingUvWorkspace): PythonDetection {
  const member = enclosing.root.workspace!.members.find((candidate) => candidate.dir === enclosing.memberDir)!;
  const seen = forUvMember(enclosing.root, member);
  const why = `${enclosing.toRoot}/pyproject.toml: this folder is ${member.name}, a member of the uv workspace there; its lock is ${enclosing.toRoot}/uv.lock, so the image builds with ${enclosing.toRoot} as the context`;
  return { ...seen, evidence: [why, ...seen.evidence], enclosingWorkspace: enclosing };
}

interface AppFacts {
  framework: string | null;
  server: Server | null;
  serverInterface: Interface | null;
  targets: string[];
  port: number | null;
  collectstatic: boolean;
  loopbackOnly: boolean;
  config: string | null;
  configBinds: boolean;
  configEnv: string[];
  evidence: string[];
}

/** The launch the project names first; a later one of the same server fills in its port and config. */
function chosenLaunch(launches: Launch[]): (Launch & { portSource: string }) | null {
  const [first, ...others] = launches.filter((launch) => launch.target || launch.server);
  if (!first) return null;
  const same = others.filter((launch) => launch.server === first.server);
  const withPort = [first, ...same].find((launch) => launch.port);
  return {
    ...first,
    target: first.target ?? same.find((launch) => launch.target)?.target ?? null,
    port: withPort?.port ?? null,
    portSource: withPort?.source ?? first.source,
    config: first.config ?? same.find((launch) => launch.config)?.config ?? null,
  };
}

/** What runs the app: the command the project names, else Django's WSGI callable, a framework object, or a script. */
function findApp(repo: Repo, sources: PySource[], installed: Set<string>, declaredIn: Map<string, string>): AppFacts {
  const launch = chosenLaunch(readLaunches(repo));
  const launchEvidence = launch ? [`${launch.source}: starts it with \`${launch.command}\``] : [];
  if (launch?.target?.endsWith('.py')) return scriptFacts(sources, [launch.target], launchEvidence, launch.port);

  const served = findServed(repo, sources, installed, declaredIn);
  if (!served) return scriptFacts(sources, findScripts(sources), launchEvidence, null);
  const { kind, evidence } = served;
  const iface = INTERFACES[kind];
  const launchServer = launch?.server && serves(launch.server, iface) ? launch.server : null;
  const installedOne = installedServer(installed, iface);
  // With no server installed, a root script that starts the app itself (and not on loopback) is how it runs.
  if (!launchServer && !installedOne && !launch?.target) {
    const launcher = findLaunchers(sources).find((script) => !runsFlaskOnLoopback(script));
    if (launcher) {
      return scriptFacts(sources, [launcher.file], [`${launcher.file}: starts the ${kind} app itself and no server is a dependency, so it runs as a script`], null);
    }
  }
  const server = launchServer ?? installedOne ?? ADDED_SERVER[iface].server;
  const targets = launch?.target && launchServer ? [launch.target] : served.targets;
  if (launchServer) evidence.push(`${launch!.source}: served by ${server}${launch!.config ? ` (${launch!.config})` : ''}${launch!.target ? `, ${launch!.target}` : ''}`);
  else if (installedOne && kind === 'django') evidence.push(`${declaredIn.get(server) ?? 'dependencies'}: served by ${server}`);
  else if (installedOne) evidence[0] += `, served by ${server}`;
  if (launchServer) evidence.unshift(...launchEvidence);
  const port = (launchServer ? launch!.port : null) ?? served.port;
  if (launchServer && launch!.port) evidence.push(`${launch!.portSource}: port ${launch!.port}; ${server} binds 0.0.0.0:${launch!.port}`);
  else evidence.push(...served.portEvidence.map((line) => line.replace(/SERVER/g, server)));
  const config = launchServer ? launch!.config : null;
  const configEnv = launchServer ? launch!.configEnv : [];
  if (config && configEnv.length > 0) {
    const known: string[] = configEnv.filter((name) => name === 'PORT' || name === 'VIRTUAL_ENV');
    const unknown = configEnv.filter((name) => !known.includes(name));
    evidence.push(
      `${config}: reads ${configEnv.map((name) => `$(${name})`).join(', ')} from the environment${known.length ? `; the image sets ${known.map((name) => (name === 'PORT' ? `PORT=${port}` : 'VIRTUAL_ENV=/opt/venv')).join(' and ')}` : ''}${unknown.length ? `; set ${unknown.join(', ')} at run time` : ''}`,
    );
  }
  return {
    framework: kind,
    server,
    serverInterface: iface,
    targets,
    port,
    collectstatic: served.collectstatic,
    loopbackOnly: false,
    config,
    configBinds: launchServer ? launch!.configBinds : false,
    configEnv,
    evidence,
  };
}

interface Served {
  kind: AppKind;
  targets: string[];
  port: number;
  portEvidence: string[];
  collectstatic: boolean;
  evidence: string[];
}

/** A Django project, or the first Flask/FastAPI/Starlette app (object or factory) or installed framework. */
function findServed(repo: Repo, sources: PySource[], installed: Set<string>, declaredIn: Map<string, string>): Served | null {
  const django = readDjango(repo);
  if (django) {
    return {
      kind: 'django',
      targets: django.wsgi ? [django.wsgi] : [],
      port: 8000,
      portEvidence: ['manage.py: SERVER binds 0.0.0.0:8000 (runserver\'s port) instead of its default 127.0.0.1'],
      collectstatic: django.collectstatic,
      evidence: [...django.evidence],
    };
  }
  const installedKind = FRAMEWORK_PACKAGES.find(([name]) => installed.has(name))?.[1];
  const apps = findAppObjects(sources, installedKind);
  const kind = apps[0]?.kind ?? installedKind;
  if (!kind) return null;
  const ofKind = apps.filter((candidate) => candidate.kind === kind);
  const evidence = [`${declaredIn.get(kind) ?? ofKind[0]?.file ?? 'dependencies'}: ${kind} app`];
  for (const candidate of ofKind) {
    evidence.push(`${candidate.file}: ${candidate.factory ? 'application factory' : 'application object'} ${candidate.target}${candidate.madeBy ? ` (made by ${candidate.madeBy}())` : ''}`);
  }
  if (ofKind.length === 0) evidence.push(`*.py: no ${kind} application object found; pass --main module:app`);
  const files = ofKind.map((candidate) => candidate.file);
  const listen = findPort(sources.filter((s) => files.includes(s.file)));
  const port = listen?.port ?? 8000;
  const portEvidence = [
    listen
      ? `${listen.file}: port ${port} (${listen.snippet}…); SERVER binds 0.0.0.0:${port}`
      : `${files[0] ?? '*.py'}: no literal port; SERVER binds 0.0.0.0:8000 (its default port, but on all interfaces, not 127.0.0.1)`,
  ];
  return { kind, targets: ofKind.map((candidate) => candidate.target), port, portEvidence, collectstatic: false, evidence };
}

/** A program run with python: its port is a literal in it or the modules it imports, else Flask's 5000 for app.run(). */
function scriptFacts(sources: PySource[], scripts: string[], evidence: string[], launchPort: number | null): AppFacts {
  const facts: AppFacts = { framework: null, server: null, serverInterface: null, targets: scripts, port: null, collectstatic: false, loopbackOnly: false, config: null, configBinds: false, configEnv: [], evidence: [...evidence] };
  if (scripts.length === 0) {
    facts.evidence.push('*.py: no web framework and no `if __name__ == "__main__":` script at the root; pass --main script.py');
    return facts;
  }
  facts.evidence.push(`${scripts[0]}: a script run with python${scripts.length > 1 ? ` (also ${scripts.slice(1).join(', ')})` : ''}`);
  const script = sources.find((source) => source.file === scripts[0]);
  if (launchPort) {
    facts.port = launchPort;
    return facts;
  }
  if (!script) return facts;
  const listen = findPort([script, ...importedSources(script, sources)]);
  if (listen) {
    facts.port = listen.port;
    facts.loopbackOnly = listen.loopbackOnly;
    facts.evidence.push(`${listen.file}: listens on port ${listen.port} (${listen.snippet}…)`);
    if (listen.loopbackOnly) facts.evidence.push(`${listen.file}: binds to loopback only, unreachable from outside a container; bind "0.0.0.0" instead`);
  } else if (/\bFlask\b/.test(script.text) && /\.run\(/.test(script.text)) {
    facts.port = 5000;
    facts.evidence.push(`${script.file}: app.run() without a port serves Flask's default 5000`);
  } else if (importsNetworking(script)) {
    facts.port = 8080;
    facts.evidence.push(`${script.file}: uses the network but no literal port found; assuming 8080 (--port to change)`);
  }
  return facts;
}
