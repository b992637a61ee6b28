import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectPython } from '../../generators/app/stacks/python/detect.js';
import { pythonStack } from '../../generators/app/stacks/python/index.js';
import { emptyDir } from '../support/fixtures.js';

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('python-credentials');
  for (const [file, text] of Object.entries({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const detect = (files: Record<string, string>) => detectPython(project(files))!;

describe('Python index credentials', () => {
  it('reads a ${VAR} of an index URL from a secret of that name, and the install gets it', () => {
    const repo = project({ 'requirements.txt': '--extra-index-url=https://ci:${PIP_INDEX_PASSWORD}@pypi.acme.example/simple\nflask==3.1.3\ngunicorn\n' });
    const detection = detectPython(repo)!;
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'PIP_INDEX_PASSWORD', env: 'PIP_INDEX_PASSWORD', required: true })]);
    expect(detection.evidence.join('\n')).toContain('requirements.txt: the index pypi.acme.example takes its login from ${PIP_INDEX_PASSWORD}');
    const plan = pythonStack.plan(detection, { addServer: 'yes' }, repo);
    expect(plan.context.secretMounts).toEqual(['type=secret,id=PIP_INDEX_PASSWORD,required=true']);
    expect(plan.context.secretEnv).toBe('PIP_INDEX_PASSWORD="$(cat /run/secrets/PIP_INDEX_PASSWORD)" ');
  });

  it('refuses a password written in an index URL, naming the file and the fix', () => {
    expect(() => detect({ 'requirements.txt': '-i https://ci:hunter2@pypi.acme.example/simple\nflask\n' })).toThrow(
      /^requirements\.txt: the index URL for pypi\.acme\.example has a password written in it.*Fix: write it as \$\{VARIABLE\}/,
    );
  });

  it('mounts the build host\'s ~/.netrc, optionally, for a private uv index without a login in its URL', () => {
    const pyproject = '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n\n[[tool.uv.index]]\nname = "acme"\nurl = "https://pypi.acme.example/simple"\n';
    const detection = detect({ 'pyproject.toml': pyproject, 'uv.lock': 'version = 1\n\n[[package]]\nname = "flask"\nversion = "3.1.3"\n' });
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'netrc', target: '/root/.netrc', source: { file: '$HOME/.netrc' }, required: false })]);
  });

  it('gives a private Poetry source its login variables', () => {
    const pyproject = '[tool.poetry]\nname = "app"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nflask = "*"\n\n[[tool.poetry.source]]\nname = "acme-internal"\nurl = "https://pypi.acme.example/simple"\npriority = "supplemental"\n';
    const detection = detect({ 'pyproject.toml': pyproject, 'poetry.lock': '[[package]]\nname = "flask"\nversion = "3.1.3"\n' });
    expect(detection.secrets.map((secret) => secret.id)).toEqual(['POETRY_HTTP_BASIC_ACME_INTERNAL_USERNAME', 'POETRY_HTTP_BASIC_ACME_INTERNAL_PASSWORD']);
  });

  it('mounts a pip.conf holding a login as pip\'s user config and keeps it out of the context', () => {
    const repo = project({ 'requirements.txt': 'flask\ngunicorn\n', 'pip.conf': '[global]\nindex-url = https://ci:hunter2@pypi.acme.example/simple\n' });
    const detection = detectPython(repo)!;
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'pipconf', target: '/root/.config/pip/pip.conf', source: { file: 'pip.conf' }, credentialFiles: ['pip.conf'] })]);
    const plan = pythonStack.plan(detection, {}, repo);
    expect((plan.ignoreSections as Array<{ patterns: string[] }>).flatMap((section) => section.patterns)).toContain('pip.conf');
  });

  it('needs nothing for public indexes', () => {
    expect(detect({ 'requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\n--index-url https://pypi.org/simple\nflask\n' }).secrets).toEqual([]);
  });
});
