import type { Answers, Member, Question, Stack } from '../types.js';
import { portQuestion } from '../common.js';
import { detectRust, type RustDetection } from './detect.js';
import { planRust, RUST_RUNTIMES, type RustPlan } from './plan.js';

/** A --main choice that says what it is: its package and port. */
function binChoice(detection: RustDetection, name: string) {
  const bin = detection.bins[name];
  const about = [bin.port ? `port ${bin.port}` : 'no port', ...(detection.layout === 'workspace' ? [`package ${bin.package}`] : [])];
  return { value: name, name: `${name} (${about.join(', ')})` };
}

function questions(detection: RustDetection, answers: Answers): Question[] {
  const bin = answers.entrypoint ? detection.bins[answers.entrypoint] : undefined;
  const port = bin ? bin.port : detection.port;
  const versionEvidence = detection.evidence.filter((line) => /rust-version|channel|rust:/.test(line));
  const libraries = detection.native.flatMap((need) => need.runtime);
  return [
    {
      name: 'languageVersion',
      flag: 'language-version',
      message: 'Rust version for the builder image',
      type: 'input',
      default: detection.builderVersion,
      evidence: versionEvidence,
    },
    // A library has no binary to choose: the plan (and a scan's notAService) says so, not an empty choice.
    ...(detection.binNames.length === 0 ? [] : [{
      name: 'entrypoint',
      flag: 'main',
      message: 'Binary target to build (cargo build --bin)',
      type: 'select',
      choices: detection.binNames.map((name) => binChoice(detection, name)),
      // Several binaries and none is the package's own: the user must pick.
      default: detection.entrypoint ?? undefined,
      evidence: detection.evidence.filter((line) => /binar/.test(line)),
    } satisfies Question]),
    portQuestion(port, detection.evidence),
    {
      name: 'runtime',
      flag: 'runtime',
      message: 'Runtime image',
      type: 'select',
      choices: [
        libraries.length
          ? { value: 'distroless', name: `debian:trixie-slim with ${libraries.join(', ')}: no distroless image has ${libraries.length > 1 ? 'them' : 'it'} (has a shell)` }
          : { value: 'distroless', name: 'distroless cc: glibc, libgcc, libssl, CA certs, nonroot user (recommended)' },
        { value: 'static', name: 'distroless static: a musl binary, no libc at all (rustup target add *-linux-musl)' },
      ],
      default: RUST_RUNTIMES[0],
      evidence: detection.native.map((need) => need.evidence),
    },
  ];
}

/**
 * A workspace holds one service per package with a binary (the root package too), each built from the
 * workspace root (the members share Cargo.lock and path dependencies). A package with several
 * binaries ships its default-run, else its own (named after the package), else its first.
 */
function members(detection: RustDetection): Member[] {
  if (detection.layout !== 'workspace') return [];
  return detection.packages
    .flatMap((pkg) => {
      const own = detection.binNames.map((name) => detection.bins[name]).filter((bin) => bin.dir === pkg.dir);
      const bin = own.find((b) => b.name === pkg.defaultRun) ?? own.find((b) => b.name === pkg.name) ?? own[0];
      if (!bin) return [];
      return [{
        dir: pkg.dir,
        answers: { entrypoint: bin.name },
        evidence: [`${pkg.manifest}: the binary ${bin.name}, built with the workspace at the root${bin.port ? ` (port ${bin.port})` : ''}`],
      }];
    });
}

export const rustStack: Stack<RustDetection, RustPlan> = {
  id: 'rust',
  title: 'Rust',
  flags: [{ name: 'main', help: 'the binary target to build (cargo build --bin), e.g. api' }],
  markers: [{ name: 'Cargo.toml', project: true }],
  contextReason: 'the build needs the workspace root: Cargo.lock and every member and path dependency',
  runtimes: RUST_RUNTIMES,
  detect: detectRust,
  questions,
  plan: planRust,
  members,
  ownedFolders: (detection) => detection.packages.map((pkg) => pkg.dir).filter((dir) => dir !== '.'),
  notAService: (detection) =>
    detection.wasi ?? (detection.binNames.length === 0
      ? `Cargo.toml: a library (no src/main.rs, src/bin/ or [[bin]]): other crates build it in, nothing runs it`
      : null),
};
