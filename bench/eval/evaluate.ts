/**
 * One corpus entry, start to end: --detect judged against the truth, a --yes run on a scratch copy,
 * and (with --build) every Dockerfile it wrote built, run and probed.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { runCli } from '../../test/support/cli.js';
import { buildAndProbe, type BuildRecord, type BuildTarget } from './build.js';
import { compareEntrypoint, compareLanguageVersion, comparePackageManager, comparePort, compareRuntime, compareStack, type Verdict } from './compare.js';
import { isMulti, treeOf, type CorpusEntry } from './corpus.js';
import { classifyRun, type Outcome } from './outcome.js';
import { snapshotGaps } from './snapshot.js';

export const FIELDS = ['stack', 'languageVersion', 'packageManager', 'entrypoint', 'port', 'runtime'] as const;
export type Field = (typeof FIELDS)[number];

export interface EntryResult {
  repo: string;
  subdir: string | null;
  stack: string;
  /** The tree is not in DIR: reported and counted apart. */
  missingTree: boolean;
  fields: Record<Field, Verdict>;
  outcome: Outcome | null;
  /** The flags the --yes run got. */
  args: string[];
  /** Hand-written Dockerfiles renamed before a monorepo's scan. */
  setAside?: number;
  /** Services a scan generated (monorepo entries), or 1. */
  generatedFiles: number;
  builds: BuildRecord[];
  seconds: number;
}

interface DetectJson {
  stack?: string | null;
  languageVersion?: string | null;
  packageManager?: string | null;
  framework?: string | null;
  entrypoint?: string | null;
  port?: number | null;
  runtimeImage?: string | null;
  services?: unknown[];
}

function parseJson(text: string): DetectJson | null {
  const start = text.indexOf('{');
  if (start === -1) return null;
  try {
    return JSON.parse(text.slice(start)) as DetectJson;
  } catch {
    return null;
  }
}

const naAll = (): Record<Field, Verdict> => Object.fromEntries(FIELDS.map((f) => [f, { status: 'n/a', got: null, want: null }])) as Record<Field, Verdict>;

/** Judges what --detect says against the truth; a monorepo or an empty repository is judged by a scan. */
export function judgeDetection(entry: CorpusEntry, detected: DetectJson | null, scanServices: number | undefined): Record<Field, Verdict> {
  const fields = naAll();
  const stack = detected?.services ? null : (detected?.stack ?? null);
  fields.stack = compareStack({ detected: stack, services: scanServices }, entry.stack);
  if (isMulti(entry) || !detected) return fields;
  // A site served by a static server: its entrypoint is the server's config (Caddyfile), or an SPA build tool is the framework.
  const staticServer = /serve-static|Caddyfile|nginx/i.test(detected.entrypoint ?? '');
  const staticSite = staticServer || ['vite', 'create-react-app', 'cra', 'react-scripts', 'spa'].includes(String(detected.framework ?? '').toLowerCase());
  fields.languageVersion = compareLanguageVersion(detected.languageVersion ?? null, entry.truth.language_version);
  fields.packageManager = comparePackageManager(detected.packageManager ?? null, entry.truth.package_manager);
  fields.entrypoint = compareEntrypoint(detected.entrypoint ?? null, entry.truth.entrypoint, { staticSite });
  fields.port = comparePort(detected.port ?? null, entry.truth.port);
  fields.runtime = compareRuntime(detected.runtimeImage ?? null, entry.expected_runtime, { staticServer });
  return fields;
}

/** Files the generator writes: a repository that has one already gets --force, as its owner would pass. */
const WRITTEN = ['Dockerfile', '.dockerignore', 'compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export interface EvaluateOptions {
  treesDir: string;
  /** The bare git directories the trees came from: files they list that a tree lacks are snapshot gaps. */
  mirrorsDir?: string;
  build: boolean;
  /** Called with a short status while a long step runs. */
  progress?: (line: string) => void;
}

export async function evaluateEntry(entry: CorpusEntry, options: EvaluateOptions): Promise<EntryResult> {
  const started = Date.now();
  const { repoRoot, appDir } = treeOf(entry, options.treesDir);
  const result: EntryResult = { repo: entry.repo, subdir: entry.subdir ?? null, stack: entry.stack, missingTree: false, fields: naAll(), outcome: null, args: [], generatedFiles: 0, builds: [], seconds: 0 };
  if (!existsSync(appDir)) return { ...result, missingTree: true };

  const detect = runCli(['--detect', '--path', appDir]);
  const detected = parseJson(detect.stdout);
  const needsScan = isMulti(entry) || !detected?.stack;
  const scan = needsScan && !detected?.services ? parseJson(runCli(['--scan', '--detect', '--path', appDir]).stdout) : detected;
  result.fields = judgeDetection(entry, detected, needsScan ? (scan?.services?.length ?? 0) : undefined);
  const detectOutcome = classifyRun(detect.code, detect.stdout, detect.stderr, true);

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'ms-eval-'));
  try {
    const copyRoot = path.join(scratch, 'repo');
    cpSync(repoRoot, copyRoot, { recursive: true, verbatimSymlinks: true });
    const target = entry.subdir ? path.join(copyRoot, entry.subdir) : copyRoot;
    // A scan leaves hand-written Dockerfiles alone under --yes, so a monorepo whose services all have one
    // would generate nothing: set theirs aside, as in a repository that has none yet.
    if (entry.stack === 'monorepo') result.setAside = setAsideDockerfiles(target);
    const args = ['--path', target, '--yes'];
    if (isMulti(entry)) args.push('--scan');
    // Their services' own .dockerignore files stay beside the set-aside Dockerfiles: replacing them needs --force too.
    if (result.setAside || WRITTEN.some((file) => existsSync(path.join(target, file)))) args.push('--force');
    result.args = args.slice(2);
    const yes = runCli(args);
    result.outcome = classifyRun(yes.code, yes.stdout, yes.stderr, entry.stack === 'none');
    // A crash in --detect is a crash even when --yes survived it.
    if (detectOutcome.kind === 'crash' && result.outcome.kind !== 'crash') result.outcome = { ...detectOutcome, message: `--detect: ${detectOutcome.message}` };
    if (result.outcome.kind !== 'generated') return result;

    const targets = isMulti(entry) ? composeTargets(target) : [{ name: path.basename(target), dockerfile: path.join(target, 'Dockerfile'), context: target, port: detected?.port ?? null }];
    result.generatedFiles = targets.length;
    if (!options.build) return result;
    const gaps = snapshotGaps(options.mirrorsDir, entry, repoRoot);
    for (const buildTarget of targets) buildTarget.snapshotGaps = gaps;
    for (const [index, buildTarget] of targets.entries()) {
      options.progress?.(`building ${buildTarget.name} (${index + 1}/${targets.length})`);
      const tag = `multistage-eval/${entry.repo.replace(/[^\w.-]+/g, '-').toLowerCase()}-${buildTarget.name.replace(/[^\w.-]+/g, '-').toLowerCase()}:eval`;
      try {
        result.builds.push(await buildAndProbe(buildTarget, tag));
      } catch (error) {
        // The harness's own trouble (a stand-in that cannot be made): recorded on the row, the run goes on.
        result.builds.push({ name: buildTarget.name, built: false, offline: null, error: `evaluation could not build: ${(error as Error).message.slice(0, 300)}`, buildSeconds: 0, sizeMb: null, uid: null, shell: null, ran: null, probe: null });
      }
    }
    return result;
  } finally {
    result.seconds = (Date.now() - started) / 1000;
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The services a scan wrote a Dockerfile for, with the context and port the root compose file states. */
export function composeTargets(root: string): BuildTarget[] {
  const file = WRITTEN.slice(2).map((name) => path.join(root, name)).find((candidate) => existsSync(candidate));
  if (!file) return [];
  const compose = YAML.parse(readFileSync(file, 'utf8')) as { services?: Record<string, { build?: string | { context?: string; dockerfile?: string }; ports?: unknown[] }> };
  const targets: BuildTarget[] = [];
  for (const [name, service] of Object.entries(compose.services ?? {})) {
    if (!service?.build) continue;
    const build = typeof service.build === 'string' ? { context: service.build } : service.build;
    const context = path.resolve(root, build.context ?? '.');
    const dockerfile = path.resolve(context, build.dockerfile ?? 'Dockerfile');
    if (!existsSync(dockerfile) || !readFileSync(dockerfile, 'utf8').startsWith('# Generated by generator-multistage')) continue;
    const port = (service.ports ?? []).map((p) => /(\d+)(?:\/tcp)?$/.exec(String(typeof p === 'object' && p !== null ? (p as { target?: unknown }).target : p))?.[1]).find(Boolean);
    targets.push({ name, dockerfile, context, port: port ? Number(port) : null });
  }
  return targets;
}

/** Renames every `Dockerfile` below root to `Dockerfile.theirs` (dependency folders aside); returns how many. */
function setAsideDockerfiles(root: string): number {
  let count = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const parent = entry.parentPath;
    if (entry.name !== 'Dockerfile' || !entry.isFile() || /(^|\/)(node_modules|\.git|vendor)(\/|$)/.test(parent)) continue;
    renameSync(path.join(parent, entry.name), path.join(parent, 'Dockerfile.theirs'));
    count++;
  }
  return count;
}
