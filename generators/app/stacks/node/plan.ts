import { COMMON_IGNORE, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, Plan } from '../types.js';
import type { NodeDetection } from './detect.js';
import { groupByFolder, standardOutputs } from '../common.js';
import { checkInstallable, chosenMajor, installerFor, installMounts, NODE_IGNORE, nodeImages, rootManifests, withoutScripts } from './install.js';
import { planMember, type NodeMemberPlan } from './plan-member.js';
import { serviceMembers } from './workspace.js';
import { prismaNotes, prismaPlan } from './prisma-plan.js';
import { credentialIgnore, secretNotes, withSecretEnv } from '../../core/secrets.js';
import { siteNote, staticSite } from './static-site.js';

function buildOutputIgnore(detection: NodeDetection): IgnoreSection[] {
  if (!detection.hasBuild) return [];
  const outputs = [...new Set([detection.buildOutput, ...(detection.kind === 'next' ? ['.next', 'out'] : [])].filter((dir): dir is string => Boolean(dir) && dir !== '.'))];
  return outputs.length ? [{ why: 'Build output: the build stage makes it fresh, a stale host copy must not mix in.', patterns: outputs }] : [];
}

export function defaultNodeVersion(detection: NodeDetection): string | null {
  return detection.nodeMajor;
}

export function planNode(detection: NodeDetection, answers: Answers, repo: Repo): NodePlan | NodeMemberPlan {
  return detection.workspace && answers.workspace && answers.workspace !== '.' ? planMember(detection, answers, repo) : planNodeProject(detection, answers, repo);
}

/** A project built from its own folder (not a workspace member): also the front end of a three-tier app. */
export function planNodeProject(detection: NodeDetection, answers: Answers, repo: Repo) {
  if (answers.workspace && answers.workspace !== '.' && !detection.workspace) {
    throw new UserError(`--workspace ${answers.workspace}: package.json declares no workspaces, so there is no member to pick. Fix: leave --workspace out.`, ExitCode.usage);
  }
  const major = chosenMajor(detection, answers);
  checkInstallable(detection, repo);
  const entry = answers.entrypoint ?? detection.entrypoint;
  if (!entry && detection.workspace && !detection.workspace.rootIsApp) {
    const services = serviceMembers(detection.workspace).map((member) => member.dir);
    throw new UserError(
      `package.json: a workspace root that is not an app itself. Fix: ${services.length ? `pass --workspace ${services.join(' or ')}` : 'no member has a start script or an SPA build either; add one to the member to ship, then pass --workspace'}.`,
      ExitCode.usage,
    );
  }
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
  const installer = installerFor(detection);
  const skipScripts = (command: string) => withSecretEnv(detection.secrets, detection.ignoreScripts ? withoutScripts(detection.packageManager, command) : command);
  const images = nodeImages(major);
  const programs = detection.systemPrograms;
  // A program distroless lacks, or a release it does not ship: the honest fallback is the builder's Debian
  // image. A single-page app runs no Node (Caddy serves it), so neither applies.
  const debianRuntime = detection.kind !== 'spa' && (programs.programs.length > 0 || images.exactRelease !== null);
  const slimRuntimeWhy = programs.programs.length
    ? `distroless has no ${programs.programs.join(', ')}`
    : images.exactRelease
      ? `distroless nodejs${major.split('.')[0]} ships only the newest ${major.split('.')[0]}.x, which package.json engines excludes; node:${images.exactRelease} is the newest release it allows`
      : null;
  const { builderImage } = images;
  // A single-page app needs no Node at run time: Caddy serves the built files.
  const site = detection.kind === 'spa' ? staticSite({ tool: detection.framework, repo, caddyfile: 'Caddyfile', from: 'build', files: `/app/${detection.buildOutput}`, port }) : null;
  const runtimeImage = site ? site.runtimeImage : debianRuntime ? builderImage : images.runtimeImage;
  const manifestFiles = rootManifests(detection, repo);

  // npm ci (and the others' frozen installs) refuse a workspace lockfile unless every member's package.json is there.
  const memberManifests = detection.workspace?.members.map((member) => `${member.dir}/package.json`) ?? [];

  const prisma = prismaPlan(detection);
  const needed = [...manifestFiles, ...memberManifests, ...(repo.exists(entry) ? [entry] : []), ...(detection.prisma ? [detection.prisma.schema] : [])];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...credentialIgnore(detection.secrets), ...NODE_IGNORE, ...buildOutputIgnore(detection)], needed);

  const notes = [
    `Builder: ${builderImage}: Node ${major}, ${images.exactRelease ? 'the exact release' : 'a major that distroless ships and'} the project allows (${detection.evidence.find((line) => /engines\.node|\.nvmrc|\.node-version/.test(line)) ? 'from package.json engines / version file' : 'default'}).`,
    `Install: \`${installer.install}\` from ${detection.lockfile ?? 'package.json alone (no lockfile: versions resolve at build time, not reproducible; commit the lockfile it writes)'} with a cache mount; ${site ? 'only the built files leave the build stage, no node_modules.' : `the runtime gets a separate \`${installer.prodInstall}\` so no dev dependency ships.`}`,
    site
      ? siteNote(site)
      : debianRuntime
        ? `Runtime: ${runtimeImage}, not distroless: ${programs.programs.length ? `the server runs ${programs.programs.join(', ')}, which distroless lacks (it has no shell either)` : `${slimRuntimeWhy} (the image has a shell; distroless would not)`}${programs.aptPackages.length ? `; apt installs ${programs.aptPackages.join(', ')}` : ''}. It runs as a user 65532 created in the image (distroless's nonroot uid, rather than the image's node user, 1000, so volume files keep the same owner); ENTRYPOINT is node, CMD the script.`
        : `Runtime: ${runtimeImage}: node and nothing else (no shell, no npm); CMD is the script, the image's entrypoint is node.`,
    debianRuntime
      ? 'Debug: the runtime has a shell already (`docker run --entrypoint sh`), so there is no debug stage.'
      : 'Debug: `docker build --target debug` gives the same app on :debug-nonroot, with busybox (`docker run --entrypoint /busybox/sh`).',
    ...dockerignore.dropped.map((item) => `.dockerignore: left out ${item}.`),
  ];
  if (programs.unknown.length) notes.push(`System programs with no package known to this generator: ${programs.unknown.join(', ')}. If the app needs them, add their Debian packages to the runtime stage's apt-get install.`);
  if (programs.programs.includes('ping')) notes.push('ping as uid 65532: Docker lets unprivileged processes send ICMP echo (net.ipv4.ping_group_range); under another engine, grant NET_RAW.');
  notes.push(...prismaNotes(detection, prisma));
  notes.push(...secretNotes(detection.secrets));
  if (detection.ignoreScripts) notes.push('Install scripts are skipped (--ignore-scripts, or YARN_ENABLE_SCRIPTS=false for yarn 2+): the root prepare/postinstall hook needs a dev tool and .git; no dependency has install scripts.');
  if (detection.kind === 'next' && !detection.nextStandalone) notes.push("Next.js: add `output: 'standalone'` to next.config to ship only the traced server (often a tenth of the size); then re-run the generator.");
  if (detection.buildArgs.length) notes.push(`Build args: ${detection.buildArgs.map((name) => `--build-arg ${name}=…`).join(' ')}; they are compiled into public JavaScript, so never pass secrets.`);
  if ((detection.packageManager === 'pnpm' || detection.packageManager === 'yarn-berry') && !detection.packageManagerField) {
    notes.push(`package.json has no packageManager field, so Corepack picks its own ${detection.packageManager.replace('-berry', '')} version; pin one with \`corepack use ${detection.packageManager === 'pnpm' ? 'pnpm' : 'yarn'}@<version>\`.`);
  }

  const outputs = standardOutputs('node');
  // A single-page app also gets the Caddyfile its runtime stage serves with, next to package.json.
  if (site) outputs.files.push({ template: 'node/Caddyfile.ejs', destination: site.caddyfile });

  return {
    // A project of its own (a workspace root that is an app included) builds from its whole folder.
    buildReads: ['.'],
    builderImage,
    runtimeImage,
    ...outputs,
    notes,
    stackTitle: detection.kind === 'nest' ? 'NestJS' : detection.kind === 'next' ? 'Next.js' : detection.kind === 'spa' ? 'single-page app (Node build)' : 'Node.js',
    imageName: detection.appName,
    port: site ? site.port : port,
    ignoreSections: dockerignore.sections,
    secrets: detection.secrets,
    runtimeHasShell: debianRuntime,
    runtimePackages: [],
    context: {
      nodeMajor: major,
      builderImageArg: images.builderImageArg,
      runtimeImageArg: site ? site.runtimeImage : images.runtimeImageArg,
      site,
      systemPrograms: debianRuntime ? programs.programs : [],
      slimRuntimeWhy,
      prisma,
      prismaConfigEnv: detection.prisma?.configEnv ?? [],
      runtimeDevPackages: detection.runtimeDevPackages,
      dataDirs: detection.kind === 'spa' ? [] : detection.dataDirs.map((entry) => entry.dir),
      aptPackages: programs.aptPackages,
      debugImageArg: site ? site.debugImage : images.debugImageArg,
      packageManager: detection.packageManager,
      manifestFiles,
      // One COPY per folder: a yarn release under .yarn/releases/ must land there, not in ./.
      manifestCopies: groupByFolder([...manifestFiles, ...memberManifests]),
      mounts: installMounts(installer, detection.secrets),
      setup: installer.setup,
      setupWhy: installer.setupWhy,
      nativeAddons: detection.nativeAddons,
      skippedDownloads: detection.skippedDownloads,
      noLockfile: !detection.lockfile,
      install: skipScripts(installer.install),
      prodInstall: skipScripts(installer.prodInstall),
      ignoreScripts: detection.ignoreScripts,
      cache: installer.cache,
      buildCommand: `${installer.run} ${detection.buildScript ?? 'build'}`,
      naiveInstall: installer.naiveInstall,
      kind: detection.kind,
      needsBuild,
      nextStandalone: detection.nextStandalone,
      buildOutput: detection.buildOutput,
      buildArgs: detection.buildArgs,
      legacyOpenssl: detection.legacyOpenssl,
      nextPublic: repo.isDirectory('public'),
      // No production dependencies: no prod-deps stage, nothing to copy (npm would make no node_modules).
      prodDeps: detection.kind !== 'spa' && !detection.nextStandalone && detection.hasProdDeps,
      // `next` without a command would start the dev server.
      cmd: detection.kind === 'next' && !detection.nextStandalone && entry === detection.entrypoint ? [entry, 'start']
        // The start script's own arguments (`node index.js start`) belong to its file, not to a --main answer.
        : entry === detection.entrypoint ? [entry, ...detection.entryArgs] : [entry],
      entrypoint: site ? site.entrypoint : debianRuntime ? ['/usr/local/bin/node'] : ['/nodejs/bin/node'],
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type NodeContext = ReturnType<typeof planNodeProject>['context'];
export type NodePlan = Plan<NodeContext>;
