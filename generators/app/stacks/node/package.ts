import path from 'node:path';
import { UserError } from '../../core/errors.js';
import { checkFields, type FieldKind } from '../../core/fields.js';
import type { Repo } from '../../core/repo.js';

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

/** Tools that exist only in devDependencies and must never run the production process. */
const DEV_RUNNERS = ['nodemon', 'ts-node', 'ts-node-dev', 'tsx', 'pm2', 'pm2-runtime', 'babel-node', 'forever'];
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

/** The first word that is a script path in a `node …` command, skipping flags. */
function nodeScript(words: string[]): string | null {
  for (const word of words) {
    if (word.startsWith('-')) continue;
    return word.replace(/^\.\//, '');
  }
  return null;
}

interface StartInfo {
  entry: string | null;
  evidence: string[];
}

/** The compiled counterpart of a .ts source: src/main.ts -> dist/main.js. */
function compiled(source: string, outDir: string | null, rootDir: string): string | null {
  if (!outDir) return null;
  const relative = source.startsWith(`${rootDir}/`) ? source.slice(rootDir.length + 1) : source;
  return path.posix.join(outDir, relative.replace(/\.(m|c)?tsx?$/, (_, m: string | undefined) => `.${m ?? ''}js`));
}

/** Turns the start script into a script path node can run with production dependencies only. */
function translateStart(repo: Repo, pkg: PackageJson, outDir: string | null): StartInfo {
  const scripts = pkg.scripts ?? {};
  const candidates = (['start:prod', 'start'] as const).filter((name) => scripts[name]);
  for (const name of candidates) {
    const command = scripts[name].split(/&&|;|\|\|/).map((part) => part.trim()).filter((part) => !/^(\w+=\S*\s*)+$/.test(part)).pop() ?? '';
    const words = command.replace(/^(\w+=\S+\s+)+/, '').split(/\s+/).filter(Boolean);
    const tool = words[0];
    if (tool === 'node') {
      const script = nodeScript(words.slice(1));
      if (script) return { entry: script, evidence: [`package.json: scripts.${name} "${scripts[name]}" runs ${script}`] };
    }
    if (tool === 'nest' && words[1] === 'start') {
      const entry = `${outDir ?? 'dist'}/main.js`;
      return { entry, evidence: [`package.json: scripts.${name} "${scripts[name]}" needs the Nest CLI (a dev dependency); running the built ${entry} instead`] };
    }
    if (tool && DEV_RUNNERS.includes(tool)) {
      const args = words.slice(1).filter((word) => !['start', '--watch', '-w', '--no-daemon'].includes(word));
      const script = nodeScript(args.filter((_word, index) => !(args[index - 1] ?? '').match(/^--(exec|watch|ignore|name|i)$/)));
      if (script && /\.(m|c)?tsx?$/.test(script)) {
        const built = compiled(script, outDir, 'src');
        if (built) return { entry: built, evidence: [`package.json: scripts.${name} "${scripts[name]}" runs TypeScript through ${tool} (a dev tool); running the compiled ${built} instead`] };
        return { entry: null, evidence: [`package.json: scripts.${name} "${scripts[name]}" runs TypeScript through ${tool} and no tsconfig outDir says where it compiles to; pass --main`] };
      }
      if (script) return { entry: script, evidence: [`package.json: scripts.${name} "${scripts[name]}" uses ${tool}, a development tool; running ${script} with node instead`] };
    }
    if (tool === 'next') return { entry: null, evidence: [`package.json: scripts.${name} "${scripts[name]}"`] };
    if (name === 'start') return { entry: null, evidence: [`package.json: scripts.start "${scripts[name]}" is not a plain \`node <file>\`; pass --main with the script to run`] };
  }
  if (pkg.main) return { entry: pkg.main.replace(/^\.\//, ''), evidence: [`package.json: main ${pkg.main}`] };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin ? Object.values(pkg.bin)[0] : undefined;
  if (bin) return { entry: bin.replace(/^\.\//, ''), evidence: [`package.json: bin ${bin}`] };
  for (const file of ['server.js', 'index.js', 'app.js', 'main.js']) {
    if (repo.exists(file)) return { entry: file, evidence: [`${file}: no start script, main or bin; using the conventional entry file`] };
  }
  return { entry: null, evidence: ['package.json: no start script, main, bin or server.js/index.js; pass --main'] };
}

const PORT_PATTERNS: RegExp[] = [
  /process\.env\.PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})['"]?/,
  /\.listen\(\s*['"]?(\d{2,5})['"]?\s*[,)]/,
  /\bPORT\s*=\s*(\d{2,5})\b/,
];

function detectPort(repo: Repo, entry: string | null): { port: number; evidence: string } {
  const sources = repo.files().filter((file) => /\.(m|c)?[jt]sx?$/.test(file) && !/(^|\/)(dist|build|test|tests|__tests__)\//.test(file));
  const ordered = [...(entry && repo.exists(entry) ? [entry] : []), ...sources.filter((file) => file !== entry)].slice(0, 200);
  for (const file of ordered) {
    const text = repo.read(file);
    for (const pattern of PORT_PATTERNS) {
      const match = pattern.exec(text);
      if (match) return { port: Number(match[1]), evidence: `${file}: listens on port ${match[1]} (${match[0].trim()})` };
    }
  }
  return { port: 3000, evidence: 'package.json: no port found in the code; assuming 3000, the Node convention (--port to change)' };
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

function detectKind(repo: Repo, pkg: PackageJson, evidence: string[]): { kind: NodeKind; nextStandalone: boolean; buildOutput: string | null } {
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
  if (!isServer && (all.vite || all['react-scripts']) && /\b(vite|react-scripts)\s+build\b/.test(scripts.build ?? '')) {
    const output = all['react-scripts'] ? 'build' : viteOutDir(repo);
    evidence.push(`package.json: scripts.build "${scripts.build}" makes a static single-page app in ${output}/; served by a small static server, no Node app at run time`);
    return { kind: 'spa', nextStandalone: false, buildOutput: output };
  }
  return { kind: 'server', nextStandalone: false, buildOutput: scripts.build ? tsconfigOutDir(repo) : null };
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
  port: number | null;
  /** scripts.build exists: the Dockerfile has a build stage. */
  hasBuild: boolean;
  /** Where the build writes (tsconfig outDir, vite/CRA output), when known. */
  buildOutput: string | null;
  nextStandalone: boolean;
  /** Root lifecycle scripts would fail in a production install, and skipping scripts is safe. */
  ignoreScripts: boolean;
  /** Build-time variables the SPA reads (VITE_*, REACT_APP_*), secrets left out. */
  buildArgs: string[];
  /** package.json lists production dependencies (without any, npm makes no node_modules to copy). */
  hasProdDeps: boolean;
  /** A name for the image: package.json name without scope. */
  appName: string;
}

/** Reads one package (the project, or a workspace member seen through Repo.sub); `lock` is the lockfile's text. */
export function analysePackage(repo: Repo, pkg: PackageJson, lock: string, evidence: string[]): PackageFacts {
  const { kind, nextStandalone, buildOutput } = detectKind(repo, pkg, evidence);
  const hasBuild = Boolean(pkg.scripts?.build);
  if (hasBuild && kind === 'server') evidence.push(`package.json: scripts.build "${pkg.scripts!.build}" runs in the build stage${buildOutput ? ` (tsconfig outDir ${buildOutput})` : ''}`);

  let entry: string | null = null;
  if (kind === 'next') {
    entry = nextStandalone ? 'server.js' : 'node_modules/next/dist/bin/next';
  } else if (kind === 'spa') {
    entry = 'serve-static.mjs';
  } else {
    const start = translateStart(repo, pkg, buildOutput ?? tsconfigOutDir(repo));
    evidence.push(...start.evidence);
    entry = start.entry;
    if (!entry && kind === 'nest') entry = `${buildOutput ?? 'dist'}/main.js`;
    // `node dist/main` resolves dist/main.js; spell it out so the CMD names a real file.
    if (entry && buildOutput && entry.startsWith(`${buildOutput}/`) && !path.posix.extname(entry)) entry = `${entry}.js`;
  }
  const ignoreScripts = detectIgnoreScripts(pkg, lock, evidence);
  let port: number;
  if (kind === 'spa') {
    port = 8080;
    evidence.push('serve-static.mjs: the generated static server listens on 8080 (PORT to change)');
  } else {
    const found = detectPort(repo, entry && !entry.startsWith(`${buildOutput}/`) ? entry : null);
    port = found.port;
    evidence.push(found.evidence);
  }
  const buildArgs = detectBuildArgs(repo, kind, evidence);
  const framework = kind === 'nest' ? 'nestjs' : kind === 'next' ? 'next' : kind === 'spa' ? (deps(pkg)['react-scripts'] ? 'create-react-app' : 'vite') : SERVER_FRAMEWORKS.find((name) => pkg.dependencies?.[name]) ?? null;
  return {
    kind,
    framework,
    entrypoint: entry,
    port,
    hasBuild,
    buildOutput,
    nextStandalone,
    ignoreScripts,
    buildArgs,
    hasProdDeps: Object.keys(pkg.dependencies ?? {}).length > 0,
    appName: imageNameOf(pkg, repo),
  };
}

/** A name for the image: the package name without its scope, else the folder's name. */
export function imageNameOf(pkg: PackageJson, repo: Repo): string {
  return (pkg.name ?? path.basename(repo.root)).replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9._-]/g, '-') || 'app';
}
