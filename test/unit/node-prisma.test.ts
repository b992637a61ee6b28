import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { planNodeProject as planNode } from '../../generators/app/stacks/node/plan.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

const SCHEMA = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n\ngenerator client {\n  provider = "prisma-client-js"\n}\n';

function project(pkg: object, files: Record<string, string>): Repo {
  const dir = emptyDir('node-prisma');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'api', scripts: { start: 'node index.js' }, ...pkg }));
  for (const [file, text] of Object.entries({ 'index.js': "require('@prisma/client');", ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

describe('Node Prisma: the client is generated at build and shipped', () => {
  it('finds the schema, the CLI and the migrations of the fixture, and plans a prisma stage the runtime copies from', () => {
    const repo = Repo.open(fixturePath('node-prisma'));
    const detection = detectNode(repo)!;
    expect(detection.prisma).toEqual({ schema: 'prisma/schema.prisma', copy: 'prisma', cli: true, customOutput: false, migrations: true, configEnv: [], config: null });
    const plan = planNode(detection, {}, repo);
    expect(plan.context.prisma).toEqual({ schema: 'prisma/schema.prisma', copy: 'prisma', generate: './node_modules/.bin/prisma generate', shipClient: true, config: null });
    const notes = plan.notes.join('\n');
    expect(notes).toMatch(/binaries\.prisma\.sh/);
    expect(notes).toMatch(/docker build --target prisma -t shelf:migrate \.` then `docker run --rm --user 65532:65532 -e DATABASE_URL=… shelf:migrate \.\/node_modules\/\.bin\/prisma migrate deploy`/);
  });

  it('reads the schema path from package.json and copies a root schema file alone', () => {
    const detection = detectNode(project({ dependencies: { '@prisma/client': '^6.1.0' }, devDependencies: { prisma: '^6.1.0' }, prisma: { schema: 'db/app.prisma' } }, { 'db/app.prisma': SCHEMA }))!;
    expect(detection.prisma).toMatchObject({ schema: 'db/app.prisma', copy: 'db', migrations: false });
    const root = detectNode(project({ dependencies: { '@prisma/client': '^6.1.0' }, devDependencies: { prisma: '^6.1.0' } }, { 'schema.prisma': SCHEMA }))!;
    expect(root.prisma).toMatchObject({ schema: 'schema.prisma', copy: 'schema.prisma' });
  });

  it('ships a client generated into the source tree with the build, not from node_modules/.prisma', () => {
    const repo = project({ dependencies: { '@prisma/client': '^6.1.0' }, devDependencies: { prisma: '^6.1.0' } }, { 'prisma/schema.prisma': SCHEMA.replace('prisma-client-js"', 'prisma-client-js"\n  output = "../src/generated/prisma"') });
    const detection = detectNode(repo)!;
    expect(detection.prisma?.customOutput).toBe(true);
    expect(planNode(detection, {}, repo).context.prisma).toMatchObject({ shipClient: false });
  });

  it('refuses a project without the prisma CLI, naming the fix', () => {
    const repo = project({ dependencies: { '@prisma/client': '^6.1.0' } }, { 'prisma/schema.prisma': SCHEMA });
    expect(() => planNode(detectNode(repo)!, {}, repo)).toThrow(/prisma CLI that generates it is not a dependency\. Fix: add "prisma" to devDependencies/);
  });

  it('warns when @prisma/client has no schema, and leaves a project without Prisma alone', () => {
    const detection = detectNode(project({ dependencies: { '@prisma/client': '^6.1.0' } }, {}))!;
    expect(detection.prisma).toBeNull();
    expect(detection.evidence.join('\n')).toMatch(/warning: @prisma\/client, but no prisma\/schema\.prisma or schema\.prisma/);
    const plain = Repo.open(fixturePath('node-devtool'));
    expect(planNode(detectNode(plain)!, {}, plain).context.prisma).toBeNull();
  });

  it('with pnpm plans no prisma stage and says why in the notes', () => {
    const repo = project({ packageManager: 'pnpm@9.15.4', dependencies: { '@prisma/client': '^6.1.0' }, devDependencies: { prisma: '^6.1.0' } }, { 'prisma/schema.prisma': SCHEMA });
    const plan = planNode(detectNode(repo)!, {}, repo);
    expect(plan.context.prisma).toBeNull();
    expect(plan.notes.join('\n')).toMatch(/Prisma: with pnpm the generated client lives inside the package store/);
  });

  it('Prisma 7: prisma.config.ts env() gets a credential-free placeholder of the schema\'s provider in the build stages, and the prisma stage copies the config', () => {
    const repo = Repo.open(fixturePath('node-prisma-config'));
    const detection = detectNode(repo)!;
    expect(detection.prisma).toMatchObject({ config: 'prisma.config.ts', configEnv: [{ name: 'DATABASE_URL', placeholder: 'mysql://localhost:3306/build' }] });
    expect(detection.evidence.join('\n')).toContain("prisma.config.ts: reads env('DATABASE_URL') whenever a prisma command loads it, and throws when unset");
    expect(detection.buildScript).toBe('build:docker');
    expect(detection.evidence.join('\n')).toContain('package.json: scripts.build:docker "npm-run-all build-app" is the project\'s own build for images; the build stage runs it instead of scripts.build');
  });
});
