import path from 'node:path';
import type { Repo } from '../../core/repo.js';

/** One Python source file and the module name it is imported by from the project root. */
export interface PySource {
  file: string;
  /** `app`, `pkg.main`, `pkg` (for pkg/__init__.py); null when a path part is no identifier. */
  module: string | null;
  text: string;
}

/** Folders whose code never serves the app: tests, migrations, docs, build output. */
const SKIPPED_DIRS = /(^|\/)(tests?|testing|migrations|docs?|examples?|scripts|build|dist|site-packages|\.[^/]+)\//;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function moduleOf(file: string): string | null {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.length > 0 && parts.every((part) => IDENTIFIER.test(part)) ? parts.join('.') : null;
}

/** Python files up to three folders deep, outside test and build folders. */
export function readPySources(repo: Repo): PySource[] {
  return repo
    .files()
    .filter((file) => file.endsWith('.py') && file.split('/').length <= 4 && !SKIPPED_DIRS.test(file) && !/(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file))
    .map((file) => ({ file, module: moduleOf(file), text: repo.read(file) }));
}

export type AppKind = 'flask' | 'fastapi' | 'starlette' | 'django';

export interface AppObject {
  kind: AppKind;
  /** `module:attr` for a module-level app, `module:factory()` for an application factory. */
  target: string;
  file: string;
  factory: boolean;
  /** A module-level app made by calling a factory: `app = create_app()`. */
  madeBy?: string;
}

const APP_OBJECT = /^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:[\w.]+\.)?(Flask|FastAPI|Starlette)\(/m;
const FACTORY_NAMES = 'create_app|make_app|build_app|get_app|create_application|make_application|get_application';
const FACTORY = new RegExp(`^def\\s+(${FACTORY_NAMES})\\s*\\(`, 'm');
/** `app = create_app()`, `application = make_app(settings)`: the object a server imports, made by the project's factory. */
const FACTORY_CALL = new RegExp(`^(\\w+)\\s*=\\s*(?:[\\w.]+\\.)?(${FACTORY_NAMES})\\(`, 'm');
/** Django's own entry objects, for a project whose manage.py does not name its settings. */
const DJANGO_OBJECT = /^(\w+)\s*=\s*(?:[\w.]+\.)?get_wsgi_application\(/m;
const KINDS: Record<string, AppKind> = { Flask: 'flask', FastAPI: 'fastapi', Starlette: 'starlette' };

/** Conventional entry files first, so `app.py` wins over a blueprint that also builds an app. */
function rank(file: string): number {
  const base = path.posix.basename(file);
  const depth = file.split('/').length;
  if (depth === 1 && /^(app|main|wsgi|asgi|server|application|api)\.py$/.test(base)) return 0;
  if (depth === 2 && /^(__init__|app|main|wsgi|asgi)\.py$/.test(base)) return 1;
  return 1 + depth;
}

const frameworkIn = (text: string): AppKind | undefined => KINDS[/\b(Flask|FastAPI|Starlette)\(/.exec(text)?.[1] ?? ''];

/**
 * Flask/FastAPI/Starlette application objects and factories, most likely entry first. A module-level
 * object made by a factory (`app = create_app()`) is what the project serves, so the factory it calls
 * is not offered beside it. `fallbackKind` is the installed framework, for a factory defined elsewhere.
 */
export function findAppObjects(sources: PySource[], fallbackKind?: AppKind): AppObject[] {
  const found: AppObject[] = [];
  const factoryKinds = new Map<string, AppKind>();
  for (const source of sources) {
    const name = FACTORY.exec(source.text)?.[1];
    const kind = frameworkIn(source.text);
    if (name && kind) factoryKinds.set(name, kind);
  }
  for (const source of [...sources].sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file))) {
    if (!source.module) continue;
    const object = APP_OBJECT.exec(source.text);
    if (object) {
      found.push({ kind: KINDS[object[2]], target: `${source.module}:${object[1]}`, file: source.file, factory: false });
      continue;
    }
    const made = FACTORY_CALL.exec(source.text);
    const madeKind = made ? factoryKinds.get(made[2]) ?? fallbackKind : undefined;
    if (made && madeKind && madeKind !== 'django') {
      found.push({ kind: madeKind, target: `${source.module}:${made[1]}`, file: source.file, factory: false, madeBy: made[2] });
      continue;
    }
    const django = DJANGO_OBJECT.exec(source.text);
    if (django) {
      found.push({ kind: 'django', target: `${source.module}:${django[1]}`, file: source.file, factory: false });
      continue;
    }
    const factory = FACTORY.exec(source.text);
    const kind = frameworkIn(source.text);
    if (factory && kind) found.push({ kind, target: `${source.module}:${factory[1]}()`, file: source.file, factory: true });
  }
  const called = new Set(found.flatMap((app) => (app.madeBy ? [app.madeBy] : [])));
  return found.filter((app) => !(app.factory && called.has(app.target.replace(/^.*:|\(\)$/g, ''))));
}

/** Top-level scripts meant to be run (`if __name__ == "__main__":`), conventional names first. */
export function findScripts(sources: PySource[]): string[] {
  return sources
    .filter((source) => !source.file.includes('/') && /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(source.text))
    .sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file))
    .map((source) => source.file);
}

/** Root files that define locust users (`from locust import HttpUser`), `locustfile.py` (locust's default) first. */
export function findLocustfiles(sources: PySource[]): string[] {
  return sources
    .filter((source) => !source.file.includes('/') && /^\s*(from\s+locust(\.\w+)*\s+import|import\s+locust\b)/m.test(source.text))
    .sort((a, b) => Number(b.file === 'locustfile.py') - Number(a.file === 'locustfile.py') || a.file.localeCompare(b.file))
    .map((source) => source.file);
}

/** A call that opens a listening server: gRPC, socketserver/http.server, Flask, uvicorn, aiohttp, tornado or a socket. */
const SERVER_START = /\.add_(?:insecure|secure)_port\(|\bserver\.start\(\)|\.serve_forever\(|\bapp\.run\(|\buvicorn\.run\(|\bweb\.run_app\(|\.listen\(/;
/** Names of scripts that talk to a service or measure it rather than being it. */
const NOT_THE_SERVICE = /client|test|bench/i;

/**
 * Among several `__main__` scripts, the ones that start a server (`email_server.py` beside
 * `email_client.py`); a client, test or benchmark script is never the service while a server script
 * exists. Several server scripts stay a question; none leaves the scripts as they were.
 */
export function serverScripts(sources: PySource[], scripts: string[]): { scripts: string[]; evidence: string[] } {
  if (scripts.length < 2) return { scripts, evidence: [] };
  const starting = scripts.flatMap((file) => {
    const call = SERVER_START.exec(sources.find((source) => source.file === file)?.text ?? '');
    return call ? [{ file, call: `${call[0].replace(/^\./, '').replace(/\(\)?$/, '')}()` }] : [];
  });
  const servers = starting.filter(({ file }) => !NOT_THE_SERVICE.test(path.posix.basename(file)));
  const chosen = servers.length > 0 ? servers : starting;
  if (chosen.length === 0) return { scripts, evidence: [] };
  const others = scripts.filter((file) => !chosen.some((server) => server.file === file));
  return {
    scripts: chosen.map(({ file }) => file),
    evidence: chosen.map(({ file, call }) => `${file}: starts a server (calls ${call})${others.length > 0 ? `, so it is the service rather than ${others.join(', ')}` : ''}`),
  };
}

/** The code under `if __name__ == "__main__":`, up to the next unindented line. */
function mainBlock(text: string): string | null {
  const match = /^if\s+__name__\s*==\s*["']__main__["']\s*:[^\n]*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)/m.exec(`${text}\n`);
  return match ? match[1] : null;
}

/**
 * Root scripts that start the app themselves: their `__main__` block calls `app.run()`,
 * `uvicorn.run()`, or the project's own `main()` (a launcher parsing its flags). Test runners are not.
 */
export function findLaunchers(sources: PySource[]): PySource[] {
  return findScripts(sources)
    .map((file) => sources.find((source) => source.file === file)!)
    .filter((source) => {
      const block = mainBlock(source.text) ?? '';
      return /\b(run|main|serve|run_app|run_simple)\s*\(/.test(block) && !/\b(unittest|pytest|doctest)\.main\(/.test(block);
    });
}

/** The project's modules a script imports (`import pkg`, `from pkg.cli import main`), as sources. */
export function importedSources(script: PySource, sources: PySource[]): PySource[] {
  const names = [...script.text.matchAll(/^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm)].map((match) => match[1] ?? match[2]);
  return sources.filter((source) => source !== script && source.module !== null && names.includes(source.module));
}

/** Flask's `app.run()` without a host serves 127.0.0.1 only. */
export function runsFlaskOnLoopback(source: PySource): boolean {
  const block = mainBlock(source.text) ?? '';
  return /\.run\((?![^)]*\bhost\s*=)[^)]*\)/.test(block) && /\bFlask\b/.test(source.text);
}

export interface ListenPort {
  port: number;
  file: string;
  snippet: string;
  loopbackOnly: boolean;
}

const PORT_PATTERNS: RegExp[] = [
  /[\w.]*\.run\([^)]*?\bport\s*=\s*(\d{2,5})/,
  // PORT, SERVER_PORT, FLASK_SERVER_PORT…, but not a client's DB_PORT or REDIS_PORT.
  /(?:environ\.get|getenv)\(\s*["'](?![A-Z_]*(?:DB|DATABASE|POSTGRES|PG|MYSQL|REDIS|MONGO|RABBIT|AMQP|SMTP|MAIL|CACHE|BROKER)_)[A-Z_]*PORT["']\s*,\s*["']?(\d{2,5})/,
  /\w*\(\s*\(\s*["'][\w.]*["']\s*,\s*(\d{2,5})\s*\)/,
  /^PORT\s*=\s*(\d{2,5})\b/m,
  /\bport\s*=\s*(\d{2,5})\b/,
];
const LOOPBACK = /\bhost\s*=\s*["'](127\.0\.0\.1|localhost)["']|\(\s*\(\s*["'](127\.0\.0\.1|localhost)["']\s*,/;

/** The first literal port in the given files (listed in order of preference). */
export function findPort(sources: PySource[]): ListenPort | null {
  for (const source of sources) {
    for (const pattern of PORT_PATTERNS) {
      const match = pattern.exec(source.text);
      const port = Number(match?.[1]);
      if (!match || port < 1 || port > 65535) continue;
      return { port, file: source.file, snippet: match[0].replace(/\s+/g, ' '), loopbackOnly: LOOPBACK.test(source.text) };
    }
  }
  return null;
}

/** `uvicorn.run("app:app", port=settings.API_PORT)`: the port is a settings attribute, not a literal. */
const RUN_PORT_SETTING = /\b\w+\.(?:run|serve)\([^)]*?\bport\s*=\s*(?:\w+\.)+([A-Za-z_]\w*)\b(?!\s*\()/;

/**
 * The port a launcher passes from a settings object, read from the class that declares the
 * attribute with a literal default (`API_PORT: int = 9000`, pydantic settings or a plain class).
 */
export function findSettingsPort(sources: PySource[]): ListenPort | null {
  for (const source of sources) {
    const run = RUN_PORT_SETTING.exec(source.text);
    if (!run) continue;
    const declared = new RegExp(String.raw`^[ \t]+${run[1]}\s*(?::\s*[\w.\[\] |]+)?=\s*(\d{2,5})\b`, 'm');
    for (const settings of sources) {
      const match = declared.exec(settings.text);
      const port = Number(match?.[1]);
      if (!match || port < 1 || port > 65535) continue;
      return { port, file: settings.file, snippet: `${match[0].trim()}, which ${source.file} passes as ${run[0].replace(/\s+/g, ' ').replace(/^.*?(\w+\.(?:run|serve)\().*?(port\s*=\s*[\w.]+)$/, '$1…, $2')})`, loopbackOnly: false };
    }
  }
  return null;
}

export function importsNetworking(source: PySource): boolean {
  const modules = '(http\\.server|socketserver|socket|wsgiref|aiohttp|tornado)\\b';
  return new RegExp(`^\\s*(from\\s+${modules}|import\\s+([\\w.]+\\s*,\\s*)*${modules})`, 'm').test(source.text);
}
