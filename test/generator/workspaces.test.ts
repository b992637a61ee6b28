import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { expectGolden } from '../support/golden.js';
import { expectGuideMatches } from '../support/guide.js';
import { runGenerator } from '../support/run-generator.js';

/** Rewrites the npm fixture's root as another package manager's workspace (only the lockfile's kind is read). */
function asPnpm(dir: string) {
  rmSync(path.join(dir, 'package-lock.json'));
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  delete pkg.workspaces;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'pnpm@10.20.0' }, null, 2));
  writeFileSync(path.join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeFileSync(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
}

function asYarnBerry(dir: string) {
  rmSync(path.join(dir, 'package-lock.json'));
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'yarn@4.9.2' }, null, 2));
  writeFileSync(path.join(dir, '.yarnrc.yml'), 'nodeLinker: node-modules\n');
  writeFileSync(path.join(dir, 'yarn.lock'), '__metadata:\n  version: 8\n');
}

/** Workspace members, each generated from the workspace root with --workspace, against golden files. */
const cases: Array<{ name: string; fixture: string; flags: Record<string, string>; prepare?: (dir: string) => void; extra?: string[] }> = [
  { name: 'node-workspaces-api', fixture: 'node-workspaces', flags: { workspace: 'packages/api' } },
  { name: 'node-workspaces-web', fixture: 'node-workspaces', flags: { workspace: 'packages/web' }, extra: ['packages/web/Caddyfile'] },
  { name: 'node-workspaces-pnpm-api', fixture: 'node-workspaces', flags: { workspace: 'packages/api' }, prepare: asPnpm },
  { name: 'node-workspaces-yarn-api', fixture: 'node-workspaces', flags: { workspace: 'packages/api' }, prepare: asYarnBerry },
  { name: 'python-uv-workspace-api', fixture: 'python-uv-workspace', flags: { workspace: 'packages/api' } },
];

describe.each(cases)('$name', ({ name, fixture, flags, prepare, extra = [] }) => {
  let cwd: string;
  let dockerfile: string;

  beforeAll(async () => {
    ({ cwd } = await runGenerator({ fixture, flags: { yes: true, ...flags }, prepare }));
    dockerfile = readFileSync(path.join(cwd, 'Dockerfile'), 'utf8');
  });

  it('matches the golden Dockerfile, .dockerignore and README.Docker.md (and the files the member needs)', () => {
    expectGolden(name, 'Dockerfile', dockerfile);
    for (const file of ['.dockerignore', 'README.Docker.md', ...extra]) expectGolden(name, file, readFileSync(path.join(cwd, file), 'utf8'));
    expectGuideMatches(readFileSync(path.join(cwd, 'README.Docker.md'), 'utf8'), dockerfile, cwd);
  });

  it('passes dockerfile-utils and the project rules', () => {
    expect(validate(dockerfile)).toEqual([]);
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('says the build context is the workspace root, and runs as 65532 from the member folder', () => {
    expect(dockerfile).toMatch(/^# Build context: the (uv )?workspace root, not packages\/\w+\./m);
    expect(dockerfile).toMatch(/\nUSER 65532:65532\n(EXPOSE \d+\n)?ENTRYPOINT \[[^\n]+\]\n$/);
    // A single-page member ships its built files to Caddy's /srv instead.
    if (/^FROM \S+ AS caddy$/m.test(dockerfile)) expect(dockerfile).toMatch(new RegExp(`^COPY --from=build /app/${flags.workspace}/\\w+ /srv$`, 'm'));
    else expect(dockerfile).toContain(`WORKDIR /app/${flags.workspace}\n`);
  });

  it('copies every member manifest before the install, so the root lockfile is accepted', () => {
    const manifest = fixture.startsWith('node') ? 'package.json' : 'pyproject.toml';
    const members = fixture.startsWith('node') ? ['api', 'shared', 'web'] : ['api', 'core'];
    for (const member of members) expect(dockerfile).toContain(`COPY packages/${member}/${manifest} ./packages/${member}/\n`);
  });
});

describe('a workspace root without --workspace', () => {
  it('--yes generates every member service, as --scan does, instead of asking which one', async () => {
    const result = await runGenerator({ fixture: 'node-workspaces', flags: { yes: true } });
    expect(readFileSync(path.join(result.cwd, 'packages/api/Dockerfile'), 'utf8')).toContain('WORKDIR /app/packages/api\n');
    expect(readFileSync(path.join(result.cwd, 'packages/web/Dockerfile'), 'utf8')).toContain('COPY --from=build /app/packages/web/dist /srv\n');
    expect(() => readFileSync(path.join(result.cwd, 'packages/shared/Dockerfile'))).toThrow();
    expect(readFileSync(path.join(result.cwd, 'compose.yaml'), 'utf8')).toMatch(/^services:\n[\s\S]*api:[\s\S]*web:/m);
  });

  it('a --workspace answer keeps it to that member', async () => {
    const result = await runGenerator({ fixture: 'node-workspaces', flags: { yes: true, workspace: 'packages/api' } });
    expect(() => readFileSync(path.join(result.cwd, 'compose.yaml'))).toThrow();
  });

  it('refuses a library member, naming the services', async () => {
    await expect(runGenerator({ fixture: 'node-workspaces', flags: { yes: true, workspace: 'packages/shared' } })).rejects.toThrow(/"packages\/shared" is not one of packages\/api, packages\/web/);
  });
});
