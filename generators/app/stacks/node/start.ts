import path from 'node:path';
import { statedEntry } from './existing.js';
import type { Repo } from '../../core/repo.js';
import type { PackageJson } from './package.js';

/** Tools that exist only in devDependencies and must never run the production process. */
const DEV_RUNNERS = ['nodemon', 'ts-node', 'ts-node-dev', 'tsx', 'pm2', 'pm2-runtime', 'babel-node', 'forever'];

/**
 * Servers that a package ships as a bin: the runtime has no npm and no shell (so no node_modules/.bin
 * wrapper either), so node runs the bin's own file. Paths from each package's `bin` field.
 */
const PACKAGE_SERVERS: Record<string, { pkg: string; file: string }> = {
  'remix-serve': { pkg: '@remix-run/serve', file: 'dist/cli.js' },
  'react-router-serve': { pkg: '@react-router/serve', file: 'bin.cjs' },
};

/** Flags that take the next word as their value: node's, and the dev runners' (nodemon's --watch does, node's does not). */
const NODE_VALUE_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file']);
const RUNNER_VALUE_FLAGS = new Set([...NODE_VALUE_FLAGS, '--exec', '--watch', '-w', '--ignore', '-i', '--name', '--project', '-P', '--ext', '-e', '--config', '--delay', '--signal']);

/** Scripts that often run the real entry when `main` is wrong, after start:prod and start. */
const OTHER_SCRIPTS = ['serve', 'server', 'start:server', 'prod', 'production', 'dev', 'start:dev', 'develop'];

export interface StartInfo {
  entry: string | null;
  /** Arguments after the script (`node index.js start` -> ["start"]). */
  args: string[];
  evidence: string[];
}

/** The last command of a script, without env assignments or cross-env: the one that stays running. */
function commandWords(script: string): string[] {
  const command = script.split(/&&|;|\|\|/).map((part) => part.trim()).filter((part) => !/^(\w+=\S*\s*)+$/.test(part)).pop() ?? '';
  const words = command.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  let index = 0;
  while (index < words.length && (/^\w+=/.test(words[index]) || words[index] === 'cross-env' || words[index] === 'env')) index += 1;
  return words.slice(index);
}

/** Splits `[flags] FILE [args]`, skipping flags (and the values of those that take one). */
function scriptAndArgs(words: string[], valueFlags: Set<string>): { script: string | null; args: string[] } {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (word.startsWith('-')) {
      if (valueFlags.has(word)) index += 1;
      continue;
    }
    return { script: word.replace(/^\.\//, ''), args: words.slice(index + 1) };
  }
  return { script: null, args: [] };
}

/** `node index` runs index.js: name the file the way the CMD will find it. */
function resolveFile(repo: Repo, file: string): string {
  if (repo.exists(file) || path.posix.extname(file)) return file;
  for (const candidate of [`${file}.js`, `${file}.cjs`, `${file}.mjs`, `${file}/index.js`]) if (repo.exists(candidate)) return candidate;
  return file;
}

/** The compiled counterpart of a .ts source: src/main.ts -> dist/main.js. */
function compiled(source: string, outDir: string | null, rootDir: string): string | null {
  if (!outDir) return null;
  const relative = source.startsWith(`${rootDir}/`) ? source.slice(rootDir.length + 1) : source;
  return path.posix.join(outDir, relative.replace(/\.(m|c)?tsx?$/, (_, m: string | undefined) => `.${m ?? ''}js`));
}

/** Development-only flags a dev script passes to the app; the production CMD leaves them out. */
const productionArgs = (args: string[]) => args.filter((arg) => !/^--?(dev|watch|inspect|debug)/.test(arg));

/** The script another script runs through the package manager (`npm run x`, `yarn x`, `pnpm start`). */
function delegated(words: string[], scripts: Record<string, string>): string | null {
  const [tool, first, second] = words;
  if (!['npm', 'yarn', 'pnpm'].includes(tool ?? '')) return null;
  const name = first === 'run' || first === 'run-script' ? second : first === 'start' ? 'start' : tool !== 'npm' ? first : undefined;
  return name && scripts[name] !== undefined ? name : null;
}

/** What one script runs, as a file node can start; null when it runs something else. */
function fromScript(repo: Repo, pkg: PackageJson, outDir: string | null, name: string, seen: string[] = []): StartInfo | null {
  const scripts = pkg.scripts ?? {};
  const text = scripts[name];
  const where = [...seen, name].map((step) => `scripts.${step}`).join(' -> ');
  const shown = `package.json: ${where} "${text}"`;
  const words = commandWords(text);
  const next = delegated(words, scripts);
  if (next && !seen.includes(next) && seen.length < 3) return fromScript(repo, pkg, outDir, next, [...seen, name]);
  const tool = words[0];
  if (tool === 'node') {
    const { script, args } = scriptAndArgs(words.slice(1), NODE_VALUE_FLAGS);
    if (!script) return null;
    const entry = resolveFile(repo, script);
    return { entry, args: productionArgs(args), evidence: [`${shown} runs ${entry}${args.length ? ` with ${args.join(' ')}` : ''}`] };
  }
  if (tool === 'nest' && words[1] === 'start') {
    const entry = `${outDir ?? 'dist'}/main.js`;
    return { entry, args: [], evidence: [`${shown} needs the Nest CLI (a dev dependency); running the built ${entry} instead`] };
  }
  if (tool && DEV_RUNNERS.includes(tool)) {
    const rest = words.slice(1);
    while (rest[0] === 'start') rest.shift();
    const { script, args } = scriptAndArgs(rest, RUNNER_VALUE_FLAGS);
    if (script && /\.(m|c)?tsx?$/.test(script)) {
      const built = compiled(script, outDir, 'src');
      if (built) return { entry: built, args: productionArgs(args), evidence: [`${shown} runs TypeScript through ${tool} (a dev tool); running the compiled ${built} instead`] };
      return { entry: null, args: [], evidence: [`${shown} runs TypeScript through ${tool} and no tsconfig outDir says where it compiles to; pass --main`] };
    }
    if (script) {
      const entry = resolveFile(repo, script);
      return { entry, args: productionArgs(args), evidence: [`${shown} uses ${tool}, a development tool; running ${entry} with node instead`] };
    }
  }
  const server = tool ? PACKAGE_SERVERS[tool] : undefined;
  if (server) {
    const entry = `node_modules/${server.pkg}/${server.file}`;
    const prod = pkg.dependencies?.[server.pkg] !== undefined;
    return {
      entry,
      args: words.slice(1).map((word) => word.replace(/^\.\//, '')),
      evidence: [`${shown} runs ${tool}, the bin of ${server.pkg}; node runs its file ${entry} (the runtime has no npm or shell)${prod ? '' : `; warning: ${server.pkg} is not in dependencies, so the production install leaves it out: move it there`}`],
    };
  }
  return null;
}

/** A declared entry (main, bin) is usable when the file is there or the build makes it. */
function usable(repo: Repo, file: string, outDir: string | null, hasBuild: boolean): boolean {
  return repo.exists(resolveFile(repo, file)) || (hasBuild && outDir !== null && file.startsWith(`${outDir}/`));
}

/**
 * The file node runs in production, and which script or field showed it: start:prod, start, then
 * main and bin when their file exists, then a dev/serve script that runs a file that exists, then
 * server.js/index.js/app.js/main.js.
 */
export function translateStart(repo: Repo, pkg: PackageJson, outDir: string | null): StartInfo {
  const scripts = pkg.scripts ?? {};
  const hasBuild = Boolean(scripts.build);
  for (const name of ['start:prod', 'start'].filter((script) => scripts[script])) {
    const found = fromScript(repo, pkg, outDir, name);
    if (found) return found;
    if (commandWords(scripts[name])[0] === 'next') return { entry: null, args: [], evidence: [`package.json: scripts.${name} "${scripts[name]}"`] };
    if (name === 'start') return { entry: null, args: [], evidence: [`package.json: scripts.start "${scripts[name]}" is not a plain \`node <file>\`; pass --main with the script to run`] };
  }
  const skipped: string[] = [];
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin ? Object.values(pkg.bin)[0] : undefined;
  for (const [field, value] of [['main', pkg.main], ['bin', bin]] as const) {
    if (!value) continue;
    const file = value.replace(/^\.\//, '');
    if (usable(repo, file, outDir, hasBuild)) return { entry: resolveFile(repo, file), args: [], evidence: [`package.json: ${field} ${value}`, ...skipped] };
    skipped.push(`package.json: ${field} ${value} does not exist (and no build makes it); looking further`);
  }
  // No start script: the project's own Dockerfile (or Procfile, fly.toml) says which file node runs.
  const stated = statedEntry(repo);
  if (stated) return { entry: stated.file, args: productionArgs(stated.args), evidence: [...skipped, stated.evidence] };
  for (const name of OTHER_SCRIPTS.filter((script) => scripts[script])) {
    const found = fromScript(repo, pkg, outDir, name);
    if (found?.entry && usable(repo, found.entry, outDir, hasBuild)) {
      return { ...found, evidence: [...skipped, `${found.evidence[0]}; no start script, so this script shows the entry`] };
    }
  }
  for (const file of ['server.js', 'index.js', 'app.js', 'main.js']) {
    if (repo.exists(file)) return { entry: file, args: [], evidence: [...skipped, `${file}: no start script${skipped.length ? '' : ', main or bin'}; using the conventional entry file`] };
  }
  return { entry: null, args: [], evidence: [...skipped, 'package.json: no start script, main, bin or server.js/index.js; pass --main'] };
}
