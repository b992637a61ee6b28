import path from 'node:path';
import { ExitCode, UserError } from '../../core/errors.js';
import { image, imageRef } from '../../core/images.js';
import type { IgnoreSection } from '../../core/dockerignore.js';
import type { Repo } from '../../core/repo.js';
import type { Answers } from '../types.js';
import { DEFAULT_NODE_MAJOR, DISTROLESS_NODE_MAJORS, type NodeDetection, type NodePackageManager } from './detect.js';
import { isExactRelease } from './version.js';

/** How each package manager installs exactly the lockfile, and where its download cache lives. */
export interface Installer {
  /** Set up the tool in the builder (Corepack for pnpm and yarn 2+), or null. */
  setup: string | null;
  /** Why the setup step is there, for the Dockerfile comment. */
  setupWhy: string | null;
  install: string;
  prodInstall: string;
  cache: string;
  run: string;
  naiveInstall: string;
  /** Corepack keeps the fetched package manager in its cache (a mount) rather than in the base layer. */
  corepackCache: boolean;
}

export const INSTALLERS: Record<NodePackageManager, Installer> = {
  npm: { setup: null, setupWhy: null, install: 'npm ci', prodInstall: 'npm ci --omit=dev', cache: '/root/.npm', run: 'npm run', naiveInstall: 'npm ci', corepackCache: false },
  yarn: {
    setup: null,
    setupWhy: null,
    install: 'yarn install --frozen-lockfile',
    prodInstall: 'yarn install --frozen-lockfile --production',
    // yarn 1's cache is not safe for two installs at once (deps and prod-deps build in parallel): one at a time.
    cache: '/usr/local/share/.cache/yarn,sharing=locked',
    run: 'yarn run',
    naiveInstall: 'yarn install --frozen-lockfile',
    corepackCache: false,
  },
  'yarn-berry': {
    setup: 'corepack enable yarn',
    setupWhy: 'Corepack fetches the yarn version package.json names, without prompting.',
    install: 'yarn install --immutable',
    prodInstall: 'yarn workspaces focus --all --production',
    cache: '/root/.yarn/berry/cache',
    run: 'yarn run',
    naiveInstall: 'corepack enable yarn && yarn install --immutable',
    corepackCache: true,
  },
  pnpm: {
    setup: 'corepack enable pnpm',
    setupWhy: 'Corepack fetches the pnpm version package.json names, without prompting.',
    install: 'pnpm install --frozen-lockfile',
    prodInstall: 'pnpm install --frozen-lockfile --prod',
    cache: '/root/.local/share/pnpm/store',
    run: 'pnpm run',
    naiveInstall: 'corepack enable pnpm && pnpm install --frozen-lockfile',
    corepackCache: true,
  },
};

/** Installs that resolve versions themselves, for a project without a lockfile (each writes one). */
const RESOLVING: Record<NodePackageManager, Pick<Installer, 'install' | 'prodInstall'>> = {
  npm: { install: 'npm install --no-audit --no-fund', prodInstall: 'npm install --omit=dev --no-audit --no-fund' },
  yarn: { install: 'yarn install', prodInstall: 'yarn install --production' },
  'yarn-berry': { install: 'yarn install', prodInstall: 'yarn workspaces focus --all --production' },
  pnpm: { install: 'pnpm install', prodInstall: 'pnpm install --prod' },
};

/**
 * The installer for this detection: without a lockfile the install resolves (and says so); without a
 * packageManager field Corepack is given the major the lockfile was written by. That version is
 * installed in the base layer as Corepack's default (`corepack install -g`), so the install steps
 * must not mount Corepack's cache over it.
 */
export function installerFor(detection: NodeDetection): Installer {
  const base = INSTALLERS[detection.packageManager];
  const installer: Installer = detection.lockfile ? { ...base } : { ...base, ...RESOLVING[detection.packageManager], naiveInstall: `${base.setup ? `${base.setup} && ` : ''}${RESOLVING[detection.packageManager].install}` };
  if (detection.replaceRegistryHost) {
    installer.install = `${installer.install} --replace-registry-host=always`;
    installer.prodInstall = `${installer.prodInstall} --replace-registry-host=always`;
  }
  if (base.setup && detection.managerPin) {
    installer.setup = `${base.setup} \\\n && corepack install -g ${detection.managerPin}`;
    installer.setupWhy = `No packageManager field: Corepack's default becomes ${detection.managerPin}, the major ${detection.lockfile} was written by (never the newest).`;
    installer.corepackCache = false;
  }
  return installer;
}

export const NODE_IGNORE: IgnoreSection[] = [
  { why: 'Dependencies are installed inside the image from the lockfile; a host copy is large and may hold binaries for another OS.', patterns: ['**/node_modules', '.pnpm-store', '.yarn/cache', '.yarn/install-state.gz'] },
  { why: 'Logs, caches and test output the app never reads.', patterns: ['npm-debug.log*', 'yarn-debug.log*', 'yarn-error.log*', '.npm', '.eslintcache', 'coverage', '.nyc_output', '.turbo'] },
];

function checkNodeVersion(value: string): string {
  const major = /^v?(\d+)(\.\d+){0,2}$/.exec(value.trim())?.[1];
  if (!major || !(DISTROLESS_NODE_MAJORS as readonly string[]).includes(major)) {
    throw new UserError(
      `--language-version ${value}: distroless ships Node ${[...DISTROLESS_NODE_MAJORS].reverse().join(', ')} on Debian 13. Fix: pass --language-version ${DEFAULT_NODE_MAJOR} (or ${DISTROLESS_NODE_MAJORS.filter((m) => m !== DEFAULT_NODE_MAJOR).join(' or ')}) and make package.json engines allow it.`,
      ExitCode.usage,
    );
  }
  // An exact release (engines stops the line short of distroless's) keeps its minor and patch: that is the tag.
  return detectedExact(value) ?? major;
}

function detectedExact(value: string): string | null {
  const exact = /^v?(\d+\.\d+(?:\.\d+)?)$/.exec(value.trim())?.[1];
  return exact && isExactRelease(exact) ? exact : null;
}

/** The Node major to build with: the answer, else the detected default; refused when distroless ships none that fits. */
export function chosenMajor(detection: NodeDetection, answers: Answers): string {
  const rawVersion = answers.languageVersion ?? detection.nodeMajor;
  if (!rawVersion) {
    throw new UserError(`package.json: engines.node allows no Node major that distroless ships (${[...DISTROLESS_NODE_MAJORS].reverse().join(', ')}). Fix: widen engines.node, or pass --language-version ${DEFAULT_NODE_MAJOR}.`, ExitCode.usage);
  }
  return checkNodeVersion(rawVersion);
}

/** yarn 2+ must make a node_modules folder to copy (a missing lockfile is only a warning, in the evidence). */
export function checkInstallable(detection: NodeDetection, repo: Repo): void {
  if (detection.packageManager === 'yarn-berry') {
    const rc = repo.readIfExists('.yarnrc.yml') ?? '';
    if (!/nodeLinker:\s*["']?node-modules/.test(rc)) {
      throw new UserError('.yarnrc.yml: Yarn Plug\'n\'Play (the default of yarn 2+) keeps no node_modules, which this Dockerfile copies. Fix: add `nodeLinker: node-modules` to .yarnrc.yml.');
    }
  }
}

export interface NodeImages {
  builderImage: string;
  runtimeImage: string;
  /** The same names with the major replaced by ${NODE_VERSION}, so one build arg switches both. */
  builderImageArg: string;
  runtimeImageArg: string;
  debugImageArg: string;
  /** Set when the version is one exact release: distroless ships only each line's newest, so the runtime is the official slim image. */
  exactRelease: string | null;
}

export function nodeImages(major: string): NodeImages {
  const builder = imageRef('node-builder');
  const builderTag = builder.tag.replace(/^\d+/, major);
  if (isExactRelease(major)) {
    const builderArg = `${builder.repository}:${builderTag.replace(major, '${NODE_VERSION}')}`;
    const builderImage = `${builder.repository}:${builderTag}`;
    return { builderImage, runtimeImage: builderImage, builderImageArg: builderArg, runtimeImageArg: builderArg, debugImageArg: builderArg, exactRelease: major };
  }
  const runtimeRole = `nodejs${major}`;
  const runtimeImage = image(runtimeRole);
  return {
    builderImage: `${builder.repository}:${builderTag}`,
    runtimeImage,
    builderImageArg: `${builder.repository}:${builderTag.replace(/^\d+/, '${NODE_VERSION}')}`,
    runtimeImageArg: runtimeImage.replace(runtimeRole, 'nodejs${NODE_VERSION}'),
    debugImageArg: image(`${runtimeRole}-debug`).replace(runtimeRole, 'nodejs${NODE_VERSION}'),
    exactRelease: null,
  };
}

/** The root files every install reads (a workspace's members' package.json files come on top). */
export function rootManifests(detection: NodeDetection, repo: Repo): string[] {
  const files = ['package.json', ...(detection.lockfile ? [detection.lockfile] : [])];
  if (detection.packageManager === 'yarn-berry') {
    files.push('.yarnrc.yml');
    // A checked-in yarn release (yarnPath) is the yarn that runs; without it the install cannot start.
    const yarnPath = /^yarnPath:\s*["']?([^"'\s]+)/m.exec(repo.readIfExists('.yarnrc.yml') ?? '')?.[1];
    if (yarnPath && repo.exists(yarnPath)) files.push(path.posix.normalize(yarnPath));
  }
  if (detection.packageManager === 'pnpm' && repo.exists('pnpm-workspace.yaml')) files.push('pnpm-workspace.yaml');
  if (repo.exists('.npmrc')) files.push('.npmrc');
  return files;
}

/** The install steps' cache mounts: the package manager's cache, and Corepack's when it sets one up. */
export function installMounts(installer: Installer): string[] {
  return [`type=cache,target=${installer.cache}`, ...(installer.corepackCache ? ['type=cache,target=/root/.cache/node/corepack'] : [])];
}

/**
 * An install with dependency and root lifecycle scripts skipped. Yarn 2+ has no --ignore-scripts (its
 * install rejects the flag, and `workspaces focus` has no equivalent), but every command reads
 * enableScripts from the environment.
 */
export function withoutScripts(packageManager: NodePackageManager, command: string): string {
  return packageManager === 'yarn-berry' ? `YARN_ENABLE_SCRIPTS=false ${command}` : `${command} --ignore-scripts`;
}
