import { memberFolders } from '../common.js';
import { parse as parseYaml } from 'yaml';
import { ExitCode, inFolder, UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { NodeDetection, NodePackageManager } from './detect.js';
import { analysePackage, deps, spaBuildTool, detectIgnoreScripts, imageNameOf, parsePackageJson, SERVER_FRAMEWORKS, type PackageFacts, type PackageJson } from './package.js';
import { memberNodeMajor } from './version.js';

/** One package of an npm/yarn/pnpm workspace. */
export interface WorkspaceMember {
  /** Its folder relative to the workspace root (the build context), e.g. packages/api. */
  dir: string;
  /** Its package.json name, which yarn and pnpm select by; null when it has none. */
  name: string | null;
  /** Why it is a service (an app to ship); null for a library. */
  service: string | null;
  /** Start script, port, build output...: read for services only. */
  facts: PackageFacts | null;
  /** Node major its own engines.node/.nvmrc asks for; undefined when it states none (the root decides). */
  nodeMajor: string | null | undefined;
  hasBuild: boolean;
  /** Workspace members it needs at run time (through `dependencies`, transitively), as folders. */
  runtimeMembers: string[];
  /** Workspace members with a build script that must be built before it (any dependency, transitively), dependencies first. */
  buildFirst: string[];
  /** Every workspace member it depends on (dependencies and devDependencies, transitively): its build may read them. */
  usesMembers: string[];
  /** "file: why" lines about this member, paths from the workspace root. */
  evidence: string[];
  /** Its package.json, as read. */
  pkg: PackageJson;
}

export interface NodeWorkspace {
  /** The file that lists the members: package.json (npm, yarn) or pnpm-workspace.yaml. */
  source: string;
  patterns: string[];
  members: WorkspaceMember[];
  /** The root package.json starts an app itself (the members are then usually its libraries). */
  rootIsApp: boolean;
  /** Some member's install hook needs a dev tool (husky...) and skipping scripts is safe. */
  ignoreScripts: boolean;
}

/** Why a package is a service, or null: a start script, a static SPA build, or a server framework with an entry file. */
export function serviceReason(repo: Repo, pkg: PackageJson): string | null {
  const scripts = pkg.scripts ?? {};
  const all = deps(pkg);
  const build = scripts.build ?? '';
  if (all.next && /\bnext\s+build\b/.test(build)) return `a Next.js app (scripts.build "${build}")`;
  // index.html tells an app from a library built with Vite's library mode.
  if (spaBuildTool(pkg) && (repo.exists('index.html') || repo.exists('public/index.html'))) {
    return `a single-page app (scripts.build "${build}", index.html)`;
  }
  for (const name of ['start:prod', 'start']) {
    if (scripts[name]) return `an app (scripts.${name} "${scripts[name]}")`;
  }
  const framework = SERVER_FRAMEWORKS.find((name) => pkg.dependencies?.[name]);
  const entry = pkg.main ?? ['server.js', 'index.js', 'app.js', 'main.js'].find((file) => repo.exists(file));
  if (framework && entry) return `a ${framework} server (${entry})`;
  // node:http needs no framework: an entry file at the root that listens is a server too.
  const listener = ['server.js', 'index.js', 'app.js', 'main.js'].find((file) => repo.exists(file) && /\.listen\(|\bcreateServer\(/.test(repo.read(file)));
  return listener ? `a server (${listener} listens)` : null;
}

/** The member list as its package manager reads it: pnpm only reads pnpm-workspace.yaml, npm and yarn only package.json. */
function readPatterns(repo: Repo, pkg: PackageJson & { workspaces?: unknown }, pm: NodePackageManager, evidence: string[]): { source: string; patterns: string[] } | null {
  const yamlText = repo.readIfExists('pnpm-workspace.yaml');
  if (pm === 'pnpm') {
    if (pkg.workspaces !== undefined) evidence.push('package.json: "workspaces" is ignored by pnpm, which reads pnpm-workspace.yaml');
    if (yamlText === null) return null;
    let parsed: unknown;
    try {
      parsed = parseYaml(yamlText);
    } catch (error) {
      throw new UserError(`pnpm-workspace.yaml: not valid YAML (${(error as Error).message.split('\n')[0]}). Fix: correct the file (pnpm cannot read it either).`);
    }
    const packages = (parsed as { packages?: unknown } | null)?.packages;
    // pnpm 10 keeps settings in this file too; without `packages` it is a single project.
    if (packages === undefined) return null;
    return { source: 'pnpm-workspace.yaml', patterns: stringList(packages, 'pnpm-workspace.yaml: packages') };
  }
  if (yamlText !== null) evidence.push(`pnpm-workspace.yaml: ignored, the lockfile says ${pm.replace('-berry', '')}, which reads package.json "workspaces"`);
  const field = pkg.workspaces;
  if (field === undefined) return null;
  const list = Array.isArray(field) ? field : (field as { packages?: unknown } | null)?.packages;
  return { source: 'package.json', patterns: stringList(list, 'package.json: workspaces') };
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UserError(`${where}: expected a list of folder globs such as ["packages/*"]. Fix: correct the file.`);
  }
  return value as string[];
}

/** Member folders: every folder with a package.json that a pattern names and no `!pattern` excludes. */
function memberDirs(repo: Repo, patterns: string[]): string[] {
  return memberFolders(repo, 'package.json', patterns.filter((p) => !p.startsWith('!')), patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
}

interface Manifest {
  dir: string;
  pkg: PackageJson;
}

/** Members reachable from `start` through the given dependency fields, dependencies before dependents. */
function reachable(start: Manifest, byName: Map<string, Manifest>, fields: Array<'dependencies' | 'devDependencies'>): string[] {
  const order: string[] = [];
  const seen = new Set<string>([start.dir]);
  const visit = (manifest: Manifest) => {
    for (const field of fields) {
      for (const name of Object.keys(manifest.pkg[field] ?? {})) {
        const target = byName.get(name);
        if (!target || seen.has(target.dir)) continue;
        seen.add(target.dir);
        visit(target);
        order.push(target.dir);
      }
    }
  };
  visit(start);
  return order;
}

/**
 * The workspace this root declares, with every member read; null when it declares none (or its
 * patterns match no folder). Detection stays pure: everything is read through `repo`.
 */
export function readWorkspace(repo: Repo, pkg: PackageJson, pm: NodePackageManager, lock: string, evidence: string[]): NodeWorkspace | null {
  const declared = readPatterns(repo, pkg, pm, evidence);
  if (!declared) return null;
  const dirs = memberDirs(repo, declared.patterns);
  const where = `${declared.source}: workspaces ${declared.patterns.join(', ')}`;
  if (dirs.length === 0) {
    evidence.push(`${where} match no folder with a package.json; treated as a single package`);
    return null;
  }
  const manifests: Manifest[] = dirs.map((dir) => ({ dir, pkg: parsePackageJson(repo, `${dir}/package.json`) }));
  const byName = new Map(manifests.filter((m) => m.pkg.name).map((m) => [m.pkg.name!, m]));
  const lockName = pm === 'pnpm' ? 'pnpm-lock.yaml' : pm === 'npm' ? 'package-lock.json' : 'yarn.lock';
  evidence.push(`${where}: ${dirs.length} members; the root ${lockName} installs them all, so each service builds with the root as its context`);

  let ignoreScripts = false;
  const members = manifests.map((manifest): WorkspaceMember => {
    const { dir, pkg: memberPkg } = manifest;
    const sub = repo.sub(dir);
    const memberEvidence: string[] = [];
    const service = serviceReason(sub, memberPkg);
    const label = memberPkg.name ?? dir;
    const runtimeMembers = reachable(manifest, byName, ['dependencies']);
    const usesMembers = reachable(manifest, byName, ['dependencies', 'devDependencies']);
    const buildFirst = usesMembers.filter((other) => Boolean(manifests.find((m) => m.dir === other)?.pkg.scripts?.build));
    const uses = runtimeMembers.length ? `; uses ${runtimeMembers.join(', ')}` : '';
    evidence.push(`${dir}/package.json: ${label}, ${service ?? 'a library (no start script, SPA build or server entry): not a service, shipped inside the apps that use it'}${uses}`);
    let facts: PackageFacts | null = null;
    let nodeMajor: string | null | undefined;
    const local: string[] = [];
    if (service) {
      facts = inFolder(dir, () => analysePackage(sub, memberPkg, lock, local));
      nodeMajor = inFolder(dir, () => memberNodeMajor(sub, memberPkg, local));
    } else {
      detectIgnoreScripts(memberPkg, lock, local);
    }
    ignoreScripts ||= local.some((line) => line.includes('installs use --ignore-scripts'));
    memberEvidence.push(...local.map((line) => `${dir}/${line}`));
    return { dir, name: memberPkg.name ?? null, service, facts, nodeMajor, hasBuild: Boolean(memberPkg.scripts?.build), runtimeMembers, buildFirst, usesMembers, evidence: memberEvidence, pkg: memberPkg };
  });
  const rootService = serviceReason(repo, pkg);
  if (rootService) evidence.push(`package.json: the root is ${rootService} too`);
  return { source: declared.source, patterns: declared.patterns, members, rootIsApp: rootService !== null, ignoreScripts };
}

/** A workspace root that only holds members: no start script or port of its own to report. */
export function workspaceRootFacts(pkg: PackageJson, repo: Repo, lock: string, evidence: string[]): PackageFacts {
  return {
    kind: 'server',
    framework: null,
    entrypoint: null,
    entryArgs: [],
    port: null,
    hasBuild: false,
    buildScript: null,
    buildOutput: null,
    nextStandalone: false,
    ignoreScripts: detectIgnoreScripts(pkg, lock, evidence),
    buildArgs: [],
    legacyOpenssl: false,
    hasProdDeps: Object.keys(pkg.dependencies ?? {}).length > 0,
    appName: imageNameOf(pkg, repo),
    runtimeDevPackages: [],
  };
}

/** The members that are services, in folder order. */
export function serviceMembers(workspace: NodeWorkspace | null): WorkspaceMember[] {
  return workspace?.members.filter((member) => member.service) ?? [];
}

/**
 * The detection as one member sees it: the root's install facts (package manager, lockfile, Node
 * major unless the member states its own) with the member's start script, port and build.
 */
export function forMember(detection: NodeDetection, member: WorkspaceMember): NodeDetection {
  if (!member.facts) throw new Error(`forMember: ${member.dir} is not a service`);
  const nodeMajor = member.nodeMajor === undefined ? detection.nodeMajor : member.nodeMajor;
  return {
    ...detection,
    ...member.facts,
    ignoreScripts: detection.ignoreScripts,
    languageVersion: nodeMajor,
    nodeMajor,
    evidence: [...detection.evidence, ...member.evidence],
  };
}

/** The member `--workspace` names; a library or an unknown folder is refused with the services to pick from. */
export function chosenMember(detection: NodeDetection, dir: string): WorkspaceMember {
  const services = serviceMembers(detection.workspace);
  const wanted = dir.replace(/^\.\//, '').replace(/\/+$/, '');
  const member = detection.workspace?.members.find((candidate) => candidate.dir === wanted);
  const pick = services.length ? `pass --workspace ${services.map((m) => m.dir).join(' or ')}` : 'no member has a start script or an SPA build; add one';
  if (!detection.workspace) throw new UserError(`--workspace ${dir}: package.json declares no workspaces, so there is no member to pick. Fix: leave --workspace out.`, ExitCode.usage);
  // Every member's manifest is copied into the build, so one folder name with a space breaks it for all.
  const spaced = detection.workspace.members.find((candidate) => /\s/.test(candidate.dir));
  if (spaced) throw new UserError(`${spaced.dir}: a workspace member whose folder name has a space, which every COPY line would have to quote. Fix: rename the folder (e.g. with - or _).`);
  if (!member) throw new UserError(`--workspace ${dir}: not a member of the workspace (${detection.workspace.source} lists ${detection.workspace.members.map((m) => m.dir).join(', ')}). Fix: ${pick}.`, ExitCode.usage);
  if (!member.service) throw new UserError(`--workspace ${dir}: ${dir}/package.json is a library (no start script, SPA build or server entry), not a service. Fix: ${pick}.`, ExitCode.usage);
  return member;
}
