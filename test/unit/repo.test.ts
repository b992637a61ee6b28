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
