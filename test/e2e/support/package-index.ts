import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Ports the builder stand-ins are configured with (see standins/): PyPI mirror, Maven mirror. */
export const PYPI_PORT = 38081;
export const MAVEN_PORT = 38082;

export interface LocalServer {
  url: string;
  stop(): void;
}

/**
 * Serves the machine's PEP 503 index (/opt/pypi) on 127.0.0.1 for builds run with --network host;
 * PyPI itself is unreachable here. A static file server is enough: simple/<name>/index.html links files.
 */
export async function servePackageIndex(root = process.env.PYPI_ROOT ?? '/opt/pypi'): Promise<LocalServer> {
  if (!existsSync(`${root}/simple`)) throw new Error(`no PEP 503 index at ${root}/simple (set PYPI_ROOT)`);
  return serveStatic(root, PYPI_PORT, `http://127.0.0.1:${PYPI_PORT}/simple/`);
}

/** Debian's Maven repository: packages such as libmariadb-java (MariaDB Connector/J) install their jars here. */
export const DEBIAN_MAVEN_REPO = '/usr/share/maven-repo';

/**
 * Serves the machine's Maven repositories as one, http://127.0.0.1:38082/maven2/, the mirror the Maven
 * stand-ins' settings.xml names (Maven Central is unreachable here): ~/.m2/repository, plus Debian's
 * /usr/share/maven-repo when it exists (the MariaDB driver the three-tier fixture uses comes from there).
 */
export async function serveMavenRepository(repository = process.env.MAVEN_REPOSITORY ?? path.join(os.homedir(), '.m2', 'repository')): Promise<LocalServer> {
  return serveStatic(mavenRepositoryRoot(repository), MAVEN_PORT, `http://127.0.0.1:${MAVEN_PORT}/maven2/`);
}

/** A folder whose maven2/ shows the machine's Maven repositories as one (see serveMavenRepository). */
export function mavenRepositoryRoot(repository = process.env.MAVEN_REPOSITORY ?? path.join(os.homedir(), '.m2', 'repository')): string {
  if (!existsSync(repository)) throw new Error(`no Maven repository at ${repository} (set MAVEN_REPOSITORY)`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'ms-maven-'));
  const sources = [repository, ...(existsSync(DEBIAN_MAVEN_REPO) ? [DEBIAN_MAVEN_REPO] : [])];
  if (sources.length === 1) symlinkSync(repository, path.join(root, 'maven2'));
  else mergeTrees(sources, path.join(root, 'maven2'));
  return root;
}

const isDir = (file: string) => statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * A tree of symlinks that shows several folders as one: a name only one source has (or a file) links
 * to the first source that has it; a folder in several sources becomes a real folder, merged the same
 * way. Only the shared group folders (org, org/apache, ...) are walked, so it takes milliseconds.
 */
function mergeTrees(sources: string[], target: string): void {
  mkdirSync(target, { recursive: true });
  const names = new Set(sources.flatMap((source) => readdirSync(source)));
  for (const name of names) {
    const holders = sources.map((source) => path.join(source, name)).filter((entry) => existsSync(entry));
    const folders = holders.filter(isDir);
    if (folders.length > 1) mergeTrees(folders, path.join(target, name));
    else symlinkSync(holders[0], path.join(target, name));
  }
}

async function serveStatic(root: string, port: number, url: string): Promise<LocalServer> {
  if (await answers(url)) return { url, stop: () => undefined }; // one is already serving
  const server: ChildProcess = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url)) return { url, stop: () => server.kill() };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill();
  throw new Error(`the package index did not answer on ${url}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
