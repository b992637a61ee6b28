import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectPython } from '../../generators/app/stacks/python/detect.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (fixture: string) => detectPython(Repo.open(fixturePath(fixture)));

/** A scratch project from a map of file -> content. */
function project(files: Record<string, string>): Repo {
  const dir = emptyDir('py');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

describe('detectPython over the fixtures', () => {
  it.each([
    ['python-flask', { packageManager: 'pip', depsSource: 'requirements', dependencyFiles: ['requirements.txt'], framework: 'flask', entrypoint: 'app:app', port: 5000, server: 'gunicorn', serverInstalled: true, pythonMinor: null }],
    ['python-django', { framework: 'django', entrypoint: 'mysite.wsgi:application', port: 8000, collectstatic: true, serverInstalled: true }],
    ['python-fastapi-poetry', { packageManager: 'poetry', depsSource: 'lock', dependencyFiles: ['pyproject.toml', 'poetry.lock'], framework: 'fastapi', entrypoint: 'main:app', server: 'uvicorn', serverInstalled: true, pythonMinor: '3.13', installProject: false }],
    ['python-fastapi-uv', { packageManager: 'uv', dependencyFiles: ['pyproject.toml', 'uv.lock'], entrypoint: 'weather.api:app', languageVersion: '3.13', installProject: false }],
    ['python-pipenv', { packageManager: 'pipenv', dependencyFiles: ['Pipfile', 'Pipfile.lock'], framework: 'flask', entrypoint: 'greeter:create_app()', serverInstalled: false, languageVersion: '3.13' }],
    ['python-fallback', { framework: null, entrypoint: 'main.py', port: 8080, languageVersion: '3.11', depsSource: 'none', dependencyFiles: [] }],
    ['python-native', { framework: 'starlette', entrypoint: 'app:app', native: [{ package: 'psycopg', build: [], runtime: ['libpq5'], why: expect.any(String) }] }],
  ])('%s', (fixture, expected) => {
    expect(detect(fixture)).toMatchObject(expected);
  });

  it('reports every finding as "file: why"', () => {
    for (const fixture of ['python-flask', 'python-django', 'python-fastapi-poetry', 'python-fastapi-uv', 'python-pipenv', 'python-fallback', 'python-native']) {
      for (const line of detect(fixture)!.evidence) expect(line).toMatch(/^[^:\s]+: .+/);
    }
  });

  it('says when the server is missing and how to add it', () => {
    expect(detect('python-pipenv')!.evidence).toContain(
      'Pipfile: gunicorn is not a dependency, and flask needs a server; --add-server (the default under --yes) installs gunicorn==26.2.0 in the image (better: add it to your dependencies)',
    );
  });

  it('returns null where there is no Python', () => {
    expect(detectPython(Repo.open(emptyDir()))).toBeNull();
    expect(detectPython(project({ 'go.mod': 'module x\n', 'tool.py': 'print(1)\n' }))).toBeNull();
  });
});

describe('detectPython: package manager and dependencies', () => {
  it('takes the package manager from the lock, uv first, and says the other lock is ignored', () => {
    const dir = copyFixture('python-fastapi-uv');
    writeFileSync(path.join(dir, 'poetry.lock'), '[[package]]\nname = "x"\nversion = "1"\n');
    const detection = detectPython(Repo.open(dir))!;
    expect(detection.packageManager).toBe('uv');
    expect(detection.evidence).toContain('poetry.lock: also present; uv.lock wins (uv.lock, then poetry.lock, then Pipfile.lock)');
  });

  it('follows -r includes and copies every file they name', () => {
    const detection = detectPython(project({
      'requirements/base.txt': 'flask==3.1.3\n',
      'requirements/prod.txt': '-r base.txt\ngunicorn==26.2.0  # the server\n',
      'requirements/dev.txt': '-r base.txt\npytest\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    }))!;
    expect(detection).toMatchObject({ depsSource: 'requirements', dependencyFiles: ['requirements/prod.txt', 'requirements/base.txt'], serverInstalled: true });
    expect(detection.evidence).toContain('requirements/dev.txt: skipped (development-only requirements)');
  });

  it('installs after the source when requirements name local code', () => {
    const detection = detectPython(project({ 'requirements.txt': 'flask\n-e .\n', 'setup.py': '', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }))!;
    expect(detection.depsSource).toBe('project');
  });

  it('reads [project].dependencies when there is no requirements file or lock', () => {
    const detection = detectPython(project({ 'pyproject.toml': '[project]\nname = "svc"\ndependencies = ["starlette>=1", "uvicorn[standard]"]\n', 'main.py': 'from starlette.applications import Starlette\napp = Starlette()\n' }))!;
    expect(detection).toMatchObject({ depsSource: 'pyproject', dependencyFiles: ['pyproject.toml'], server: 'uvicorn', serverInstalled: true });
  });

  it('treats fastapi[standard] as bringing uvicorn', () => {
    const detection = detectPython(project({ 'requirements.txt': 'fastapi[standard]==0.142.2\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' }))!;
    expect(detection.serverInstalled).toBe(true);
  });

  it('leaves dev-only packages of uv.lock out of what the image installs', () => {
    const lock = (devOnly: boolean) => [
      'version = 1', 'revision = 3', 'requires-python = ">=3.13"', '',
      '[[package]]', 'name = "ledger"', 'version = "0.1.0"', 'source = { virtual = "." }',
      `dependencies = [{ name = "starlette" }${devOnly ? '' : ', { name = "psycopg2" }'}]`, '',
      '[package.dev-dependencies]', 'dev = [{ name = "psycopg2" }]', '',
      '[[package]]', 'name = "psycopg2"', 'version = "2.9.10"', 'source = { registry = "https://pypi.org/simple" }', '',
      '[[package]]', 'name = "starlette"', 'version = "1.7.0"', 'source = { registry = "https://pypi.org/simple" }', '',
    ].join('\n');
    const files = (devOnly: boolean) => ({ 'pyproject.toml': '[project]\nname = "ledger"\nrequires-python = ">=3.13"\n', 'uv.lock': lock(devOnly), 'main.py': '' });
    expect(detectPython(project(files(true)))!.native).toEqual([]);
    expect(detectPython(project(files(false)))!.native.map((need) => need.package)).toEqual(['psycopg2']);
  });

  it('refuses a Pipfile without Pipfile.lock', () => {
    const dir = copyFixture('python-pipenv');
    rmSync(path.join(dir, 'Pipfile.lock'));
    expect(() => detectPython(Repo.open(dir))).toThrow(/Pipfile: no Pipfile\.lock.*Fix: run `pipenv lock`/);
  });

  it('refuses a lock without its manifest', () => {
    expect(() => detectPython(project({ 'uv.lock': 'version = 1\n', 'main.py': '' }))).toThrow(/uv\.lock: found without pyproject\.toml/);
  });
});

describe('detectPython: Python version', () => {
  it('chooses the default 3.13 when the constraint admits it, else the newest it admits', () => {
    expect(detectPython(project({ 'pyproject.toml': '[project]\nname = "a"\nrequires-python = "~=3.12"\n', 'main.py': '' }))!.pythonMinor).toBe('3.13');
    const capped = detectPython(project({ 'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.11,<3.13"\n', 'main.py': '' }))!;
    expect(capped.pythonMinor).toBe('3.12');
    expect(capped.evidence).toContain('pyproject.toml: requires-python ">=3.11,<3.13" (admits 3.11 to 3.12; using 3.12)');
  });

  it('takes runtime.txt and reduces a patch pin to its line', () => {
    const detection = detectPython(project({ 'runtime.txt': 'python-3.12.4\n', 'requirements.txt': '', 'main.py': '' }))!;
    expect(detection).toMatchObject({ languageVersion: '3.12.4', pythonMinor: '3.12' });
  });

  it('skips comment lines in .python-version; a line newer than distroless falls back to slim', () => {
    const detection = detectPython(project({ '.python-version': '# The Python to use\n3.14\n', 'requirements.txt': '', 'main.py': '' }))!;
    expect(detection).toMatchObject({ languageVersion: '3.14', pythonMinor: '3.14' });
  });

  it('==3.13.* and a Poetry caret range that admits 3.13 choose distroless\'s 3.13', () => {
    expect(detectPython(project({ 'pyproject.toml': '[project]\nname = "a"\nrequires-python = "==3.13.*"\n', 'main.py': '' }))!.pythonMinor).toBe('3.13');
    const caret = detectPython(project({ 'pyproject.toml': '[tool.poetry]\nname = "a"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n', 'main.py': '' }))!;
    expect(caret.evidence).toContain('pyproject.toml: [tool.poetry.dependencies] python "^3.10" (admits 3.10 to 3.14; using 3.13)');
  });

  it('refuses pins that contradict each other', () => {
    const repo = project({ '.python-version': '3.12\n', 'runtime.txt': 'python-3.11.9\n', 'requirements.txt': '', 'main.py': '' });
    expect(() => detectPython(repo)).toThrow(/Contradictory Python versions: \.python-version says 3\.12 but runtime\.txt says 3\.11\.9\. Fix:/);
  });

  it('refuses a pin the constraint excludes', () => {
    const repo = project({ '.python-version': '3.10\n', 'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.11"\n', 'main.py': '' });
    expect(() => detectPython(repo)).toThrow(/Contradictory Python versions: \.python-version says 3\.10 but pyproject\.toml requires-python ">=3\.11" excludes it/);
  });

  it('refuses a constraint that admits no Python', () => {
    const repo = project({ 'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.12,<3.11"\n', 'main.py': '' });
    expect(() => detectPython(repo)).toThrow(/requires-python ">=3\.12,<3\.11" admits no Python release/);
  });

  it('names the file, line and column of malformed TOML', () => {
    const repo = project({ 'pyproject.toml': '[project]\nname = "a"\ndependencies = ["flask"\n', 'main.py': '' });
    expect(() => detectPython(repo)).toThrow(/^pyproject\.toml:4:1: not valid TOML \(.+\)\. Fix: repair the file/);
  });
});

describe('detectPython: native packages', () => {
  it('psycopg2 needs headers to build and libpq at run time', () => {
    const detection = detectPython(project({ 'requirements.txt': 'psycopg2==2.9.10\nflask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }))!;
    expect(detection.native).toEqual([{ package: 'psycopg2', build: ['libpq-dev'], runtime: ['libpq5'], why: expect.stringContaining('libpq') }]);
  });

  it('psycopg[binary] and psycopg2-binary bundle libpq', () => {
    const detection = detectPython(project({ 'requirements.txt': 'psycopg[binary]==3.3.6\npsycopg2-binary\n', 'main.py': '' }))!;
    expect(detection.native).toEqual([]);
  });

  it('lxml builds from source only with --no-binary', () => {
    expect(detectPython(project({ 'requirements.txt': 'lxml\n', 'main.py': '' }))!.native).toEqual([]);
    expect(detectPython(project({ 'requirements.txt': '--no-binary lxml\nlxml\n', 'main.py': '' }))!.native.map((n) => n.package)).toEqual(['lxml']);
  });
});

describe('detectPython: what runs', () => {
  it('asks when several apps could be served', () => {
    const detection = detectPython(project({
      'requirements.txt': 'flask\ngunicorn\n',
      'api.py': 'from flask import Flask\napi = Flask(__name__)\n',
      'admin/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n',
    }))!;
    expect(detection).toMatchObject({ entrypoint: null, targets: ['api:api', 'admin:create_app()'] });
  });

  it('warns about a script that binds to loopback only', () => {
    const detection = detectPython(project({
      'main.py': 'import socketserver\nif __name__ == "__main__":\n    socketserver.TCPServer(("127.0.0.1", 9000), None).serve_forever()\n',
    }))!;
    expect(detection).toMatchObject({ entrypoint: 'main.py', port: 9000, loopbackOnly: true });
  });

  it('serves the app a factory makes at module level, not the factory beside it', () => {
    const detection = detectPython(project({
      'requirements.txt': 'flask\ngunicorn\n',
      'blog/__init__.py': 'from flask import Flask\n\ndef create_app(config=None):\n    return Flask(__name__)\n',
      'site.py': 'from blog import create_app\n\napp = create_app()\n',
    }))!;
    expect(detection).toMatchObject({ entrypoint: 'site:app', targets: ['site:app'] });
    expect(detection.evidence).toContain('site.py: application object site:app (made by create_app())');
  });

  it('takes make_app(settings) objects and a Django wsgi.py without a manage.py', () => {
    const made = detectPython(project({ 'requirements.txt': 'starlette\nuvicorn\n', 'main.py': 'from starlette.applications import Starlette\n\ndef make_app(settings):\n    return Starlette()\n\napplication = make_app({})\n' }))!;
    expect(made).toMatchObject({ framework: 'starlette', entrypoint: 'main:application', server: 'uvicorn' });
    const django = detectPython(project({ 'requirements.txt': 'django\ngunicorn\n', 'site/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n' }))!;
    expect(django).toMatchObject({ framework: 'django', entrypoint: 'site.wsgi:application', server: 'gunicorn' });
  });

  it('reads the Django settings module from a dict of defaults in manage.py', () => {
    const detection = detectPython(project({
      'requirements.txt': 'django\nwaitress\n',
      'manage.py': 'import os\nDEFAULTS = {\n    "DJANGO_SETTINGS_MODULE": "kiosk.settings",\n}\n',
      'kiosk/settings.py': 'WSGI_APPLICATION = "kiosk.wsgi.application"\n',
    }))!;
    expect(detection).toMatchObject({ framework: 'django', entrypoint: 'kiosk.wsgi:application', server: 'waitress', serverInstalled: true });
  });

  it('lets the Procfile pick among several apps, with its server and port', () => {
    const detection = detectPython(project({
      'requirements.txt': 'flask\nwaitress\n',
      'api.py': 'from flask import Flask\napi = Flask(__name__)\n',
      'admin.py': 'from flask import Flask\nadmin = Flask(__name__)\n',
      Procfile: 'web: waitress-serve --listen=*:6543 admin:admin\n',
    }))!;
    expect(detection).toMatchObject({ entrypoint: 'admin:admin', server: 'waitress', port: 6543 });
    expect(detection.evidence).toContain('Procfile: starts it with `waitress-serve --listen=*:6543 admin:admin`');
  });

  it('ignores a start command naming a module that is not there, and says so', () => {
    const detection = detectPython(project({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Procfile: 'web: gunicorn gone:app\n' }))!;
    expect(detection).toMatchObject({ entrypoint: 'app:app', server: 'gunicorn' });
    expect(detection.evidence).toContain('Procfile: names gone:app, but no such module is here; ignored');
  });

  it('runs a root launcher script when no server is a dependency, with the port its package reads', () => {
    const detection = detectPython(project({
      'requirements.txt': 'flask\n',
      'run.py': 'import shelf\n\nif __name__ == "__main__":\n    shelf.main()\n',
      'shelf/__init__.py': 'import os\nfrom flask import Flask\napp = Flask(__name__)\n\ndef main():\n    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5050)))\n',
    }))!;
    expect(detection).toMatchObject({ entrypoint: 'run.py', framework: null, server: null, port: 5050 });
  });

  it('adds a server rather than run app.run() on loopback, and a script with app.run(host=…) gets Flask\'s 5000', () => {
    const loopback = detectPython(project({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run()\n' }))!;
    expect(loopback).toMatchObject({ entrypoint: 'app:app', server: 'gunicorn', serverInstalled: false });
    const open = detectPython(project({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0")\n' }))!;
    expect(open).toMatchObject({ entrypoint: 'app.py', port: 5000 });
  });

  it('reads a *_PORT environment default as the port, not a database client\'s', () => {
    const detection = detectPython(project({
      'requirements.txt': 'flask\n',
      'server.py': 'import os\nfrom flask import Flask\napp = Flask(__name__)\nDB = os.environ.get("MONGO_PORT", 27017)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=os.environ.get("FLASK_SERVER_PORT", 9090))\n',
    }))!;
    expect(detection).toMatchObject({ entrypoint: 'server.py', port: 9090 });
  });

  it('keeps a server when one is installed, even beside a launcher', () => {
    const detection = detectPython(project({ 'requirements.txt': 'fastapi\nhypercorn\n', 'main.py': 'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0")\n' }))!;
    expect(detection).toMatchObject({ entrypoint: 'main:app', server: 'hypercorn', serverInstalled: true });
  });

  it('assumes 8080 for a networked script without a literal port, and says so', () => {
    const detection = detectPython(project({ 'main.py': 'import os, http.server\nif __name__ == "__main__":\n    http.server.test(port=int(os.environ["PORT"]))\n' }))!;
    expect(detection.port).toBe(8080);
    expect(detection.evidence.join('\n')).toMatch(/assuming 8080 \(--port to change\)/);
  });
});
