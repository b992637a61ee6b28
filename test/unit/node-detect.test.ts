import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (fixture: string) => detectNode(Repo.open(fixturePath(fixture)));

/** A scratch project with the given package.json (object or raw text) and extra files. */
function project(pkg: object | string, files: Record<string, string> = {}): Repo {
  const dir = emptyDir('node');
  writeFileSync(path.join(dir, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return Repo.open(dir);
}

describe('detectNode on the fixtures', () => {
  it.each([
    ['node-express', { packageManager: 'npm', kind: 'server', framework: 'express', entrypoint: 'bin/www', port: 8080, hasBuild: false }],
    ['node-ts', { kind: 'server', hasBuild: true, buildOutput: 'dist', entrypoint: 'dist/server.js', port: 4000 }],
    ['node-nest', { kind: 'nest', entrypoint: 'dist/main.js', ignoreScripts: true, port: 3000 }],
    ['node-yarn', { packageManager: 'yarn', lockfile: 'yarn.lock', entrypoint: 'index.js', port: 5000 }],
    ['node-pnpm', { packageManager: 'pnpm', packageManagerField: 'pnpm@9.15.4', entrypoint: 'src/index.js', port: 3000 }],
    ['node-vite', { kind: 'spa', framework: 'vite', buildOutput: 'dist', buildArgs: ['VITE_API_URL'], port: 8080 }],
    ['node-devtool', { entrypoint: 'server.js', languageVersion: '24' }],
  ])('%s', (fixture, expected) => {
    expect(detect(fixture)).toMatchObject(expected);
  });

  it('returns null without package.json', () => {
    expect(detectNode(Repo.open(emptyDir()))).toBeNull();
  });
});

describe('detectNode: bad input', () => {
  it('names package.json when it is not JSON', () => {
    expect(() => detectNode(project('{ "name": "x", }'))).toThrow(/package\.json: not valid JSON/);
  });

  it('rejects a package.json that is not an object', () => {
    expect(() => detectNode(project('[1, 2]'))).toThrow(/package\.json: expected a JSON object/);
  });

  it('says Bun is unsupported', () => {
    expect(() => detectNode(project({ name: 'b' }, { 'bun.lockb': '' }))).toThrow(/Bun projects are not supported/);
  });

  it('rejects an engines.node that is not a range', () => {
    expect(() => detectNode(project({ engines: { node: 'banana' } }))).toThrow(/engines\.node "banana" is not a semver range/);
  });
});

describe('detectNode: versions', () => {
  it.each([
    ['^22.11.0', '22'],
    ['>=20 <25', '24'],
    ['>=18', '24'],
    ['20.x', null],
  ])('engines.node %s -> %s', (range, major) => {
    expect(detectNode(project({ engines: { node: range } }))?.languageVersion).toBe(major);
  });

  it('takes .nvmrc when engines allows it', () => {
    expect(detectNode(project({ engines: { node: '>=22' } }, { '.nvmrc': 'v22.12.0\n' }))?.languageVersion).toBe('22');
  });

  it('moves an old .node-version up to 22, with evidence', () => {
    const detection = detectNode(project({}, { '.node-version': '20.11.1' }));
    expect(detection?.languageVersion).toBe('22');
    expect(detection?.evidence.join('\n')).toContain('.node-version: Node 20 has no distroless');
  });
});

describe('detectNode: package managers', () => {
  it('picks the lockfile the packageManager field names and warns about the other', () => {
    const detection = detectNode(project({ packageManager: 'pnpm@9.15.4' }, { 'package-lock.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }));
    expect(detection).toMatchObject({ packageManager: 'pnpm', lockfile: 'pnpm-lock.yaml' });
    expect(detection?.evidence.join('\n')).toMatch(/pnpm-lock\.yaml: chosen among package-lock\.json, pnpm-lock\.yaml .*warning/);
  });

  it('tells yarn berry from yarn v1 by .yarnrc.yml', () => {
    expect(detectNode(project({}, { 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' }))?.packageManager).toBe('yarn-berry');
    expect(detectNode(project({}, { 'yarn.lock': '# yarn lockfile v1\n' }))?.packageManager).toBe('yarn');
  });
});

describe('detectNode: start commands', () => {
  it.each([
    [{ scripts: { start: 'ts-node src/index.ts', build: 'tsc' } }, { 'tsconfig.json': '{"compilerOptions":{"outDir":"./build"}}' }, 'build/index.js'],
    [{ scripts: { start: 'pm2-runtime start app.js' } }, { 'app.js': '' }, 'app.js'],
    [{ scripts: { start: 'NODE_ENV=production node --enable-source-maps ./server.mjs' } }, {}, 'server.mjs'],
    [{ bin: { tool: './cli.js' } }, { 'cli.js': '' }, 'cli.js'],
  ])('%j -> %s', (pkg, files, entry) => {
    expect(detectNode(project(pkg, files))?.entrypoint).toBe(entry);
  });

  it('asks when ts-node runs TypeScript and nothing says where it compiles to', () => {
    const detection = detectNode(project({ scripts: { start: 'ts-node src/index.ts' } }));
    expect(detection?.entrypoint).toBeNull();
    expect(detection?.evidence.join('\n')).toContain('pass --main');
  });

  it('keeps install scripts when a dependency has its own', () => {
    const repo = copyFixture('node-nest');
    writeFileSync(path.join(repo, 'package-lock.json'), '{"packages":{"node_modules/bcrypt":{"hasInstallScript": true}}}');
    expect(detectNode(Repo.open(repo))?.ignoreScripts).toBe(false);
  });

  it('explains what to add when Next.js has no standalone output', () => {
    const detection = detectNode(project({ dependencies: { next: '15.0.0' }, scripts: { build: 'next build', start: 'next start' } }, { 'next.config.js': 'module.exports = {};\n' }));
    expect(detection).toMatchObject({ kind: 'next', nextStandalone: false });
    expect(detection?.evidence.join('\n')).toContain("Add output: 'standalone'");
  });
});
