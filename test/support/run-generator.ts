import helpers, { type RunResult } from 'yeoman-test';
import { cpSync } from 'node:fs';
import path from 'node:path';
import MultistageGenerator from '../../generators/app/index.js';
import { fixturePath, repoRoot } from './fixtures.js';

export interface RunOptions {
  fixture?: string;
  flags?: Record<string, unknown>;
  answers?: Record<string, unknown>;
  /** Sees each question as it is asked (yeoman-test answers it with `answers` or its default). */
  onQuestion?: (name: string, question: { default?: unknown; choices?: unknown }) => void;
  /** Replaces this.spawn* (yeoman-test's spawn mock): receives (method, command, args, options). */
  spawn?: (...args: any[]) => unknown;
  /** Extra files written into the project before the run. */
  prepare?: (dir: string) => void;
}

/** Runs the generator in-process in a temporary copy of a fixture, the way yeoman-test drives it. */
export async function runGenerator({ fixture, flags = {}, answers = {}, onQuestion, spawn, prepare }: RunOptions): Promise<RunResult> {
  const context = helpers
    .run(MultistageGenerator, { resolved: path.join(repoRoot, 'generators', 'app', 'index.ts'), namespace: 'multistage:app' })
    .inTmpDir((dir) => {
      if (fixture) cpSync(fixturePath(fixture), dir, { recursive: true, verbatimSymlinks: true });
      prepare?.(dir);
    })
    .withOptions(flags)
    .withAnswers(answers, {
      callback: (answer, { question }) => {
        onQuestion?.(String(question.name), question as { default?: unknown });
        return answer;
      },
    });
  return spawn ? context.withSpawnMock(spawn) : context;
}
