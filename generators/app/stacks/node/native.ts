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

/** Packages a native addon depends on to compile or load its binary: with an install script, a sure sign. */
const NATIVE_BUILD_DEPS = ['nan', 'node-addon-api', 'bindings', 'node-gyp-build', 'prebuild-install', '@mapbox/node-pre-gyp', 'node-pre-gyp', 'node-gyp'];

/**
 * Native addons anywhere in an npm lockfile (v2/v3 `packages`), transitive ones too: an entry with an
 * install script that depends on a binding helper (nan, node-addon-api, node-gyp-build…), or a known addon.
 * Other install scripts (a postinstall banner, a binary download) need no compiler.
 */
export function lockedNativeAddons(lockText: string): string[] {
  let packages: Record<string, { hasInstallScript?: boolean; dependencies?: Record<string, string> } | null>;
  try {
    packages = (JSON.parse(lockText) as { packages?: typeof packages }).packages ?? {};
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const [where, entry] of Object.entries(packages)) {
    if (!where || !entry?.hasInstallScript) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (NATIVE_ADDONS.has(name.split('/').pop()!) || NATIVE_BUILD_DEPS.some((dep) => entry.dependencies?.[dep] !== undefined)) found.add(name);
  }
  return [...found].sort();
}

/**
 * Development tools whose install script downloads a large binary (a browser, Electron) from a host
 * the build may not reach; neither the build nor the server runs them, so the download is skipped.
 */
const BINARY_DOWNLOADS: Record<string, { env: string; value: string }> = {
  cypress: { env: 'CYPRESS_INSTALL_BINARY', value: '0' },
  puppeteer: { env: 'PUPPETEER_SKIP_DOWNLOAD', value: 'true' },
  playwright: { env: 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD', value: '1' },
  '@playwright/test': { env: 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD', value: '1' },
  electron: { env: 'ELECTRON_SKIP_BINARY_DOWNLOAD', value: '1' },
};

export interface SkippedDownload {
  tool: string;
  env: string;
  value: string;
}

/** devDependencies that would download a binary at install: only dev tools (a production dependency needs its binary). */
export function skippedDownloadsOf(pkg: PackageJson): SkippedDownload[] {
  return Object.keys(pkg.devDependencies ?? {})
    .filter((name) => BINARY_DOWNLOADS[name] && !pkg.dependencies?.[name])
    .map((tool) => ({ tool, ...BINARY_DOWNLOADS[tool] }));
}
