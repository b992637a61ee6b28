import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, fixturesDir, snapshotTree } from '../support/fixtures.js';
import { runCliInProcess } from '../support/in-process.js';
import type { CliResult } from '../support/cli.js';

/**
 * Never crash: every manifest, lockfile and version file of every fixture, cut off at random points
 * (a half-written file, an interrupted download), must give our own message and a documented exit
 * code, never a stack trace, and a failed run must write nothing. The cuts come from a seeded
 * generator: the seed is in the suite's name, and TRUNCATE_SEED=N replays or varies them.
 */
const seed = Number(process.env.TRUNCATE_SEED ?? 20251126);

/** Files a detector or planner parses: each stack's manifests, lockfiles, version pins, and compose files. */
const MANIFEST = new RegExp(
  '^(' +
    [
      'go\\.mod', 'go\\.work', 'go\\.sum',
      'package\\.json', 'package-lock\\.json', 'npm-shrinkwrap\\.json', 'pnpm-lock\\.yaml', 'pnpm-workspace\\.yaml', 'yarn\\.lock', '\\.yarnrc\\.yml',
      'pyproject\\.toml', 'poetry\\.lock', 'uv\\.lock', 'Pipfile', 'Pipfile\\.lock', 'requirements.*\\.txt', 'setup\\.cfg', 'setup\\.py', 'runtime\\.txt',
      'pom\\.xml', 'build\\.gradle(\\.kts)?', 'settings\\.gradle(\\.kts)?', 'gradle\\.properties', 'libs\\.versions\\.toml', '(maven|gradle)-wrapper\\.properties',
      '\\.python-version', '\\.nvmrc', '\\.node-version', '\\.tool-versions', '\\.java-version', '\\.sdkmanrc',
      '(docker-)?compose(\\.[\\w-]+)?\\.ya?ml', '\\.yo-rc\\.json', 'tsconfig.*\\.json', 'nest-cli\\.json', 'angular\\.json',
    ].join('|') +
    ')$',
);

/** Every manifest below a fixture, relative to it (node_modules and .git are never read by detection). */
function manifestsIn(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return ['node_modules', '.git'].includes(entry.name) ? [] : manifestsIn(dir, rel);
    return entry.isFile() && MANIFEST.test(entry.name) ? [rel] : [];
  });
}

/** mulberry32: small, fast and the same on every machine, so a seed replays the same cuts. */
function random(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Three cuts per file: at any byte (also inside a multi-byte character), at the end of a line (a file
 * written line by line), and right after a key's separator (`build:`, `version =`, `"name": `), where
 * a value a parser expects is missing.
 */
function cutsFor(bytes: Buffer, next: () => number): number[] {
  const after = (pattern: RegExp) => [...bytes.toString('latin1').matchAll(pattern)].map((match) => match.index! + match[0].length);
  const pick = (candidates: number[]) => (candidates.length ? candidates[Math.floor(next() * candidates.length)] : Math.floor(next() * bytes.length));
  const cuts = [Math.floor(next() * bytes.length), pick(after(/\n/g)), pick(after(/[:=[{,]/g))];
  return [...new Set(cuts)].sort((a, b) => a - b);
}

const next = random(seed);
const targets = readdirSync(fixturesDir)
  .sort()
  .flatMap((fixture) =>
    manifestsIn(path.join(fixturesDir, fixture)).map((file) => ({ fixture, file, cuts: cutsFor(readFileSync(path.join(fixturesDir, fixture, file)), next) })),
  );

const TRACE = [
  /^\s+at \S/m, // a stack frame
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|AggregateError)\b/,
  /^(\w*Error|Error)(\s\[\w+\])?: /m, // an error printed by node or yeoman, not by us
  /internal error \(/, // our own last line of defence: reached only by a bug
];

function expectCleanRun(result: CliResult, what: string) {
  const output = `${result.stdout}\n${result.stderr}`;
  for (const pattern of TRACE) {
    if (pattern.test(output)) throw new Error(`${what}: crashed (${pattern}):\n${result.stderr || result.stdout}`);
  }
  if (![0, 1, 2, 3, 4].includes(result.code ?? -1)) throw new Error(`${what}: exit code ${result.code} is not one of the documented 0-4:\n${result.stderr}`);
  if (result.code !== 0 && !/generator-multistage: \S/.test(result.stderr)) throw new Error(`${what}: exit code ${result.code} without a message`);
}

describe(`truncated manifests never crash the generator (seed ${seed}; TRUNCATE_SEED=N replays or varies the cuts)`, () => {
  it('finds manifests of every kind in the fixtures', () => {
    const kinds = new Set(targets.map(({ file }) => path.posix.basename(file)));
    for (const kind of ['go.mod', 'go.work', 'package.json', 'pyproject.toml', 'uv.lock', 'pom.xml', 'build.gradle', 'settings.gradle.kts', 'docker-compose.yml', '.python-version']) {
      expect(kinds).toContain(kind);
    }
  });

  it.each(targets)('$fixture: $file cut at bytes $cuts', async ({ fixture, file, cuts }) => {
    const whole = readFileSync(path.join(fixturesDir, fixture, file));
    for (const cut of cuts) {
      const dir = copyFixture(fixture);
      writeFileSync(path.join(dir, file), whole.subarray(0, cut));
      const before = snapshotTree(dir);
      const what = `${fixture}/${file} cut at byte ${cut} of ${whole.length}`;

      const detect = await runCliInProcess(['--detect', '--path', dir]);
      expectCleanRun(detect, `--detect, ${what}`);
      expect(snapshotTree(dir)).toEqual(before);

      // A scan reads more (every folder's manifests, the root compose file): it must hold too.
      const scan = await runCliInProcess(['--scan', '--detect', '--path', dir]);
      expectCleanRun(scan, `--scan --detect, ${what}`);
      expect(snapshotTree(dir)).toEqual(before);

      // No project at the root (a monorepo, or a cut that removed the marker): --yes generates by scanning.
      const mode = detect.code === 3 ? ['--scan'] : [];
      const yes = await runCliInProcess([...mode, '--yes', '--path', dir]);
      expectCleanRun(yes, `${mode.join(' ')} --yes, ${what}`.trim());
      if (yes.code !== 0) expect(snapshotTree(dir)).toEqual(before);
    }
  });
});
