import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { emptyDir } from '../support/fixtures.js';

describe('Repo', () => {
  it('prunes dependency folders and applies .gitignore', () => {
    const dir = emptyDir('repo');
    mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'node_modules/x/index.js'), '');
    writeFileSync(path.join(dir, 'src/app.go'), '');
    writeFileSync(path.join(dir, 'debug.log'), '');
    writeFileSync(path.join(dir, '.gitignore'), '*.log\n');
    expect(Repo.open(dir).files()).toEqual(['.gitignore', 'src/app.go']);
  });

  it('sub() lists a folder from the parent walk, with the folder\'s own .gitignore, once', () => {
    const dir = emptyDir('repo-sub');
    mkdirSync(path.join(dir, 'web/src'), { recursive: true });
    writeFileSync(path.join(dir, 'web/package.json'), '{}');
    writeFileSync(path.join(dir, 'web/src/main.js'), '');
    writeFileSync(path.join(dir, 'web/.gitignore'), 'dist-*\n');
    writeFileSync(path.join(dir, 'web/dist-old.js'), '');
    writeFileSync(path.join(dir, 'go.mod'), '');
    const repo = Repo.open(dir);
    const web = repo.sub('web');
    expect(web.root).toBe(path.join(dir, 'web'));
    expect(web.files()).toEqual(['.gitignore', 'package.json', 'src/main.js']);
    expect(web.read('package.json')).toBe('{}');
    expect(repo.sub('web')).toBe(web);
  });
});

describe('Repo views', () => {
  it('narrow() prunes more folders from the same walk; sub(".") is the repository itself', () => {
    const dir = emptyDir('repo-narrow');
    mkdirSync(path.join(dir, 'svc/target'), { recursive: true });
    writeFileSync(path.join(dir, 'svc/pom.xml'), '');
    writeFileSync(path.join(dir, 'svc/target/out.jar'), '');
    const repo = Repo.open(dir);
    expect(repo.files()).toEqual(['svc/pom.xml', 'svc/target/out.jar']);
    expect(repo.narrow(['target']).files()).toEqual(['svc/pom.xml']);
    expect(repo.sub('.')).toBe(repo);
  });

  it('reads a file once per run, for every view of the repository', () => {
    const dir = emptyDir('repo-read-once');
    mkdirSync(path.join(dir, 'web'));
    writeFileSync(path.join(dir, 'web/package.json'), '{"v":1}');
    const repo = Repo.open(dir);
    expect(repo.read('web/package.json')).toBe('{"v":1}');
    writeFileSync(path.join(dir, 'web/package.json'), '{"v":2}');
    expect(repo.sub('web').read('package.json')).toBe('{"v":1}');
    expect(repo.narrow(['target']).read('web/package.json')).toBe('{"v":1}');
  });
});
