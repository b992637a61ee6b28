import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectPython } from '../../generators/app/stacks/python/detect.js';
import { pinnedWheelCaps, wheelCaps } from '../../generators/app/stacks/python/wheels.js';
import { emptyDir } from '../support/fixtures.js';

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('py-wheels');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const poetryPackage = (name: string, version: string, files: string[]) =>
  `[[package]]\nname = "${name}"\nversion = "${version}"\noptional = false\npython-versions = ">=3.9"\ngroups = ["main"]\nfiles = [\n${files.map((file) => `    {file = "${file}", hash = "sha256:00"},`).join('\n')}\n]\n\n`;

const POETRY = (python: string, lock: string) => ({
  'pyproject.toml': `[tool.poetry]\nname = "svc"\nversion = "1"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "${python}"\ngreenlet = "*"\nrich = "*"\n`,
  'poetry.lock': `${lock}[metadata]\nlock-version = "2.1"\npython-versions = "${python}"\ncontent-hash = "0"\n`,
  'main.py': 'if __name__ == "__main__":\n    print("hi")\n',
});

const GREENLET_312 = poetryPackage('greenlet', '3.0.1', [
  'greenlet-3.0.1-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl',
  'greenlet-3.0.1-cp312-cp312-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl',
  'greenlet-3.0.1-cp313-cp313-win_amd64.whl',
  'greenlet-3.0.1.tar.gz',
]);

describe('wheelCaps: the newest Python a locked package has Linux wheels for', () => {
  it('reads poetry.lock file names, ignoring other platforms; pure and abi3 wheels set no cap', () => {
    const repo = project(
      POETRY(
        '^3.10',
        GREENLET_312 + poetryPackage('rich', '13.0.0', ['rich-13.0.0-py3-none-any.whl']) + poetryPackage('cryptography', '44.0.0', ['cryptography-44.0.0-cp39-abi3-manylinux_2_28_x86_64.whl']),
      ),
    );
    expect(wheelCaps(repo, 'poetry.lock', new Set(['greenlet', 'rich', 'cryptography']))).toEqual([{ package: 'greenlet', version: '3.0.1', newest: '3.12', sdist: true }]);
  });

  it('reads uv.lock wheel URLs and leaves packages the image does not install out', () => {
    const repo = project({
      'uv.lock':
        'version = 1\n\n[[package]]\nname = "psycopg2-binary"\nversion = "2.9.9"\nsource = { registry = "https://pypi.org/simple" }\nwheels = [\n    { url = "https://files.example/p/psycopg2_binary-2.9.9-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:00" },\n]\n\n[[package]]\nname = "orjson"\nversion = "3.0.0"\nsource = { registry = "https://pypi.org/simple" }\nwheels = [\n    { url = "https://files.example/o/orjson-3.0.0-cp310-cp310-manylinux_2_17_x86_64.whl", hash = "sha256:00" },\n]\n',
    });
    expect(wheelCaps(repo, 'uv.lock', new Set(['psycopg2-binary']))).toEqual([{ package: 'psycopg2-binary', version: '2.9.9', newest: '3.12', sdist: false }]);
  });
});

describe('detectPython: locked wheels decide the Python line', () => {
  it('a range takes the newest line every locked wheel supports, and names the wheel', () => {
    const detection = detectPython(project(POETRY('^3.10', GREENLET_312)))!;
    expect(detection.pythonMinor).toBe('3.12');
    expect(detection.evidence).toContain(
      'poetry.lock: greenlet 3.0.1 ships Linux wheels up to cp312 and none for 3.13 (its sdist would need a compiler and headers); so Python 3.12, the newest line every locked wheel supports',
    );
  });

  it('a pinned version stays, and the evidence says the package builds from source', () => {
    const detection = detectPython(project({ ...POETRY('^3.10', GREENLET_312), '.python-version': '3.13\n' }))!;
    expect(detection.pythonMinor).toBe('3.13');
    expect(detection.evidence.join('\n')).toContain('greenlet 3.0.1 ships Linux wheels up to cp312 and none for 3.13 (its sdist would need a compiler and headers); Python 3.13 is pinned, so the install compiles it from source');
  });

  it('wheels for the chosen Python change nothing', () => {
    const detection = detectPython(project(POETRY('^3.10', poetryPackage('greenlet', '3.2.0', ['greenlet-3.2.0-cp313-cp313-manylinux_2_28_x86_64.whl']))))!;
    expect(detection.pythonMinor).toBe('3.13');
    expect(detection.evidence.join('\n')).not.toContain('wheels up to');
  });
});

describe('pinnedWheelCaps: exact pins of binary packages released before wheels for the newest lines', () => {
  it('a pin older than the first cp313 wheel caps at 3.12; older than the first cp312 one, at 3.11', () => {
    expect(pinnedWheelCaps([{ name: 'psycopg2-binary', pinned: '2.9.9' }, { name: 'greenlet', pinned: '2.0.2' }])).toEqual([
      { package: 'psycopg2-binary', version: '2.9.9', newest: '3.12', sdist: true },
      { package: 'greenlet', version: '2.0.2', newest: '3.11', sdist: true },
    ]);
  });

  it('compares release parts as numbers (2.9.10 is newer than 2.9.9) and leaves unknown or unpinned packages alone', () => {
    expect(pinnedWheelCaps([{ name: 'psycopg2-binary', pinned: '2.9.10' }, { name: 'flask', pinned: '1.0' }, { name: 'numpy' }])).toEqual([]);
  });
});

describe('detectPython: pinned requirements decide the Python line the same way', () => {
  it('requirements.txt pinning greenlet 3.0.1 gives Python 3.12 and names the pin', () => {
    const detection = detectPython(project({ 'requirements.txt': 'flask==3.1.3\ngreenlet==3.0.1 \\\n    --hash=sha256:00\nrich>=13\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }))!;
    expect(detection.pythonMinor).toBe('3.12');
    expect(detection.evidence).toContain(
      'requirements.txt: greenlet 3.0.1 ships Linux wheels up to cp312 and none for 3.13 (its sdist would need a compiler and headers); so Python 3.12, the newest line every pinned wheel supports',
    );
  });

  it('a pin behind an environment marker may not apply, so it caps nothing', () => {
    const detection = detectPython(project({ 'requirements.txt': 'greenlet==3.0.1; python_version < "3.13"\n', 'app.py': 'print(1)\n' }))!;
    expect(detection.pythonMinor).not.toBe('3.12');
  });
});
