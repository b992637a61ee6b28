import { parse as parseToml, TomlError } from 'smol-toml';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';

export interface Lockfile {
  /** The lockfile format (`version = 4`); null for the oldest format, which has no version line. */
  version: number | null;
  /** Every crate the lock resolves (registry, git and local packages). */
  crates: Set<string>;
  /** Crates fetched from a registry or git: none means the build downloads nothing. */
  remote: number;
}

/** Reads Cargo.lock; a broken one names the file and the fix (cargo regenerates it). */
export function readLockfile(repo: Repo, file = 'Cargo.lock'): Lockfile | null {
  const text = repo.readIfExists(file);
  if (text === null) return null;
  let parsed: { version?: unknown; package?: unknown };
  try {
    parsed = parseToml(text) as typeof parsed;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new UserError(`${file}:${error.line}:${error.column}: not valid TOML. Fix: resolve the merge conflict or delete it and run \`cargo generate-lockfile\`.`);
  }
  const packages = Array.isArray(parsed.package) ? (parsed.package as Array<Record<string, unknown>>) : [];
  return {
    version: typeof parsed.version === 'number' ? parsed.version : null,
    crates: new Set(packages.map((p) => p.name).filter((name): name is string => typeof name === 'string')),
    remote: packages.filter((p) => typeof p.source === 'string').length,
  };
}

/** The oldest cargo that reads each lockfile format. */
export const LOCKFILE_CARGO: Record<number, string> = { 3: '1.53', 4: '1.78' };
/** The oldest Rust that compiles each edition. */
export const EDITION_RUST: Record<string, string> = { '2018': '1.31', '2021': '1.56', '2024': '1.85' };
