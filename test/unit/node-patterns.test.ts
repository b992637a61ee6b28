import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { nodeStack } from '../../generators/app/stacks/node/index.js';
import { planNode } from '../../generators/app/stacks/node/plan.js';
import { pnpmPin, yarnBerryPin } from '../../generators/app/stacks/node/lockfiles.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

/** A scratch project: package.json (an object) and files at any depth. */
function project(pkg: object, files: Record<string, string> = {}): Repo {
  const dir = emptyDir('node-pattern');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const detect = (pkg: object, files: Record<string, string> = {}) => detectNode(project(pkg, files))!;
const evidence = (pkg: object, files: Record<string, string> = {}) => detect(pkg, files).evidence.join('\n');

describe('Node entry: the file a script really runs', () => {
  it('skips a main that does not exist and takes the file the dev script runs, saying which script', () => {
    const detection = detectNode(Repo.open(fixturePath('node-main-missing')))!;
    expect(detection).toMatchObject({ entrypoint: 'src/app.js', entryArgs: [], port: 3100 });
    expect(detection.evidence.join('\n')).toMatch(/main index\.js does not exist[\s\S]*scripts\.dev "nodemon src\/app\.js" uses nodemon.*no start script, so this script shows the entry/);
  });

  it('keeps the arguments of the start script, and finds index.js for `node index`', () => {
    const detection = detectNode(Repo.open(fixturePath('node-start-args')))!;
    expect(detection).toMatchObject({ entrypoint: 'index.js', entryArgs: ['start'], port: 9100, languageVersion: '24' });
  });

  it('follows `npm run` to the script that runs node, and does not take node --watch as a flag with a value', () => {
    const detection = detect({ scripts: { start: 'npm run start-server', 'start-server': 'node --watch server/server.js' } }, { 'server/server.js': '' });
    expect(detection.entrypoint).toBe('server/server.js');
    expect(detection.evidence.join('\n')).toContain('scripts.start -> scripts.start-server "node --watch server/server.js"');
  });

  it.each([
    [{ start: 'yarn serve', serve: 'node dist/index.js' }, 'dist/index.js'],
    [{ start: 'cross-env NODE_ENV=production node -r dotenv/config app.js' }, 'app.js'],
    [{ start: 'nodemon --exec babel-node src/server.js' }, 'src/server.js'],
  ])('%j -> %s', (scripts, entry) => {
    expect(detect({ scripts }).entrypoint).toBe(entry);
  });

  it('drops development flags a dev script passes to the app', () => {
    expect(detect({ scripts: { dev: 'nodemon app.js --dev' } }, { 'app.js': '' })).toMatchObject({ entrypoint: 'app.js', entryArgs: [] });
  });

  it('runs a package server bin (remix-serve) with node, from node_modules', () => {
    const detection = detectNode(Repo.open(fixturePath('node-package-server')))!;
    expect(detection).toMatchObject({ entrypoint: 'node_modules/@remix-run/serve/dist/cli.js', entryArgs: ['build/index.js'] });
  });

  it('warns when the package server bin is only a dev dependency', () => {
    expect(evidence({ scripts: { start: 'react-router-serve ./build/server/index.js' }, devDependencies: { '@react-router/serve': '^7.0.0' } })).toMatch(/@react-router\/serve is not in dependencies/);
  });
});

describe('Node kind: Create React App through a wrapper', () => {
  it.each([
    ['react-app-rewired', 'react-app-rewired build'],
    ['@craco/craco', 'craco build'],
  ])('%s is a single-page app built to build/', (tool, build) => {
    const detection = detect({ dependencies: { react: '^18.3.1' }, devDependencies: { [tool]: '^1.0.0', 'react-scripts': '5.0.1' }, scripts: { build, start: build.replace('build', 'start') } });
    expect(detection).toMatchObject({ kind: 'spa', framework: 'create-react-app', buildOutput: 'build', entrypoint: 'Caddyfile' });
  });
});

describe('Node builds with webpack 4 or older', () => {
  it('turn on the OpenSSL legacy provider for an old react-scripts, with the reason', () => {
    const detection = detect({ devDependencies: { 'react-scripts': '1.1.1' }, dependencies: { react: '^16.3.0' }, scripts: { build: 'react-scripts build' } });
    expect(detection).toMatchObject({ kind: 'spa', legacyOpenssl: true });
    expect(detection.evidence.join('\n')).toContain('react-scripts 1.1.1 (webpack 4 or older) hashes with md4');
  });

  it.each([
    [{ devDependencies: { 'react-scripts': '5.0.1' }, scripts: { build: 'react-scripts build' } }, false],
    [{ devDependencies: { webpack: '^4.46.0' }, scripts: { build: 'webpack' } }, true],
    [{ devDependencies: { webpack: '^5.90.0' }, scripts: { build: 'webpack' } }, false],
    [{ devDependencies: { webpack: '^4.46.0' } }, false],
  ])('%j -> %s', (pkg, legacy) => {
    expect(detect(pkg).legacyOpenssl).toBe(legacy);
  });
});

describe('Node install without a lockfile', () => {
  it('goes ahead with a warning that says how to make the build reproducible', () => {
    const detection = detectNode(Repo.open(fixturePath('node-no-lockfile')))!;
    expect(detection.lockfile).toBeNull();
    expect(detection.evidence.join('\n')).toMatch(/warning: no lockfile.*run `npm install` and commit the lockfile/);
  });
});

describe('Node package-manager versions from the lockfile', () => {
  it.each([
    ["lockfileVersion: '9.0'\n", null, 'pnpm@9'],
    ["lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml: onlyBuiltDependencies', 'pnpm@10'],
    ["lockfileVersion: '6.0'\n", null, 'pnpm@8'],
    ["lockfileVersion: '6.1'\n", null, 'pnpm@8'],
    ['lockfileVersion: 5.4\n', null, 'pnpm@7'],
    ['lockfileVersion: 5.3\n', null, 'pnpm@6'],
  ])('pnpm %j (policy %s) -> %s', (lock, policy, spec) => {
    expect(pnpmPin(lock, policy)?.spec).toBe(spec);
  });

  it.each([
    ['__metadata:\n  version: 4\n', 'yarn@2'],
    ['__metadata:\n  version: 6\n  cacheKey: 8\n', 'yarn@3'],
    ['__metadata:\n  version: 8\n  cacheKey: 10c0\n', 'yarn@4'],
  ])('yarn berry %j -> %s', (lock, spec) => {
    expect(yarnBerryPin(lock)?.spec).toBe(spec);
  });

  it('pins pnpm only without a packageManager field', () => {
    expect(detectNode(Repo.open(fixturePath('node-pnpm-nofield')))?.managerPin).toBe('pnpm@9');
    expect(detectNode(Repo.open(fixturePath('node-pnpm')))?.managerPin).toBeNull();
  });

  it("reads pnpm 10's build policy from pnpm-workspace.yaml or package.json", () => {
    const lock = { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" };
    expect(detect({}, { ...lock, 'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n' }).managerPin).toBe('pnpm@10');
    expect(detect({ pnpm: { onlyBuiltDependencies: ['sharp'] } }, lock).managerPin).toBe('pnpm@10');
    expect(detect({}, lock).managerPin).toBe('pnpm@9');
  });

  it('pins yarn berry to the lockfile major, and says yarn v1 is the builder\'s 1.22', () => {
    expect(detect({}, { 'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n' }).managerPin).toBe('yarn@4');
    expect(evidence({}, { 'yarn.lock': '# yarn lockfile v1\n' })).toContain('yarn 1.22 that ships in the Node builder');
  });
});

describe('Node: two lockfiles without a packageManager field', () => {
  it('takes the one that covers package.json and names what the other misses', () => {
    const detection = detectNode(Repo.open(fixturePath('node-two-locks')))!;
    expect(detection).toMatchObject({ packageManager: 'npm', lockfile: 'package-lock.json' });
    expect(detection.evidence.join('\n')).toMatch(/package-lock\.json: chosen among package-lock\.json, yarn\.lock: no packageManager field, and only it matches package\.json \(package-lock\.json covers every dependency; yarn\.lock misses ms\)/);
  });

  it('takes yarn.lock when only it is complete', () => {
    const files = { 'package-lock.json': '{"lockfileVersion":3,"packages":{"":{}}}', 'yarn.lock': '# yarn lockfile v1\n\nms@^2.1.3:\n  version "2.1.3"\n' };
    expect(detect({ dependencies: { ms: '^2.1.3' } }, files)).toMatchObject({ packageManager: 'yarn', lockfile: 'yarn.lock' });
  });

  it('falls back to npm when both (or neither) cover package.json, and says so', () => {
    const files = { 'package-lock.json': '{"lockfileVersion":3,"packages":{"node_modules/ms":{"version":"2.1.3"}}}', 'yarn.lock': 'ms@^2.1.3:\n  version "2.1.3"\n' };
    const detection = detect({ dependencies: { ms: '^2.1.3' } }, files);
    expect(detection.lockfile).toBe('package-lock.json');
    expect(detection.evidence.join('\n')).toMatch(/each matches package\.json .* so npm, which ships in the builder/);
  });
});

describe('Node: an npm lockfile resolved against another registry', () => {
  it('fetches every package from the configured registry instead, and says which host the lockfile names', () => {
    const lock = JSON.stringify({ lockfileVersion: 1, dependencies: { ms: { version: '2.1.3', resolved: 'https://npm.mirror.example/ms/-/ms-2.1.3.tgz' }, debug: { version: '4.3.4', resolved: 'https://registry.npmjs.org/debug/-/debug-4.3.4.tgz' } } });
    const repo = project({ scripts: { start: 'node index.js' }, dependencies: { ms: '^2.1.3' } }, { 'package-lock.json': lock, 'index.js': '' });
    const detection = detectNode(repo)!;
    expect(detection.replaceRegistryHost).toBe(true);
    expect(detection.evidence.join('\n')).toContain('resolved URLs point at npm.mirror.example');
    expect(planNode(detection, {}, repo).context.prodInstall).toBe('npm ci --omit=dev --replace-registry-host=always');
    expect(detectNode(Repo.open(fixturePath('node-express')))!.replaceRegistryHost).toBe(false);
  });
});

describe('Node: dev tools that download a binary at install', () => {
  it('skips the download through the tool\'s own switch, for dev dependencies only', () => {
    expect(detect({ devDependencies: { cypress: '^13.0.0', '@playwright/test': '^1.49.0' } }).skippedDownloads.map((skip) => `${skip.env}=${skip.value}`)).toEqual(['CYPRESS_INSTALL_BINARY=0', 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1']);
    // A production dependency needs its binary at run time: nothing is skipped.
    expect(detect({ dependencies: { puppeteer: '^23.0.0' }, devDependencies: { puppeteer: '^23.0.0' } }).skippedDownloads).toEqual([]);
  });
});

describe('Node native addons', () => {
  it('finds them among dependencies, scoped forks included', () => {
    expect(detect({ dependencies: { '@someone/sqlite3': '1.0.0', express: '^4.0.0' }, devDependencies: { 'better-sqlite3': '^11.0.0' } }).nativeAddons).toEqual(['@someone/sqlite3', 'better-sqlite3']);
    expect(detect({ dependencies: { express: '^4.0.0' } }).nativeAddons).toEqual([]);
  });

  it('warns when pnpm 10+ would block an addon\'s build script, naming the setting to add', () => {
    const lock = { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" };
    const blocked = evidence({ packageManager: 'pnpm@10.20.0', dependencies: { bcrypt: '5.1.1', sharp: '^0.33.0' } }, { ...lock, 'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - sharp\n' });
    expect(blocked).toMatch(/warning: pnpm 10\+ runs no dependency build script .* bcrypt is not in onlyBuiltDependencies.* add "bcrypt"/);
    expect(evidence({ packageManager: 'pnpm@9.15.4', dependencies: { bcrypt: '5.1.1' } }, lock)).not.toContain('onlyBuiltDependencies');
    expect(evidence({ packageManager: 'pnpm@10.20.0', pnpm: { onlyBuiltDependencies: ['bcrypt'] }, dependencies: { bcrypt: '5.1.1' } }, lock)).not.toContain('warning: pnpm 10+');
  });
});

describe('Node version: engines against the distroless majors', () => {
  it.each([
    ['>=10', '24'],
    ['>= 20.4.0', '24'],
    ['>=22.0.0', '24'],
    ['>=26', '26'],
    ['^22.11.0', '22'],
  ])('engines.node %s -> %s', (range, major) => {
    expect(detect({ engines: { node: range } }).languageVersion).toBe(major);
  });

  it('takes .node-version 26 when the range allows that whole line', () => {
    expect(detect({ engines: { node: '>=22' } }, { '.node-version': '26\n' }).languageVersion).toBe('26');
  });

  it('pins the exact release, saying why, when engines stops .nvmrc\'s major below the release distroless ships', () => {
    const detection = detect({ engines: { node: '22 || 24 <24.17.0 || 26 <26.3.1' } }, { '.nvmrc': '26\n' });
    expect(detection.languageVersion).toBe('26.3.0');
    expect(detection.evidence.join('\n')).toMatch(/\.nvmrc: Node 26; engines\.node .* stops that line at 26\.3\.0, below the newest 26\.x that distroless nodejs26 ships, so the image is the official node:26\.3\.0/);
  });

  it('pins the newest allowed minor when no line fits whole and the cap is a minor boundary', () => {
    const detection = detect({ engines: { node: '>=24 <24.17.0' } });
    expect(detection.languageVersion).toBe('24.16');
    expect(detection.evidence.join('\n')).toMatch(/stops Node 24 at 24\.16, below the newest release distroless ships/);
  });
});

describe('Node port from a config default', () => {
  it('reads `port: 9100` in a config file when no code listens on a literal, but never a database port', () => {
    expect(detect({ main: 'index.js' }, { 'index.js': 'server.listen(process.env.PORT || config.port);\n', 'config/defaults.js': 'module.exports = { port: 9100 };\n' }).port).toBe(9100);
    expect(detect({ main: 'index.js' }, { 'index.js': 'server.listen(config.port);\n', 'config.js': 'module.exports = { db: { port: 5432 } };\n' }).port).toBe(3000);
  });

  it('reads a service-specific PORT variable default', () => {
    expect(detect({ main: 'server.js' }, { 'server.js': "const port = process.env.CART_SERVER_PORT || '8080';\n" }).port).toBe(8080);
  });
});

describe('Node in a monorepo scan', () => {
  it('is a service when a root server.js listens, with no start script and no framework', () => {
    const repo = project({ name: 'cart', dependencies: { redis: '^4.0.0' } }, { 'server.js': "require('node:http').createServer(() => {}).listen(8080);\n" });
    expect(nodeStack.notAService!(detectNode(repo)!, repo)).toBeNull();
  });

  it('is a library when nothing listens', () => {
    const repo = project({ name: 'helpers' }, { 'index.js': 'module.exports = {};\n' });
    expect(nodeStack.notAService!(detectNode(repo)!, repo)).toMatch(/a library/);
  });
});

describe('Next.js: dev packages `next start` loads', () => {
  const next = { dependencies: { next: '15.5.4', react: '19.1.0' }, devDependencies: { typescript: '5.8.2' } };

  it('next.config.ts without standalone output keeps typescript for the runtime, and says why', () => {
    const detection = detect(next, { 'next.config.ts': 'export default {};\n' });
    expect(detection.runtimeDevPackages).toEqual(['typescript']);
    expect(detection.evidence.join('\n')).toMatch(/next\.config\.ts: `next start` loads it through TypeScript/);
  });

  it('standalone output, a JavaScript config, or typescript in dependencies need nothing extra', () => {
    expect(detect(next, { 'next.config.ts': "export default { output: 'standalone' };\n" }).runtimeDevPackages).toEqual([]);
    expect(detect(next, { 'next.config.mjs': 'export default {};\n' }).runtimeDevPackages).toEqual([]);
    expect(detect({ dependencies: { ...next.dependencies, typescript: '5.8.2' } }, { 'next.config.ts': 'export default {};\n' }).runtimeDevPackages).toEqual([]);
  });
});

describe('Node: folders the server creates at start', () => {
  it('an env setting that falls back to ./data, or a literal mkdir, gives a folder owned by 65532; code folders never do', () => {
    const detection = detect({ main: 'index.js' }, {
      'index.js': "const dir = process.env.DATA_DIR || args['data-dir'] || './data/';\nfs.mkdirSync('uploads', { recursive: true });\nfs.mkdirSync('./dist');\n",
      'test/setup.js': "fs.mkdirSync('./fixtures-out');\n",
    });
    expect(detection.dataDirs.map((entry) => entry.dir)).toEqual(['data', 'uploads']);
    expect(detection.evidence.join('\n')).toContain('index.js: DATA_DIR falls back to ./data; /app belongs to root and the server runs as 65532, so the image makes /app/data owned by 65532');
  });
});
