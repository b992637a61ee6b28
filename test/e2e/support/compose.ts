import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../support/cli.js';
import { baseImages, build, dockerOk, ensureStandins, run } from './docker.js';

/** Debian 12's docker-compose 1.29: its legacy builder rejects RUN --mount, so images are built first and `up` runs with --no-build. */
export const COMPOSE = process.env.DOCKER_COMPOSE ?? '/usr/bin/docker-compose';

export function compose(dir: string, project: string, args: string[], timeoutMs = 300_000): string {
  const result = run(COMPOSE, ['-p', project, ...args], { cwd: dir, timeoutMs });
  if (result.code !== 0) throw new Error(`docker-compose ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`.slice(-8000));
  return result.stdout;
}

/** Polls until the URL answers 200 with the text in its body (the app waits for the database first). */
export async function waitForText(url: string, text: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      last = `${response.status} ${await response.text()}`;
      if (response.ok && last.includes(text)) return last.slice(4);
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer with "${text}" within ${timeoutMs} ms; last: ${last.slice(0, 500)}`);
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, '127.0.0.1');
  });
}

export function envValue(dir: string, key: string): string {
  const line = readFileSync(path.join(dir, '.env'), 'utf8').split('\n').find((l) => l.startsWith(`${key}=`));
  if (!line) throw new Error(`.env has no ${key}`);
  return line.slice(key.length + 1);
}

/** Containers, volumes and networks still labelled with a compose project (all empty after `down -v`). */
export function composeLeftovers(project: string): { containers: string; volumes: string; networks: string } {
  const label = `label=com.docker.compose.project=${project}`;
  return {
    containers: dockerOk(['ps', '-aq', '--filter', label]).trim(),
    volumes: dockerOk(['volume', 'ls', '-q', '--filter', label]).trim(),
    networks: dockerOk(['network', 'ls', '-q', '--filter', label]).trim(),
  };
}

/** A compose service as a scan writes it (build as a folder, or context + dockerfile + target). */
export interface ScannedService {
  image: string;
  build?: string | { context: string; dockerfile: string; target?: string };
  ports?: string[];
}

/** Runs `--scan --yes` on a folder and returns the services of the compose.yaml it wrote. */
export function scanAndReadCompose(dir: string): Record<string, ScannedService> {
  const generated = runCli(['--scan', '--path', dir, '--yes']);
  if (generated.code !== 0) throw new Error(`generator --scan failed in ${dir}: ${generated.stderr}`);
  return (parse(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as { services: Record<string, ScannedService> }).services;
}

/** Builds one compose service exactly as compose.yaml states it (context, Dockerfile, target), with stand-ins for its base images. */
export function buildScannedService(dir: string, service: ScannedService, tag: string): void {
  const { context, dockerfile, target } = typeof service.build === 'string' ? { context: service.build, dockerfile: 'Dockerfile', target: undefined } : service.build!;
  const dockerfilePath = path.join(dir, context, dockerfile);
  ensureStandins(baseImages(readFileSync(dockerfilePath, 'utf8')));
  build(path.join(dir, context), tag, ['-f', dockerfilePath, ...(target ? ['--target', target] : [])]);
}
