import { spawnSync } from 'node:child_process';
import { binPath } from './fixtures.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin (npm test builds it first) exactly as `npx generator-multistage` would. */
export function runCli(args: string[], cwd?: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
