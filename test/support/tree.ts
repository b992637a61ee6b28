import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir` (posix relative paths), sorted. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** Files in `after` that are new or differ from `before` (a fixture): what a run wrote. */
export function writtenFiles(before: string, after: string): string[] {
  return listFiles(after).filter((file) => {
    const original = path.join(before, file);
    return !existsSync(original) || readFileSync(original, 'utf8') !== readFileSync(path.join(after, file), 'utf8');
  });
}
