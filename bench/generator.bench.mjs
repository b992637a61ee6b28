// `npm run bench`: wall-clock medians for the generator's two hot paths, run as users run them (the
// built bin in a fresh process). Figures only: machines here are noisy, so nothing asserts on time.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'lib', 'bin', 'generator-multistage.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
  return median(samples);
}

/** A monorepo-like tree: a Go service plus `heavy` files under node_modules and vendor folders. */
function makeTree(heavy) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ms-bench-'));
  cpSync(path.join(root, 'test', 'fixtures', 'go-stdlib'), dir, { recursive: true });
  for (let i = 0; i < heavy; i++) {
    const pkg = path.join(dir, i % 2 ? 'web/node_modules' : 'tools/vendor', `pkg${Math.floor(i / 50)}`);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, `f${i}.js`), 'module.exports = 1;\n');
  }
  return dir;
}

/** The mixed monorepo fixture plus `heavy` files spread over node_modules, target, build and dist folders. */
function makeMonorepo(heavy) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ms-bench-mono-'));
  cpSync(path.join(root, 'test', 'fixtures', 'mono-mixed'), dir, { recursive: true });
  const folders = ['web/node_modules', 'services/orders/target', 'services/greeter/build', 'web/dist'];
  for (let i = 0; i < heavy; i++) {
    const pkg = path.join(dir, folders[i % folders.length], `pkg${Math.floor(i / 50)}`);
    mkdirSync(pkg, { recursive: true });
    // Marker files among them too: a scan that looked inside would find services there.
    writeFileSync(path.join(pkg, i % 100 === 0 ? 'package.json' : `f${i}.js`), i % 100 === 0 ? '{"scripts":{"start":"node x.js"}}' : 'module.exports = 1;\n');
  }
  return dir;
}

const rows = [];
const project = makeTree(0);
rows.push(['generator-multistage --yes --force (go-stdlib)', time(['--path', project, '--yes', '--force'])]);
for (const heavy of [0, 20000]) {
  rows.push([`--detect, ${heavy} files under node_modules/vendor`, time(['--path', makeTree(heavy), '--detect'])]);
}
for (const heavy of [0, 20000]) {
  rows.push([`--scan --detect (mono-mixed), ${heavy} files under node_modules/target/build/dist`, time(['--scan', '--path', makeMonorepo(heavy), '--detect'])]);
}
rows.push(['--scan --yes (mono-mixed: 3 services + compose.yaml)', time(['--scan', '--path', makeMonorepo(0), '--yes', '--force'])]);
console.log(`median of ${RUNS} runs, ${os.cpus().length} cores, node ${process.version}`);
for (const [label, ms] of rows) console.log(`${label.padEnd(78)} ${ms.toFixed(0).padStart(6)} ms`);
