import path from 'node:path';
import type { Repo } from '../../core/repo.js';

/** One Python source file and the module name it is imported by from the project root. */
export interface PySource {
  file: string;
  /** `app`, `pkg.main`, `pkg` (for pkg/__init__.py); null when a path part is no identifier. */
  module: string | null;
  text: string;
}

/** Folders whose code never serves the app: tests, migrations, docs, build output. */
const SKIPPED_DIRS = /(^|\/)(tests?|testing|migrations|docs?|examples?|scripts|build|dist|site-packages|\.[^/]+)\//;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function moduleOf(file: string): string | null {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.length > 0 && parts.every((part) => IDENTIFIER.test(part)) ? parts.join('.') : null;
}

/** Python files up to three folders deep, outside test and build folders. */
export function readPySources(repo: Repo): PySource[] {
  return repo
    .files()
    .filter((file) => file.endsWith('.py') && file.split('/').length <= 4 && !SKIPPED_DIRS.test(file) && !/(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file))
    .map((file) => ({ file, module: moduleOf(file), text: repo.read(file) }));
}

export type AppKind = 'flask' | 'fastapi' | 'starlette';

export interface AppObject {
  kind: AppKind;
  /** `module:attr` for a module-level app, `module:factory()` for an application factory. */
  target: string;
  file: string;
  factory: boolean;
}

const APP_OBJECT = /^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:[\w.]+\.)?(Flask|FastAPI|Starlette)\(/m;
const FACTORY = /^def\s+(create_app|make_app|build_app|get_app)\s*\(/m;
const KINDS: Record<string, AppKind> = { Flask: 'flask', FastAPI: 'fastapi', Starlette: 'starlette' };

/** Conventional entry files first, so `app.py` wins over a blueprint that also builds an app. */
function rank(file: string): number {
  const base = path.posix.basename(file);
  const depth = file.split('/').length;
  if (depth === 1 && /^(app|main|wsgi|asgi|server|application|api)\.py$/.test(base)) return 0;
  if (depth === 2 && /^(__init__|app|main|wsgi|asgi)\.py$/.test(base)) return 1;
  return 1 + depth;
}

/** Flask/FastAPI/Starlette application objects and factories, most likely entry first. */
export function findAppObjects(sources: PySource[]): AppObject[] {
  const found: AppObject[] = [];
  for (const source of [...sources].sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file))) {
    if (!source.module) continue;
    const object = APP_OBJECT.exec(source.text);
    if (object) {
      found.push({ kind: KINDS[object[2]], target: `${source.module}:${object[1]}`, file: source.file, factory: false });
      continue;
    }
    const factory = FACTORY.exec(source.text);
    const kind = /\b(Flask|FastAPI|Starlette)\(/.exec(source.text)?.[1];
    if (factory && kind) found.push({ kind: KINDS[kind], target: `${source.module}:${factory[1]}()`, file: source.file, factory: true });
  }
  return found;
}

/** Top-level scripts meant to be run (`if __name__ == "__main__":`), conventional names first. */
export function findScripts(sources: PySource[]): string[] {
  return sources
    .filter((source) => !source.file.includes('/') && /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(source.text))
    .sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file))
    .map((source) => source.file);
}

export interface ListenPort {
  port: number;
  file: string;
  snippet: string;
  loopbackOnly: boolean;
}

const PORT_PATTERNS: RegExp[] = [
  /[\w.]*\.run\([^)]*?\bport\s*=\s*(\d{2,5})/,
  /(?:environ\.get|getenv)\(\s*["']PORT["']\s*,\s*["']?(\d{2,5})/,
  /\w*\(\s*\(\s*["'][\w.]*["']\s*,\s*(\d{2,5})\s*\)/,
  /^PORT\s*=\s*(\d{2,5})\b/m,
  /\bport\s*=\s*(\d{2,5})\b/,
];
const LOOPBACK = /\bhost\s*=\s*["'](127\.0\.0\.1|localhost)["']|\(\s*\(\s*["'](127\.0\.0\.1|localhost)["']\s*,/;

/** The first literal port in the given files (listed in order of preference). */
export function findPort(sources: PySource[]): ListenPort | null {
  for (const source of sources) {
    for (const pattern of PORT_PATTERNS) {
      const match = pattern.exec(source.text);
      const port = Number(match?.[1]);
      if (!match || port < 1 || port > 65535) continue;
      return { port, file: source.file, snippet: match[0].replace(/\s+/g, ' '), loopbackOnly: LOOPBACK.test(source.text) };
    }
  }
  return null;
}

export function importsNetworking(source: PySource): boolean {
  const modules = '(http\\.server|socketserver|socket|wsgiref|aiohttp|tornado)\\b';
  return new RegExp(`^\\s*(from\\s+${modules}|import\\s+([\\w.]+\\s*,\\s*)*${modules})`, 'm').test(source.text);
}
