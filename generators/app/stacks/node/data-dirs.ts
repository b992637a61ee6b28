import type { Repo } from '../../core/repo.js';
import { serverSources } from './programs.js';

/**
 * Folders under the working directory that the server creates and writes at start (`./data`).
 * The image's /app belongs to root and the server runs as 65532, so without an owned folder the
 * first mkdir fails with EACCES; the Dockerfile makes each one, empty and owned by 65532.
 */
export interface DataDir {
  dir: string;
  why: string;
}

/** `process.env.DATA_DIR || args.dataDir || "./data/"`: an env setting whose fallback is a relative folder. */
const ENV_FALLBACK = /process\.env\.(\w*(?:DIR|PATH|FOLDER|STORAGE|DATA|UPLOADS?)\w*)[^;\n]*?(?:\|\||\?\?)\s*(['"`])\.\/([\w-]+)\/?\2/g;
/** `fs.mkdirSync('./uploads')`, `mkdir("data", { recursive: true })` with a literal relative folder. */
const MKDIR_LITERAL = /\bmkdir(?:Sync)?\(\s*(['"`])(?:\.\/)?([\w-]+)\/?\1/g;

/** Folders that are the project's own code or tooling, never data a server makes. */
const NOT_DATA = new Set(['node_modules', 'src', 'lib', 'dist', 'build', 'public', 'server', 'test', 'tests', 'scripts']);

export function dataDirsOf(repo: Repo, evidence: string[]): DataDir[] {
  const found = new Map<string, string>();
  for (const { file, text } of serverSources(repo)) {
    for (const match of text.matchAll(ENV_FALLBACK)) {
      if (!NOT_DATA.has(match[3]) && !found.has(match[3])) found.set(match[3], `${file}: ${match[1]} falls back to ./${match[3]}`);
    }
    for (const match of text.matchAll(MKDIR_LITERAL)) {
      if (!NOT_DATA.has(match[2]) && !found.has(match[2])) found.set(match[2], `${file}: creates ./${match[2]} at run time`);
    }
  }
  const dirs = [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dir, why]) => ({ dir, why }));
  for (const { dir, why } of dirs) {
    evidence.push(`${why}; /app belongs to root and the server runs as 65532, so the image makes /app/${dir} owned by 65532 (mount a volume there to keep its data)`);
  }
  return dirs;
}
