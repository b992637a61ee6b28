/**
 * The application servers the generator knows: which interface each serves (WSGI for Django and
 * Flask, ASGI for FastAPI and Starlette) and its own command line. Every command starts the server
 * with the image's python (`python -m <server>`, or `python -c` with what the server's console
 * script runs when it has no __main__): on distroless the venv's console scripts cannot run (their
 * shebang names the builder's /opt/venv/bin/python).
 */
export const SERVERS = ['gunicorn', 'uvicorn', 'waitress', 'uwsgi', 'hypercorn', 'granian', 'daphne', 'locust'] as const;
export type Server = (typeof SERVERS)[number];
export type Interface = 'wsgi' | 'asgi';

interface ServerFacts {
  serves: Interface[];
  /** Preference among installed servers of the same interface (lower first). */
  rank: number;
}

const FACTS: Record<Server, ServerFacts> = {
  gunicorn: { serves: ['wsgi'], rank: 0 },
  uvicorn: { serves: ['asgi'], rank: 0 },
  waitress: { serves: ['wsgi'], rank: 1 },
  uwsgi: { serves: ['wsgi'], rank: 2 },
  hypercorn: { serves: ['asgi'], rank: 1 },
  granian: { serves: ['wsgi', 'asgi'], rank: 3 },
  daphne: { serves: ['asgi'], rank: 2 },
  // A load generator: it runs the project's locustfile (no WSGI/ASGI app) and serves its own web UI.
  locust: { serves: [], rank: 9 },
};

/** The web UI port locust opens by default (headless runs open none). */
export const LOCUST_PORT = 8089;

/** Servers that run a file of the project (`-f locustfile.py`) rather than serve a `module:app`. */
export function runsFile(server: Server | null): boolean {
  return server === 'locust';
}

/**
 * The server added when a project depends on none (with consent, or under --yes), pinned so two
 * builds get the same one. The one place these versions live: bumped by hand, checked by the e2e
 * suite against the local package mirror.
 */
export const ADDED_SERVER: Record<Interface, { server: Server; version: string }> = {
  wsgi: { server: 'gunicorn', version: '26.2.0' },
  asgi: { server: 'uvicorn', version: '0.54.0' },
};

export function isServer(name: string): name is Server {
  return (SERVERS as readonly string[]).includes(name);
}

export function serves(server: Server, iface: Interface): boolean {
  return FACTS[server].serves.includes(iface);
}

/** The installed server for this interface, most common first; null when the project has none. */
export function installedServer(installed: Set<string>, iface: Interface): Server | null {
  return SERVERS.filter((server) => installed.has(server) && serves(server, iface)).sort((a, b) => FACTS[a].rank - FACTS[b].rank)[0] ?? null;
}

/**
 * uwsgi is a C program built from source against the builder's libpython, PCRE2 and expat: it
 * needs a compiler to install and those shared libraries to run, which distroless does not have.
 */
export const UWSGI_NATIVE = {
  build: ['libpcre2-dev', 'libexpat1-dev'],
  runtime: ['libpcre2-8-0', 'libexpat1'],
  why: 'is built from source (a C compiler) and links libpython, libpcre2 and libexpat at run time',
};

export interface ServeOptions {
  port: number;
  iface: Interface;
  /** gunicorn config file or uwsgi ini the project keeps (read by the server; the command's bind wins). */
  config: string | null;
  /** The uwsgi ini opens its own HTTP socket: a second one on the same port would fail to bind. */
  configBinds?: boolean;
}

/** The exec-form command line: the server bound to every interface on `port`. */
export function serverCommand(python: string, server: Server, target: string, { port, iface, config, configBinds }: ServeOptions): string[] {
  const factory = target.endsWith('()');
  const callable = target.replace(/\(\)$/, '');
  switch (server) {
    case 'gunicorn':
      // gunicorn calls `module:factory()` itself; a command-line --bind overrides the config file's.
      return [python, '-m', 'gunicorn', ...(config ? ['--config', config] : []), '--bind', `0.0.0.0:${port}`, target];
    case 'uvicorn':
      return [python, '-m', 'uvicorn', '--host', '0.0.0.0', '--port', String(port), ...(factory ? ['--factory'] : []), callable];
    case 'waitress':
      // waitress has no __main__: this is what its waitress-serve script runs. --call makes it call a factory.
      return [python, '-c', 'import sys; from waitress.runner import run; sys.exit(run())', `--listen=0.0.0.0:${port}`, ...(factory ? ['--call'] : []), callable];
    case 'hypercorn':
      return [python, '-m', 'hypercorn', '--bind', `0.0.0.0:${port}`, target];
    case 'granian':
      return [python, '-m', 'granian', '--interface', iface, '--host', '0.0.0.0', '--port', String(port), ...(factory ? ['--factory'] : []), callable];
    case 'daphne':
      // Older daphne releases have no __main__: this is what its daphne script runs.
      return [python, '-c', 'from daphne.cli import CommandLineInterface; CommandLineInterface.entrypoint()', '--bind', '0.0.0.0', '--port', String(port), callable];
    case 'locust':
      // locust has a __main__; its web UI listens on every interface unless --web-host says otherwise.
      return [python, '-m', 'locust', '-f', target, '--web-port', String(port)];
    case 'uwsgi': {
      // uwsgi has no `python -m`: its binary sits in the venv (the slim runtime keeps the venv).
      const uwsgi = '/opt/venv/bin/uwsgi';
      // Its embedded Python starts from the builder's prefix: --virtualenv puts the venv's packages on the path.
      const venv = ['--virtualenv', '/opt/venv'];
      const bind = ['--http-socket', `0.0.0.0:${port}`];
      if (config) return [uwsgi, '--ini', config, ...venv, ...(configBinds ? [] : bind)];
      return [uwsgi, '--master', ...venv, ...bind, /\.py$/.test(callable) ? '--wsgi-file' : '--module', callable];
    }
  }
}

/** `$(VARS)` a uwsgi ini may read whose values the image knows; any other must be set at run time. */
export function knownConfigEnv(port: number): Record<string, string> {
  return { PORT: String(port), VIRTUAL_ENV: '/opt/venv' };
}
