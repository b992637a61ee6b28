import path from 'node:path';
import { UserError } from '../../core/errors.js';
import { readVendor } from './vendor.js';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { parseGoMod, parseGoWork, type GoMod } from './gomod.js';
import { cgoNeeds, type CgoNeeds } from './cgo.js';
import { configFilesRead, configFolders } from './config-files.js';
import { importGraph, type LocalModule } from './imports.js';
import { auxiliaryReason, rankMainPackages, type MainPackages } from './mains.js';
import { findConfigPort, findListenPort, portEnvVar } from './ports.js';
import { builderVersion } from './releases.js';
import { existingFacts } from '../../core/existing-dockerfile.js';
import { goStated } from './existing.js';
import { embedGlobs, importsNetworking, readGoSources, type GoSource } from './sources.js';
import { goModuleSources, type GoModuleSetting } from './credentials.js';
import type { BuildSecret } from '../../core/secrets.js';

const FRAMEWORKS: Array<[string, string]> = [
  ['github.com/gin-gonic/gin', 'gin'],
  ['github.com/labstack/echo', 'echo'],
  ['github.com/gofiber/fiber', 'fiber'],
  ['github.com/go-chi/chi', 'chi'],
  ['github.com/gorilla/mux', 'gorilla/mux'],
];

export type GoLayout = 'module' | 'workspace' | 'no-module';

/** What one main package compiles into: its port, how to override it, and whether it needs cgo. */
export interface MainFacts {
  port: number | null;
  /** The environment variable that sets the port, when the code names one. */
  portEnv: string | null;
  loopbackOnly: boolean;
  /** No listen port in the code: `port` is the 8080 guess (or null), which the existing Dockerfile may correct. */
  portGuessed: boolean;
  /** "file: why" when its import graph needs cgo, else null. */
  cgo: string | null;
  /** The Debian packages its cgo needs to build and to run (see cgo-libraries.ts), else null. */
  cgoNeeds: CgoNeeds | null;
  /** Folders of config files it opens by relative path: copied into the runtime's working folder. */
  configFolders: string[];
  evidence: string[];
}

export interface GoDetection extends Detection {
  stack: 'go';
  layout: GoLayout;
  module: string | null;
  /** The `go` line: the oldest Go the code builds with. */
  goDirective: string | null;
  /** The `toolchain` line, without "go": the exact Go the authors build with. */
  toolchain: string | null;
  /** The golang tag to build with (see releases.ts) and why. */
  builderVersion: string;
  builderWhy: string;
  /** go.mod/go.sum/go.work files the dependency download needs, relative to the root. */
  moduleFiles: string[];
  vendored: boolean;
  /** vendor/ is there but incomplete: the build must say -mod=mod, or Go 1.14+ would use it and fail. */
  staleVendor: boolean;
  /** Every main package, plausible services first. */
  mainPackages: string[];
  /** The main packages that could be the service (tools, examples and test helpers left out). */
  servicePackages: string[];
  /** Whether the chosen (or, with several, any service) main package needs cgo. */
  cgo: boolean;
  /** Globs of files the build embeds: .dockerignore must keep them. */
  embeds: string[];
  /** Facts per main package: in a cmd/ layout the worker should not EXPOSE the API's port. */
  mains: Record<string, MainFacts>;
  loopbackOnly: boolean;
  /** GOPROXY / GOPRIVATE / GONOPROXY / GONOSUMDB as the repository declares them: the deps stage's ENV. */
  moduleSettings: GoModuleSetting[];
  /** The login for the private module sources, as a build secret (the build host's ~/.netrc). */
  secrets: BuildSecret[];
}

/** The port a main package listens on, with the evidence; 8080 (said so) for network code without one. */
function listeningPort(reachable: GoSource[], mainDir: string, repo: Repo): Pick<MainFacts, 'port' | 'portEnv' | 'loopbackOnly' | 'evidence' | 'portGuessed'> {
  const listen = findListenPort(reachable, mainDir) ?? findConfigPort(repo, reachable);
  if (listen) {
    const evidence = [`${listen.file}: listens on port ${listen.port}, ${listen.how} (${listen.snippet}…)`];
    if (listen.loopbackOnly) evidence.push(`${listen.file}: binds to loopback only, unreachable from outside a container; bind ":${listen.port}" instead`);
    return { port: listen.port, portEnv: listen.envVar ?? portEnvVar(reachable), evidence, loopbackOnly: listen.loopbackOnly, portGuessed: false };
  }
  if (importsNetworking(reachable)) {
    return { port: 8080, portEnv: portEnvVar(reachable), evidence: ['*.go: uses the network but no listen port found; assuming 8080 (--port to change)'], loopbackOnly: false, portGuessed: true };
  }
  return { port: null, portEnv: null, evidence: [], loopbackOnly: false, portGuessed: true };
}

interface ModuleInfo {
  layout: GoLayout;
  mods: Array<{ dir: string; mod: GoMod }>;
  go: string | null;
  toolchain: string | null;
  moduleFiles: string[];
  evidence: string[];
}

function readModules(repo: Repo): ModuleInfo | null {
  if (repo.exists('go.work')) {
    const work = parseGoWork(repo.read('go.work'));
    const moduleFiles = ['go.work', ...(repo.exists('go.work.sum') ? ['go.work.sum'] : [])];
    const mods = work.uses.map((dir) => {
      const file = dir ? `${dir}/go.mod` : 'go.mod';
      if (!repo.exists(file)) {
        throw new UserError(`go.work: "use ./${dir}" but ${file} does not exist. Fix: remove the line or add the module.`);
      }
      moduleFiles.push(file);
      const sum = dir ? `${dir}/go.sum` : 'go.sum';
      if (repo.exists(sum)) moduleFiles.push(sum);
      return { dir, mod: parseGoMod(repo.read(file), file) };
    });
    return {
      layout: 'workspace',
      mods,
      go: work.go,
      toolchain: work.toolchain,
      moduleFiles,
      evidence: [`go.work: workspace of ${mods.map((m) => m.dir || '.').join(', ')}`],
    };
  }
  if (repo.exists('go.mod')) {
    const mod = parseGoMod(repo.read('go.mod'));
    const evidence = [`go.mod: module ${mod.module}`];
    // Without a toolchain line, the builder's reason (releases.ts) states the go line.
    if (mod.go && mod.toolchain) evidence.push(`go.mod: go ${mod.go} (oldest Go that builds it)`);
    if (mod.toolchain) evidence.push(`go.mod: toolchain go${mod.toolchain} (wins for the builder image)`);
    const moduleFiles = ['go.mod'];
    if (repo.exists('go.sum')) moduleFiles.push('go.sum');
    else evidence.push('go.sum: missing, so the Dockerfile does not copy it (no third-party modules?)');
    return { layout: 'module', mods: [{ dir: '', mod }], go: mod.go, toolchain: mod.toolchain, moduleFiles, evidence };
  }
  return null;
}

/** Folders with a go.mod that this build does not use: their code belongs to another module (another service). */
function foreignModuleDirs(repo: Repo, modules: ModuleInfo | null): string[] {
  const own = new Set((modules?.mods ?? []).map((m) => m.dir));
  return repo
    .files()
    .filter((file) => file === 'go.mod' || file.endsWith('/go.mod'))
    .map((file) => path.posix.dirname(file))
    .map((dir) => (dir === '.' ? '' : dir))
    .filter((dir) => !own.has(dir));
}

/** Go claims a folder through a root go.mod/go.work, or a main package at the root or under cmd/. */
function claimsRoot(modules: ModuleInfo | null, mains: string[]): boolean {
  return modules !== null || mains.some((pkg) => pkg === '.' || /^\.\/cmd(\/[^/]+)?$/.test(pkg));
}

export function detectGo(repo: Repo): GoDetection | null {
  let modules = readModules(repo);
  const foreign = foreignModuleDirs(repo, modules);
  const sources = readGoSources(repo, foreign);
  const ranked = rankMainPackages(sources);
  // A Go helper deep inside another stack's project (a health check under extra/) does not make it a Go repository.
  if (!claimsRoot(modules, ranked.all)) return null;
  if (!modules) {
    modules = {
      layout: 'no-module',
      mods: [],
      go: null,
      toolchain: null,
      moduleFiles: [],
      evidence: ['*.go: package main without go.mod (GOPATH-style); the builder runs `go mod init` first'],
    };
  }
  const evidence = [...modules.evidence];
  const file = modules.layout === 'workspace' ? 'go.work' : 'go.mod';
  const stated = goStated(existingFacts(repo), ranked.all);
  // go.mod's lines win; without a module, the Go the existing Dockerfile builds with is the minimum.
  const builder = !modules.go && !modules.toolchain && stated.go
    ? fromDockerfile(builderVersion(stated.go.version, null, 'Dockerfile'), stated.go)
    : builderVersion(modules.go, modules.toolchain, file);
  // Right after the module line, where a toolchain's go/toolchain lines stand.
  if (!modules.toolchain) evidence.splice(modules.layout === 'no-module' ? evidence.length : 1, 0, builder.why);

  const vendor = readVendor(repo);
  const vendored = vendor.usable;
  if (vendor.evidence) evidence.push(vendor.evidence);

  const localModules: LocalModule[] = modules.mods.filter((m) => m.mod.module).map((m) => ({ dir: m.dir, path: m.mod.module! }));
  const mains: Record<string, MainFacts> = Object.fromEntries(
    ranked.all.map((pkg) => [pkg, analyseMain(pkg, sources, localModules, repo, vendor.packages)]),
  );
  evidence.push(describeMains(ranked, sources));
  // Several services and no way to tell from the code: the one the existing setup builds breaks the tie.
  if (!ranked.chosen && stated.main && ranked.plausible.includes(stated.main.pkg)) {
    ranked.chosen = stated.main.pkg;
    evidence.push(stated.main.evidence);
  }

  const requires = modules.mods.flatMap((m) => m.mod.requires);
  const framework = FRAMEWORKS.find(([module]) => requires.some((r) => r.startsWith(module)))?.[1]
    ?? (importsNetworking(sources) ? 'net/http' : null);
  if (framework && framework !== 'net/http') evidence.push(`go.mod: requires ${framework}`);
  // Vendored (or module-less) builds download nothing: no source to configure, no login to mount.
  const moduleSources = modules.layout === 'no-module' || vendored ? { settings: [], secrets: [] } : goModuleSources(repo, requires, evidence);

  // The facts shown for the repository: the chosen service's, else the first plausible one's.
  const shownPkg = ranked.chosen ?? ranked.plausible[0];
  // No port in the code: the existing setup's port (EXPOSE, --port, fly.toml) replaces the guess.
  if (mains[shownPkg]?.portGuessed && stated.port && (mains[shownPkg].port !== null || stated.main?.pkg === shownPkg || ranked.all.length === 1)) {
    mains[shownPkg] = { ...mains[shownPkg], port: stated.port.port, portGuessed: false, evidence: [...mains[shownPkg].evidence.filter((line) => !line.includes('no listen port found')), stated.port.evidence] };
  }
  const shown = mains[shownPkg] as MainFacts | undefined;
  const cgoLine = ranked.chosen ? shown?.cgo : ranked.plausible.map((pkg) => mains[pkg].cgo).find(Boolean);
  if (cgoLine) evidence.push(cgoLine);
  evidence.push(...(shown?.evidence ?? []));

  return {
    stack: 'go',
    languageVersion: modules.toolchain ?? modules.go,
    packageManager: modules.layout === 'no-module' ? null : modules.layout === 'workspace' ? 'go work' : 'go mod',
    framework,
    // Several plausible services: leave the choice to the user.
    entrypoint: ranked.chosen,
    port: shown?.port ?? null,
    evidence,
    layout: modules.layout,
    module: modules.mods[0]?.mod.module ?? null,
    goDirective: modules.go,
    toolchain: modules.toolchain,
    builderVersion: builder.version,
    builderWhy: builder.why,
    moduleFiles: modules.moduleFiles,
    vendored,
    staleVendor: vendor.listed && !vendor.usable,
    mainPackages: ranked.all,
    servicePackages: ranked.plausible,
    cgo: Boolean(cgoLine),
    embeds: embedGlobs(sources),
    mains,
    loopbackOnly: shown?.loopbackOnly ?? false,
    moduleSettings: moduleSources.settings,
    secrets: moduleSources.secrets,
  };
}

/** The builder for the Go a Dockerfile's golang tag names: that line, or the oldest supported one when it is past its end of life. */
function fromDockerfile(builder: ReturnType<typeof builderVersion>, go: { version: string; evidence: string }): ReturnType<typeof builderVersion> {
  const raised = builder.version !== go.version;
  return { version: builder.version, why: raised ? `${go.evidence}; Go ${go.version} no longer gets security fixes: building with ${builder.version}, the oldest supported Go at or above it` : go.evidence };
}

/** What one main package compiles (its import graph), and so its port, cgo and config folders. */
function analyseMain(pkg: string, sources: GoSource[], modules: LocalModule[], repo: Repo, vendoredPackages: readonly string[]): MainFacts {
  const mainDir = pkg === '.' ? '' : pkg.slice(2);
  const graph = importGraph(sources, modules, mainDir);
  const reachable = sources.filter((s) => graph.dirs.has(s.dir));
  const configs = configFilesRead(repo, reachable);
  const port = listeningPort(reachable, mainDir, repo);
  if (configs.length) port.evidence.push(`${configs.join(', ')}: opened by a relative path, so the image keeps ${configFolders(configs).join(', ')}/ in the working folder`);
  const needs = cgoNeeds(reachable, graph.external, vendoredPackages);
  // The first reason is the cgo line; the others (more libraries) join the main package's evidence.
  if (needs) port.evidence.unshift(...needs.reasons.slice(1));
  return { ...port, cgo: needs?.reasons[0] ?? null, cgoNeeds: needs, configFolders: configFolders(configs) };
}

/** Said when a module has no program to build (a library). */
export const NO_MAIN_PACKAGE = '*.go: no package main found, nothing to run';

/** The evidence line for the main packages: the one chosen and why, or the plausible ones to ask about. */
function describeMains(ranked: MainPackages, sources: GoSource[]): string {
  if (ranked.all.length === 0) return NO_MAIN_PACKAGE;
  const helpers = ranked.all.filter((pkg) => !ranked.plausible.includes(pkg));
  if (ranked.chosen) {
    const others = ranked.all.filter((pkg) => pkg !== ranked.chosen);
    const folders = [...new Set(others.map((pkg) => auxiliaryReason(pkg)))].join(', ');
    const why = others.length ? `, the service (the other main packages are helpers ${folders}: ${listSome(others)})` : '';
    return `${describeMain(ranked.chosen, sources)}: package main${why}`;
  }
  const left = helpers.length ? ` (helpers left out: ${listSome(helpers)})` : '';
  return `*.go: several main packages could be the service: ${ranked.plausible.join(', ')}${left}`;
}

/** A list short enough for one evidence line. */
function listSome(items: string[], max = 4): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function describeMain(pkg: string, sources: GoSource[]): string {
  const dir = pkg === '.' ? '' : pkg.slice(2);
  return sources.find((s) => s.dir === dir && s.packageName === 'main')?.file ?? path.posix.join(dir, '*.go');
}
