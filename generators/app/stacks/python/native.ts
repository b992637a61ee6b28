/**
 * Python packages that compile C against system headers, or load system libraries at run time.
 * Debian 13 (trixie) package names: the builder and both runtimes are trixie images.
 * `build` goes into the builder next to build-essential; `runtime` must exist in the final image,
 * and distroless python3 has none of them (glibc, libssl, libstdc++ and zlib only).
 */
interface NativePackage {
  build: string[];
  runtime: string[];
  why: string;
  /** Another installed package that makes this one self-contained (a wheel bundling the library). */
  unlessAlso?: string;
}

const NATIVE: Record<string, NativePackage> = {
  psycopg2: { build: ['libpq-dev'], runtime: ['libpq5'], why: 'compiles against libpq (psycopg2-binary bundles it instead)' },
  psycopg: { build: [], runtime: ['libpq5'], why: 'loads libpq at run time unless the [binary] extra is installed', unlessAlso: 'psycopg-binary' },
  'psycopg-c': { build: ['libpq-dev'], runtime: ['libpq5'], why: 'compiles against libpq' },
  mysqlclient: { build: ['default-libmysqlclient-dev', 'pkg-config'], runtime: ['libmariadb3'], why: 'compiles against the MariaDB/MySQL client library' },
  pycurl: { build: ['libcurl4-openssl-dev', 'libssl-dev'], runtime: ['libcurl4t64'], why: 'compiles against libcurl' },
  'python-ldap': { build: ['libldap-dev', 'libsasl2-dev'], runtime: ['libldap2'], why: 'compiles against OpenLDAP' },
  pycairo: { build: ['libcairo2-dev', 'pkg-config'], runtime: ['libcairo2'], why: 'compiles against cairo' },
  weasyprint: { build: [], runtime: ['libpango-1.0-0', 'libpangoft2-1.0-0', 'libharfbuzz-subset0'], why: 'loads Pango and HarfBuzz at run time' },
  'python-magic': { build: [], runtime: ['libmagic1t64'], why: 'loads libmagic at run time' },
};

/** Packages that build from source only when told to (`--no-binary`): otherwise their wheels bundle everything. */
const NATIVE_FROM_SOURCE: Record<string, NativePackage> = {
  lxml: { build: ['libxml2-dev', 'libxslt1-dev'], runtime: ['libxml2', 'libxslt1.1'], why: 'built from source (--no-binary), so it links against libxml2 and libxslt' },
};

export interface NativeNeed {
  package: string;
  build: string[];
  runtime: string[];
  why: string;
}

/** Native needs of the installed packages; `noBinary` lists packages pip must build from source. */
export function nativeNeeds(installed: Set<string>, noBinary: string[]): NativeNeed[] {
  const needs: NativeNeed[] = [];
  for (const [name, need] of Object.entries(NATIVE)) {
    if (installed.has(name) && !(need.unlessAlso && installed.has(need.unlessAlso))) needs.push(describe(name, need));
  }
  for (const [name, need] of Object.entries(NATIVE_FROM_SOURCE)) {
    if (installed.has(name) && (noBinary.includes(name) || noBinary.includes(':all:'))) needs.push(describe(name, need));
  }
  return needs;
}

function describe(name: string, { build, runtime, why }: NativePackage): NativeNeed {
  return { package: name, build, runtime, why };
}
