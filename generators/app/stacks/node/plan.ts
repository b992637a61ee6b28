import { COMMON_IGNORE, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { image, imageRef } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, Plan } from '../types.js';
import { DISTROLESS_NODE_MAJORS, type NodeDetection, type NodePackageManager } from './detect.js';
import { standardOutputs } from '../common.js';

/** How each package manager installs exactly the lockfile, and where its download cache lives. */
interface Installer {
  /** Set up the tool in the builder (Corepack for pnpm and yarn 2+), or null. */
  setup: string | null;
  install: string;
  prodInstall: string;
  cache: string;
  run: string;
  naiveInstall: string;
}

const INSTALLERS: Record<NodePackageManager, Installer> = {
  npm: { setup: null, install: 'npm ci', prodInstall: 'npm ci --omit=dev', cache: '/root/.npm', run: 'npm run', naiveInstall: 'npm ci' },
  yarn: {
    setup: null,
    install: 'yarn install --frozen-lockfile',
    prodInstall: 'yarn install --frozen-lockfile --production',
    cache: '/usr/local/share/.cache/yarn',
    run: 'yarn run',
    naiveInstall: 'yarn install --frozen-lockfile',
  },
  'yarn-berry': {
    setup: 'corepack enable yarn',
    install: 'yarn install --immutable',
    prodInstall: 'yarn workspaces focus --all --production',
    cache: '/root/.yarn/berry/cache',
    run: 'yarn run',
    naiveInstall: 'corepack enable yarn && yarn install --immutable',
  },
  pnpm: {
    setup: 'corepack enable pnpm',
    install: 'pnpm install --frozen-lockfile',
    prodInstall: 'pnpm install --frozen-lockfile --prod',
    cache: '/root/.local/share/pnpm/store',
    run: 'pnpm run',
    naiveInstall: 'corepack enable pnpm && pnpm install --frozen-lockfile',
  },
};

const NODE_IGNORE: IgnoreSection[] = [
  { why: 'Dependencies are installed inside the image from the lockfile; a host copy is large and may hold binaries for another OS.', patterns: ['**/node_modules', '.pnpm-store', '.yarn/cache', '.yarn/install-state.gz'] },
  { why: 'Logs, caches and test output the app never reads.', patterns: ['npm-debug.log*', 'yarn-debug.log*', 'yarn-error.log*', '.npm', '.eslintcache', 'coverage', '.nyc_output', '.turbo'] },
];

function buildOutputIgnore(detection: NodeDetection): IgnoreSection[] {
  if (!detection.hasBuild) return [];
  const outputs = [...new Set([detection.buildOutput, ...(detection.kind === 'next' ? ['.next', 'out'] : [])].filter((dir): dir is string => Boolean(dir) && dir !== '.'))];
  return outputs.length ? [{ why: 'Build output: the build stage makes it fresh, a stale host copy must not mix in.', patterns: outputs }] : [];
}

export function defaultNodeVersion(detection: NodeDetection): string | null {
  return detection.nodeMajor;
}

function checkNodeVersion(value: string): string {
  const major = /^v?(\d+)(\.\d+){0,2}$/.exec(value.trim())?.[1];
  if (!major || !(DISTROLESS_NODE_MAJORS as readonly string[]).includes(major)) {
    throw new UserError(
      `--language-version ${value}: distroless ships Node ${[...DISTROLESS_NODE_MAJORS].reverse().join(' and ')} on Debian 13. Fix: pass --language-version ${DISTROLESS_NODE_MAJORS[0]} (or 22) and make package.json engines allow it.`,
      ExitCode.usage,
    );
  }
  return major;
}

export function planNode(detection: NodeDetection, answers: Answers, repo: Repo): Plan {
  const rawVersion = answers.languageVersion ?? defaultNodeVersion(detection);
  if (!rawVersion) {
    throw new UserError('package.json: engines.node allows no Node major that distroless ships (22, 24). Fix: widen engines.node, or pass --language-version 22 or 24.', ExitCode.usage);
  }
  const major = checkNodeVersion(rawVersion);
  if (!detection.lockfile) {
    throw new UserError(
      `package.json: no lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml), so the image cannot install reproducibly. Fix: run \`${detection.packageManager === 'npm' ? 'npm install' : `${detection.packageManager.replace('-berry', '')} install`}\` and commit the lockfile.`,
    );
  }
  if (detection.packageManager === 'yarn-berry') {
    const rc = repo.readIfExists('.yarnrc.yml') ?? '';
    if (!/nodeLinker:\s*["']?node-modules/.test(rc)) {
      throw new UserError('.yarnrc.yml: Yarn Plug\'n\'Play (the default of yarn 2+) keeps no node_modules, which this Dockerfile copies. Fix: add `nodeLinker: node-modules` to .yarnrc.yml.');
    }
  }
  const entry = answers.entrypoint ?? detection.entrypoint;
  if (!entry) {
    throw new UserError('No start script that runs a file with node, and no main, bin or server.js. Fix: pass --main with the script node should run, e.g. --main dist/server.js.', ExitCode.usage);
  }
  const needsBuild = detection.hasBuild || detection.kind !== 'server';
  if (!needsBuild && !repo.exists(entry)) {
    throw new UserError(`--main ${entry}: no such file, and package.json has no build script that could make it. Fix: pass the script that starts the server.`, ExitCode.usage);
  }
  if (detection.kind === 'spa' && !detection.hasBuild) {
    throw new UserError('package.json: a single-page app needs scripts.build to make its static files. Fix: add "build": "vite build".');
  }
  const port = answers.port === undefined ? detection.port : answers.port;
  const installer = INSTALLERS[detection.packageManager];
  const ignoreScripts = detection.ignoreScripts ? ' --ignore-scripts' : '';
  const builderTag = imageRef('node-builder').tag.replace(/^\d+/, major);
  const builderImage = `${imageRef('node-builder').repository}:${builderTag}`;
  const runtimeRole = `nodejs${major}`;
  const runtimeImage = image(runtimeRole);
  const lockfiles = [detection.lockfile, ...(detection.packageManager === 'yarn-berry' ? ['.yarnrc.yml'] : [])];
  const manifestFiles = ['package.json', ...lockfiles];
  if (detection.packageManager === 'pnpm' && repo.exists('pnpm-workspace.yaml')) manifestFiles.push('pnpm-workspace.yaml');
  if (repo.exists('.npmrc')) manifestFiles.push('.npmrc');

  const needed = [...manifestFiles, ...(repo.exists(entry) ? [entry] : [])];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...NODE_IGNORE, ...buildOutputIgnore(detection)], needed);

  const notes = [
    `Builder: ${builderImage}: Node ${major}, the newest major that distroless ships and the project allows (${detection.evidence.find((line) => /engines\.node|\.nvmrc|\.node-version/.test(line)) ? 'from package.json engines / version file' : 'default'}).`,
    `Install: \`${installer.install}\` from ${detection.lockfile} with a cache mount; the runtime gets a separate \`${installer.prodInstall}\` so no dev dependency ships.`,
    detection.kind === 'spa'
      ? `Runtime: ${runtimeImage} running serve-static.mjs, a zero-dependency static server written next to package.json: no shell, uid 65532, index.html for unknown routes (SPA fallback).`
      : `Runtime: ${runtimeImage}: node and nothing else (no shell, no npm); CMD is the script, the image's entrypoint is node.`,
    'Debug: `docker build --target debug` gives the same app on :debug-nonroot, with busybox (`docker run --entrypoint /busybox/sh`).',
    ...dockerignore.dropped.map((item) => `.dockerignore: left out ${item}.`),
  ];
  if (detection.ignoreScripts) notes.push('Install scripts are skipped (--ignore-scripts): the root prepare/postinstall hook needs a dev tool and .git; no dependency has install scripts.');
  if (detection.kind === 'next' && !detection.nextStandalone) notes.push("Next.js: add `output: 'standalone'` to next.config to ship only the traced server (often a tenth of the size); then re-run the generator.");
  if (detection.buildArgs.length) notes.push(`Build args: ${detection.buildArgs.map((name) => `--build-arg ${name}=…`).join(' ')}; they are compiled into public JavaScript, so never pass secrets.`);
  if ((detection.packageManager === 'pnpm' || detection.packageManager === 'yarn-berry') && !detection.packageManagerField) {
    notes.push(`package.json has no packageManager field, so Corepack picks its own ${detection.packageManager.replace('-berry', '')} version; pin one with \`corepack use ${detection.packageManager === 'pnpm' ? 'pnpm' : 'yarn'}@<version>\`.`);
  }

  const outputs = standardOutputs('node');
  // A single-page app also gets the zero-dependency static server its runtime stage runs.
  if (detection.kind === 'spa') outputs.files.push({ template: 'node/serve-static.mjs.ejs', destination: 'serve-static.mjs' });

  return {
    builderImage,
    runtimeImage,
    ...outputs,
    notes,
    context: {
      stackTitle: detection.kind === 'nest' ? 'NestJS' : detection.kind === 'next' ? 'Next.js' : detection.kind === 'spa' ? 'single-page app (Node build)' : 'Node.js',
      imageName: detection.appName,
      nodeMajor: major,
      builderImageArg: `${imageRef('node-builder').repository}:${builderTag.replace(/^\d+/, '${NODE_VERSION}')}`,
      runtimeImageArg: runtimeImage.replace(runtimeRole, 'nodejs${NODE_VERSION}'),
      debugImageArg: image(`${runtimeRole}-debug`).replace(runtimeRole, 'nodejs${NODE_VERSION}'),
      packageManager: detection.packageManager,
      manifestFiles,
      setup: installer.setup,
      install: `${installer.install}${ignoreScripts}`,
      prodInstall: `${installer.prodInstall}${ignoreScripts}`,
      ignoreScripts: detection.ignoreScripts,
      cache: installer.cache,
      buildCommand: `${installer.run} build`,
      naiveInstall: installer.naiveInstall,
      kind: detection.kind,
      needsBuild,
      nextStandalone: detection.nextStandalone,
      buildOutput: detection.buildOutput,
      buildArgs: detection.buildArgs,
      nextPublic: repo.isDirectory('public'),
      // No production dependencies: no prod-deps stage, nothing to copy (npm would make no node_modules).
      prodDeps: detection.kind !== 'spa' && !detection.nextStandalone && detection.hasProdDeps,
      // `next` without a command would start the dev server.
      cmd: detection.kind === 'next' && !detection.nextStandalone && entry === detection.entrypoint ? [entry, 'start'] : [entry],
      entrypoint: ['/nodejs/bin/node'],
      port,
      ignoreSections: dockerignore.sections,
    },
  };
}
