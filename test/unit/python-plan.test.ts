import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { templatesDir } from '../../generators/app/core/paths.js';
import { Repo } from '../../generators/app/core/repo.js';
import { defaultAnswers } from '../../generators/app/core/answers.js';
import { pythonStack } from '../../generators/app/stacks/python/index.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';
import { withCommands } from '../../generators/app/core/commands.js';
import { templateData } from '../../generators/app/core/render.js';

function plan(repo: Repo, answers: Answers = {}) {
  return pythonStack.plan(pythonStack.detect(repo)!, answers, repo);
}

const fixture = (name: string) => Repo.open(fixturePath(name));

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('py');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

async function render(repo: Repo, answers: Answers = {}) {
  const result = plan(repo, answers);
  const dockerfile = await ejs.renderFile(path.join(templatesDir, result.files[0].template), templateData(withCommands(result)));
  const naive = await ejs.renderFile(path.join(templatesDir, result.naiveTemplate), templateData(result));
  return { plan: result, dockerfile, naive };
}

describe('planPython: images and command', () => {
  it('runs a 3.13 app on distroless with its own python and the venv on PYTHONPATH', () => {
    const result = plan(fixture('python-flask'));
    expect(result).toMatchObject({ builderImage: 'python:3.13-slim-trixie', runtimeImage: 'gcr.io/distroless/python3-debian13:nonroot' });
    expect(result.context.entrypoint).toEqual(['/usr/bin/python3.13', '-m', 'gunicorn', '--bind', '0.0.0.0:5000', 'app:app']);
  });

  it('falls back to the slim image for another Python, and says why', () => {
    const result = plan(fixture('python-fallback'));
    expect(result).toMatchObject({ builderImage: 'python:3.11-slim-trixie', runtimeImage: 'python:3.11-slim-trixie' });
    expect(result.notes.join('\n')).toContain('distroless python3 ships only Python 3.13 and this project uses 3.11');
    expect(result.context.entrypoint).toEqual(['/opt/venv/bin/python', 'main.py']);
  });

  it('says when a range gave distroless python3\'s line, and why a newer pin falls back to slim', () => {
    expect(plan(fixture('python-fastapi-poetry')).notes[0]).toContain("(a line the project's range admits, 3.13 being the line distroless python3 ships)");
    const newer = plan(project({ '.python-version': '3.14\n', 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }));
    expect(newer).toMatchObject({ builderImage: 'python:3.14-slim-trixie', runtimeImage: 'python:3.14-slim-trixie' });
    expect(newer.notes.join('\n')).toContain('distroless python3 ships only Python 3.13 and this project uses 3.14');
  });

  it('serves an ASGI factory with uvicorn --factory', () => {
    const repo = project({ 'requirements.txt': 'starlette\nuvicorn\n', 'main.py': 'from starlette.applications import Starlette\n\ndef create_app():\n    return Starlette()\n' });
    expect(plan(repo).context.entrypoint).toEqual(['/usr/bin/python3.13', '-m', 'uvicorn', '--host', '0.0.0.0', '--port', '8000', '--factory', 'main:create_app']);
  });
});

describe('planPython: refusals name the flag and the fix', () => {
  it('distroless for a Python it does not ship', () => {
    expect(() => plan(fixture('python-fallback'), { runtime: 'distroless' })).toThrow(/--runtime distroless: distroless python3 ships only Python 3\.13 and this project uses 3\.11\. Fix: use --runtime slim/);
  });

  it('distroless without the system libraries a package needs', () => {
    expect(() => plan(fixture('python-native'), { runtime: 'distroless' })).toThrow(/--runtime distroless: psycopg needs libpq5, which distroless python3 does not have/);
  });

  it('a version the project excludes, or no version at all', () => {
    expect(() => plan(fixture('python-fallback'), { languageVersion: '3.12' })).toThrow(/--language-version 3\.12: pyproject\.toml requires-python ">=3\.10,<3\.12" excludes it/);
    expect(() => plan(fixture('python-flask'), { languageVersion: 'latest' })).toThrow(/--language-version: "latest" is not a Python version/);
  });

  it('a missing server without consent', () => {
    expect(() => plan(fixture('python-pipenv'))).toThrow(/gunicorn is not a dependency of this project.*Fix: add gunicorn to your dependencies \(and lock them\), or pass --add-server/);
    expect(plan(fixture('python-pipenv'), { addServer: 'yes' }).context.addServer).toBe('gunicorn==26.2.0');
  });

  it('an entrypoint that is not there', () => {
    expect(() => plan(fixture('python-flask'), { entrypoint: 'nope:app' })).toThrow(/--main nope:app: no nope\.py or nope\/__init__\.py here/);
    expect(() => plan(fixture('python-flask'), { entrypoint: 'missing.py' })).toThrow(/--main missing\.py: no such file/);
    expect(() => plan(fixture('python-flask'), { entrypoint: 'app' })).toThrow(/--main app: not a module:app target or a \.py script/);
  });
});

describe('questions', () => {
  it('asks before adding a missing server, defaulting to yes (what --yes takes), with the pinned version', () => {
    const detection = pythonStack.detect(fixture('python-pipenv'))!;
    const question = pythonStack.questions(detection, {}).find((q) => q.name === 'addServer')!;
    expect(question).toMatchObject({ flag: 'add-server', type: 'select', default: 'yes' });
    expect(question.choices![0].name).toBe('yes: pip install gunicorn==26.2.0 in the builder');
    const { answers, unanswered } = defaultAnswers(pythonStack, detection);
    expect(answers.addServer).toBe('yes');
    expect(unanswered).toEqual([]);
    expect(plan(fixture('python-pipenv'), answers).notes.join('\n')).toContain('gunicorn==26.2.0 was added in the image (--add-server, which --yes answers yes)');
  });

  it('defaults the runtime from the chosen version', () => {
    const detection = pythonStack.detect(fixture('python-flask'))!;
    const runtime = (answers: Answers) => pythonStack.questions(detection, answers).find((q) => q.name === 'runtime')!.default;
    expect(runtime({})).toBe('distroless');
    expect(runtime({ languageVersion: '3.12' })).toBe('slim');
  });
});

describe('rendered Dockerfiles', () => {
  it('psycopg2: headers in the builder, libpq in a slim runtime, lint-clean', async () => {
    const repo = project({ 'requirements.txt': 'psycopg2==2.9.10\nflask==3.1.3\ngunicorn==26.2.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const { dockerfile, naive } = await render(repo);
    expect(dockerfile).toContain('apt-get install -y --no-install-recommends build-essential libpq-dev');
    expect(dockerfile).toContain('apt-get install -y --no-install-recommends libpq5 \\\n && apt-get clean && rm -rf /var/lib/apt/lists/*');
    expect(dockerfile).toMatch(/FROM python:\$\{PYTHON_VERSION\}-slim-trixie AS slim/);
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(validate(naive)).toEqual([]);
  });

  it('a uv package is installed non-editable after the source', async () => {
    const repo = project({
      'pyproject.toml': '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.13"\ndependencies = []\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
      'uv.lock': 'version = 1\nrevision = 3\nrequires-python = ">=3.13"\n\n[[package]]\nname = "svc"\nversion = "1"\nsource = { editable = "." }\n',
      'src/svc/__init__.py': '',
      'main.py': 'if __name__ == "__main__":\n    print("hi")\n',
    });
    const { dockerfile } = await render(repo);
    expect(dockerfile).toContain('uv sync --frozen --no-dev --no-install-project --no-editable');
    expect(dockerfile).toMatch(/COPY \. \.\n# Not editable.*\nRUN --mount=type=cache,target=\/root\/.cache\/uv \\\n    \/opt\/tools\/bin\/uv sync --frozen --no-dev --no-editable\n/);
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('a setup.py project installs with its source, in one step', async () => {
    const { dockerfile } = await render(project({ 'setup.py': 'from setuptools import setup\nsetup(name="x")\n', 'main.py': 'if __name__ == "__main__":\n    pass\n' }));
    expect(dockerfile).toContain('COPY . .\n# Only the build backend knows the dependencies');
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('pip reads [project].dependencies with tomllib, which needs Python 3.11', () => {
    const repo = project({ 'pyproject.toml': '[project]\nname = "a"\ndependencies = ["click"]\n', 'main.py': 'if __name__ == "__main__":\n    pass\n' });
    expect(() => plan(repo, { languageVersion: '3.10' })).toThrow(/reads \[project\]\.dependencies with tomllib, which Python 3\.10 lacks/);
  });

  it('uwsgi: compiled in the builder, slim runtime with its libraries, the ini\'s $(PORT) and $(VIRTUAL_ENV) set, lint-clean', async () => {
    const { dockerfile, naive } = await render(fixture('python-uwsgi'));
    expect(dockerfile).toContain('apt-get install -y --no-install-recommends build-essential libpcre2-dev libexpat1-dev');
    expect(dockerfile).toContain('apt-get install -y --no-install-recommends libpcre2-8-0 libexpat1');
    expect(dockerfile).toContain('ENV PORT=8000 \\\n    VIRTUAL_ENV=/opt/venv');
    expect(dockerfile).toContain('ENTRYPOINT ["/opt/venv/bin/uwsgi","--ini","etc/uwsgi.ini","--virtualenv","/opt/venv"]');
    expect(naive).toContain('ENV PORT=8000 VIRTUAL_ENV=/opt/venv');
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(() => plan(fixture('python-uwsgi'), { runtime: 'distroless', languageVersion: '3.13' })).toThrow(/uwsgi needs libpcre2-8-0, libexpat1, which distroless python3 does not have/);
  });

  it.each(['python-flask', 'python-django', 'python-fastapi-poetry', 'python-fastapi-uv', 'python-fallback', 'python-native', 'python-uwsgi', 'python-waitress-django', 'python-launcher'])('%s: the naive counterpart is valid', async (name) => {
    expect(validate((await render(fixture(name))).naive)).toEqual([]);
  });
});
