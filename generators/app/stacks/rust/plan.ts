import path from 'node:path';
import { COMMON_IGNORE, readByBuild, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { image } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, Plan } from '../types.js';
import { groupByFolder, lowPortNote, standardOutputs } from '../common.js';
import type { RustDetection } from './detect.js';
import { builderTag, checkRustVersion, compareRust, newestRust } from './versions.js';

export const RUST_RUNTIMES = ['distroless', 'static'] as const;

const RUST_IGNORE: IgnoreSection[] = [
  { why: 'Cargo build output: large, and the build makes its own in a cache mount.', patterns: ['target', '**/target', '**/*.rs.bk'] },
  {
    why: 'The builder image is the toolchain: inside it rustup would read this file and download the channel (and its components) again.',
    patterns: ['rust-toolchain', 'rust-toolchain.toml'],
  },
  {
    why: 'Documentation the binary never reads, so editing it does not rebuild (kept when include_str! or a doc attribute reads it).',
    patterns: ['docs', '**/*.md'],
  },
  { why: 'Other stacks\' dependency folders that a cargo build never reads.', patterns: ['**/node_modules'] },
];

/** Files read by include_str!/include_bytes! (relative to the including file): .dockerignore must keep them. */
function includedFiles(repo: Repo, sources: string[]): string[] {
  return sources.flatMap((file) =>
    [...repo.read(file).matchAll(/include_(?:str|bytes)!\(\s*"([^"]+)"\s*\)/g)].map((m) => {
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
      return new URL(m[1], `file:///${dir}/`).pathname.slice(1);
    }),
  );
}

export function planRust(detection: RustDetection, answers: Answers, repo: Repo) {
  if (detection.wasi) {
    throw new UserError(`${detection.wasi}. Fix: this generator writes Linux images; build it with \`cargo build --target wasm32-wasi\` for a Wasm runtime (Docker's --runtime io.containerd.wasmedge.v1), or port it to the native crates (tokio, hyper).`);
  }
  const rustVersion = checkRustVersion(answers.languageVersion ?? detection.builderVersion);
  const binName = answers.entrypoint ?? detection.entrypoint;
  if (!binName) {
    throw new UserError(
      detection.binNames.length === 0
        ? 'Cargo.toml: no binary target (no src/main.rs, src/bin/*.rs or [[bin]]): a library has nothing to run. Fix: add a binary, or run the generator in the folder of the crate that has one.'
        : `Several binaries could be the service (${detection.binNames.join(', ')}). Fix: pass --main with one of them.`,
      detection.binNames.length === 0 ? ExitCode.failure : ExitCode.usage,
    );
  }
  const bin = detection.bins[binName];
  if (!bin) {
    throw new UserError(`--main ${binName}: not a binary target here. Fix: use one of ${detection.binNames.join(', ') || '(none found)'}.`, ExitCode.usage);
  }
  const runtime = answers.runtime ?? RUST_RUNTIMES[0];
  if (!(RUST_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new UserError(`--runtime ${runtime}: the Rust stack offers ${RUST_RUNTIMES.join(' or ')}.`, ExitCode.usage);
  }
  const musl = runtime === 'static';
  if (musl && detection.native.length) {
    const need = detection.native[0];
    throw new UserError(
      `--runtime static: ${need.crate} links the system ${need.library}, which a musl build cannot take from Debian's glibc packages. Fix: ${need.fix}, or use --runtime distroless.`,
      ExitCode.usage,
    );
  }
  const port = answers.port === undefined ? bin.port : answers.port;
  // package/feature works for the root package and for a workspace member alike.
  const features = bin.requiredFeatures.map((feature) => `${bin.package}/${feature}`).join(',');
  const runtimeLibraries = musl ? [] : [...new Set(detection.native.flatMap((need) => need.runtime))];
  const tools = detection.tools.filter((tool) => !(musl && tool.glibcOnly));
  const devPackages = [...new Set([...(musl ? [] : detection.native.flatMap((need) => need.dev)), ...tools.flatMap((tool) => tool.packages)])];
  const runtimeImage = musl ? image('static') : runtimeLibraries.length ? image('debian-slim') : image('cc');
  const debugImage = image(musl ? 'static-debug' : 'cc-debug');
  const tag = builderTag(rustVersion);

  // The root package's folder is the whole context; a virtual workspace reads its manifests and members.
  const manifests = detection.packages.map((pkg) => pkg.manifest);
  const rootFiles = ['Cargo.toml', ...(detection.locked ? ['Cargo.lock'] : [])];
  const buildReads = detection.packages.some((pkg) => pkg.dir === '.')
    ? ['.']
    : [...rootFiles, ...(detection.cargoConfig ? ['.cargo'] : []), ...detection.packages.map((pkg) => pkg.dir)];
  const sources = repo.files().filter((file) => file.endsWith('.rs')).filter(readByBuild(buildReads));
  const needed = [...sources, ...manifests, ...rootFiles, ...(detection.cargoConfig ? [detection.cargoConfig] : []), ...includedFiles(repo, sources)];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...RUST_IGNORE], needed);

  const versionWhy = answers.languageVersion && answers.languageVersion !== detection.builderVersion ? '--language-version' : detection.builderWhy;
  const notes = [
    `Builder: rust:${tag} (${versionWhy}).${compareRust(rustVersion, newestRust()) < 0 ? ` Rust fixes only its newest release: --language-version ${newestRust()} builds with it.` : ''}`,
    detection.locked
      ? `Dependencies: compiled in their own step against stub sources (the manifests${detection.packages.length > 1 ? ' of every member' : ''} and Cargo.lock only), so editing code compiles only ${detection.packages.length > 1 ? "the workspace's own crates" : 'this package'} again; --locked makes the build fail rather than change Cargo.lock.`
      : 'Dependencies: compiled in their own step against stub sources; there is no Cargo.lock, so the build resolves the newest matching versions each time it runs (no --locked). Commit Cargo.lock for repeatable images.',
    musl
      ? `Runtime: ${runtimeImage}: a static musl binary (x86_64- or aarch64-unknown-linux-musl, from TARGETARCH) needs no libc; the image adds CA certificates, tzdata and the nonroot user. Not scratch: those three files are what a program that makes TLS calls or reads time zones needs, for 2 MB. The build stages run on the build machine and cross-compile with rust-lld, which needs no C cross compiler for pure-Rust crates; crates that compile C (ring, cc) need a musl C compiler for the target.`
      : runtimeLibraries.length
        ? `Runtime: ${runtimeImage} with ${runtimeLibraries.join(', ')} installed by apt, not distroless: the binary loads ${runtimeLibraries.length > 1 ? 'these shared libraries' : 'this shared library'} at start and no distroless image has ${runtimeLibraries.length > 1 ? 'them' : 'it'}. This image has a shell and apt; the program runs as the created user 65532:65532, whose login shell is /usr/sbin/nologin.`
        : `Runtime: ${runtimeImage}: Rust's standard library links glibc and libgcc_s, which distroless cc has (static has no libc)${detection.native.length ? `, with libssl3 for ${detection.native.map((n) => n.crate).join(', ')}` : ''}; it adds CA certificates, tzdata and the nonroot user, and no shell.`,
    ...(musl ? [] : ['Platforms: the build stages run on the target platform, so the linker and the -dev libraries are the target\'s own; another platform builds under emulation (--runtime static cross-compiles instead).']),
    runtimeLibraries.length
      ? 'Debug: `docker build --target debug` gives the same image (it already has a shell).'
      : `Debug: \`docker build --target debug\` gives the same binary on ${debugImage}, which adds a busybox shell.`,
    ...detection.native.map((need) =>
      `Builder: ${need.crate} links the system ${need.library}: apt installs ${need.dev.join(', ')} for the build${need.runtime.length ? `, and the runtime needs ${need.runtime.join(', ')}` : ' (distroless cc has libssl3 at run time)'}; ${need.fix}.`),
    ...tools.map((tool) => `Builder: apt installs ${tool.packages.join(', ')}, which the official image lacks: ${tool.why}.`),
    ...(detection.builderUnmet ? [`Warning: ${detection.builderUnmet}; building with rust:${tag}. Code that needs nightly features fails to compile: build from a nightly image (rustlang/rust:nightly-slim) instead.`] : []),
    ...(detection.toolchainFile ? [`.dockerignore: leaves out ${detection.toolchainFile}: the builder image is that Rust already, and rustup inside it would download the channel again.`] : []),
    ...(features ? [`Features: ${bin.name} declares required-features (${bin.requiredFeatures.join(', ')}), without which cargo refuses to build it: both builds pass --features ${features}.`] : []),
    ...(detection.rocket ? ['Rocket binds 127.0.0.1 unless told otherwise: ROCKET_ADDRESS=0.0.0.0 in the image makes it reachable from outside the container.'] : []),
    ...dockerignore.dropped.map((entry) => `.dockerignore: left out ${entry}.`),
  ];
  if (port !== null && port < 1024) notes.push(lowPortNote(port, bin.portEnv));
  // A loopback fallback in an address variable is the laptop default: the image sets the variable instead.
  const listenEnv = bin.loopbackOnly && bin.portEnvIsAddress && bin.portEnv && port !== null ? `${bin.portEnv}=0.0.0.0:${port}` : null;
  if (listenEnv) {
    notes.push(`Listen address: the program falls back to loopback, which nothing outside the container reaches; the image sets ${listenEnv} (docker run -e ${bin.portEnv}=… overrides it).`);
  } else if (bin.loopbackOnly) {
    const fix = bin.portEnv ? `Set ${bin.portEnv} to listen on 0.0.0.0 (in compose.yaml or \`docker run -e\`)` : 'Bind 0.0.0.0 instead';
    notes.push(`Warning: the program binds to loopback only; from outside the container port ${port} will not answer. ${fix}.`);
  }

  // The shell steps that write the stubs: their folders, then `fn main() {}` or an empty library each.
  const stubs = detection.packages.flatMap((pkg) => pkg.stubs);
  const stubDirs = [...new Set(stubs.map((stub) => path.posix.dirname(stub.path)).filter((dir) => dir !== '.'))];
  const stubSteps = [...(stubDirs.length ? [`mkdir -p ${stubDirs.join(' ')}`] : []), ...stubs.map((stub) => `${stub.main ? "echo 'fn main() {}' >" : ': >'} ${stub.path}`)];
  return {
    builderImage: `rust:${tag}`,
    runtimeImage,
    ...standardOutputs('rust'),
    notes,
    buildReads,
    stackTitle: 'Rust',
    imageName: bin.name.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
    port,
    ignoreSections: dockerignore.sections,
    secrets: [],
    // As Go's fallback: the libs stage is the debug image too, which the header says instead.
    runtimeHasShell: false,
    runtimePackages: runtimeLibraries,
    ...(runtimeLibraries.length ? { debugWhat: 'the runtime itself, which has a shell' } : {}),
    context: {
      rustVersion,
      builderSuffix: tag.slice(rustVersion.length),
      binary: bin.name,
      features,
      entrypoint: [`/usr/local/bin/${bin.name}`],
      manifestCopies: groupByFolder([...rootFiles, ...manifests.filter((file) => file !== 'Cargo.toml')]),
      cargoConfig: detection.cargoConfig,
      stubSteps,
      locked: detection.locked,
      musl,
      devPackages,
      runtimeLibraries,
      runtimeImage,
      debugImage,
      rocket: detection.rocket,
      listenEnv,
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type RustContext = ReturnType<typeof planRust>['context'];
export type RustPlan = Plan<RustContext>;
