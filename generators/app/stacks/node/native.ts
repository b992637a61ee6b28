import type { PackageJson } from './package.js';

/**
 * Packages that compile C/C++ through node-gyp when their prebuilt binary cannot be downloaded
 * (a CPU or libc without one, a network that blocks the download host). Matched by the last part
 * of the name, so a scoped fork (`@someone/sqlite3`) counts too.
 */
const NATIVE_ADDONS = new Set(['sqlite3', 'better-sqlite3', 'bcrypt', 'argon2', 'sharp', 'canvas', 'node-pty', 'bufferutil', 'utf-8-validate', 're2', 'cpu-features', 'libxmljs', 'libxmljs2', 'node-sass', 'leveldown', 'isolated-vm', 'zeromq', 'bindings-cpp', 'usb', 'kerberos', 'oracledb', 'microtime', 'farmhash', 'node-expat', 'iconv', 'deasync']);

/** Direct dependencies (production or dev: both are installed in the build) that are native addons. */
export function nativeAddonsOf(pkg: PackageJson): string[] {
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...(pkg as { optionalDependencies?: Record<string, string> }).optionalDependencies })
    .filter((name) => NATIVE_ADDONS.has(name.split('/').pop()!))
    .sort();
}
