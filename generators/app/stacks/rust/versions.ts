import { parse as parseToml, TomlError } from 'smol-toml';
import { ExitCode, UserError } from '../../core/errors.js';
import { imageRef } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';

/** `1.85.1` -> [1, 85, 1]; a missing patch is 0. */
function parts(version: string): [number, number, number] {
  const [major, minor, patch] = version.split('.').map(Number);
  return [major, minor ?? 0, patch ?? 0];
}

export function compareRust(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

const RELEASE = /^1\.\d+(\.\d+)?$/;

/** The Rust the builder uses when the repository names none: templates/images.Dockerfile's rust-builder tag. */
export const newestRust = () => imageRef('rust-builder').tag.replace(/-.*$/, '');

/**
 * The official image's tag for a Rust release. Its Debian 13 (trixie) variants start at 1.90;
 * older releases are published on Debian 12 (bookworm), whose glibc is older than the runtime's, so
 * their binaries run on distroless Debian 13 too.
 */
export function builderTag(version: string): string {
  return `${version}-slim-${compareRust(version, '1.90') >= 0 ? 'trixie' : 'bookworm'}`;
}

/** `--language-version`: a release like 1.85 or 1.85.1; anything else is refused with the flag. */
export function checkRustVersion(version: string): string {
  if (!RELEASE.test(version)) throw new UserError(`--language-version ${version}: not a Rust release like 1.85 or 1.85.1.`, ExitCode.usage);
  return version;
}

export interface Toolchain {
  file: string;
  channel: string;
}

/** rust-toolchain.toml's (or the older rust-toolchain file's) channel, or null when neither pins one. */
export function readToolchain(repo: Repo): Toolchain | null {
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    const text = repo.readIfExists(file);
    if (text === null) continue;
    // The legacy file may be a bare channel name on one line.
    if (file === 'rust-toolchain' && !text.includes('[')) return text.trim() ? { file, channel: text.trim() } : null;
    try {
      const toolchain = (parseToml(text) as { toolchain?: { channel?: unknown } }).toolchain;
      return typeof toolchain?.channel === 'string' ? { file, channel: toolchain.channel } : null;
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      throw new UserError(`${file}:${error.line}:${error.column}: not valid TOML. Fix: repair it ([toolchain] channel = "1.85.1"), or delete it.`);
    }
  }
  return null;
}

export interface BuilderVersion {
  version: string;
  /** "file: why", said in the evidence and the notes. */
  why: string;
  /** A channel the official image cannot be (nightly, beta): the reason, for a warning note. */
  unmet: string | null;
}

/** Floors the toolchain must meet whatever the manifest says: the lockfile format and the edition. */
export interface Floor {
  version: string;
  why: string;
}

/**
 * The builder's Rust: a toolchain file's release channel is the exact Rust the authors build with.
 * Otherwise the newest release templates/images.Dockerfile names: rust-version is only the oldest Rust
 * the package supports, and Cargo.lock's dependencies often need a newer one than the package itself
 * (cargo resolves them for the Rust that wrote the lock). rust-version, the lockfile format and the
 * edition are floors, which decide only when one is above that newest release.
 */
export function builderVersion(toolchain: Toolchain | null, rustVersion: { file: string; version: string } | null, floors: Floor[]): BuilderVersion {
  if (toolchain && RELEASE.test(toolchain.channel)) {
    return { version: toolchain.channel, why: `${toolchain.file}: channel ${toolchain.channel} names the exact Rust to build with`, unmet: null };
  }
  const unmet = toolchain && toolchain.channel !== 'stable'
    ? `${toolchain.file}: channel ${toolchain.channel}: the official rust image has stable releases only`
    : null;
  const newest = newestRust();
  const stated = rustVersion && RELEASE.test(rustVersion.version) ? rustVersion : null;
  const minimum = stated ? [{ version: stated.version, why: `${stated.file}: rust-version ${stated.version}, the oldest Rust the package supports` }] : [];
  const above = [...minimum, ...floors].filter((floor) => compareRust(floor.version, newest) > 0).sort((a, b) => compareRust(b.version, a.version))[0];
  if (above) return { version: above.version, why: `${above.why}, newer than ${newest}, the newest release this generator knows`, unmet };
  // A line that starts with the file read, so a scan can say where from ("api/Cargo.toml: …").
  const source = stated
    ? `${stated.file}: rust-version ${stated.version} is the oldest Rust the package supports, not the one to build with`
    : toolchain?.channel === 'stable' ? `${toolchain.file}: channel stable` : toolchain ? `${toolchain.file}: channel ${toolchain.channel}` : 'Cargo.toml: no rust-version (and no rust-toolchain.toml)';
  const why = stated ? ' (locked dependencies may need more than the package\'s own minimum)' : '';
  return { version: newest, why: `${source}: ${newest}, the newest Rust release this generator knows${why}`, unmet };
}
