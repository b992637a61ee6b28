import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { readCommand, readLaunches, readUwsgiIni } from '../../generators/app/stacks/python/launch.js';
import { installedServer, serverCommand } from '../../generators/app/stacks/python/servers.js';
import { emptyDir } from '../support/fixtures.js';

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('py-launch');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

describe('readCommand: a server command line as the project writes it', () => {
  const repo = project({ 'serve.py': '', 'gunicorn.conf.py': 'bind = ["[::]:{}".format(os.environ.get("PORT", 5006))]\nwsgi_app = "site.wsgi:application"\n' });

  it.each([
    ['gunicorn -b :5000 --access-logfile - --error-logfile - blog:app', { server: 'gunicorn', target: 'blog:app', port: 5000 }],
    ['gunicorn --bind 0.0.0.0:$PORT --workers 2 blog:create_app()', { server: 'gunicorn', target: 'blog:create_app()', port: null }],
    ['gunicorn site.wsgi', { server: 'gunicorn', target: 'site.wsgi:application', port: 5006, config: 'gunicorn.conf.py' }],
    ['uvicorn api:build --factory --port 9000 --host 0.0.0.0', { server: 'uvicorn', target: 'api:build()', port: 9000 }],
    ['waitress-serve --listen=*:8080 shop.wsgi:application', { server: 'waitress', target: 'shop.wsgi:application', port: 8080 }],
    ['waitress-serve --call --port=7001 shop:create_app', { server: 'waitress', target: 'shop:create_app()', port: 7001 }],
    ['python -m hypercorn --bind 0.0.0.0:7000 api:app', { server: 'hypercorn', target: 'api:app', port: 7000 }],
    ['daphne -b 0.0.0.0 -p 8001 chat.asgi:application', { server: 'daphne', target: 'chat.asgi:application', port: 8001 }],
    ['granian --interface asgi --port 8002 api:app', { server: 'granian', target: 'api:app', port: 8002 }],
    ['python serve.py -d /data', { server: null, target: 'serve.py', port: null }],
    ['exec python3 ./serve.py', { server: null, target: 'serve.py' }],
  ])('%s', (line, expected) => {
    expect(readCommand(line, 'Procfile', repo)).toMatchObject(expected);
  });

  it('is null for commands that start no app (release steps, dev servers, missing scripts)', () => {
    expect(readCommand('flask db upgrade', 'Procfile', repo)).toBeNull();
    expect(readCommand('python missing.py', 'Procfile', repo)).toBeNull();
    expect(readCommand('python manage.py runserver 0.0.0.0:$PORT', 'Procfile', project({ 'manage.py': '' }))).toBeNull();
  });
});

describe('readUwsgiIni', () => {
  it('reads the app from wsgi-file and callable, the port and the variables it takes from the environment', () => {
    const repo = project({ 'deploy/uwsgi.ini': '[uwsgi]\nhttp-socket = :$(PORT)\nvirtualenv = $(VIRTUAL_ENV)\nwsgi-file = shop/wsgi.py\ncallable = app\n' });
    expect(readUwsgiIni(repo, 'deploy/uwsgi.ini')).toMatchObject({ server: 'uwsgi', target: 'shop.wsgi:app', port: null, configBinds: true, configEnv: ['PORT', 'VIRTUAL_ENV'] });
  });

  it('takes a socket with protocol = http as the HTTP socket', () => {
    const repo = project({ 'pay.ini': '[uwsgi]\nwsgi-file = pay.py\ncallable = app\nsocket = 0.0.0.0:8080\nprotocol = http\n' });
    expect(readUwsgiIni(repo, 'pay.ini')).toMatchObject({ target: 'pay:app', port: 8080, configBinds: true });
  });

  it('takes module= and a literal http port; without an http option the command binds', () => {
    const repo = project({ 'uwsgi.ini': '[uwsgi]\nmodule = shop.wsgi:application\nhttp = 0.0.0.0:9090\n', 'plain.ini': '[uwsgi]\nmodule = shop.wsgi\nsocket = /tmp/app.sock\n' });
    expect(readUwsgiIni(repo, 'uwsgi.ini')).toMatchObject({ target: 'shop.wsgi:application', port: 9090, configBinds: true });
    expect(readUwsgiIni(repo, 'plain.ini')).toMatchObject({ configBinds: false, port: null });
  });
});

describe('readLaunches: where the project names its start command', () => {
  it('takes the server from a Procfile web line after its release steps, then the start script and README', () => {
    const repo = project({
      Procfile: 'release: python manage.py migrate\nweb: flask db upgrade; gunicorn blog:app\nworker: rq worker\n',
      'boot.sh': '#!/bin/sh\nflask db upgrade\nexec gunicorn -b :5000 blog:app\n',
      'README.md': 'Run:\n\n    uvicorn other:app --port 1234\n',
    });
    expect(readLaunches(repo).map((l) => [l.source, l.server, l.target, l.port])).toEqual([
      ['Procfile', 'gunicorn', 'blog:app', null],
      ['boot.sh', 'gunicorn', 'blog:app', 5000],
      ['README.md', 'uvicorn', 'other:app', 1234],
    ]);
  });

  it('finds a uwsgi ini by its [uwsgi] section and a gunicorn config by name', () => {
    const repo = project({ 'etc/site.ini': '[uwsgi]\nmodule = site.wsgi:application\n', 'other.ini': '[tool]\nx = 1\n', 'gunicorn.conf.py': 'bind = "0.0.0.0:8123"\n' });
    expect(readLaunches(repo).map((l) => [l.source, l.server, l.port])).toEqual([
      ['gunicorn.conf.py', 'gunicorn', 8123],
      ['etc/site.ini', 'uwsgi', null],
    ]);
  });
});

describe('servers', () => {
  it('picks the installed server that speaks the framework interface', () => {
    expect(installedServer(new Set(['django', 'waitress']), 'wsgi')).toBe('waitress');
    expect(installedServer(new Set(['waitress', 'gunicorn']), 'wsgi')).toBe('gunicorn');
    expect(installedServer(new Set(['fastapi', 'hypercorn', 'waitress']), 'asgi')).toBe('hypercorn');
    expect(installedServer(new Set(['fastapi']), 'asgi')).toBeNull();
  });

  it.each([
    ['waitress', 'shop:create_app()', ['py', '-c', 'import sys; from waitress.runner import run; sys.exit(run())', '--listen=0.0.0.0:8000', '--call', 'shop:create_app']],
    ['hypercorn', 'api:app', ['py', '-m', 'hypercorn', '--bind', '0.0.0.0:8000', 'api:app']],
    ['granian', 'api:make()', ['py', '-m', 'granian', '--interface', 'asgi', '--host', '0.0.0.0', '--port', '8000', '--factory', 'api:make']],
    ['daphne', 'chat.asgi:application', ['py', '-c', 'from daphne.cli import CommandLineInterface; CommandLineInterface.entrypoint()', '--bind', '0.0.0.0', '--port', '8000', 'chat.asgi:application']],
    ['uwsgi', 'shop.wsgi:application', ['/opt/venv/bin/uwsgi', '--master', '--virtualenv', '/opt/venv', '--http-socket', '0.0.0.0:8000', '--module', 'shop.wsgi:application']],
  ] as const)('%s runs with its own command line', (server, target, expected) => {
    expect(serverCommand('py', server, target, { port: 8000, iface: 'asgi', config: null })).toEqual(expected);
  });

  it('lets a gunicorn config and a binding uwsgi ini keep their settings', () => {
    expect(serverCommand('py', 'gunicorn', 'site.wsgi:application', { port: 5006, iface: 'wsgi', config: 'gunicorn.conf.py' })).toEqual(['py', '-m', 'gunicorn', '--config', 'gunicorn.conf.py', '--bind', '0.0.0.0:5006', 'site.wsgi:application']);
    expect(serverCommand('py', 'uwsgi', 'x:y', { port: 8000, iface: 'wsgi', config: 'etc/uwsgi.ini', configBinds: true })).toEqual(['/opt/venv/bin/uwsgi', '--ini', 'etc/uwsgi.ini', '--virtualenv', '/opt/venv']);
  });
});
