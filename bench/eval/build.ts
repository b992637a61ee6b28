/**
 * Builds a generated Dockerfile with the project's stand-in images and package mirrors, runs the image
 * and probes it: what the e2e suite does for our fixtures, here for a real repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { baseImages, docker, imageFiles, imageSizeMb, makeStandins, processUids, shellsIn } from '../../test/e2e/support/docker.js';
import { classifyBuildLog } from './build-log.js';
import { gapInLog } from './snapshot.js';

export interface BuildTarget {
  /** The service name (a scan's), or the entry's. */
  name: string;
  dockerfile: string;
  context: string;
  port: number | null;
  /** Files of the repository the corpus snapshot could not give (see snapshot.ts). */
  snapshotGaps?: string[];
}

export type RanAs = 'http' | 'alive' | 'cli' | 'needs-service' | 'needs-config' | 'failed';

export interface BuildRecord {
  name: string;
  built: boolean;
  /** What this machine could not reach, when that is why the build failed. */
  offline: string | null;
  error: string | null;
  buildSeconds: number;
  sizeMb: number | null;
  uid: string | null;
  shell: boolean | null;
  ran: RanAs | null;
  /** What the probe saw: "HTTP 200 on 8080", "still running after 10 s", "exit 0: usage…". */
  probe: string | null;
}

const BUILD_TIMEOUT_MS = Number(process.env.EVAL_BUILD_TIMEOUT_S ?? 1200) * 1000;

/** Stand-ins for every image the file names; an image with no recipe is reported, for the build log rules. */
function ensureBaseImages(dockerfileText: string): string | null {
  const images = baseImages(dockerfileText);
  if (images.length === 0) return null;
  const missing = makeStandins(images, 1_800_000);
  return missing ? `no stand-in for image ${missing}` : null;
}

export async function buildAndProbe(target: BuildTarget, tag: string): Promise<BuildRecord> {
  const record: BuildRecord = { name: target.name, built: false, offline: null, error: null, buildSeconds: 0, sizeMb: null, uid: null, shell: null, ran: null, probe: null };
  if (!existsSync(target.dockerfile)) return { ...record, error: `no Dockerfile at ${target.dockerfile}` };
  const missingImage = ensureBaseImages(readFileSync(target.dockerfile, 'utf8'));
  if (missingImage) return { ...record, offline: classifyBuildLog(missingImage).offline };

  const start = Date.now();
  // Host network: the builder stand-ins reach the PyPI and Maven mirrors served on 127.0.0.1.
  const built = docker(['build', '--progress=plain', '--network', 'host', '-f', target.dockerfile, '-t', tag, target.context], { timeoutMs: BUILD_TIMEOUT_MS });
  record.buildSeconds = (Date.now() - start) / 1000;
  if (built.code !== 0) {
    const log = `${built.stdout}\n${built.stderr}`;
    const failure = classifyBuildLog(log);
    const gap = failure.offline ? undefined : gapInLog(target.snapshotGaps ?? [], log);
    if (gap) return { ...record, offline: `the corpus snapshot lacks ${gap}` };
    const timedOut = built.code === null ? `build did not finish within ${BUILD_TIMEOUT_MS / 1000} s; ` : '';
    return { ...record, offline: failure.offline, error: failure.offline ? null : `${timedOut}${failure.reason}` };
  }
  record.built = true;
  record.sizeMb = Math.round(imageSizeMb(tag) * 10) / 10;
  record.shell = shellsIn(imageFiles(tag)).length > 0;
  Object.assign(record, await probe(tag, target.port));
  docker(['rmi', '-f', tag]);
  return record;
}

/** Messages of a runtime that started but could not reach a database or broker it needs. */
const NEEDS_SERVICE = /ECONNREFUSED [\w.:]*:(5432|3306|6379|27017|5672|9092)|Communications link failure|could not connect to server|Connection refused[^\n]*(5432|3306|6379|27017|5672)|Unable to (?:obtain|acquire) (?:JDBC )?Connection|Access denied for user|Can't connect to (?:MySQL|local MySQL)|SQLSTATE\[HY000\]|connection to server at|PrismaClientInitializationError|DATABASE_URL|redis\.exceptions\.ConnectionError|amqp|No connection could be made/i;
/** Messages of an app that started and stopped because the environment lacks its configuration or credentials. */
const NEEDS_CONFIG = /environment variable[s]? (?:\S+ )?(?:is|are) (?:not set|missing|required|invalid)|Environment configuration is invalid|must be set|Missing (?:required )?(?:environment|env|configuration)|Could not load the default credentials|Unable to detect a Project Id|must be specified in the configuration/i;
/** Messages of an image that could not start the app at all. */
const BROKEN = /exec format error|no such file or directory|Traceback \(most recent call last\)|Cannot find module|ModuleNotFoundError|ClassNotFoundException|NoClassDefFoundError|Error: Could not find or load main class|ERR_MODULE_NOT_FOUND|UnsupportedClassVersionError|error while loading shared libraries|GLIBC_[\d.]+' not found/;

async function probe(tag: string, port: number | null): Promise<Pick<BuildRecord, 'uid' | 'ran' | 'probe'>> {
  const publish = port ? ['-p', `127.0.0.1::${port}`] : [];
  const started = docker(['run', '-d', ...publish, tag]);
  const id = started.stdout.trim();
  if (started.code !== 0 || !id) return { uid: null, ran: 'failed', probe: started.stderr.trim().slice(0, 300) };
  try {
    const uid = inspectUser(tag);
    let answer: string | null = null;
    if (port) answer = await httpAnswer(id, port, 30_000);
    else await sleep(10_000);
    const state = docker(['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', id]).stdout.trim().split(' ');
    const running = state[0] === 'true';
    const uids = running ? processUids(id) : [];
    const logs = docker(['logs', '--tail', '40', id]);
    const output = `${logs.stdout}\n${logs.stderr}`;
    const lastLine = output.split('\n').map((l) => l.trim()).filter(Boolean).slice(-2).join(' | ').slice(0, 240);
    const runUid = uids.length > 0 ? [...new Set(uids)].join(',') : uid;
    if (answer) return { uid: runUid, ran: 'http', probe: `${answer} on ${port}` };
    if (NEEDS_SERVICE.test(output) && !BROKEN.test(output)) return { uid: runUid, ran: 'needs-service', probe: `stopped waiting for a service: ${lastLine}` };
    if (NEEDS_CONFIG.test(output) && !BROKEN.test(output)) return { uid: runUid, ran: 'needs-config', probe: `stopped asking for configuration: ${lastLine}` };
    if (running) return { uid: runUid, ran: 'alive', probe: `still running after ${port ? 30 : 10} s${port ? `, no HTTP answer on ${port}` : ''}` };
    const code = Number(state[1]);
    if (!port && !BROKEN.test(output) && output.trim()) return { uid: runUid, ran: 'cli', probe: `exit ${code}: ${lastLine}` };
    return { uid: runUid, ran: 'failed', probe: `exit ${code}: ${lastLine}` };
  } finally {
    docker(['rm', '-f', id]);
  }
}

function inspectUser(tag: string): string | null {
  return docker(['image', 'inspect', '-f', '{{.Config.User}}', tag]).stdout.trim() || null;
}

async function httpAnswer(id: string, port: number, timeoutMs: number): Promise<string | null> {
  const mapped = docker(['port', id, `${port}/tcp`]).stdout.trim().split('\n')[0];
  const hostPort = /:(\d+)$/.exec(mapped)?.[1];
  if (!hostPort) return null;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${hostPort}/`, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
      return `HTTP ${response.status}`;
    } catch {
      if (docker(['inspect', '-f', '{{.State.Running}}', id]).stdout.trim() !== 'true') return null;
      await sleep(500);
    }
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
