import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { detectJava, defaultModule, type JavaDetection } from '../java/detect.js';
import { detectNode, type NodeDetection } from '../node/detect.js';

/** What the database tier is, from the back end's driver, its datasource URL and any existing compose file. */
export type DatabaseKind = 'mysql' | 'mariadb' | 'postgres' | 'other';

/** How the built front end reaches the API. */
export type ApiAccess = 'same-origin' | 'env' | 'hard-coded' | 'unknown';

export interface DatabaseInfo {
  /** null: no database evidence at all. */
  kind: DatabaseKind | null;
  /** MySQL or MariaDB: compose gets a `db` service. */
  mysqlCompatible: boolean;
  /** Schema name, from the JDBC URL (or the back end's name). */
  name: string;
  /** Application user, from spring.datasource.username (never root). */
  user: string;
  port: number;
}

export interface ThreeTierDetection extends Detection {
  stack: 'three-tier';
  frontendDir: string;
  backendDir: string;
  frontend: NodeDetection;
  backend: JavaDetection;
  database: DatabaseInfo;
  apiAccess: ApiAccess;
  /** VITE_* / REACT_APP_* variables that name the API base URL. */
  apiEnvVars: string[];
  /** Hard-coded http://localhost:PORT URLs found in the front end ("file: url"). */
  hardCodedUrls: string[];
}

const JAVA_BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];
const CONFIG_FILES = ['application.properties', 'application.yml', 'application.yaml'];
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** Folders (one or two levels down, never the root) that hold a file with one of these names. */
function foldersWith(repo: Repo, names: string[]): string[] {
  const dirs = repo
    .files()
    .filter((file) => names.includes(path.posix.basename(file)))
    .map((file) => path.posix.dirname(file))
    .filter((dir) => dir !== '.' && dir.split('/').length <= 2);
  return [...new Set(dirs)].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

function isReactApp(repo: Repo, dir: string): boolean {
  try {
    const pkg = JSON.parse(repo.read(path.posix.join(dir, 'package.json'))) as Record<string, Record<string, string> | undefined>;
    return Boolean(pkg.dependencies?.react ?? pkg.devDependencies?.react);
  } catch {
    return false;
  }
}

const DRIVERS: Array<[RegExp, DatabaseKind, string]> = [
  [/mysql-connector-(j|java)|com\.mysql|mysql:mysql-connector/, 'mysql', 'MySQL JDBC driver (mysql-connector)'],
  [/mariadb-java-client/, 'mariadb', 'MariaDB JDBC driver (MySQL-compatible)'],
  [/org\.postgresql|r2dbc-postgresql|<artifactId>postgresql<\/artifactId>/, 'postgres', 'PostgreSQL JDBC driver'],
  [/com\.oracle\.database\.jdbc|ojdbc\d*/, 'other', 'Oracle JDBC driver'],
  [/mssql-jdbc/, 'other', 'SQL Server JDBC driver'],
];

const URL_KINDS: Array<[RegExp, DatabaseKind]> = [
  [/jdbc:mysql:/, 'mysql'],
  [/jdbc:mariadb:/, 'mariadb'],
  [/jdbc:postgresql:/, 'postgres'],
  [/jdbc:(oracle|sqlserver|h2|hsqldb|derby):/, 'other'],
];

function detectDatabase(repo: Repo, backendDir: string, appName: string, evidence: string[]): DatabaseInfo {
  const kinds: DatabaseKind[] = [];
  let name: string | null = null;
  let user: string | null = null;
  for (const build of JAVA_BUILD_FILES) {
    const file = path.posix.join(backendDir, build);
    const text = repo.readIfExists(file);
    if (!text) continue;
    for (const [pattern, kind, why] of DRIVERS) {
      if (pattern.test(text)) {
        kinds.push(kind);
        evidence.push(`${file}: ${why}`);
      }
    }
  }
  for (const config of CONFIG_FILES) {
    const file = path.posix.join(backendDir, 'src/main/resources', config);
    const text = repo.readIfExists(file);
    if (!text) continue;
    const url = /(jdbc:[a-z0-9]+:[^\s"']*)/.exec(text)?.[1];
    if (url) {
      const kind = URL_KINDS.find(([pattern]) => pattern.test(url))?.[1] ?? 'other';
      kinds.push(kind);
      evidence.push(`${file}: datasource ${url}`);
      name = name ?? /jdbc:[a-z]+:\/\/[^/\s]+\/([\w-]+)/.exec(url)?.[1] ?? null;
    }
    const username = /username\s*[=:]\s*["']?([\w.-]+)/.exec(text)?.[1];
    if (username && username !== 'root' && !username.startsWith('$')) user = user ?? username;
    if (/password\s*[=:]\s*["']?[^\s$"']+/.test(text)) {
      evidence.push(`${file}: a datasource password is written in the file; compose overrides it with SPRING_DATASOURCE_PASSWORD from .env (remove it from the file)`);
    }
  }
  for (const compose of COMPOSE_FILES) {
    const text = repo.readIfExists(compose);
    if (!text) continue;
    for (const match of text.matchAll(/^\s*image:\s*["']?([\w./-]+)(?::([\w.-]+))?/gm)) {
      const image = match[1].split('/').pop()!;
      const kind: DatabaseKind | null = image === 'mysql' ? 'mysql' : image === 'mariadb' ? 'mariadb' : image === 'postgres' ? 'postgres' : null;
      if (kind) {
        kinds.push(kind);
        evidence.push(`${compose}: ${image}${match[2] ? `:${match[2]}` : ''} service (the generated compose.yaml is separate; compare and keep one)`);
      }
    }
  }
  const mysqlish = kinds.filter((kind) => kind === 'mysql' || kind === 'mariadb');
  const kind: DatabaseKind | null = mysqlish.length ? (mysqlish.includes('mysql') ? 'mysql' : 'mariadb') : kinds[0] ?? null;
  if (!kind) evidence.push(`${backendDir}: no database driver, JDBC URL or compose database service found: the app tiers only (no db service)`);
  else if (mysqlish.length && kinds.some((k) => k !== 'mysql' && k !== 'mariadb')) evidence.push(`${backendDir}: MySQL and other database evidence both present; using MySQL`);
  else if (kind === 'mariadb') evidence.push(`${backendDir}: MariaDB is MySQL-compatible: the db service runs MySQL 8.4 (the MariaDB driver speaks to it)`);
  else if (kind !== 'mysql') evidence.push(`${backendDir}: the database tier is not MySQL (${kind === 'postgres' ? 'PostgreSQL' : 'another database'}): generating the front-end and back-end tiers only, no db service`);
  return {
    kind,
    mysqlCompatible: mysqlish.length > 0,
    name: (name ?? appName).replace(/[^\w]/g, '_'),
    user: (user ?? 'app').replace(/[^\w]/g, '_'),
    port: 3306,
  };
}

const SOURCE = /\.(m|c)?[jt]sx?$/;

function detectApiAccess(repo: Repo, frontendDir: string, evidence: string[]): { access: ApiAccess; envVars: string[]; hardCoded: string[] } {
  const sources = repo
    .files()
    .filter((file) => file.startsWith(`${frontendDir}/`) && SOURCE.test(file) && !/(^|\/)(dist|build|public)\//.test(file) && !/vite\.config|setupProxy/.test(file))
    .slice(0, 300);
  const envVars = new Set<string>();
  const hardCoded: string[] = [];
  let relative: string | null = null;
  for (const file of sources) {
    const text = repo.read(file);
    for (const match of text.matchAll(/\b((?:VITE|REACT_APP)_\w*(?:API|BACKEND|SERVER)\w*)\b/g)) envVars.add(match[1]);
    for (const match of text.matchAll(/["'`](https?:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?[^"'`\s]*)/g)) hardCoded.push(`${file}: ${match[1]}`);
    if (!relative && /["'`]\/api\b/.test(text)) relative = file;
  }
  const vars = [...envVars].sort();
  if (hardCoded.length) {
    evidence.push(...hardCoded.map((line) => `${line} is hard-coded: warning: in a container (and in users' browsers) localhost is not the API; use a relative /api path (same origin) instead`));
    return { access: 'hard-coded', envVars: vars, hardCoded };
  }
  if (vars.length) {
    evidence.push(`${frontendDir}/src: the API base URL comes from ${vars.join(', ')} at build time; the Dockerfile sets it empty, so calls stay on the serving origin`);
    return { access: 'env', envVars: vars, hardCoded };
  }
  if (relative) {
    evidence.push(`${relative}: calls the API with relative /api paths: same origin, served by the back end with the front end`);
    return { access: 'same-origin', envVars: vars, hardCoded };
  }
  evidence.push(`${frontendDir}/src: no API calls recognised (no /api path, API env var or localhost URL)`);
  return { access: 'unknown', envVars: vars, hardCoded };
}

/** A root build that already builds the front end (a Maven module, frontend-maven-plugin, the Gradle node plugin) is a Java project. */
function rootBuildsFrontend(repo: Repo, frontendDir: string): string | null {
  for (const build of JAVA_BUILD_FILES) {
    const text = repo.readIfExists(build);
    if (text && (/frontend-maven-plugin|com\.github\.node-gradle|com\.moowork\.node/.test(text) || text.includes(`<module>${frontendDir}</module>`))) return build;
  }
  return null;
}

/**
 * Null unless a React front end and a Java back end sit in sub-folders (found by content, any names),
 * or the back end is the repository root and the front end a direct sub-folder of it.
 */
export function detectThreeTier(repo: Repo): ThreeTierDetection | null {
  const frontends = foldersWith(repo, ['package.json']).filter((dir) => isReactApp(repo, dir));
  const backends = foldersWith(repo, JAVA_BUILD_FILES).filter((dir) => !frontends.some((front) => front === dir));
  // A back end nested in another back end (a Maven module) belongs to its parent build.
  let roots = backends.filter((dir) => !backends.some((other) => other !== dir && dir.startsWith(`${other}/`)));
  // No back-end folder: a root build with the front end one level down (client/, frontend/, web/) is the back end.
  const atRoot = !roots.length && JAVA_BUILD_FILES.some((file) => repo.exists(file));
  if (atRoot) {
    // Only a React app with a static build: a Java library's docs site (Docusaurus, which depends on react) is no front end.
    const direct = frontends.filter((dir) => !dir.includes('/') && detectNode(repo.sub(dir))?.kind === 'spa');
    if (!direct.length || rootBuildsFrontend(repo, direct[0])) return null;
    frontends.splice(0, frontends.length, ...direct);
    roots = ['.'];
  }
  if (!frontends.length || !roots.length) return null;
  const frontendDir = frontends[0];
  const backendDir = roots[0];
  const frontend = detectNode(repo.sub(frontendDir));
  const backend = detectJava(repo.sub(backendDir));
  if (!frontend || !backend) return null;

  const evidence: string[] = [];
  const under = (line: string) => (backendDir === '.' ? line : `${backendDir}/${line}`);
  evidence.push(`${frontendDir}/package.json: React front end (${frontend.framework ?? frontend.kind})${frontends.length > 1 ? `; other React folders ignored: ${frontends.slice(1).join(', ')}` : ''}`);
  // The Node stack's SPA line names the build script and folder; here the back end, not a static server, serves them.
  const frontLines = frontend.evidence.map((line) => line.replace(/; served by Caddy, no Node at run time$/, '; the back end serves them'));
  evidence.push(...frontLines.filter((line) => !/^Caddyfile: /.test(line)).map((line) => `${frontendDir}/${line}`));
  evidence.push(`${backendDir}: Java back end (${backend.packageManager}${backend.framework ? `, ${backend.framework}` : ''})${atRoot ? ` at the repository root, with the front end in ${frontendDir}/` : ''}${roots.length > 1 ? `; other Java builds ignored: ${roots.slice(1).join(', ')}` : ''}`);
  evidence.push(...backend.evidence.map(under));
  const api = detectApiAccess(repo, frontendDir, evidence);
  const module = defaultModule(backend.tools[backend.buildTool]!);
  const database = detectDatabase(repo, backendDir, module?.name ?? path.posix.basename(backendDir), evidence);

  return {
    stack: 'three-tier',
    languageVersion: backend.languageVersion,
    packageManager: `${frontend.packageManager} + ${backend.packageManager}`,
    framework: `react + ${backend.framework ?? 'java'}${database.kind ? ` + ${database.kind}` : ''}`,
    entrypoint: backendDir,
    port: backend.port,
    evidence,
    frontendDir,
    backendDir,
    frontend,
    backend,
    database,
    apiAccess: api.access,
    apiEnvVars: api.envVars,
    hardCodedUrls: api.hardCoded,
  };
}
