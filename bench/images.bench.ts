/**
 * `npm run bench:images [case-prefix]`: for every e2e case (three-tier-plain included: its app image vs
 * the naive single image that builds React and the jar in the Maven image), the numbers behind the size
 * and cache promises.
 * Figures, not assertions: cold and warm times vary with the machine.
 *   size:  multi-stage vs naive single-stage; final vs (app artifact + runtime base), goal <= 1.05
 *   jlink: a --runtime jlink case against the same fixture on distroless java, when both are selected
 *   time:  cold build (--no-cache; module cache mounts may still be warm) vs warm rebuild after a
 *          one-line change, goal <= 0.25
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { stageBases } from '../generators/app/core/stages.js';
import { cases } from '../test/cases.js';
import { runCli } from '../test/support/cli.js';
import { serveMavenRepository, servePackageIndex } from '../test/e2e/support/package-index.js';
import { DOCKER, build, dockerOk, engineAvailable, generateWithStandins, imageSizeMb } from '../test/e2e/support/docker.js';

interface Row {
  name: string;
  multiMb: number;
  naiveMb: number;
  artifactMb: number;
  baseMb: number;
  coldS: number;
  warmS: number;
}

function measure(name: string, fixture: string, flags: Record<string, string | boolean>, touch: string): Row {
  const { dir, dockerfile, args } = generateWithStandins(fixture, flags);
  const tag = `multistage-bench/${name}:latest-run`;

  const cold = build(dir, tag, ['--no-cache']);
  appendFileSync(path.join(dir, touch), `\n// bench edit ${Date.now()} ${Math.random()}\n`);
  const warm = build(dir, tag);
  const multiMb = imageSizeMb(tag);

  // The artifact: everything the final image copies out of the build stage (binary, venv, app, certs);
  // three-tier calls that stage backend (the jar with the front end inside).
  // --runtime jlink: the linked JRE (the jre stage's /opt/jre) counts as artifact too, over distroless cc.
  const stage = /^FROM \S+ AS backend$/m.test(dockerfile) ? 'backend' : 'build';
  const stages = [stage, ...(/^FROM \S+ AS jre$/m.test(dockerfile) ? ['jre'] : [])];
  let artifactBytes = 0;
  for (const from of stages) {
    const artifacts = [...new Set([...dockerfile.matchAll(new RegExp(`^COPY --from=${from} (\\S+) `, 'gm'))].map((m) => m[1]))];
    dockerOk(['build', '-q', '--network', 'host', '--target', from, '-t', `${tag}-${from}`, dir]);
    artifactBytes += Number(dockerOk(['run', '--rm', '--entrypoint', 'sh', `${tag}-${from}`, '-c', `du -scb ${artifacts.join(' ')} | tail -n 1 | cut -f1`]).trim());
  }
  const bases = stageBases(dockerfile);
  const base = bases.at(-1)!.image;
  // Files the final image takes from another image as it is (Caddy's binary from the caddy stage) count
  // with the base: together they are the runtime.
  let baseBytes = base === 'scratch' ? 0 : imageSizeMb(base) * 1e6;
  for (const other of bases.filter((s) => s.stage && !s.fromStage && !stages.includes(s.stage) && s !== bases.at(-1))) {
    const borrowed = [...new Set([...dockerfile.split(/^FROM /m).at(-1)!.matchAll(new RegExp(`^COPY --from=${other.stage} (\\S+) `, 'gm'))].map((m) => m[1]))];
    if (!borrowed.length) continue;
    dockerOk(['build', '-q', '--network', 'host', '--target', other.stage!, '-t', `${tag}-${other.stage}`, dir]);
    baseBytes += Number(dockerOk(['run', '--rm', '--entrypoint', 'sh', `${tag}-${other.stage}`, '-c', `du -scb ${borrowed.join(' ')} | tail -n 1 | cut -f1`]).trim());
  }
  const baseMb = baseBytes / 1e6;

  const compared = runCli([...args, '--force', '--build'], undefined, { DOCKER, DOCKER_BUILD_FLAGS: '--network host' });
  const naiveMb = Number(/naive single-stage\s+([\d.]+) MB/.exec(`${compared.stdout}\n${compared.stderr}`)?.[1]);
  return { name, multiMb, naiveMb, artifactMb: artifactBytes / 1e6, baseMb, coldS: cold.seconds, warmS: warm.seconds };
}

if (!engineAvailable()) {
  console.error('bench:images needs a Docker engine (bash test/e2e/engine.sh starts one).');
  process.exit(1);
}
const only = process.argv[2];
const selected = cases.filter((c) => c.e2e && (!only || c.name.startsWith(only)));
// The builders fetch packages from the machine's mirrors on loopback, as in the e2e suite.
const mirrors = [
  ...(selected.some((c) => c.fixture.startsWith('python-')) ? [await servePackageIndex()] : []),
  ...(selected.some((c) => /^(java|three-tier)-/.test(c.fixture)) ? [await serveMavenRepository()] : []),
];
const rows = selected.map((c) => measure(c.name, c.fixture, c.flags, c.e2e!.touch));
mirrors.forEach((mirror) => mirror.stop());

const header = ['case', 'multi MB', 'naive MB', 'naive/multi', 'artifact MB', 'base MB', 'final/(art+base)', 'cold s', 'warm s', 'warm/cold'];
const table = [header, ...rows.map((r) => [
  r.name,
  r.multiMb.toFixed(2),
  r.naiveMb.toFixed(1),
  `${(r.naiveMb / r.multiMb).toFixed(0)}x`,
  r.artifactMb.toFixed(2),
  r.baseMb.toFixed(2),
  (r.multiMb / (r.artifactMb + r.baseMb)).toFixed(3),
  r.coldS.toFixed(1),
  r.warmS.toFixed(1),
  (r.warmS / r.coldS).toFixed(2),
])];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));

// A --runtime jlink case against the same fixture on its default runtime (distroless java), when both ran.
for (const jlinked of selected.filter((c) => c.flags.runtime === 'jlink')) {
  const plain = selected.find((c) => c.fixture === jlinked.fixture && Object.keys(c.flags).length === 0);
  const [a, b] = [rows.find((r) => r.name === jlinked.name)!, plain && rows.find((r) => r.name === plain.name)];
  if (b) console.log(`${a.name}: ${a.multiMb.toFixed(1)} MB, ${((100 * a.multiMb) / b.multiMb).toFixed(0)}% of ${b.name} on distroless java (${b.multiMb.toFixed(1)} MB); cold build ${a.coldS.toFixed(1)} s vs ${b.coldS.toFixed(1)} s`);
}
