#!/usr/bin/env node
/**
 * Runs the generator through yeoman-environment, without `yo`: so `npx generator-multistage` works,
 * and so it runs as root in CI (yo refuses to). Exit codes: 0 ok, 1 failure, 2 bad usage,
 * 3 no supported stack, 4 files would be overwritten (--yes without --force).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';
import { isUserError } from '../generators/app/core/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const generatorPath = path.join(here, '..', 'generators', 'app', `index${path.extname(fileURLToPath(import.meta.url))}`);

async function main(argv: string[]): Promise<number> {
  // skipInstall: the generator writes no package.json, so there is never an install to run or announce.
  const env = createEnv({ skipInstall: true });
  env.register(generatorPath, { namespace: 'multistage:app', packagePath: path.join(here, '..', '..') });
  try {
    // yeoman prints the generator's options when run() is asked for help explicitly.
    const help = argv.includes('--help') || argv.includes('-h');
    await env.run(['multistage:app', ...argv], help ? { help: true } : {});
    return 0;
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`generator-multistage: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof Error && error.name === 'ExitPromptError') {
      process.stderr.write('generator-multistage: a question was cancelled (no terminal to ask on?); nothing was written. Fix: answer it, or pass --yes (and the flags --help lists).\n');
      return 130;
    }
    process.stderr.write(`generator-multistage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
