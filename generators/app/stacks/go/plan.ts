import path from 'node:path';
import ignore from 'ignore';
import { COMMON_IGNORE, readByBuild, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { image } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, Plan } from '../types.js';
import type { GoDetection } from './detect.js';
import { groupByFolder, lowPortNote, standardOutputs } from '../common.js';
import { compareGo, endOfLifeToolchain, oldestSupportedGo } from './releases.js';
import { credentialIgnore, secretMount, secretNotes } from '../../core/secrets.js';

export const GO_RUNTIMES = ['distroless', 'scratch'] as const;

const GO_IGNORE: IgnoreSection[] = [
  { why: 'Go build and test output.', patterns: ['bin', '**/*.test', '**/*.out', 'coverage*', 'tmp'] },
  {
    why: 'Documentation the binary never reads, so editing it does not rebuild (kept when a Go package or //go:embed needs it).',
    patterns: ['docs', '**/*.md'],
  },
  { why: 'Other stacks\' dependency folders that a Go build never reads.', patterns: ['**/node_modules'] },
];

/** A value for a Dockerfile ENV: quoted when it has anything the instruction would split or expand. */
function envValue(value: string): string {
  return /^[^\s"'\\$]+$/.test(value) ? value : JSON.stringify(value);
}

/** `1.22.3` -> `1.22.3`, `1.22` -> `1.22`; anything else is refused with the flag to fix it. */
function checkGoVersion(version: string, source: string): string {
  if (!/^1\.\d+(\.\d+)?$/.test(version)) {
    throw new UserError(`${source}: "${version}" is not a Go version like 1.24 or 1.24.2.`, ExitCode.usage);
  }
  return version;
}

/** Named after the command folder, else the module path, else a lone source file (calculator.go). */
function binaryName(detection: GoDetection, mainPackage: string, repo: Repo): string {
  const fromModule = detection.module?.split('/').filter((part) => !/^v\d+$/.test(part)).pop();
  const rootSources = repo.files().filter((file) => !file.includes('/') && file.endsWith('.go') && !file.endsWith('_test.go'));
  const fromFile = rootSources.length === 1 ? rootSources[0].replace(/\.go$/, '') : undefined;
  const raw = mainPackage === '.' ? fromModule ?? fromFile ?? path.basename(repo.root) : path.posix.basename(mainPackage);
  return raw.toLowerCase().replace(/[^a-z0-9._-]/g, '-') || 'app';
}

export function planGo(detection: GoDetection, answers: Answers, repo: Repo) {
  const goVersion = checkGoVersion(answers.languageVersion ?? detection.builderVersion, '--language-version');
  if (detection.goDirective && compareGo(goVersion, detection.goDirective) < 0) {
    throw new UserError(
      `--language-version ${goVersion} is older than "go ${detection.goDirective}" in go.mod; the builder runs with GOTOOLCHAIN=local and would refuse to build. Fix: use ${detection.goDirective} or newer.`,
      ExitCode.usage,
    );
  }
  const mainPackage = answers.entrypoint ?? detection.entrypoint;
  if (!mainPackage) {
    throw new UserError('No Go main package found (no "package main" at the root or under cmd/). Fix: add one, or pass --main ./path/to/cmd.');
  }
  if (!detection.mainPackages.includes(mainPackage)) {
    throw new UserError(`--main ${mainPackage}: not a main package here. Fix: use one of ${detection.mainPackages.join(', ') || '(none found)'}.`, ExitCode.usage);
  }
  const runtime = answers.runtime ?? 'distroless';
  if (!(GO_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new UserError(`--runtime ${runtime}: the Go stack offers ${GO_RUNTIMES.join(' or ')}.`, ExitCode.usage);
  }
  const main = detection.mains[mainPackage];
  const cgo = Boolean(main?.cgo);
  if (cgo && runtime === 'scratch') {
    throw new UserError('--runtime scratch: this program uses cgo and needs glibc, which scratch lacks. Fix: use --runtime distroless (base-debian13).', ExitCode.usage);
  }
  const needs = main?.cgoNeeds ?? null;
  // Shared libraries beyond glibc: no distroless image has them, so Debian slim with apt stands in.
  const runtimeLibraries = needs?.runtime ?? [];
  const family = cgo ? 'base' : 'static';
  const runtimeImage = runtime === 'scratch' ? 'scratch' : runtimeLibraries.length ? image('debian-slim') : image(family);
  const binary = binaryName(detection, mainPackage, repo);
  const port = answers.port === undefined ? main?.port ?? null : answers.port;

  // A go.work build needs every module it uses, whole; anything else here is the one module, whole.
  const moduleDirs = detection.layout === 'workspace' ? detection.moduleFiles.filter((file) => file.endsWith('go.mod')).map((file) => path.posix.dirname(file)) : ['.'];
  const buildReads = moduleDirs.includes('.') ? ['.'] : [...detection.moduleFiles.filter((file) => !file.includes('/')), ...moduleDirs, ...(detection.vendored ? ['vendor'] : [])];
  const needed = [...repo.filesEndingWith('.go', 'go.mod', 'go.sum', 'go.work', 'go.work.sum')].filter(readByBuild(buildReads));
  const embedMatcher = ignore().add(detection.embeds);
  const embedded = detection.embeds.length ? repo.files().filter((file) => embedMatcher.ignores(file)) : [];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...credentialIgnore(detection.secrets), ...GO_IGNORE], [...needed, ...embedded]);

  const notes = [
    `Builder: golang:${goVersion} with GOTOOLCHAIN=local, so the Go in the image is the Go that builds (${answers.languageVersion && answers.languageVersion !== detection.builderVersion ? '--language-version' : detection.builderWhy}).`,
    runtime === 'scratch'
      ? 'Runtime: scratch, holding only the binary plus CA certificates and zoneinfo copied from the builder; runs as 65532:65532 (scratch has no /etc/passwd).'
      : runtimeLibraries.length
        ? `Runtime: ${runtimeImage} with ${runtimeLibraries.join(', ')} installed by apt, not distroless: the cgo binary loads ${runtimeLibraries.length > 1 ? 'these shared libraries' : 'this shared library'} at start and no distroless image has ${runtimeLibraries.length > 1 ? 'them' : 'it'}. This image has a shell and apt (Debian slim ships them and cannot lose them without breaking apt); the program runs as the created user 65532:65532, whose login shell is /usr/sbin/nologin.`
        : cgo
        ? `Runtime: ${runtimeImage}, because cgo links against glibc; static and scratch have no libc.`
        : `Runtime: ${runtimeImage}: CGO_ENABLED=0 makes a static binary, which needs no libc; the image adds CA certificates, tzdata and the nonroot user.`,
    runtimeLibraries.length
      ? 'Debug: `docker build --target debug` gives the same image (it already has a shell).'
      : 'Debug: `docker build --target debug` gives the same binary on a :debug-nonroot image with a busybox shell.',
    ...(needs?.dev.length ? [`Builder: apt installs ${needs.dev.join(', ')} so cgo finds the headers and libraries it compiles and links against.`] : []),
    ...(needs?.unknown.length
      ? [`Warning: cgo links ${needs.unknown.join(', ')}, whose Debian packages the generator does not know: add the -dev package to the build stage and the shared library to the runtime, or the build fails to link or the binary fails to start.`]
      : []),
    ...dockerignore.dropped.map((entry) => `.dockerignore: left out ${entry}.`),
    ...secretNotes(detection.secrets),
  ];
  if (endOfLifeToolchain(detection.toolchain) && goVersion === detection.toolchain) {
    notes.push(`Builder: toolchain go${detection.toolchain} no longer gets security fixes (supported: ${oldestSupportedGo()} and newer); raise the toolchain line, or pass --language-version.`);
  }
  if (port !== null && port < 1024) notes.push(lowPortNote(port, main?.portEnv ?? null));
  if (main?.loopbackOnly) {
    const fix = main.portEnv ? `Set ${main.portEnv}=:${port} (in compose.yaml or \`docker run -e\`)` : `Listen on ":${port}"`;
    notes.push(`Warning: the program binds to loopback only; from outside the container port ${port} will not answer. ${fix}.`);
  }

  return {
    builderImage: `golang:${goVersion}`,
    runtimeImage,
    ...standardOutputs('go'),
    notes,
    buildReads,
    stackTitle: 'Go',
    imageName: binary,
    port,
    ignoreSections: dockerignore.sections,
    // The module download mounts the login and reads the declared sources (none are secret).
    secrets: detection.secrets,
    runtimeHasShell: false,
    runtimePackages: runtimeLibraries,
    // The Debian slim runtime has a shell, so debug adds none.
    ...(runtimeLibraries.length ? { debugWhat: 'the runtime itself, which has a shell' } : {}),
    context: {
      goVersion,
      binary,
      entrypoint: [`/usr/local/bin/${binary}`],
      mainPackage,
      layout: detection.layout,
      moduleCopies: groupByFolder(detection.moduleFiles),
      vendored: detection.vendored,
      modFlag: detection.vendored ? '-mod=vendor ' : detection.staleVendor ? '-mod=mod ' : '',
      cgo,
      cgoDevPackages: needs?.dev ?? [],
      runtimeLibraries,
      configFolders: main?.configFolders ?? [],
      scratch: runtime === 'scratch',
      runtimeImage,
      debugImage: image(`${family}-debug`),
      secretMounts: detection.secrets.map(secretMount),
      moduleEnv: detection.moduleSettings.map((setting) => `${setting.name}=${envValue(setting.value)}`),
      moduleEnvFiles: [...new Set(detection.moduleSettings.map((setting) => setting.file))],
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type GoContext = ReturnType<typeof planGo>['context'];
export type GoPlan = Plan<GoContext>;
