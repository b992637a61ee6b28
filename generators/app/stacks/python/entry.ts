import type { Repo } from '../../core/repo.js';
import { readDjango } from './django.js';
import { readLaunches, type Launch } from './launch.js';
import { ADDED_SERVER, installedServer, knownConfigEnv, LOCUST_PORT, serves, type Interface, type Server } from './servers.js';
import { findAppObjects, findLaunchers, findLocustfiles, findPort, findSettingsPort, findScripts, serverScripts, importedSources, importsNetworking, runsFlaskOnLoopback, type AppKind, type PySource } from './sources.js';

/**
 * What runs the app and how: the command the project names (Procfile, server config, start script,
 * README), else Django's WSGI callable or a framework's app object served by the installed server
 * (or one to add), else a launcher script or a plain `__main__` script.
 */

const INTERFACES: Record<AppKind, Interface> = { django: 'wsgi', flask: 'wsgi', fastapi: 'asgi', starlette: 'asgi' };
const FRAMEWORK_PACKAGES: Array<[string, AppKind]> = [['fastapi', 'fastapi'], ['starlette', 'starlette'], ['flask', 'flask'], ['django', 'django']];

export interface AppFacts {
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

/** `pkg.mod:app` is importable from the root: pkg/mod.py or pkg/mod/__init__.py. */
function moduleExists(repo: Repo, target: string): boolean {
  const base = target.split(':')[0].replace(/\./g, '/');
  return repo.exists(`${base}.py`) || repo.exists(`${base}/__init__.py`);
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
export function findApp(repo: Repo, sources: PySource[], installed: Set<string>, declaredIn: Map<string, string>): AppFacts {
  const launch = chosenLaunch(readLaunches(repo));
  const launchEvidence = launch ? [`${launch.source}: starts it with \`${launch.command}\``] : [];
  if (launch?.target && !launch.target.endsWith('.py') && !moduleExists(repo, launch.target)) {
    launchEvidence.push(`${launch.source}: names ${launch.target}, but no such module is here; ignored`);
    launch.target = null;
  }
  if (launch?.server === 'locust' && launch.target) return locustFacts([launch.target], launchEvidence, launch.port, declaredIn);
  if (launch?.target?.endsWith('.py')) return scriptFacts(sources, [launch.target], launchEvidence, launch.port);

  const served = findServed(repo, sources, installed, declaredIn);
  // locust pulls in flask for its web UI: a framework with no app object of the project's own is locust's.
  const locustfiles = installed.has('locust') && !served?.targets.length ? findLocustfiles(sources) : [];
  if (locustfiles.length > 0) return locustFacts(locustfiles, launchEvidence, null, declaredIn);
  if (!served) {
    const scripts = serverScripts(sources, findScripts(sources));
    return scriptFacts(sources, scripts.scripts, [...launchEvidence, ...scripts.evidence], null);
  }
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
  else evidence.push(served.portEvidence(server));
  const config = launchServer ? launch!.config : null;
  const configEnv = launchServer ? launch!.configEnv : [];
  if (config && configEnv.length > 0) {
    const values = knownConfigEnv(port);
    const known = configEnv.filter((name) => values[name]);
    const unknown = configEnv.filter((name) => !values[name]);
    evidence.push(
      `${config}: reads ${configEnv.map((name) => `$(${name})`).join(', ')} from the environment${known.length ? `; the image sets ${known.map((name) => `${name}=${values[name]}`).join(' and ')}` : ''}${unknown.length ? `; set ${unknown.join(', ')} at run time` : ''}`,
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
  portEvidence: (server: Server) => string;
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
      portEvidence: (server) => `manage.py: ${server} binds 0.0.0.0:8000 (runserver's port) instead of its default 127.0.0.1`,
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
  const listen = findPort(sources.filter((s) => files.includes(s.file))) ?? findSettingsPort(sources);
  const port = listen?.port ?? 8000;
  const portEvidence = (server: Server) =>
    listen
      ? `${listen.file}: port ${port} (${listen.snippet}…); ${server} binds 0.0.0.0:${port}`
      : `${files[0] ?? '*.py'}: no literal port; ${server} binds 0.0.0.0:8000 (its default port, but on all interfaces, not 127.0.0.1)`;
  return { kind, targets: ofKind.map((candidate) => candidate.target), port, portEvidence, collectstatic: false, evidence };
}

/** A locust load generator: `locust -f <locustfile>`, its web UI on 8089 unless the project names a port. */
function locustFacts(files: string[], evidence: string[], launchPort: number | null, declaredIn: Map<string, string>): AppFacts {
  const port = launchPort ?? LOCUST_PORT;
  return {
    framework: 'locust',
    server: 'locust',
    serverInterface: null,
    targets: files,
    port,
    collectstatic: false,
    loopbackOnly: false,
    config: null,
    configBinds: false,
    configEnv: [],
    evidence: [
      ...evidence,
      `${declaredIn.get('locust') ?? 'dependencies'}: locust, a load generator`,
      `${files[0]}: a locustfile (its users import locust), run with locust -f ${files[0]}${files.length > 1 ? ` (also ${files.slice(1).join(', ')})` : ''}`,
      `${files[0]}: locust's web UI listens on 0.0.0.0:${port}${launchPort ? '' : ' (its default port)'}; a --headless run opens none`,
    ],
  };
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
  } else if (/\bFlask\b/.test(script.text) && /\.run\((?![^)]*\bport\s*=)/.test(script.text)) {
    facts.port = 5000;
    facts.evidence.push(`${script.file}: app.run() without a port serves Flask's default 5000`);
  } else if (importsNetworking(script)) {
    facts.port = 8080;
    facts.evidence.push(`${script.file}: uses the network but no literal port found; assuming 8080 (--port to change)`);
  }
  return facts;
}
