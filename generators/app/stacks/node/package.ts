import semver from 'semver';
import path from 'node:path';
import { UserError } from '../../core/errors.js';
import { checkFields, type FieldKind } from '../../core/fields.js';
import type { Repo } from '../../core/repo.js';
import { statedNodePort } from './existing.js';
import { translateStart } from './start.js';

export type NodeKind = 'server' | 'nest' | 'next' | 'spa';

export interface PackageJson {
  name?: string;
  main?: string;
  bin?: string | Record<string, string>;
  type?: string;
  packageManager?: string;
  scripts?: Record<string, string>;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export const SERVER_FRAMEWORKS = ['express', 'fastify', 'koa', '@hapi/hapi', 'hono', 'restify', 'polka', 'socket.io'];
const SECRETISH = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** The fields this stack reads, with the types npm gives them (workspaces has its own check: pnpm ignores it). */
const PACKAGE_FIELDS: Record<string, FieldKind | FieldKind[]> = {
  name: 'string',
  main: 'string',
  bin: ['string', 'string map'],
  type: 'string',
  packageManager: 'string',
  scripts: 'string map',
  engines: 'object',
  'engines.node': 'string',
  dependencies: 'string map',
  devDependencies: 'string map',
};

/** Reads a package.json; `file` is its path from the repository root, so errors name the right one. */
export function parsePackageJson(repo: Repo, file = 'package.json'): PackageJson {
  const text = repo.read(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message}). Fix: correct the file (npm cannot read it either).`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(`${file}: expected a JSON object at the top level. Fix: correct the file.`);
  }
  checkFields(file, parsed as Record<string, unknown>, PACKAGE_FIELDS, 'Fix: correct the file (npm expects that type too).');
  return parsed as PackageJson;
}
export type SpaTool = 'vite' | 'create-react-app' | 'webpack' | 'rollup' | 'parcel' | 'esbuild';

/** Bundler scripts are read from `build` first, then the production variants, then any other build* script. */
function buildScripts(pkg: PackageJson): string[] {
  const names = Object.keys(pkg.scripts ?? {}).filter((name) => /^build(\W|$)/.test(name));
  const rank = (name: string) => ['build', 'build:prod', 'build:production'].indexOf(name);
  return names.sort((a, b) => (rank(a) < 0 ? 99 : rank(a)) - (rank(b) < 0 ? 99 : rank(b)));
}

/**
 * A static single-page build: vite, or Create React App, also when run through react-app-rewired or
 * craco (which wrap react-scripts to change its webpack config), from `build`; or a React app bundled
 * by webpack, rollup, parcel or esbuild, whose build script is often `build:prod` rather than `build`.
 * Returns the tool and the script that runs it, or null.
 */
export function spaBuild(pkg: PackageJson): { tool: SpaTool; script: string } | null {
  const all = deps(pkg);
  const build = pkg.scripts?.build ?? '';
  if (all.vite && /\bvite\s+build\b/.test(build)) return { tool: 'vite', script: 'build' };
  if ((all['react-scripts'] || all['react-app-rewired'] || all['@craco/craco']) && /\b(react-scripts|react-app-rewired|craco)\s+build\b/.test(build)) return { tool: 'create-react-app', script: 'build' };
  if (!all.react) return null;
  for (const script of buildScripts(pkg)) {
    const tool = (['webpack', 'rollup', 'parcel', 'esbuild'] as const).find((name) => all[name] && new RegExp(`\\b${name}\\b`).test(pkg.scripts![script]));
    if (tool) return { tool, script };
  }
  return null;
}

export function spaBuildTool(pkg: PackageJson): SpaTool | null {
  return spaBuild(pkg)?.tool ?? null;
}

export function deps(pkg: PackageJson): Record<string, string> {
  return { ...pkg.devDependencies, ...pkg.dependencies };
}

/** Strips comments well enough to read outDir from a tsconfig (JSON with comments). */
function tsconfigOutDir(repo: Repo): string | null {
  const text = repo.readIfExists('tsconfig.build.json') ?? repo.readIfExists('tsconfig.json');
  const match = text ? /"outDir"\s*:\s*"([^"]+)"/.exec(text) : null;
  return match ? path.posix.normalize(match[1]).replace(/\/$/, '') : null;
}

export function viteOutDir(repo: Repo): string {
  const config = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'].map((file) => repo.readIfExists(file)).find(Boolean);
  const match = config ? /outDir\s*:\s*['"]([^'"]+)['"]/.exec(config) : null;
  return match ? path.posix.normalize(match[1]).replace(/\/$/, '') : 'dist';
}

/** `--config webpack.config.prod.js` (or -c) in the script, else the default config file. */
function webpackConfig(repo: Repo, script: string): string | null {
  const named = /(?:--config|-c)[=\s]+['"]?([^\s'"]+)/.exec(script)?.[1];
  if (named) return repo.exists(named) ? named : null;
  return ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.ts'].find((file) => repo.exists(file)) ?? null;
}

/**
 * Where a bundler writes: webpack's output.path (a `path.join(__dirname, 'public')`-style literal), the
 * --outdir/--dist-dir/-d flag of the other bundlers, else dist. A bundle written under a folder holding a
 * committed index.html (public/dist/ with public/index.html) is served from that folder, so it is the output.
 */
function bundlerOutDir(repo: Repo, tool: SpaTool, script: string): { dir: string; from: string } {
  let dir = 'dist';
  let from = 'the default';
  if (tool === 'webpack') {
    const config = webpackConfig(repo, script);
    const literal = config ? /output\s*:\s*\{[^}]*?\bpath\s*:\s*(?:path\.(?:join|resolve)\(\s*__dirname\s*,\s*['"]([^'"]+)['"]\s*\)|__dirname\s*\+\s*['"]\/([^'"]+)['"])/.exec(repo.read(config)) : null;
    if (literal) {
      dir = path.posix.normalize(literal[1] ?? literal[2]).replace(/^\.\/|\/$/g, '') || 'dist';
      from = `${config} output.path`;
    }
  } else {
    const flag = /(?:--outdir|--out-dir|--dist-dir|--dir|-d)[=\s]+['"]?([^\s'"]+)/.exec(script)?.[1];
    if (flag) {
      dir = path.posix.normalize(flag).replace(/^\.\/|\/$/g, '');
      from = `the ${tool} flag`;
    }
  }
  for (let up = path.posix.dirname(dir); up !== '.' && !up.startsWith('..'); up = path.posix.dirname(up)) {
    if (repo.exists(`${up}/index.html`)) return { dir: up, from: `${from} ${dir}/, under ${up}/index.html` };
  }
  return { dir, from };
}

const PORT_PATTERNS: RegExp[] = [
  /process\.env\.[A-Z0-9_]*PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})['"]?/,
  /\.listen\(\s*['"]?(\d{2,5})['"]?\s*[,)]/,
  /\bPORT\s*=\s*(\d{2,5})\b/,
];

/**
 * A `port: 9000` default in a config object: weaker than the code that listens, so read only when
 * no file shows one; database and broker ports are some other service's.
 */
const CONFIG_PORT = /\bport\s*:\s*(\d{4,5})\b/;
const OTHER_SERVICES_PORTS = new Set(['5432', '3306', '6379', '27017', '5672', '15672', '11211', '9200', '9092', '2181', '1433', '1521']);

function detectPort(repo: Repo, entry: string | null): { port: number; evidence: string } {
  const sources = repo.files().filter((file) => /\.(m|c)?[jt]sx?$/.test(file) && !/(^|\/)(dist|build|test|tests|__tests__|client|public)\//.test(file));
  const ordered = [...(entry && repo.exists(entry) ? [entry] : []), ...sources.filter((file) => file !== entry)].slice(0, 200);
  for (const file of ordered) {
    const text = repo.read(file);
    for (const pattern of PORT_PATTERNS) {
      const match = pattern.exec(text);
      if (match) return { port: Number(match[1]), evidence: `${file}: listens on port ${match[1]} (${match[0].trim()})` };
    }
  }
  for (const file of ordered.filter((name) => /(^|\/)(config|defaults?|settings)[^/]*\.[cm]?[jt]s$|(^|\/)(config|defaults)\//.test(name))) {
    const match = CONFIG_PORT.exec(repo.read(file));
    if (match && !OTHER_SERVICES_PORTS.has(match[1])) return { port: Number(match[1]), evidence: `${file}: a config default ${match[0].trim()}; no code listens on a literal port (--port to change)` };
  }
  // No port in the code: the one the existing Dockerfile or deployment manifest uses, before the convention.
  return statedNodePort(repo) ?? { port: 3000, evidence: 'package.json: no port found in the code; assuming 3000, the Node convention (--port to change)' };
}

function detectBuildArgs(repo: Repo, kind: NodeKind, evidence: string[]): string[] {
  if (kind !== 'spa') return [];
  const names = new Set<string>();
  for (const file of repo.files().filter((f) => /\.(m|c)?[jt]sx?$|\.vue$|\.svelte$|\.html$/.test(f) && !/(^|\/)(dist|build)\//.test(f)).slice(0, 300)) {
    for (const match of repo.read(file).matchAll(/\b((?:VITE|REACT_APP)_[A-Z0-9_]+)\b/g)) names.add(match[1]);
  }
  const sorted = [...names].sort();
  const secrets = sorted.filter((name) => SECRETISH.test(name));
  const args = sorted.filter((name) => !SECRETISH.test(name));
  if (args.length) evidence.push(`src: reads ${args.join(', ')} at build time; passed as build args (they end up in the public bundle, so never secrets)`);
  if (secrets.length) evidence.push(`src: ${secrets.join(', ')} look like secrets, which a browser bundle would publish; not passed as build args`);
  return args;
}

function detectKind(repo: Repo, pkg: PackageJson, evidence: string[]): { kind: NodeKind; nextStandalone: boolean; buildOutput: string | null; buildScript?: string } {
  const all = deps(pkg);
  const scripts = pkg.scripts ?? {};
  if (all.next) {
    const config = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'].find((file) => repo.exists(file));
    const standalone = Boolean(config && /output\s*:\s*['"]standalone['"]/.test(repo.read(config)));
    evidence.push(
      standalone
        ? `${config}: output 'standalone': the runtime gets only the traced server and its files`
        : `${config ?? 'next.config.js'}: no output: 'standalone'; the image carries all production node_modules. Add output: 'standalone' to next.config for a much smaller image`,
    );
    return { kind: 'next', nextStandalone: standalone, buildOutput: '.next' };
  }
  if (all['@nestjs/core']) {
    evidence.push(`package.json: depends on @nestjs/core${scripts.build?.includes('nest build') ? ', builds with `nest build`' : ''}`);
    return { kind: 'nest', nextStandalone: false, buildOutput: tsconfigOutDir(repo) ?? 'dist' };
  }
  const isServer = SERVER_FRAMEWORKS.some((name) => pkg.dependencies?.[name]);
  const spa = spaBuild(pkg);
  if (!isServer && spa) {
    const bundled = spa.tool === 'vite' || spa.tool === 'create-react-app' ? null : bundlerOutDir(repo, spa.tool, scripts[spa.script]);
    const output = spa.tool === 'create-react-app' ? 'build' : bundled?.dir ?? viteOutDir(repo);
    evidence.push(`package.json: scripts.${spa.script} "${scripts[spa.script]}" makes a static single-page app in ${output}/${bundled ? ` (${bundled.from})` : ''}; served by Caddy, no Node at run time`);
    return { kind: 'spa', nextStandalone: false, buildOutput: output, buildScript: spa.script };
  }
  return { kind: 'server', nextStandalone: false, buildOutput: scripts.build ? tsconfigOutDir(repo) : null };
}

/** The lowest major a dependency range allows (`^4.0.3` -> 4), or null for tags, URLs and workspace links. */
function lowestMajor(range: string | undefined): number | null {
  if (!range || !semver.validRange(range)) return null;
  return semver.minVersion(range)?.major ?? null;
}

/**
 * webpack 4 and older (react-scripts before 5 bundles one) hash with md4, which Node 17+ (OpenSSL 3)
 * refuses with ERR_OSSL_EVP_UNSUPPORTED unless the legacy provider is on, for the build only.
 */
function needsLegacyOpenssl(pkg: PackageJson, evidence: string[]): boolean {
  if (!pkg.scripts?.build) return false;
  const all = deps(pkg);
  const reactScripts = lowestMajor(all['react-scripts']);
  const webpack = lowestMajor(all.webpack);
  const why = reactScripts !== null && reactScripts < 5 ? `react-scripts ${all['react-scripts']} (webpack 4 or older)` : webpack !== null && webpack < 5 ? `webpack ${all.webpack}` : null;
  if (why) evidence.push(`package.json: ${why} hashes with md4, which Node 17+ refuses (ERR_OSSL_EVP_UNSUPPORTED); the build stage sets NODE_OPTIONS=--openssl-legacy-provider`);
  return why !== null;
}

/** Root lifecycle hooks that run on every install and need dev tools (husky) or a .git folder. */
export function detectIgnoreScripts(pkg: PackageJson, lock: string, evidence: string[]): boolean {
  const scripts = pkg.scripts ?? {};
  const hooks = ['preinstall', 'install', 'postinstall', 'prepare'].filter((name) => scripts[name]);
  const devOnly = hooks.filter((name) => /\b(husky|is-ci|lefthook|simple-git-hooks|patch-package)\b/.test(scripts[name]) && !/patch-package/.test(scripts[name]));
  if (devOnly.length === 0) return false;
  const nativeDeps = /"hasInstallScript":\s*true|requiresBuild:\s*true/.test(lock);
  const what = devOnly.map((name) => `scripts.${name} "${scripts[name]}"`).join(', ');
  if (nativeDeps) {
    evidence.push(`package.json: ${what} needs a dev tool, but some dependency has install scripts, so the install keeps scripts; expect a warning or set HUSKY=0`);
    return false;
  }
  evidence.push(`package.json: ${what} needs a dev tool and a .git folder; no dependency has install scripts, so installs use --ignore-scripts`);
  return true;
}

/** What one package is, apart from the install: kind, build, start script, port, build-time variables. */
/** What one package is and needs; a Node detection is these facts plus the install and version. */
export interface PackageFacts {
  kind: NodeKind;
  framework: string | null;
  entrypoint: string | null;
  /** Arguments the start command passes after the script (`node index.js start`). */
  entryArgs: string[];
  port: number | null;
  /** scripts.build exists (or the SPA's build:prod-style script): the Dockerfile has a build stage. */
  hasBuild: boolean;
  /** The script that stage runs: `build`, or the SPA bundler's build* script. */
  buildScript: string | null;
  /** Where the build writes (tsconfig outDir, vite/CRA output), when known. */
  buildOutput: string | null;
  nextStandalone: boolean;
  /** Root lifecycle scripts would fail in a production install, and skipping scripts is safe. */
  ignoreScripts: boolean;
  /** Build-time variables the SPA reads (VITE_*, REACT_APP_*), secrets left out. */
  buildArgs: string[];
  /** The build runs webpack 4 or older (md4 hashes), which OpenSSL 3 in Node 17+ refuses without the legacy provider. */
  legacyOpenssl: boolean;
  /** package.json lists production dependencies (without any, npm makes no node_modules to copy). */
  hasProdDeps: boolean;
  /** A name for the image: package.json name without scope. */
  appName: string;
  /** Dev dependencies the server loads at start, copied from the install stage next to the production ones. */
  runtimeDevPackages: string[];
}

/**
 * `next start` without standalone output loads next.config.ts through TypeScript, and when the
 * package is missing it runs the package manager to add it, which the runtime has not: it stops.
 */
function nextRuntimeDevPackages(repo: Repo, pkg: PackageJson, kind: NodeKind, nextStandalone: boolean, evidence: string[]): string[] {
  if (kind !== 'next' || nextStandalone || pkg.dependencies?.typescript || !pkg.devDependencies?.typescript) return [];
  const config = ['next.config.ts', 'next.config.mts'].find((file) => repo.exists(file));
  if (!config) return [];
  evidence.push(`${config}: \`next start\` loads it through TypeScript (a devDependency), and installs typescript when it is missing, which needs a package manager the runtime lacks; the runtime gets node_modules/typescript from the install stage`);
  return ['typescript'];
}

/**
 * Build scripts a project keeps for container images: they leave out what `build` adds for a
 * developer's machine (an env check, a live database check, migrations), so they win over `build`.
 */
const IMAGE_BUILD_SCRIPTS = ['build:docker', 'build-docker', 'docker:build', 'docker-build'];

/** Reads one package (the project, or a workspace member seen through Repo.sub); `lock` is the lockfile's text. */
export function analysePackage(repo: Repo, pkg: PackageJson, lock: string, evidence: string[]): PackageFacts {
  const { kind, nextStandalone, buildOutput, buildScript: spaScript } = detectKind(repo, pkg, evidence);
  const imageBuild = spaScript ? undefined : IMAGE_BUILD_SCRIPTS.find((name) => pkg.scripts?.[name]);
  if (imageBuild) evidence.push(`package.json: scripts.${imageBuild} "${pkg.scripts![imageBuild]}" is the project's own build for images; the build stage runs it${pkg.scripts?.build ? ' instead of scripts.build' : ''}`);
  const buildScript = spaScript ?? imageBuild ?? (pkg.scripts?.build ? 'build' : null);
  const hasBuild = buildScript !== null;
  if (hasBuild && !imageBuild && kind === 'server') evidence.push(`package.json: scripts.build "${pkg.scripts!.build}" runs in the build stage${buildOutput ? ` (tsconfig outDir ${buildOutput})` : ''}`);

  let entry: string | null = null;
  let entryArgs: string[] = [];
  if (kind === 'next') {
    entry = nextStandalone ? 'server.js' : 'node_modules/next/dist/bin/next';
  } else if (kind === 'spa') {
    // No program of its own: the runtime is Caddy, configured by the generated Caddyfile.
    entry = 'Caddyfile';
  } else {
    const start = translateStart(repo, pkg, buildOutput ?? tsconfigOutDir(repo));
    evidence.push(...start.evidence);
    entry = start.entry;
    entryArgs = start.args;
    if (!entry && kind === 'nest') entry = `${buildOutput ?? 'dist'}/main.js`;
    // `node dist/main` resolves dist/main.js; spell it out so the CMD names a real file.
    if (entry && buildOutput && entry.startsWith(`${buildOutput}/`) && !path.posix.extname(entry)) entry = `${entry}.js`;
  }
  const ignoreScripts = detectIgnoreScripts(pkg, lock, evidence);
  let port: number;
  if (kind === 'spa') {
    port = 8080;
    evidence.push('Caddyfile: the generated Caddy config listens on 8080 (--port, or PORT at run time, to change)');
  } else {
    const found = detectPort(repo, entry && !entry.startsWith(`${buildOutput}/`) ? entry : null);
    port = found.port;
    evidence.push(found.evidence);
  }
  const buildArgs = detectBuildArgs(repo, kind, evidence);
  const legacyOpenssl = needsLegacyOpenssl(pkg, evidence);
  const framework = kind === 'nest' ? 'nestjs' : kind === 'next' ? 'next' : kind === 'spa' ? spaBuildTool(pkg) : SERVER_FRAMEWORKS.find((name) => pkg.dependencies?.[name]) ?? null;
  return {
    kind,
    framework,
    entrypoint: entry,
    entryArgs,
    port,
    hasBuild,
    buildScript,
    buildOutput,
    nextStandalone,
    ignoreScripts,
    buildArgs,
    legacyOpenssl,
    hasProdDeps: Object.keys(pkg.dependencies ?? {}).length > 0,
    appName: imageNameOf(pkg, repo),
    runtimeDevPackages: nextRuntimeDevPackages(repo, pkg, kind, nextStandalone, evidence),
  };
}

/** A name for the image: the package name without its scope, else the folder's name. */
export function imageNameOf(pkg: PackageJson, repo: Repo): string {
  return (pkg.name ?? path.basename(repo.root)).replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9._-]/g, '-') || 'app';
}
