import path from 'node:path';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { parseGoMod, parseGoWork, type GoMod } from './gomod.js';
import {
  embedGlobs,
  findListenAddress,
  importsNetworking,
  mainPackages,
  readGoSources,
  usesCgo,
  type GoSource,
} from './sources.js';

/** Modules that only build with cgo: their presence means the binary needs libc at run time. */
const CGO_MODULES = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go',
  'gopkg.in/gographics/imagick.v3',
  'github.com/linxGnu/grocksdb',
  'github.com/tecbot/gorocksdb',
  'github.com/google/gopacket/pcap',
];

const FRAMEWORKS: Array<[string, string]> = [
  ['github.com/gin-gonic/gin', 'gin'],
  ['github.com/labstack/echo', 'echo'],
  ['github.com/gofiber/fiber', 'fiber'],
  ['github.com/go-chi/chi', 'chi'],
  ['github.com/gorilla/mux', 'gorilla/mux'],
];

export type GoLayout = 'module' | 'workspace' | 'no-module';

export interface GoDetection extends Detection {
  stack: 'go';
  layout: GoLayout;
  module: string | null;
  /** The `go` line: the oldest Go the code builds with. */
  goDirective: string | null;
  /** The `toolchain` line, without "go": the exact Go the authors build with. */
  toolchain: string | null;
  /** go.mod/go.sum/go.work files the dependency download needs, relative to the root. */
  moduleFiles: string[];
  vendored: boolean;
  mainPackages: string[];
  cgo: boolean;
  /** Globs of files the build embeds: .dockerignore must keep them. */
  embeds: string[];
  /** Port per main package (null: it listens on nothing we can see). */
  portsByMain: Record<string, number | null>;
  loopbackOnly: boolean;
}

/** The port a set of sources listens on, with the evidence; 8080 (said so) for network code without a literal. */
function listeningPort(sources: GoSource[]): { port: number | null; evidence: string[]; loopbackOnly: boolean } {
  const listen = findListenAddress(sources);
  if (listen) {
    const evidence = [`${listen.file}: listens on port ${listen.port} (${listen.snippet.trim()}…)`];
    if (listen.loopbackOnly) evidence.push(`${listen.file}: binds to loopback only, unreachable from outside a container; bind ":${listen.port}" instead`);
    return { port: listen.port, evidence, loopbackOnly: listen.loopbackOnly };
  }
  if (importsNetworking(sources)) {
    return { port: 8080, evidence: ['*.go: uses the network but no literal listen port found; assuming 8080 (--port to change)'], loopbackOnly: false };
  }
  return { port: null, evidence: [], loopbackOnly: false };
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
    if (mod.go) evidence.push(`go.mod: go ${mod.go} (oldest Go that builds it)`);
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

export function detectGo(repo: Repo): GoDetection | null {
  let modules = readModules(repo);
  const foreign = foreignModuleDirs(repo, modules);
  const sources = readGoSources(repo, foreign);
  if (!modules) {
    const hasMain = sources.some((s) => s.packageName === 'main');
    if (!hasMain) return null;
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
  const mains = mainPackages(sources);
  if (mains.length === 0) {
    evidence.push('*.go: no package main found, nothing to run');
  } else {
    evidence.push(`${describeMain(mains[0], sources)}: package main${mains.length > 1 ? ` (also ${mains.slice(1).join(', ')})` : ''}`);
  }

  const vendored = repo.exists('vendor/modules.txt');
  if (vendored) evidence.push('vendor/modules.txt: dependencies are vendored, build with -mod=vendor and no download');

  const requires = modules.mods.flatMap((m) => m.mod.requires);
  const cgoSource = usesCgo(sources);
  const cgoModule = requires.find((r) => CGO_MODULES.some((m) => r === m || r.startsWith(`${m}/`)));
  if (cgoSource) evidence.push(`${cgoSource.file}: import "C" (cgo), so the binary needs glibc at run time`);
  else if (cgoModule) evidence.push(`go.mod: requires ${cgoModule}, which needs cgo and glibc at run time`);

  const framework = FRAMEWORKS.find(([module]) => requires.some((r) => r.startsWith(module)))?.[1]
    ?? (importsNetworking(sources) ? 'net/http' : null);
  if (framework && framework !== 'net/http') evidence.push(`go.mod: requires ${framework}`);

  // Each command gets its own port: in a cmd/ layout the worker should not EXPOSE the API's port.
  const portsByMain = Object.fromEntries(
    mains.map((pkg) => {
      const dir = pkg === '.' ? '' : pkg.slice(2);
      return [pkg, listeningPort(sources.filter((s) => s.dir === dir || s.packageName !== 'main')).port];
    }),
  );
  const chosen = mains.length === 1 ? sources.filter((s) => s.dir === (mains[0] === '.' ? '' : mains[0].slice(2)) || s.packageName !== 'main') : sources;
  const { port, evidence: portEvidence, loopbackOnly } = listeningPort(chosen);
  evidence.push(...portEvidence);

  const languageVersion = modules.toolchain ?? modules.go;
  return {
    stack: 'go',
    languageVersion,
    packageManager: modules.layout === 'no-module' ? null : modules.layout === 'workspace' ? 'go work' : 'go mod',
    framework,
    // Several main packages and no way to tell which is the service: leave it to the user.
    entrypoint: mains.length === 1 ? mains[0] : null,
    port,
    evidence,
    layout: modules.layout,
    module: modules.mods[0]?.mod.module ?? null,
    goDirective: modules.go,
    toolchain: modules.toolchain,
    moduleFiles: modules.moduleFiles,
    vendored,
    mainPackages: mains,
    cgo: Boolean(cgoSource || cgoModule),
    embeds: embedGlobs(sources),
    portsByMain,
    loopbackOnly,
  };
}

function describeMain(pkg: string, sources: GoSource[]): string {
  const dir = pkg === '.' ? '' : pkg.slice(2);
  return sources.find((s) => s.dir === dir && s.packageName === 'main')?.file ?? path.posix.join(dir, '*.go');
}
