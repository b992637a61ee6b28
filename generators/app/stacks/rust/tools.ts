import { parse as parseToml, TomlError } from 'smol-toml';
import { UserError } from '../../core/errors.js';

/** A program the build runs that the official rust:slim image lacks (it has gcc and libc6-dev; no clang, cmake or protoc). */
export interface BuildTool {
  /** Debian packages the deps stage installs. */
  packages: string[];
  /** "file: why" */
  evidence: string;
  /** The same for the notes: what runs it, in a clause. */
  why: string;
  /** Linker settings apply to the glibc target only; a musl build links with rust-lld instead. */
  glibcOnly: boolean;
}

/** Build-script crates that run a program from the system, and what the crate would use instead. */
const CRATE_TOOLS: Array<{ crate: string; packages: string[]; what: string; unless: string[] }> = [
  // bindgen loads libclang at build time to read C headers.
  { crate: 'bindgen', packages: ['libclang-dev'], what: 'loads libclang to read C headers', unless: [] },
  // The cmake crate runs the cmake program; the projects it builds are often C++.
  { crate: 'cmake', packages: ['cmake', 'g++'], what: 'runs cmake (and a C++ compiler) to build bundled C/C++ code', unless: [] },
  // prost-build runs protoc unless a vendored protoc comes with the lock.
  { crate: 'prost-build', packages: ['protobuf-compiler'], what: 'runs protoc to compile .proto files', unless: ['protoc-bin-vendored', 'protobuf-src'] },
];

/**
 * Tools a build needs in the builder: those build-script crates in Cargo.lock run (the lock also
 * holds optional crates, so this may install one a default build skips: a slower build, not a broken
 * one), and the linker .cargo/config.toml names for Linux glibc targets (`linker = "clang"`,
 * `-C link-arg=-fuse-ld=lld`), without which every link fails.
 */
export function buildTools(lockedCrates: Set<string> | null, cargoConfig: { file: string; text: string } | null): BuildTool[] {
  const tools: BuildTool[] = [];
  for (const tool of CRATE_TOOLS) {
    if (!lockedCrates?.has(tool.crate) || tool.unless.some((crate) => lockedCrates.has(crate))) continue;
    const why = `${tool.crate} (Cargo.lock) ${tool.what}`;
    tools.push({ packages: tool.packages, evidence: `Cargo.lock: ${tool.crate} ${tool.what}: the builder installs ${tool.packages.join(', ')}`, why, glibcOnly: false });
  }
  if (cargoConfig) tools.push(...linkers(cargoConfig.file, cargoConfig.text));
  return tools;
}

/** Debian's package for a linker a cargo config names, by program (gcc and cc are in the image already). */
const LINKER_PACKAGES: Record<string, string> = { clang: 'clang', lld: 'lld', 'ld.lld': 'lld', mold: 'mold' };

function linkers(file: string, text: string): BuildTool[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new UserError(`${file}:${error.line}:${error.column}: not valid TOML. Fix: repair it; cargo reads it before every build.`);
  }
  const targets = (parsed.target ?? {}) as Record<string, Record<string, unknown>>;
  const needed = new Map<string, string>();
  for (const [triple, settings] of Object.entries(targets)) {
    // The glibc Linux triples the image builds for (x86_64, aarch64); cfg(...) keys are left alone.
    if (!/^(x86_64|aarch64)-unknown-linux-gnu$/.test(triple) || typeof settings !== 'object' || settings === null) continue;
    const programs = [typeof settings.linker === 'string' ? settings.linker.split('/').pop()! : null];
    const flags = Array.isArray(settings.rustflags) ? settings.rustflags.filter((f): f is string => typeof f === 'string') : [];
    for (const flag of flags) programs.push(/-fuse-ld=([\w.]+)/.exec(flag)?.[1] ?? null);
    for (const program of programs) {
      const pkg = program ? LINKER_PACKAGES[program] : undefined;
      if (pkg && !needed.has(pkg)) needed.set(pkg, `${file} links ${triple} with ${program}`);
    }
  }
  return [...needed].map(([pkg, why]) => ({ packages: [pkg], evidence: `${why.replace(' links ', ': links ')}: the builder installs ${pkg}`, why, glibcOnly: true }));
}
