import { ExitCode, UserError } from './errors.js';
import type { Answers, Question } from '../stacks/types.js';

/** Port text from a flag or prompt: a number 1-65535, or empty/"none" for a program that listens on nothing. */
export function parsePort(text: string, source: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return null;
  const port = Number(trimmed);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`${source}: "${text}" is not a port. Fix: give a number from 1 to 65535, or "none".`, ExitCode.usage);
  }
  return port;
}

/** Turns raw text for a question (from a flag, .yo-rc.json or a prompt) into a checked answer. */
export function coerceAnswer(question: Question, raw: unknown, source: string): Answers[keyof Answers] {
  if (question.type === 'port') return raw === null || typeof raw === 'number' ? raw : parsePort(String(raw), source);
  const text = String(raw);
  if (question.type === 'select' && question.choices && !question.choices.some((choice) => choice.value === text)) {
    throw new UserError(
      `${source}: "${text}" is not one of ${question.choices.map((choice) => choice.value).join(', ') || '(no choices found)'}.`,
      ExitCode.usage,
    );
  }
  return text;
}

export function describeMissing(missing: Question[]): string {
  const lines = missing.map((q) => {
    const options = q.choices?.length ? ` (found: ${q.choices.map((c) => c.value).join(', ')})` : '';
    return `- ${q.message}${options}: pass --${q.flag}`;
  });
  return `--yes: cannot decide without asking:\n${lines.join('\n')}`;
}
