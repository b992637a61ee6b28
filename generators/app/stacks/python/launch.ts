import type { Repo } from '../../core/repo.js';
import { existingFacts } from '../../core/existing-dockerfile.js';
import { existingLaunches } from './existing.js';
import { isServer, type Server } from './servers.js';

/**
 * How the project itself says it is started: a Procfile's `web:` line, gunicorn.conf.py, a uwsgi
 * ini, or the run command in the README. When several apps could be served, the one the project
 * names is the one it ships; its server and port come along.
 */
export interface Launch {
  /** Where it was read, for evidence: `Procfile`, `gunicorn.conf.py`, `etc/uwsgi.ini`, `README.md`. */
  source: string;
  server: Server | null;
  /** `module:app`, `module:factory()` or `script.py`; null when the file names no app. */
  target: string | null;
  port: number | null;
  /** A gunicorn config file or uwsgi ini the server reads. */
  config: string | null;
  /** The uwsgi ini opens an HTTP socket itself; its `$(VARS)` the container must set. */
  configBinds: boolean;
  configEnv: string[];
  /** The command as written, for evidence. */
  command: string;
}

/** Options that take no value; every other option is followed by its value (`-b :5000`, `--access-logfile -`). */
const FLAGS = new Set(['--reload', '--preload', '-D', '--daemon', '--factory', '--proxy-headers', '--no-access-log', '--call', '--master', '--lazy-apps', '--check-config', '--print-config', '--capture-output', '--enable-stdio-inheritance', '--reuse-port', '--http2', '--insecure', '--use-colors', '--no-use-colors', '--debug', '-v', '--verbose']);
const TARGET = /^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*(\([^)]*\))?)?$/;
const GUNICORN_CONFIGS = ['gunicorn.conf.py', 'gunicorn_config.py', 'config/gunicorn.py', 'conf/gunicorn.conf.py'];

/** A port in a bind address: `:5000`, `0.0.0.0:5000`, `[::]:5006`, `*:8000`; null for `$PORT` or a unix socket. */
function portOf(bind: string | undefined): number | null {
  const port = Number(/:(\d{2,5})$/.exec(bind ?? '')?.[1] ?? /^(\d{2,5})$/.exec(bind ?? '')?.[1]);
  return port > 0 && port < 65536 ? port : null;
}

function tokenize(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((token) => token.replace(/^["']|["']$/g, ''));
}

/** Options as name -> value (`--bind=:80` and `-b :80` alike) and the positional arguments. */
function parseArgs(args: string[]): { options: Map<string, string>; positional: string[] } {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) options.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (FLAGS.has(arg) || i + 1 >= args.length) options.set(arg, '');
    else options.set(arg, args[++i]);
  }
  return { options, positional };
}

const pick = (options: Map<string, string>, ...names: string[]) => names.map((name) => options.get(name)).find((value) => value !== undefined);

/** One shell command line (`gunicorn -b :5000 app:app`, `python serve.py`), or null when it starts no app. */
export function readCommand(line: string, source: string, repo: Repo): Launch | null {
  const words = tokenize(line.trim().replace(/^(exec|\$)\s+/, ''));
  // `python -m gunicorn …` is the server's own command line.
  if (/^python[\d.]*$/.test(words[0] ?? '') && words[1] === '-m' && isServer(words[2] ?? '')) words.splice(0, 2);
  const [program, ...rest] = words;
  const base = (program ?? '').split('/').pop()!;
  const server = base === 'waitress-serve' ? 'waitress' : isServer(base) ? base : null;
  const launch: Launch = { source, server, target: null, port: null, config: null, configBinds: false, configEnv: [], command: line.trim() };
  if (!server) {
    const script = /^python[\d.]*$/.test(base) ? rest.find((word) => word.endsWith('.py')) : base.endsWith('.py') ? program : undefined;
    // `manage.py runserver` is Django's development server: the WSGI callable is served instead.
    if (!script || /(^|\/)manage\.py$/.test(script)) return null;
    const file = script.replace(/^\.\//, '');
    return repo.exists(file) ? { ...launch, target: file } : null;
  }
  const { options, positional } = parseArgs(rest);
  if (server === 'locust') {
    // No -f: locust reads ./locustfile.py.
    const file = (pick(options, '-f', '--locustfile') ?? 'locustfile.py').replace(/^\.\//, '');
    return { ...launch, target: file.endsWith('.py') && repo.exists(file) ? file : null, port: Number(pick(options, '--web-port', '-P')) || null };
  }
  const target = positional.find((word) => TARGET.test(word));
  if (server === 'uwsgi') {
    const ini = pick(options, '--ini') ?? positional.find((word) => word.endsWith('.ini'));
    if (ini) return { ...readUwsgiIni(repo, ini.replace(/^\.\//, '')), source, command: launch.command };
    const module = pick(options, '--module', '-w', '--wsgi');
    const wsgiFile = pick(options, '--wsgi-file');
    return { ...launch, target: module ?? wsgiFile ?? null, port: portOf(pick(options, '--http', '--http-socket')) };
  }
  if (server === 'gunicorn') {
    // gunicorn reads ./gunicorn.conf.py by itself when no --config is given.
    const config = pick(options, '-c', '--config')?.replace(/^(python:|\.\/)/, '') ?? (repo.exists('gunicorn.conf.py') ? 'gunicorn.conf.py' : null);
    const fromConfig = config && repo.exists(config) ? readGunicornConfig(repo, config) : null;
    const app = target ?? fromConfig?.target ?? null;
    return {
      ...launch,
      // gunicorn serves `module` as `module:application`.
      target: app && !app.includes(':') ? `${app}:application` : app,
      // A command-line bind ($PORT included) overrides the config file's.
      port: pick(options, '-b', '--bind') !== undefined ? portOf(pick(options, '-b', '--bind')) : fromConfig?.port ?? null,
      config: fromConfig ? config : null,
    };
  }
  const port = Number(pick(options, '--port', '-p')) || portOf(pick(options, '--listen', '--bind', '-b'));
  const factory = options.has('--factory') || options.has('--call');
  return { ...launch, target: target ? `${target}${factory && !target.endsWith(')') ? '()' : ''}` : null, port: port || null };
}

/** gunicorn.conf.py: `wsgi_app = "module:app"` and the port in `bind = …`. */
export function readGunicornConfig(repo: Repo, file: string): Launch {
  const text = repo.read(file);
  const app = /^wsgi_app\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] ?? null;
  const bind = /^bind\s*=(.*)$/m.exec(text)?.[1] ?? '';
  const port = Number(/\b(\d{2,5})\b/.exec(bind.replace(/\d+\.\d+\.\d+\.\d+/g, ''))?.[1]) || null;
  return { source: file, server: 'gunicorn', target: app, port, config: file, configBinds: false, configEnv: [], command: `gunicorn --config ${file}` };
}

/** A uwsgi ini's [uwsgi] section: the app (`module=`, `wsgi-file=` + `callable=`) and its HTTP socket. */
export function readUwsgiIni(repo: Repo, file: string): Launch {
  const launch: Launch = { source: file, server: 'uwsgi', target: null, port: null, config: file, configBinds: false, configEnv: [], command: `uwsgi --ini ${file}` };
  const text = repo.readIfExists(file);
  if (!text) return { ...launch, config: null };
  const section = /^\[uwsgi\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const values = new Map<string, string>();
  for (const line of section.split(/\r?\n/)) {
    const match = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && !values.has(match[1])) values.set(match[1], match[2]);
  }
  // `socket` speaks uwsgi's own protocol unless `protocol = http` makes it an HTTP socket.
  const http = values.get('http') ?? values.get('http-socket') ?? (values.get('protocol') === 'http' ? values.get('socket') : undefined);
  const wsgiFile = values.get('wsgi-file') ?? values.get('file');
  const module = values.get('module') ?? values.get('wsgi') ?? (wsgiFile ? `${wsgiFile.replace(/\.py$/, '').replace(/\//g, '.')}:${values.get('callable') ?? 'application'}` : undefined);
  return {
    ...launch,
    target: module ?? null,
    port: portOf(http),
    configBinds: http !== undefined,
    configEnv: [...new Set([...section.matchAll(/\$\((\w+)\)/g)].map((match) => match[1]))],
  };
}

/**
 * Every way the project names its start command, most deliberate first: the Procfile's web process,
 * a gunicorn config at the root, a uwsgi ini, then a server command in the README.
 */
export function readLaunches(repo: Repo): Launch[] {
  const found: Launch[] = [];
  const procfile = repo.readIfExists('Procfile');
  const web = procfile ? /^web:\s*(.+)$/m.exec(procfile)?.[1] : undefined;
  if (web) {
    // `flask db upgrade; gunicorn app:app`: the release steps come first, the server last.
    const launch = web.split(/;|&&/).map((part) => readCommand(part, 'Procfile', repo)).filter((l): l is Launch => l !== null).pop();
    if (launch) found.push(launch);
  }
  const gunicornConfig = GUNICORN_CONFIGS.find((file) => repo.exists(file));
  if (gunicornConfig) found.push(readGunicornConfig(repo, gunicornConfig));
  const ini = repo.files().find((file) => file.split('/').length <= 2 && /(^|\/)[^/]*\.ini$/.test(file) && /^\[uwsgi\]/m.test(repo.read(file)));
  if (ini) found.push(readUwsgiIni(repo, ini));
  // A container start script (`boot.sh`: migrations, then `exec gunicorn -b :5000 app:app`).
  for (const script of repo.files().filter((file) => !file.includes('/') && file.endsWith('.sh'))) {
    const line = repo.read(script).split(/\r?\n/).find((text) => /^\s*exec\s+\S/.test(text));
    const launch = line ? readCommand(line, script, repo) : null;
    if (launch) found.push(launch);
  }
  // The project's Dockerfile CMD, app.yaml or fly.toml: less deliberate than its own server config, more than a README line.
  found.push(...existingLaunches(existingFacts(repo), repo));
  const readme = repo.files().find((file) => /^readme(\.\w+)?$/i.test(file));
  if (readme) {
    for (const line of repo.read(readme).split(/\r?\n/)) {
      if (!/^\s*(\$\s+)?(gunicorn|uvicorn|waitress-serve|hypercorn|granian|daphne|uwsgi)\s/.test(line)) continue;
      const launch = readCommand(line, readme, repo);
      if (launch?.target || launch?.config) {
        found.push(launch);
        break;
      }
    }
  }
  return found;
}
