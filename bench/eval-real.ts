/**
 * `npm run eval:real -- --corpus FILE --trees DIR [--build] [--mirrors DIR] [--only TEXT] [--json OUT]`
 * Scores the generator on real repositories nobody here wrote: --detect against each entry's truth, a
 * --yes run on a scratch copy, and with --build every Dockerfile built with the stand-in images and the
 * loopback package mirrors, run and probed. Not part of `npm test`: the trees are not in the repository.
 * docs/real-world.md explains the rules and how to read the scorecard.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { engineAvailable } from '../test/e2e/support/docker.js';
import { serveMavenRepository, servePackageIndex, type LocalServer } from '../test/e2e/support/package-index.js';
import { readCorpus } from './eval/corpus.js';
import { evaluateEntry, type EntryResult } from './eval/evaluate.js';
import { formatRow, formatSummary, summarize } from './eval/report.js';

const usage = 'usage: npm run eval:real -- --corpus FILE --trees DIR [--build] [--mirrors DIR] [--only TEXT] [--json OUT]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { corpus: { type: 'string' }, trees: { type: 'string' }, build: { type: 'boolean' }, mirrors: { type: 'string' }, only: { type: 'string' }, json: { type: 'string' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (!values.corpus || !values.trees) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const corpus = readCorpus(values.corpus).filter((entry) => !values.only || `${entry.repo}/${entry.subdir ?? ''} ${entry.stack}`.includes(values.only));
  const servers: LocalServer[] = [];
  if (values.build) {
    if (!engineAvailable()) {
      process.stderr.write('--build needs a Docker engine: run `bash test/e2e/engine.sh` first.\n');
      return 1;
    }
    servers.push(await servePackageIndex(), await serveMavenRepository());
  }
  const results: EntryResult[] = [];
  try {
    for (const [index, entry] of corpus.entries()) {
      const label = `[${index + 1}/${corpus.length}] ${entry.repo}${entry.subdir ? `/${entry.subdir}` : ''}`;
      process.stderr.write(`${label} ...\n`);
      const result = await evaluateEntry(entry, { treesDir: values.trees, mirrorsDir: values.mirrors, build: Boolean(values.build), progress: (line) => process.stderr.write(`${label}: ${line}\n`) });
      results.push(result);
      process.stdout.write(`${formatRow(result)}\n`);
    }
  } finally {
    for (const server of servers) server.stop();
  }
  const summary = summarize(results);
  process.stdout.write(`\n${formatSummary(summary)}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ when: new Date().toISOString(), build: Boolean(values.build), summary, results }, null, 2)}\n`);
  return 0;
}

process.exitCode = await main();
