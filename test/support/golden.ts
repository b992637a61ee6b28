import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { goldenDir } from './fixtures.js';

/** UPDATE_GOLDEN=1 rewrites the expected files instead of comparing; review the diff before committing. */
export const updatingGolden = process.env.UPDATE_GOLDEN === '1';

export function expectGolden(caseName: string, file: string, actual: string): void {
  const target = path.join(goldenDir, caseName, file);
  if (updatingGolden || !existsSync(target)) {
    if (!updatingGolden && process.env.CI) throw new Error(`missing golden file ${target}: run UPDATE_GOLDEN=1 npm test`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, actual);
    return;
  }
  expect(actual).toBe(readFileSync(target, 'utf8'));
}
