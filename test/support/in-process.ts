import path from 'node:path';
import { runCli, type GeneratorSource } from '../../bin/run.js';
import MultistageGenerator from '../../generators/app/index.js';
import type { CliResult } from './cli.js';
import { repoRoot } from './fixtures.js';

const multistage = { generator: MultistageGenerator, resolved: path.join(repoRoot, 'generators', 'app', 'index.ts') };

/**
 * The command line's own code path (bin/run.ts: flag check, error messages, exit codes) run in this
 * process, for suites that run it hundreds of times: a new node per run would cost a second each.
 * Everything written to stdout and stderr during the run is captured instead of printed. `source`
 * replaces the generator (a test's own, to see how the command line reports what it throws).
 */
export async function runCliInProcess(args: string[], source: GeneratorSource = multistage): Promise<CliResult> {
  const captured = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await runCli(args, source);
    // Node's own notices (jest's VM modules are experimental) are not the command line's output.
    const stderr = captured.stderr.replace(/^\(node:\d+\) \w*Warning: .*\n(\(Use `node --trace-warnings .*\n)?/gm, '');
    return { code, stdout: captured.stdout, stderr };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}
