import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { nodeStack } from '../../generators/app/stacks/node/index.js';
import { planNode } from '../../generators/app/stacks/node/plan.js';
import { planMember } from '../../generators/app/stacks/node/plan-member.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

const fixture = () => Repo.open(fixturePath('node-workspaces'));

/** A scratch workspace: root package.json plus files (paths from the root; objects become JSON). */
function workspace(root: object, files: Record<string, object | string>): Repo {
  const dir = emptyDir('node-ws');
  for (const [file, content] of Object.entries({ 'package.json': root, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return Repo.open(dir);
}

const api = { name: '@w/api', scripts: { start: 'node server.js' }, dependencies: { '@w/lib': '*' } };
const lib = { name: '@w/lib', main: 'index.js', scripts: { build: 'tsc' } };

describe('detectNode on an npm workspace root', () => {
  const detection = detectNode(fixture())!;

  it('lists every member and tells services from libraries', () => {
    expect(detection.workspace?.members.map((m) => [m.dir, m.name, Boolean(m.service)])).toEqual([
      ['packages/api', '@notes/api', true],
      ['packages/shared', '@notes/shared', false],
      ['packages/web', '@notes/web', true],
    ]);
  });

  it('reads each service as a project of its own, and what it needs from the workspace', () => {
    const [apiMember, , webMember] = detection.workspace!.members;
    expect(apiMember.facts).toMatchObject({ kind: 'server', entrypoint: 'src/server.js', port: 4000, hasProdDeps: true });
    expect(apiMember.runtimeMembers).toEqual(['packages/shared']);
    expect(webMember.facts).toMatchObject({ kind: 'spa', buildOutput: 'dist', buildArgs: ['VITE_API_URL'] });
  });

  it('reports no app of its own at the root', () => {
    expect(detection).toMatchObject({ packageManager: 'npm', lockfile: 'package-lock.json', entrypoint: null, port: null, framework: null });
  });

  it('gives the monorepo scan one member per service, with the answers that select it', () => {
    const members = nodeStack.members!(detection);
    expect(members.map((m) => [m.dir, m.answers])).toEqual([
      ['packages/api', { workspace: 'packages/api' }],
      ['packages/web', { workspace: 'packages/web' }],
    ]);
    expect(members[0].evidence[0]).toMatch(/^packages\/api\/package\.json: an app \(scripts\.start "node src\/server\.js"\)$/);
  });
});

describe('questions on a workspace root', () => {
  const detection = detectNode(fixture())!;

  it('asks for the member first, without a default when there are several', () => {
    const [first] = nodeStack.questions(detection, {});
    expect(first).toMatchObject({ name: 'workspace', flag: 'workspace', default: undefined });
    expect(first.choices?.map((c) => c.value)).toEqual(['packages/api', 'packages/web']);
  });

  it.each([
    ['packages/api', 'src/server.js', 4000],
    ['packages/web', 'Caddyfile', 8080],
  ])('follows %s for the start script and port', (member, entry, port) => {
    const questions = nodeStack.questions(detection, { workspace: member });
    expect(questions.find((q) => q.name === 'entrypoint')?.default).toBe(entry);
    expect(questions.find((q) => q.name === 'port')?.default).toBe(port);
  });

  it('defaults to the only service', () => {
    const repo = workspace({ workspaces: ['packages/*'] }, { 'package-lock.json': '{}', 'packages/api/package.json': api, 'packages/api/server.js': '', 'packages/lib/package.json': lib });
    expect(nodeStack.questions(detectNode(repo)!, {})[0].default).toBe('packages/api');
  });
});

describe('workspace declarations', () => {
  it('reads pnpm-workspace.yaml for pnpm, with negated globs', () => {
    const repo = workspace({ name: 'root' }, {
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'pnpm-workspace.yaml': "packages:\n  - 'apps/**'\n  - '!apps/legacy'\n",
      'apps/api/package.json': api,
      'apps/legacy/package.json': { name: 'legacy', scripts: { start: 'node x.js' } },
      'apps/nested/deep/package.json': lib,
    });
    expect(detectNode(repo)!.workspace?.members.map((m) => m.dir)).toEqual(['apps/api', 'apps/nested/deep']);
  });

  it('reads the {packages: [...]} form of package.json workspaces', () => {
    const repo = workspace({ workspaces: { packages: ['libs/*'] } }, { 'yarn.lock': '', 'libs/lib/package.json': lib });
    expect(detectNode(repo)!.workspace?.members.map((m) => m.dir)).toEqual(['libs/lib']);
  });

  it('is a single package when the globs match nothing, and says so', () => {
    const detection = detectNode(workspace({ workspaces: ['nowhere/*'], scripts: { start: 'node a.js' } }, { 'package-lock.json': '{}' }))!;
    expect(detection.workspace).toBeNull();
    expect(detection.evidence).toContain('package.json: workspaces nowhere/* match no folder with a package.json; treated as a single package');
  });

  it('names the file when workspaces is not a list of globs', () => {
    expect(() => detectNode(workspace({ workspaces: 'packages/*' }, { 'package-lock.json': '{}' }))).toThrow(/^package\.json: workspaces: expected a list of folder globs/);
  });

  it("names the member's package.json when it is not JSON", () => {
    expect(() => detectNode(workspace({ workspaces: ['packages/*'] }, { 'package-lock.json': '{}', 'packages/bad/package.json': '{ nope' }))).toThrow(/^packages\/bad\/package\.json: not valid JSON/);
  });

  it('names pnpm-workspace.yaml when it is not YAML', () => {
    expect(() => detectNode(workspace({}, { 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': 'packages: [a\n' }))).toThrow(/^pnpm-workspace\.yaml: not valid YAML/);
  });
});

describe('planNode for a workspace member', () => {
  const repo = fixture();
  const detection = detectNode(repo)!;

  it('installs with the root lockfile and every member manifest, then only the member for production', () => {
    const plan = planMember(detection, { workspace: 'packages/api' }, repo);
    const context = plan.context;
    expect(context.manifestCopies).toEqual([
      { sources: ['package.json', 'package-lock.json'], target: './' },
      { sources: ['packages/api/package.json'], target: './packages/api/' },
      { sources: ['packages/shared/package.json'], target: './packages/shared/' },
      { sources: ['packages/web/package.json'], target: './packages/web/' },
    ]);
    expect(context).toMatchObject({ prodInstall: 'npm ci --omit=dev --workspace packages/api', workdir: '/app/packages/api', cmd: ['src/server.js'] });
    expect(plan.port).toBe(4000);
  });

  it('writes the static server into the SPA member folder', () => {
    expect(planNode(detection, { workspace: 'packages/web' }, repo).files.map((f) => f.destination)).toEqual(['Dockerfile', '.dockerignore', 'packages/web/Caddyfile']);
  });

  it('builds the workspace packages a member needs first, dependencies first', () => {
    const ws = workspace({ workspaces: ['packages/*'] }, { 'package-lock.json': '{}', 'packages/api/package.json': { ...api, scripts: { ...api.scripts, build: 'tsc' } }, 'packages/lib/package.json': lib });
    expect(planMember(detectNode(ws)!, { workspace: 'packages/api' }, ws).context.buildCommands).toEqual([
      'npm run build --workspace packages/lib',
      'npm run build --workspace packages/api',
      'rm -rf node_modules packages/lib/node_modules packages/api/node_modules',
    ]);
  });

  it('copies a member-level node_modules when the lockfile nests production packages there', () => {
    const lock = { packages: { '': {}, 'node_modules/x': {}, 'packages/api/node_modules/x': {}, 'packages/api/node_modules/devonly': { dev: true } } };
    const ws = workspace({ workspaces: ['packages/*'] }, { 'package-lock.json': lock, 'packages/api/package.json': api, 'packages/api/server.js': '', 'packages/lib/package.json': lib });
    const sources = (planMember(detectNode(ws)!, { workspace: 'packages/api' }, ws).context.copies as Array<{ source: string }>).map((c) => c.source);
    expect(sources).toContain('/app/packages/api/node_modules');
    expect(sources).not.toContain('/app/packages/lib/node_modules');
  });

  it.each([
    ['pnpm@9.15.4', 'pnpm --filter @w/api deploy --prod /prod/packages/api'],
    ['pnpm@10.20.0', 'pnpm --filter @w/api deploy --prod --legacy /prod/packages/api'],
  ])('pnpm deploy for %s', (field, command) => {
    const ws = workspace({ packageManager: field }, { 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': 'packages: [packages/*]\n', 'packages/api/package.json': api, 'packages/api/server.js': '', 'packages/lib/package.json': lib });
    expect(planMember(detectNode(ws)!, { workspace: 'packages/api' }, ws).context.deploy).toBe(command);
  });

  it('deploys with the pnpm major pinned from the lockfile when there is no packageManager field', () => {
    const files = { 'pnpm-workspace.yaml': 'packages: [packages/*]\n', 'packages/api/package.json': api, 'packages/api/server.js': '', 'packages/lib/package.json': lib };
    const pnpm9 = workspace({}, { ...files, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(planMember(detectNode(pnpm9)!, { workspace: 'packages/api' }, pnpm9).context.deploy).toBe('pnpm --filter @w/api deploy --prod /prod/packages/api');
    const pnpm10 = workspace({}, { ...files, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages: [packages/*]\nonlyBuiltDependencies:\n  - esbuild\n' });
    expect(planMember(detectNode(pnpm10)!, { workspace: 'packages/api' }, pnpm10).context.deploy).toBe('pnpm --filter @w/api deploy --prod --legacy /prod/packages/api');
  });

  it('refuses a library, naming the services to pick', () => {
    expect(() => planNode(detection, { workspace: 'packages/shared' }, repo)).toThrow(/packages\/shared\/package\.json is a library .* Fix: pass --workspace packages\/api or packages\/web/);
  });

  it('refuses a folder that is not a member', () => {
    expect(() => planNode(detection, { workspace: 'tools' }, repo)).toThrow(/--workspace tools: not a member of the workspace/);
  });

  it('asks for --workspace instead of --main on the root itself', () => {
    expect(() => planNode(detection, {}, repo)).toThrow(/a workspace root that is not an app itself\. Fix: pass --workspace packages\/api or packages\/web/);
  });
});
