import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stageBases } from '../../../generators/app/core/stages.js';
import { runCli } from '../../support/cli.js';
import { copyFixture, repoRoot } from '../../support/fixtures.js';

/** Debian's 20.10 client: the newer one first on PATH has no buildx, so BuildKit builds fail with it. */
export const DOCKER = process.env.DOCKER ?? '/usr/bin/docker';
const ENGINE_SCRIPT = path.join(repoRoot, 'test', 'e2e', 'engine.sh');
const ENSURE_SCRIPT = path.join(repoRoot, 'test', 'e2e', 'standins', 'ensure.sh');

export const e2eRequired = process.env.E2E === 'required';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { cwd?: string; timeoutMs?: number; input?: string; env?: Record<string, string> } = {}): Run {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...options.env, DOCKER_BUILDKIT: '1' },
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

export function docker(args: string[], options?: { cwd?: string; timeoutMs?: number }): Run {
  return run(DOCKER, args, options);
}

/** Throws with the command's output, so a failing build shows why in the test report. */
export function dockerOk(args: string[], options?: { cwd?: string; timeoutMs?: number }): string {
  const result = docker(args, options);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`.slice(-8000));
  return result.stdout;
}

/**
 * Whether an engine answers. With E2E=required (CI) the engine script installs and starts one, and
 * failure to get it is an error; otherwise a machine without Docker just skips the suite.
 */
export function engineAvailable(): boolean {
  if (docker(['info'], { timeoutMs: 20_000 }).code === 0) return true;
  if (!e2eRequired) return false;
  const started = run('bash', [ENGINE_SCRIPT], { timeoutMs: 300_000 });
  if (started.code !== 0) throw new Error(`E2E=required but no Docker engine could be started:\n${started.stderr}`);
  return docker(['info'], { timeoutMs: 20_000 }).code === 0;
}

/** Base images a Dockerfile names (ARG defaults expanded), minus its own stages and scratch. */
export function baseImages(dockerfileText: string): string[] {
  const images = stageBases(dockerfileText).filter((base) => !base.fromStage && base.from !== 'scratch');
  return [...new Set(images.map((base) => base.from))];
}

/** Builds (or reuses, by recipe hash) local stand-ins tagged with exactly these names. */
/**
 * Makes the stand-ins; returns the image it has no recipe for (an unknown tag, a patch release Debian
 * does not package), which a build would have to pull, or null. Any other failure throws.
 */
export function makeStandins(images: string[], timeoutMs = 1_200_000): string | null {
  const result = run('bash', [ENSURE_SCRIPT, ...images], { timeoutMs });
  const unknown = /unknown tag: (\S+)/.exec(result.stderr) ?? /error: ([^\s:]+:[^\s:]+): /.exec(result.stderr);
  if (unknown) return unknown[1];
  if (result.code !== 0) throw new Error(`stand-in images ${images.join(' ')} could not be made:\n${result.stderr.slice(-6000)}`);
  return null;
}

export function ensureStandins(images: string[]): void {
  const missing = makeStandins(images);
  if (missing) throw new Error(`no stand-in recipe for ${missing} (test/e2e/standins/ensure.sh)`);
}

export interface BuildResult {
  seconds: number;
  log: string;
}

export function build(context: string, tag: string, extra: string[] = []): BuildResult {
  const start = Date.now();
  // Host network: builder stand-ins reach the package mirrors the tests serve on 127.0.0.1.
  const result = docker(['build', '--progress=plain', '--network', 'host', '-t', tag, ...extra, context], { timeoutMs: 900_000 });
  const log = `${result.stdout}\n${result.stderr}`;
  if (result.code !== 0) throw new Error(`docker build of ${context} failed:\n${log.slice(-8000)}`);
  return { seconds: (Date.now() - start) / 1000, log };
}

/** Ids of BuildKit steps whose description matches, e.g. the `go mod download` step. */
export function stepIds(log: string, description: RegExp): string[] {
  return [...log.matchAll(/^#(\d+) \[([^\]]+)\] (.*)$/gm)].filter((m) => description.test(m[3])).map((m) => m[1]);
}

export function stepWasCached(log: string, id: string): boolean {
  return new RegExp(`^#${id} CACHED$`, 'm').test(log);
}

/** Files in the image's filesystem, read from `docker export` (works for images without a shell). */
export function imageFiles(tag: string): string[] {
  const id = dockerOk(['create', tag]).trim();
  try {
    const listing = run('bash', ['-c', `${DOCKER} export ${id} | tar -t`]);
    return listing.stdout.split('\n').filter(Boolean).map((entry) => entry.replace(/\/$/, ''));
  } finally {
    docker(['rm', '-f', id]);
  }
}

export function imageSizeMb(tag: string): number {
  return Number(dockerOk(['image', 'inspect', '-f', '{{.Size}}', tag]).trim()) / 1e6;
}

export async function httpGet(url: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      return await response.text();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** `describe` when an engine answers; otherwise `describe.skip`, saying so loudly (E2E=required fails instead). */
export function e2eDescribe(): jest.Describe {
  if (engineAvailable()) return describe;
  console.warn('e2e SKIPPED: no Docker engine answers (install docker.io and start dockerd, or set E2E=required to make this a failure).');
  return describe.skip;
}

export interface GeneratedProject {
  dir: string;
  dockerfile: string;
  /** The flags the generator ran with, for a later run on the same copy (e.g. with --build). */
  args: string[];
}

/**
 * A private copy of a fixture with the generator's --yes output in it, and local stand-ins for every
 * image its Dockerfile names: what every e2e case and benchmark starts from.
 */
export function generateWithStandins(fixture: string, flags: Record<string, string | boolean> = {}): GeneratedProject {
  const dir = copyFixture(fixture);
  const args = ['--path', dir, '--yes', ...Object.entries(flags).map(([key, value]) => `--${key}=${value}`)];
  const generated = runCli(args);
  if (generated.code !== 0) throw new Error(`generator failed on ${fixture}: ${generated.stderr}`);
  const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  ensureStandins(baseImages(dockerfile));
  return { dir, dockerfile, args };
}

/** The uid of every process in a running container (docker top needs a PID column; uid is the second). */
export function processUids(containerId: string): string[] {
  return dockerOk(['top', containerId, '-eo', 'pid,uid']).trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/)[1]);
}

/** Where a shell would sit in an image's filesystem (as `docker export` lists it). */
export const SHELLS = ['bin/sh', 'bin/bash', 'bin/dash', 'bin/ash', 'busybox', 'usr/bin/sh', 'usr/bin/bash'];

export function shellsIn(files: Iterable<string>): string[] {
  return [...files].filter((file) => SHELLS.includes(file));
}
