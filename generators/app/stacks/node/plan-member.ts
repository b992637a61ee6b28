import { credentialIgnore, secretNotes, withSecretEnv, type BuildSecret } from '../../core/secrets.js';
import { COMMON_IGNORE, tailorIgnore, type IgnoreSection, type TailoredIgnore } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, OutputFile, Plan } from '../types.js';
import { groupByFolder } from '../common.js';
import type { NodeDetection, NodePackageManager } from './detect.js';
import { checkInstallable, chosenMajor, installerFor, installMounts, NODE_IGNORE, nodeImages, rootManifests, withoutScripts } from './install.js';
import { chosenMember, forMember, type NodeWorkspace, type WorkspaceMember } from './workspace.js';
import { siteNote, staticSite } from './static-site.js';

/** One COPY in the runtime stage: from a stage (absolute paths) or from the context (null). */
interface Copy {
  from: string | null;
  source: string;
  target: string;
}

/** yarn and pnpm select a member by its package name (pnpm also by path); npm by folder. */
function selector(pm: NodePackageManager, member: WorkspaceMember): string {
  if (pm === 'npm') return `--workspace ${member.dir}`;
  if (pm === 'pnpm') return `--filter ${member.name ?? `./${member.dir}`}`;
  if (!member.name) throw new UserError(`${member.dir}/package.json: no "name", and yarn selects workspaces by name. Fix: add a "name" to ${member.dir}/package.json.`);
  return member.name;
}

function buildCommand(pm: NodePackageManager, member: WorkspaceMember): string {
  if (pm === 'npm') return `npm run build ${selector(pm, member)}`;
  if (pm === 'pnpm') return `pnpm ${selector(pm, member)} run build`;
  return `yarn workspace ${selector(pm, member)} run build`;
}

/** pnpm 10 deploys a workspace without injected packages only with --legacy; pnpm 9 does not know the flag. */
function pnpmDeployFlags(detection: NodeDetection, repo: Repo): { legacy: boolean; note: string | null } {
  // The field, else the lockfile's pin: the pnpm that will run.
  const major = Number(/^pnpm@(\d+)/.exec(detection.packageManagerField ?? detection.managerPin ?? '')?.[1] ?? NaN);
  const injected = /^injectWorkspacePackages:\s*true/m.test(repo.readIfExists('pnpm-workspace.yaml') ?? '') || /^inject-workspace-packages\s*=\s*true/m.test(repo.readIfExists('.npmrc') ?? '');
  if (major < 10 || injected) return { legacy: false, note: null };
  return {
    legacy: true,
    note: Number.isNaN(major) ? 'pnpm: no packageManager field and no lockfileVersion to pin from, so Corepack picks pnpm 10+, whose deploy needs --legacy here (no injectWorkspacePackages); pin a version with `corepack use pnpm@<version>`.' : null,
  };
}

/** The members' package folders in npm's lockfile that get nested production packages (version conflicts). */
function nestedProdModules(repo: Repo, lockfile: string, folders: string[]): string[] {
  let packages: Record<string, { dev?: boolean; devOptional?: boolean; optional?: boolean }> = {};
  try {
    packages = (JSON.parse(repo.read(lockfile)) as { packages?: typeof packages }).packages ?? {};
  } catch (error) {
    throw new UserError(`${lockfile}: not valid JSON (${(error as Error).message}). Fix: run \`npm install\` to write it again.`);
  }
  const prod = Object.entries(packages).filter(([, entry]) => entry && !entry.dev && !entry.devOptional && !entry.optional).map(([key]) => key);
  return folders.filter((folder) => prod.some((key) => key.startsWith(`${folder}/node_modules/`)));
}

/**
 * One .dockerignore for the whole workspace, whichever member is built: every member's Dockerfile
 * shares the root as its context, so they must agree on what it holds.
 */
export function workspaceIgnore(workspace: NodeWorkspace, manifests: string[], repo: Repo, secrets: BuildSecret[]): TailoredIgnore {
  const services = workspace.members.filter((member) => member.facts);
  const outputs = services
    .filter((member) => member.hasBuild && member.facts!.buildOutput && member.facts!.buildOutput !== '.')
    .map((member) => `${member.dir}/${member.facts!.buildOutput}`);
  const entries = services.map((member) => `${member.dir}/${member.facts!.entrypoint}`).filter((file) => repo.exists(file));
  const sections: IgnoreSection[] = [...COMMON_IGNORE, ...credentialIgnore(secrets), ...NODE_IGNORE];
  if (outputs.length) sections.push({ why: "Members' build output: the build stage makes it fresh, a stale host copy must not mix in.", patterns: outputs });
  return tailorIgnore(sections, [...manifests, ...entries]);
}

/** Root files a member's build may read: JSON/JS/TS configs (tsconfig.base.json, babel.config.js) and dotfile configs (.babelrc, .browserslistrc). */
const ROOT_BUILD_CONFIG = /^\.[\w.-]+$|\.(json|[cm]?[jt]s)$/;

export function planMember(root: NodeDetection, answers: Answers, repo: Repo) {
  const member = chosenMember(root, answers.workspace!);
  const workspace = root.workspace!;
  const detection = forMember(root, member);
  const pm = detection.packageManager;
  const major = chosenMajor(detection, answers);
  checkInstallable(detection, repo);
  const sub = repo.sub(member.dir);
  if (detection.kind === 'next') {
    throw new UserError(`${member.dir}/package.json: a Next.js app inside a workspace is not supported yet (its standalone output mirrors the whole workspace). Fix: write this Dockerfile by hand, or build the app outside the workspace.`);
  }
  if (detection.kind === 'spa' && !detection.hasBuild) {
    throw new UserError(`${member.dir}/package.json: a single-page app needs scripts.build to make its static files. Fix: add "build": "vite build".`);
  }
  const entry = answers.entrypoint ?? detection.entrypoint;
  if (!entry) {
    throw new UserError(`${member.dir}/package.json: no start script that runs a file with node, and no main, bin or server.js. Fix: pass --main with the script node should run, relative to ${member.dir} (e.g. --main dist/server.js).`, ExitCode.usage);
  }
  const byDir = new Map(workspace.members.map((m) => [m.dir, m]));
  const builds = [...member.buildFirst.map((dir) => byDir.get(dir)!), ...(member.hasBuild ? [member] : [])];
  if (builds.length === 0 && !sub.exists(entry)) {
    throw new UserError(`--main ${entry}: no such file in ${member.dir}, and no build script could make it. Fix: pass the script that starts the server, relative to ${member.dir}.`, ExitCode.usage);
  }

  const spa = detection.kind === 'spa';
  // pnpm deploy assembles the member with its production dependencies, so pnpm always has a build stage.
  const needsBuild = builds.length > 0 || pm === 'pnpm';
  const prodDeps = !spa && pm !== 'pnpm' && detection.hasProdDeps;
  const installer = installerFor(detection);
  const skipScripts = (command: string) => withSecretEnv(detection.secrets, detection.ignoreScripts ? withoutScripts(detection.packageManager, command) : command);
  const images = nodeImages(major);
  const shipped = [...member.runtimeMembers, member.dir];
  const manifests = [...rootManifests(detection, repo), ...workspace.members.map((m) => `${m.dir}/package.json`)];
  const deploy = pm === 'pnpm' ? pnpmDeployFlags(detection, repo) : null;

  const buildCommands = builds.map((m) => buildCommand(pm, m));
  // The runtime copies these folders from the build stage; their node_modules hold dev tools.
  if (needsBuild && !spa && pm !== 'pnpm') buildCommands.push(`rm -rf ${['node_modules', ...shipped.map((dir) => `${dir}/node_modules`)].join(' ')}`);
  const prodInstall =
    pm === 'npm' ? `${detection.lockfile ? 'npm ci' : 'npm install'} --omit=dev ${selector(pm, member)}${detection.replaceRegistryHost ? ' --replace-registry-host=always' : ''}`
    : pm === 'yarn-berry' ? `yarn workspaces focus ${selector(pm, member)} --production`
    : pm === 'yarn' ? installer.prodInstall
    : `pnpm ${selector(pm, member)} deploy --prod${deploy!.legacy ? ' --legacy' : ''} /prod/${member.dir}`;

  const copies: Copy[] = [];
  const workdir = `/app/${member.dir}`;
  const port = answers.port === undefined ? detection.port : answers.port;
  // The Caddyfile sits in the member's folder, next to its package.json, as for a single SPA.
  const site = spa ? staticSite({ tool: detection.framework, repo: sub, caddyfile: `${member.dir}/Caddyfile`, from: 'build', files: `/app/${member.dir}/${detection.buildOutput}`, port }) : null;
  if (site) {
    // Caddy serves the files (static-site.ejs): nothing else to copy.
  } else if (pm === 'pnpm') {
    copies.push({ from: 'build', source: `/prod/${member.dir}`, target: workdir });
  } else {
    if (prodDeps && pm === 'npm') {
      copies.push({ from: 'prod-deps', source: '/app/node_modules', target: '/app/node_modules' });
      for (const dir of detection.lockfile ? nestedProdModules(repo, detection.lockfile, shipped) : []) copies.push({ from: 'prod-deps', source: `/app/${dir}/node_modules`, target: `/app/${dir}/node_modules` });
    }
    // yarn's lockfile does not say which packages land in a member's own node_modules: take the whole install.
    if (prodDeps && pm !== 'npm') copies.push({ from: 'prod-deps', source: '/app', target: '/app' });
    for (const dir of shipped) copies.push(needsBuild ? { from: 'build', source: `/app/${dir}`, target: `/app/${dir}` } : { from: null, source: dir, target: `/app/${dir}` });
  }

  // The install reads every manifest; the build, this member, the members it uses and the root's
  // configuration (a tsconfig.base.json or babel config the members extend). Other members' folders stay out.
  const rootConfig = repo.files().filter((file) => !file.includes('/') && ROOT_BUILD_CONFIG.test(file));
  const buildReads = [...new Set([...rootConfig, ...manifests, member.dir, ...member.usesMembers])];
  const dockerignore = workspaceIgnore(workspace, manifests, repo, detection.secrets);
  const label = member.name ?? member.dir;
  const notes = [
    `Context: the workspace root, not ${member.dir}: the install reads the root ${detection.lockfile ?? 'package.json (no lockfile)'} and needs every member's package.json (${workspace.members.length} members), so \`docker build\` runs from the root.`,
    needsBuild
      ? `Builder: ${images.builderImage}: Node ${major}; \`${installer.install}\` installs the whole workspace with a cache mount${buildCommands.length ? `, then ${builds.map((m) => m.name ?? m.dir).join(', ')} ${builds.length > 1 ? 'are' : 'is'} built` : ''}.`
      : `Builder: ${images.builderImage}: Node ${major}, for the production install only (${label} has nothing to build).`,
    site
      ? siteNote(site)
      : pm === 'pnpm'
        ? `Runtime: \`pnpm deploy\` puts ${label} with its production dependencies (workspace packages included) in one folder; only that folder ships, on ${images.runtimeImage}.`
        : `Runtime: ${images.runtimeImage} with ${shipped.join(', ')} and ${prodDeps ? `the production dependencies of \`${prodInstall}\`` : 'no dependencies (none are declared)'}; no dev tool, no other member.`,
    'Debug: `docker build --target debug` gives the same app on :debug-nonroot, with busybox (`docker run --entrypoint /busybox/sh`).',
    ...dockerignore.dropped.map((item) => `.dockerignore: left out ${item}.`),
  ];
  if (pm === 'yarn' && prodDeps) notes.push('yarn v1 cannot install one workspace alone: the runtime gets the production dependencies of every member (yarn 2+ `workspaces focus` or pnpm `deploy` ship only this one).');
  if (deploy?.note) notes.push(deploy.note);
  notes.push(...secretNotes(detection.secrets));
  if (detection.ignoreScripts) notes.push('Install scripts are skipped (--ignore-scripts, or YARN_ENABLE_SCRIPTS=false for yarn 2+): a prepare/postinstall hook needs a dev tool and .git; no dependency has install scripts.');
  if (detection.buildArgs.length) notes.push(`Build args: ${detection.buildArgs.map((name) => `--build-arg ${name}=…`).join(' ')}; they are compiled into public JavaScript, so never pass secrets.`);

  const files: OutputFile[] = [
    { template: 'node/workspace/Dockerfile.ejs', destination: 'Dockerfile' },
    { template: '_shared/dockerignore.ejs', destination: '.dockerignore', sharedIgnore: true },
    ...(site ? [{ template: 'node/Caddyfile.ejs', destination: site.caddyfile }] : []),
  ];
  const mounts = installMounts(installer, detection.secrets);

  return {
    builderImage: images.builderImage,
    runtimeImage: site ? site.runtimeImage : images.runtimeImage,
    files,
    naiveTemplate: 'node/workspace/Dockerfile.naive.ejs',
    notes,
    buildReads,
    stackTitle: `${spa ? 'single-page app (Node build)' : detection.kind === 'nest' ? 'NestJS' : 'Node.js'} workspace member (${member.dir})`,
    imageName: detection.appName,
    port: site ? site.port : port,
    ignoreSections: dockerignore.sections,
    secrets: detection.secrets,
    runtimeHasShell: false,
    runtimePackages: [],
    context: {
      memberDir: member.dir,
      lockfile: detection.lockfile ?? 'package.json',
      nodeMajor: major,
      ...images,
      ...(site ? { runtimeImageArg: site.runtimeImage, debugImageArg: site.debugImage } : {}),
      site,
      packageManager: pm,
      setup: installer.setup,
      setupWhy: installer.setupWhy,
      nativeAddons: detection.nativeAddons,
      skippedDownloads: detection.skippedDownloads,
      noLockfile: !detection.lockfile,
      mounts,
      manifestCopies: groupByFolder(manifests),
      install: skipScripts(installer.install),
      ignoreScripts: detection.ignoreScripts,
      needsBuild,
      buildArgs: detection.buildArgs,
      legacyOpenssl: detection.legacyOpenssl,
      buildCommands,
      deploy: pm === 'pnpm' && !spa ? skipScripts(prodInstall) : null,
      prodDeps,
      prodInstall: skipScripts(prodInstall),
      prodScope: pm === 'yarn' ? 'every member (yarn v1 cannot install one workspace alone)' : `${member.dir}${member.runtimeMembers.length ? ` and the workspace packages it uses (${member.runtimeMembers.join(', ')})` : ''}`,
      kind: detection.kind,
      buildOutput: detection.buildOutput,
      workdir,
      copies,
      naiveInstall: installer.naiveInstall,
      naiveBuilds: builds.map((m) => buildCommand(pm, m)),
      cmd: entry === detection.entrypoint ? [entry, ...detection.entryArgs] : [entry],
      entrypoint: site ? site.entrypoint : ['/nodejs/bin/node'],
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type NodeMemberContext = ReturnType<typeof planMember>['context'];
export type NodeMemberPlan = Plan<NodeMemberContext>;
