import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { templatesDir } from '../../generators/app/core/paths.js';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { planNodeProject as planNode } from '../../generators/app/stacks/node/plan.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';
import { withCommands } from '../../generators/app/core/commands.js';
import { templateData } from '../../generators/app/core/render.js';

const repoOf = (fixture: string) => Repo.open(fixturePath(fixture));

/** The plan's Dockerfile, rendered the way the generator writes it. */
function renderDockerfile(plan: ReturnType<typeof planNode>): string {
  const file = path.join(templatesDir, plan.files[0].template);
  return ejs.render(readFileSync(file, 'utf8'), templateData(withCommands(plan)), { filename: file });
}

function planFor(fixture: string, answers = {}) {
  const repo = repoOf(fixture);
  return planNode(detectNode(repo)!, answers, repo);
}

describe('planNode', () => {
  it('uses the builder and distroless runtime of the chosen major', () => {
    const plan = planFor('node-express', { languageVersion: '22' });
    expect(plan.builderImage).toBe('node:22-trixie-slim');
    expect(plan.runtimeImage).toBe('gcr.io/distroless/nodejs22-debian13:nonroot');
    expect(plan.context).toMatchObject({ cmd: ['bin/www'], entrypoint: ['/nodejs/bin/node'], install: 'npm ci', prodInstall: 'npm ci --omit=dev' });
  });

  it('refuses a major distroless does not ship, naming the flag', () => {
    expect(() => planFor('node-express', { languageVersion: '20' })).toThrow(/--language-version 20/);
  });

  it('writes the Caddyfile for a single-page app', () => {
    expect(planFor('node-vite').files.map((f) => f.destination)).toEqual(['Dockerfile', '.dockerignore', 'Caddyfile']);
  });

  it('installs pnpm through Corepack with the store as a cache', () => {
    expect(planFor('node-pnpm').context).toMatchObject({ setup: 'corepack enable pnpm', cache: '/root/.local/share/pnpm/store' });
  });

  it('installs a project without a lockfile with npm install, and warns in the Dockerfile', () => {
    const plan = planFor('node-no-lockfile');
    expect(plan.context).toMatchObject({ prodInstall: 'npm install --omit=dev --no-audit --no-fund', noLockfile: true, manifestFiles: ['package.json'] });
    expect(plan.notes.join('\n')).toMatch(/no lockfile: versions resolve at build time, not reproducible/);
  });

  it('pins Corepack to the pnpm major the lockfile was written by, without its cache mount over the pin', () => {
    const context = planFor('node-pnpm-nofield').context;
    expect(context.setup).toBe('corepack enable pnpm \\\n && corepack install -g pnpm@9');
    expect(context.mounts).toEqual(['type=cache,target=/root/.local/share/pnpm/store']);
    // With a packageManager field Corepack reads the version itself, and its downloads stay in the cache mount.
    expect(planFor('node-pnpm').context.mounts).toContain('type=cache,target=/root/.cache/node/corepack');
  });

  it('puts python3, make and g++ and the builder headers in the install stages for a native addon', () => {
    const plan = planFor('node-native');
    expect(plan.context.nativeAddons).toEqual(['bcrypt']);
    const dockerfile = renderDockerfile(plan);
    expect(dockerfile).toMatch(/FROM \S+ AS base\nWORKDIR \/app\n(#.*\n)+RUN apt-get update \\\n && apt-get install -y --no-install-recommends python3 make g\+\+/);
    expect(dockerfile).toContain('ENV npm_config_nodedir=/usr/local');
    // The runtime stays distroless: the toolchain lives in base, which only the install stages build on.
    expect(/FROM (\S+) AS runtime/.exec(dockerfile)?.[1]).toMatch(/^gcr\.io\/distroless\/nodejs/);
  });

  it('passes the start script\'s arguments after the file, but not after a --main answer', () => {
    expect(planFor('node-start-args').context.cmd).toEqual(['index.js', 'start']);
    expect(planFor('node-start-args', { entrypoint: 'lib/server.js' }).context.cmd).toEqual(['lib/server.js']);
    expect(planFor('node-package-server').context.cmd).toEqual(['node_modules/@remix-run/serve/dist/cli.js', 'build/index.js']);
  });

  it('refuses --main naming a missing file when nothing builds it', () => {
    expect(() => planFor('node-express', { entrypoint: 'nope.js' })).toThrow(/--main nope\.js: no such file/);
  });
});

/** Renders the Dockerfile (and the naive one) for a scratch project, as the generator would. */
async function renderProject(files: Record<string, string>, answers = {}) {
  const dir = emptyDir('node-render');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const repo = Repo.open(dir);
  const plan = planNode(detectNode(repo)!, answers, repo);
  const dockerfile = await ejs.renderFile(path.join(templatesDir, plan.files[0].template), templateData(withCommands(plan)));
  const naive = await ejs.renderFile(path.join(templatesDir, plan.naiveTemplate), templateData(plan));
  return { plan, dockerfile, naive };
}

describe('planNode: branches without a fixture', () => {
  it('ships only the standalone output of a Next.js app', async () => {
    const { dockerfile, plan } = await renderProject({
      'package.json': JSON.stringify({ dependencies: { next: '15.0.0', react: '19.0.0' }, scripts: { build: 'next build', start: 'next start' } }),
      'package-lock.json': '{}',
      'next.config.mjs': "export default { output: 'standalone' };\n",
      'public/favicon.ico': '',
    });
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toContain('COPY --from=build --chown=65532:65532 /app/.next/standalone ./');
    expect(dockerfile).toContain('COPY --from=build /app/public ./public');
    expect(dockerfile).not.toContain('prod-deps');
    expect(plan.context.cmd).toEqual(['server.js']);
  });

  it('runs next start from production node_modules without standalone, and says what to add', async () => {
    const { dockerfile, plan } = await renderProject({
      'package.json': JSON.stringify({ dependencies: { next: '15.0.0' }, scripts: { build: 'next build', start: 'next start' } }),
      'package-lock.json': '{}',
    });
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toContain('CMD ["node_modules/next/dist/bin/next","start"]');
    expect(plan.notes.join('\n')).toContain("output: 'standalone'");
  });

  it('installs yarn berry with --immutable through Corepack when node_modules are used', async () => {
    const { dockerfile, naive } = await renderProject({
      'package.json': JSON.stringify({ packageManager: 'yarn@4.5.3', dependencies: { express: '^4.21.2' }, scripts: { start: 'node index.js' } }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
      'index.js': 'require("express")().listen(3000);\n',
    });
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toContain('COPY package.json yarn.lock .yarnrc.yml ./');
    expect(dockerfile).toContain('yarn workspaces focus --all --production');
    expect(dockerfile).toContain('RUN corepack enable yarn');
    expect(naive).toContain('yarn install --immutable');
  });

  it("refuses Yarn Plug'n'Play, naming the setting to add", async () => {
    await expect(
      renderProject({ 'package.json': '{"main":"index.js"}', 'yarn.lock': '__metadata:\n', '.yarnrc.yml': 'enableTelemetry: false\n', 'index.js': '' }),
    ).rejects.toThrow(/nodeLinker: node-modules/);
  });

  it('lints clean for every fixture at every distroless major', async () => {
    for (const fixture of ['node-express', 'node-ts', 'node-nest', 'node-yarn', 'node-pnpm', 'node-vite', 'node-devtool', 'node-main-missing', 'node-start-args', 'node-no-lockfile', 'node-cra-rewired', 'node-pnpm-nofield', 'node-two-locks', 'node-native', 'node-package-server']) {
      for (const languageVersion of ['22', '24', '26']) {
        const repo = repoOf(fixture);
        const plan = planNode(detectNode(repo)!, { languageVersion }, repo);
        const dockerfile = await ejs.renderFile(path.join(templatesDir, plan.files[0].template), templateData(withCommands(plan)));
        expect(lintDockerfile(dockerfile)).toEqual([]);
        expect(dockerfile).toContain(`ARG NODE_VERSION=${languageVersion}`);
      }
    }
  });
});

describe('planNode root manifests', () => {
  it('copies a yarn berry project\'s checked-in release (yarnPath) with .yarnrc.yml, as for a workspace member', () => {
    const dir = emptyDir('node-yarn-path');
    mkdirSync(path.join(dir, '.yarn/releases'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'berry', packageManager: 'yarn@4.5.0', scripts: { start: 'node index.js' }, dependencies: { ms: '^2.1.3' } }));
    writeFileSync(path.join(dir, 'yarn.lock'), '__metadata:\n  version: 8\n');
    writeFileSync(path.join(dir, '.yarnrc.yml'), 'yarnPath: .yarn/releases/yarn-4.5.0.cjs\nnodeLinker: node-modules\n');
    writeFileSync(path.join(dir, '.yarn/releases/yarn-4.5.0.cjs'), '');
    writeFileSync(path.join(dir, 'index.js'), '');
    const repo = Repo.open(dir);
    const plan = planNode(detectNode(repo)!, {}, repo);
    expect(plan.context.manifestFiles).toEqual(['package.json', 'yarn.lock', '.yarnrc.yml', '.yarn/releases/yarn-4.5.0.cjs']);
    const dockerfile = ejs.render(readFileSync(path.join(templatesDir, 'node/Dockerfile.ejs'), 'utf8'), templateData(withCommands(plan)), { filename: path.join(templatesDir, 'node/Dockerfile.ejs') });
    expect(dockerfile).toContain('COPY .yarn/releases/yarn-4.5.0.cjs ./.yarn/releases/\n');
  });
});
