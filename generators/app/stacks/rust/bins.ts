import type { Repo } from '../../core/repo.js';
import { configFilePort } from './config-port.js';
import type { LocalPackage } from './detect.js';
import type { CargoManifest } from './manifest.js';
import { findListenPort, loopbackBind, portEnvVar, servesNetwork, type RustSource } from './ports.js';
import type { BinTarget } from './targets.js';

/** What one binary target is: its package, source, and where it listens. */
export interface BinFacts {
  name: string;
  package: string;
  /** Its package's folder relative to the build root. */
  dir: string;
  path: string;
  port: number | null;
  portEnv: string | null;
  /** portEnv holds the whole listen address ("127.0.0.1:8000"), not just the port. */
  portEnvIsAddress: boolean;
  loopbackOnly: boolean;
  /** `required-features` of its [[bin]]: the build enables them, or cargo refuses the target. */
  requiredFeatures: string[];
  /** Where the code shows a server (a listener, a framework's server, a listen port): its own file, else its own package. */
  serves: 'file' | 'package' | null;
  evidence: string[];
}

/** The .rs files under a package's src/. */
export const packageSources = (repo: Repo, dir: string) => repo.files().filter((f) => f.endsWith('.rs') && f.startsWith(dir === '.' ? 'src/' : `${dir}/src/`));

/** Sources a binary compiles, its own file first, then its package's, then its local libraries': where its listen port is looked for. */
export function binSources(repo: Repo, binFile: string, otherBins: string[], packages: LocalPackage[]): RustSource[] {
  const skip = new Set(otherBins);
  const libs = packages.flatMap((pkg) => packageSources(repo, pkg.dir));
  const ordered = [binFile, ...libs.filter((f) => f !== binFile && !skip.has(f))];
  return [...new Set(ordered)].map((file) => ({ file, text: repo.read(file) }));
}

interface BinInput {
  repo: Repo;
  manifest: CargoManifest;
  dir: string;
  bin: BinTarget;
  /** Its source, relative to the build root. */
  file: string;
  /** What it compiles: its file, then its package's and its local libraries' sources. */
  sources: RustSource[];
  /** Its file and its own package's other sources. */
  own: RustSource[];
  rocket: boolean;
}

/**
 * What one binary is and where it listens: a port in its own package first; a port in a library it
 * links (a client's default server address) is its own only when it serves the network.
 */
export function binFacts({ repo, manifest, dir, bin, file, sources, own, rocket }: BinInput): BinFacts {
  const serves = servesNetwork(sources);
  const listen = findListenPort(own) ?? (serves ? findListenPort(sources) : null);
  // The binary's own file may show only its port (a clap default handed to a library's server).
  const ownFile = own.slice(0, 1);
  const facts: BinFacts = {
    name: bin.name, package: manifest.packageName ?? bin.name, dir, path: file, port: null, portEnv: null, portEnvIsAddress: false, loopbackOnly: false,
    requiredFeatures: bin.requiredFeatures,
    serves: servesNetwork(ownFile) || findListenPort(ownFile) ? 'file' : servesNetwork(own) ? 'package' : null,
    evidence: [],
  };
  if (listen) {
    facts.port = listen.port;
    facts.portEnv = listen.envVar;
    facts.portEnvIsAddress = listen.envIsAddress;
    facts.loopbackOnly = listen.loopbackOnly;
    facts.evidence.push(`${listen.file}: listens on port ${listen.port}, ${listen.how} (${listen.snippet}…)`);
    const loopback = listen.loopbackOnly ? null : loopbackBind(own);
    if (loopback) {
      facts.loopbackOnly = true;
      facts.evidence.push(`${loopback.file}: binds to loopback only (${loopback.snippet}…), unreachable from outside a container; bind 0.0.0.0 instead`);
    }
    if (listen.loopbackOnly) {
      facts.evidence.push(listen.envIsAddress
        ? `${listen.file}: falls back to a loopback address, unreachable from outside a container; the image sets ${listen.envVar}=0.0.0.0:${listen.port}`
        : `${listen.file}: binds to loopback only, unreachable from outside a container; bind 0.0.0.0 instead`);
    }
  } else if (serves) {
    Object.assign(facts, assumedPort(repo, dir, file, sources, rocket));
  }
  if (bin.requiredFeatures.length) facts.evidence.push(`${manifest.file}: [[bin]] ${bin.name} has required-features ${bin.requiredFeatures.join(', ')}: the build enables them`);
  return facts;
}

/** A server whose code names no port: its settings file's, Rocket's default, or 8080 as a guess. */
function assumedPort(repo: Repo, dir: string, file: string, sources: RustSource[], rocket: boolean): Pick<BinFacts, 'port' | 'portEnv' | 'evidence'> {
  const configured = configFilePort(repo, dir, sources, rocket);
  if (configured) {
    return { port: configured.port, portEnv: rocket ? 'ROCKET_PORT' : portEnvVar(sources), evidence: [`${configured.file}: listens on port ${configured.port}, the settings file the program reads (${configured.line})`] };
  }
  if (rocket) return { port: 8000, portEnv: 'ROCKET_PORT', evidence: [`${file}: Rocket, listening on its default port 8000 (ROCKET_PORT or Rocket.toml change it)`] };
  return { port: 8080, portEnv: portEnvVar(sources), evidence: [`${file}: serves the network but no listen port found; assuming 8080 (--port to change)`] };
}

/**
 * The binary to build when there are several: the root package's default-run, else its own (named
 * like the package), else the only one that shows a server in its own file, else in its own package
 * (a command-line tool beside a server is not the service). Null leaves the choice to the user.
 */
export function chooseBin(names: string[], bins: Record<string, BinFacts>, root: CargoManifest): { name: string; why: string } | null {
  if (names.length === 1) return { name: names[0], why: '' };
  if (root.defaultRun && bins[root.defaultRun]) return { name: root.defaultRun, why: `the package's default-run (${bins[root.defaultRun].path})` };
  if (root.packageName && bins[root.packageName]) return { name: root.packageName, why: `the package's own (${bins[root.packageName].path})` };
  for (const [tier, where] of [[['file'], 'in its own file'], [['file', 'package'], 'in its package']] as const) {
    const serving = names.filter((name) => (tier as readonly string[]).includes(bins[name].serves ?? ''));
    if (serving.length === 1) return { name: serving[0], why: `the only one that serves the network (${where}: ${bins[serving[0]].path}); the others are commands` };
  }
  return null;
}

/** The evidence line for the binaries: the one chosen and why, or those to choose from. */
export function describeBins(names: string[], bins: Record<string, BinFacts>, choice: { name: string; why: string } | null, root: CargoManifest, packages: LocalPackage[]): string {
  const chosen = choice?.name ?? null;
  if (names.length === 0) {
    const libs = packages.filter((p) => p.hasLib).map((p) => p.name);
    return `Cargo.toml: no binary target (no src/main.rs, src/bin/ or [[bin]])${libs.length ? `: ${libs.join(', ')} ${libs.length > 1 ? 'are libraries' : 'is a library'}` : ''}`;
  }
  if (names.length === 1) return `${bins[names[0]].path}: the binary ${names[0]}`;
  if (chosen) return `Cargo.toml: binaries ${names.join(', ')}; ${chosen} is ${choice!.why}`;
  return `Cargo.toml: several binaries could be the service: ${names.join(', ')}${root.workspace ? ' (workspace members)' : ''}`;
}
