import type { Repo } from '../../core/repo.js';
import type { PackageJson } from './package.js';

/**
 * System programs the server runs through child_process. Distroless Node has node and nothing else, so
 * one of these (or any `exec`, which goes through /bin/sh) means the runtime must be a Debian image.
 */
export interface SystemPrograms {
  /** Program names, sorted (`ping`, `ffmpeg`, `sh` for an exec). */
  programs: string[];
  /** Debian packages the runtime installs for them, sorted. */
  aptPackages: string[];
  /** Programs this generator knows no package for: left to the user, named in a warning. */
  unknown: string[];
}

/** Programs with the Debian 13 package that ships them (checked with apt-cache in trixie); null: the slim image has it already. */
const DEBIAN_PACKAGES: Record<string, string | null> = {
  ping: 'iputils-ping', ping6: 'iputils-ping', ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg', git: 'git', curl: 'curl',
  sqlite3: 'sqlite3', openssl: 'openssl', ssh: 'openssh-client', rsync: 'rsync', zip: 'zip', unzip: 'unzip',
  convert: 'imagemagick', magick: 'imagemagick', identify: 'imagemagick', traceroute: 'traceroute',
  apprise: 'apprise', sipsak: 'sipsak',
  sh: null, bash: null, cat: null, ls: null, cp: null, mv: null, rm: null, mkdir: null, tar: null, gzip: null,
  grep: null, sed: null, find: null, echo: null, cd: null, kill: null, date: null, env: null,
};

/** npm packages that shell out to a system program (their READMEs say so); matched by the last part of the name, so a fork counts. */
const WRAPPERS: Record<string, string[]> = {
  ping: ['ping'],
  'fluent-ffmpeg': ['ffmpeg', 'ffprobe'],
};

/** node itself, its package managers: the runtime's own node, never a system program. */
const NODE_ITSELF = new Set(['node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm', 'corepack']);

const MODULES = String.raw`['"](?:node:)?child_process['"]|['"]promisify-child-process['"]`;
const CALLS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync'];
/** Folders of tests, dev scripts and examples: what they run is not the server's business. */
const NOT_SERVER = /(^|\/)(test|tests|__tests__|spec|e2e|cypress|scripts|tools|extra|examples?|docs)\//;
const SOURCE = /\.(?:[cm]?js|[cm]?ts)$/;

/** exec and execSync take a shell command line; the others a program and its arguments. */
const isExec = (fn: string): boolean => fn === 'exec' || fn === 'execSync';

/** Local names bound to a child_process function: `spawn`, `{ exec: run }`, `cp.execFile`. */
function callNames(source: string): { direct: Map<string, string>; namespaces: string[] } {
  const direct = new Map<string, string>();
  const namespaces: string[] = [];
  const destructured = new RegExp(String.raw`(?:(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*(?:${MODULES})\s*\)|import\s*\{([^}]*)\}\s*from\s*(?:${MODULES}))`, 'g');
  for (const match of source.matchAll(destructured)) {
    for (const part of (match[1] ?? match[2]).split(',')) {
      const [name, local] = part.trim().split(/\s*(?::|\bas\b)\s*/);
      if (CALLS.includes(name)) direct.set(local || name, name);
    }
  }
  const whole = new RegExp(String.raw`(?:(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*(?:${MODULES})\s*\)|import\s+(?:\*\s+as\s+)?(\w+)\s+from\s*(?:${MODULES}))`, 'g');
  for (const match of source.matchAll(whole)) namespaces.push(match[1] ?? match[2]);
  return { direct, namespaces };
}

/**
 * git commands that read the project's own history (a version string from `git rev-parse HEAD`): the
 * image has no .git (.dockerignore), so they fail with git installed or not, and the app must cope already.
 */
const OWN_HISTORY = /^(rev-parse|describe|log|show|status|branch|symbolic-ref)$/;

/** The program a call's first argument names, when it is a string literal (an exec: the command's first word). */
function programOf(call: string, literal: string): string | null {
  const command = isExec(call) ? literal.trim().split(/\s+/)[0] : literal;
  const name = command.split('/').pop() ?? '';
  return /^[A-Za-z0-9][\w.+-]*$/.test(name) && !NODE_ITSELF.has(name) ? name : null;
}

/** Programs one file runs, each with the call that shows it. */
export function programsInSource(source: string): Array<{ program: string; why: string }> {
  if (!new RegExp(MODULES).test(source)) return [];
  const { direct, namespaces } = callNames(source);
  const callee = [...direct.keys(), ...namespaces.flatMap((ns) => CALLS.map((fn) => `${ns}\\.${fn}`)), ...CALLS.map((fn) => String.raw`require\(\s*(?:${MODULES})\s*\)\.${fn}`)];
  if (!callee.length) return [];
  // The first argument as a plain or template string, up to its first interpolation.
  const pattern = new RegExp(String.raw`(?<![\w.$])(${callee.join('|')})\s*\(\s*(['"\`])([^'"\`$]*)`, 'g');
  const found: Array<{ program: string; why: string }> = [];
  for (const match of source.matchAll(pattern)) {
    const fn = (direct.get(match[1]) ?? match[1].split(/[.)]/).pop()!).trim();
    const program = programOf(fn, match[3]);
    if (!program) continue;
    // The git subcommand: an exec's second word, else the first string of the argument list.
    const rest = source.slice(match.index! + match[0].length, match.index! + match[0].length + 80);
    const subcommand = isExec(fn) ? match[3].trim().split(/\s+/)[1] : /^['"`]?\s*,\s*\[\s*['"`]([\w-]+)/.exec(rest)?.[1];
    if (program === 'git' && subcommand && OWN_HISTORY.test(subcommand)) continue;
    const shown = `${fn}(${match[2]}${match[3].trim().slice(0, 40)}${match[2]}${fn.startsWith('execFile') || fn.startsWith('spawn') ? ', …' : ''})`;
    found.push({ program, why: `${shown} runs the system ${program} program` });
    // exec runs its command through /bin/sh, which distroless lacks too.
    if (isExec(fn)) found.push({ program: 'sh', why: `${shown} runs its command through /bin/sh` });
  }
  return found;
}

/** Every program the server code or a wrapping dependency runs, with an evidence line per finding. */
/** The server's own JavaScript and TypeScript: no tests, dev scripts, examples, type declarations or bundles. */
export function serverSources(repo: Repo): Array<{ file: string; text: string }> {
  return repo
    .files()
    .filter((file) => SOURCE.test(file) && !file.endsWith('.d.ts') && !NOT_SERVER.test(file) && !/\.(test|spec|config)\.[cm]?[jt]s$/.test(file))
    .map((file) => ({ file, text: repo.read(file) }))
    .filter(({ text }) => text.length <= 200_000); // longer: a bundle, not the server's own code
}

export function systemProgramsOf(repo: Repo, pkg: PackageJson, evidence: string[]): SystemPrograms {
  const seen = new Map<string, string>();
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) {
    for (const program of WRAPPERS[dep.split('/').pop()!] ?? []) {
      if (!seen.has(program)) {
        seen.set(program, `package.json: ${dep} runs the system ${program} program`);
      }
    }
  }
  for (const { file, text } of serverSources(repo)) {
    for (const { program, why } of programsInSource(text)) {
      if (!seen.has(program)) seen.set(program, `${file}: ${why}`);
    }
  }
  const programs = [...seen.keys()].sort();
  const aptPackages = [...new Set(programs.map((program) => DEBIAN_PACKAGES[program]).filter((pkgName): pkgName is string => Boolean(pkgName)))].sort();
  const unknown = programs.filter((program) => !(program in DEBIAN_PACKAGES));
  for (const program of programs) evidence.push(seen.get(program)!);
  if (programs.length) {
    evidence.push(`${programs.join(', ')}: distroless has no ${programs.length > 1 ? 'such programs' : 'such program'} (nor a shell), so the runtime is the Debian Node image${aptPackages.length ? ` with ${aptPackages.join(', ')} from apt` : ''}`);
  }
  if (unknown.length) {
    evidence.push(`${unknown.join(', ')}: warning: no Debian package known for ${unknown.length > 1 ? 'these' : 'it'}; add the package that ships ${unknown.length > 1 ? 'them' : 'it'} to the runtime stage's apt-get install if the app needs ${unknown.length > 1 ? 'them' : 'it'}`);
  }
  return { programs, aptPackages, unknown };
}
