import { ExitCode, isUserError, UserError } from './errors.js';
import type { Repo } from './repo.js';
import type { Answers, Detection, Plan, Question, Stack } from '../stacks/types.js';

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

export interface DefaultAnswers {
  answers: Answers;
  /** Questions with no default and no candidate: a --yes run would stop at them. */
  unanswered: Question[];
  /** A select with nothing to choose from (a Go module without package main): nothing to generate. */
  empty: Question | null;
}

/**
 * The answers a --yes run would take without stored answers: `fixed` first, then each default, or
 * the first candidate where a choice has no default (it stands in: several mains build the same
 * images). The stack is asked again after each answer, since a default can follow an earlier one.
 */
export function defaultAnswers(stack: Stack<any>, detection: Detection, fixed: Answers = {}): DefaultAnswers {
  const answers: Answers = {};
  const unanswered: Question[] = [];
  let empty: Question | null = null;
  const settled = new Set<string>();
  const next = () => stack.questions(detection, answers).find((question) => !settled.has(question.name));
  for (let question = next(); question; question = next()) {
    settled.add(question.name);
    if (question.type === 'select' && question.choices?.length === 0) empty ??= question;
    const value = question.name in fixed ? fixed[question.name] : question.default ?? question.choices?.[0]?.value;
    if (value === undefined) unanswered.push(question);
    else answers[question.name] = value as never;
  }
  return { answers, unanswered, empty };
}

/** The stack's plan, or why it refuses (its UserError's message); any other error is a bug and is thrown. */
export function tryPlan(stack: Stack<any>, detection: Detection, answers: Answers, repo: Repo): { plan: Plan; refused: null } | { plan: null; refused: string } {
  try {
    return { plan: stack.plan(detection, answers, repo), refused: null };
  } catch (error) {
    if (isUserError(error)) return { plan: null, refused: error.message };
    throw error;
  }
}
