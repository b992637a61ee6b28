import type { Dependency } from './manifest.js';

/**
 * Crates that link a C library from the system (their `links` key), the Debian packages a build and
 * a run need, and how the crate can carry its own copy instead (then nothing is needed).
 */
interface NativeLibrary {
  crate: string;
  library: string;
  /** Builder packages: headers, the library to link, and pkg-config, which the -sys crate asks. */
  dev: string[];
  /** Runtime packages the binary loads at start; empty when distroless cc has them (libssl3). */
  runtime: string[];
  /** Lock entries that mean the crate builds its own copy (openssl-src for `vendored`). */
  vendoredBy: string[];
  /** Dependency features that build the library from source into the binary. */
  vendoredFeatures: RegExp;
  /** Crates that enable the bundled copy by default (sqlx's SQLite driver). */
  bundledBy?: (dep: Dependency) => boolean;
  /** Without Cargo.lock: direct dependencies that pull the -sys crate in. */
  pulledBy: (dep: Dependency) => boolean;
  fix: string;
}

const LIBRARIES: NativeLibrary[] = [
  {
    crate: 'openssl-sys',
    library: 'OpenSSL',
    dev: ['libssl-dev', 'pkg-config'],
    runtime: [],
    vendoredBy: ['openssl-src'],
    vendoredFeatures: /^(vendored|vendored-openssl|native-tls-vendored)$/,
    // reqwest's default TLS is native-tls, which is OpenSSL on Linux.
    pulledBy: (dep) => ['openssl', 'native-tls', 'hyper-tls', 'postgres-native-tls'].includes(dep.crate) || (dep.crate === 'reqwest' && dep.defaultFeatures),
    fix: 'the `vendored` feature of openssl (or rustls instead of native-tls) builds without it',
  },
  {
    crate: 'libsqlite3-sys',
    library: 'SQLite',
    dev: ['libsqlite3-dev', 'pkg-config'],
    runtime: ['libsqlite3-0'],
    vendoredBy: [],
    vendoredFeatures: /^bundled(-sqlcipher.*)?$/,
    pulledBy: (dep) => dep.crate === 'rusqlite' || (dep.crate === 'diesel' && dep.features.includes('sqlite')),
    bundledBy: (dep) => dep.crate === 'sqlx' && dep.features.some((f) => /^(sqlite|runtime-.*)$/.test(f)) && !dep.features.includes('sqlite-unbundled'),
    fix: 'the `bundled` feature of rusqlite or libsqlite3-sys compiles SQLite into the binary, which then runs on distroless cc',
  },
  {
    crate: 'pq-sys',
    library: 'libpq',
    dev: ['libpq-dev', 'pkg-config'],
    runtime: ['libpq5'],
    vendoredBy: ['pq-src'],
    vendoredFeatures: /^bundled$/,
    pulledBy: (dep) => dep.crate === 'diesel' && dep.features.includes('postgres'),
    fix: 'the `bundled` feature of pq-sys (or a pure-Rust driver such as tokio-postgres) builds without it',
  },
];

/** One system library the build links: what the builder and the runtime must have, and why. */
export interface NativeNeed {
  crate: string;
  library: string;
  dev: string[];
  runtime: string[];
  /** "file: why" */
  evidence: string;
  fix: string;
}

/**
 * The system libraries a build links: -sys crates in Cargo.lock (every crate the build may compile),
 * or, without a lockfile, named in a manifest; less those built from their own sources.
 */
export function nativeNeeds(lockedCrates: Set<string> | null, dependencies: Dependency[], otherPlatforms: Dependency[] = []): NativeNeed[] {
  const needs: NativeNeed[] = [];
  for (const lib of LIBRARIES) {
    const present = lockedCrates ? lockedCrates.has(lib.crate) : dependencies.some((dep) => dep.crate === lib.crate || lib.pulledBy(dep));
    if (!present) continue;
    // Cargo.lock holds every platform's crates: openssl-src there may be a Windows-only vendored copy.
    const vendoredElsewhere = otherPlatforms.some((dep) => dep.features.some((feature) => lib.vendoredFeatures.test(feature)));
    const vendored = (!vendoredElsewhere && lib.vendoredBy.some((crate) => lockedCrates?.has(crate)))
      || dependencies.some((dep) => dep.features.some((feature) => lib.vendoredFeatures.test(feature)) || lib.bundledBy?.(dep));
    if (vendored) continue;
    const where = lockedCrates ? 'Cargo.lock' : 'Cargo.toml';
    needs.push({
      crate: lib.crate,
      library: lib.library,
      dev: lib.dev,
      runtime: lib.runtime,
      evidence: `${where}: ${lib.crate} links the system ${lib.library} (no vendored or bundled copy)`,
      fix: lib.fix,
    });
  }
  return needs;
}
