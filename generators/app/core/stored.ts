import path from 'node:path';
import { UserError } from './errors.js';
import type { Repo } from './repo.js';

export const STORED_ANSWERS = '.yo-rc.json';

/**
 * The answers a run stored in `dir`/.yo-rc.json, checked before yeoman's storage reads them: a file
 * cut short or edited by hand must be named with its fix, not fail deep inside yeoman.
 */
export function checkStoredAnswers(repo: Repo, dir: string, generatorName: string): void {
  const file = path.posix.join(dir, STORED_ANSWERS);
  const text = repo.readIfExists(file);
  if (text === null) return;
  const fix = `Fix: correct it, or delete it to answer the questions again.`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message}). ${fix}`);
  }
  const isMapping = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isMapping(parsed)) throw new UserError(`${file}: not a JSON object of generator settings. ${fix}`);
  const own = (parsed as Record<string, unknown>)[generatorName];
  if (own !== undefined && !isMapping(own)) throw new UserError(`${file}: "${generatorName}" is not an object of stored answers. ${fix}`);
}
