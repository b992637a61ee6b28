#!/usr/bin/env node
/**
 * Runs the generator through yeoman-environment, without `yo`: so `npx generator-multistage` works,
 * and so it runs as root in CI (yo refuses to). Exit codes are runCli's (bin/run.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBug, runCli } from './run.js';

const argv = process.argv.slice(2);

// The last line of defence: an error thrown outside the run (a stray callback, a rejected promise
// nobody awaited) still gets the bug report paragraph, never a bare stack trace.
const crash = (error: unknown) => {
  process.stderr.write(`${describeBug(error, argv)}\n`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const here = path.dirname(fileURLToPath(import.meta.url));
const generatorPath = path.join(here, '..', 'generators', 'app', `index${path.extname(fileURLToPath(import.meta.url))}`);

process.exitCode = await runCli(argv, generatorPath, path.join(here, '..', '..'));
