import path from 'node:path';
import { coerceAnswer, describeMissing } from '../core/answers.js';
import { askQuestion } from '../core/ask.js';
import { ExitCode, UserError } from '../core/errors.js';
import { fromScanRoot } from '../core/guide.js';
import { checkRuntimeFlag } from '../core/runtime.js';
import { answerFlag } from '../options.js';
import type { Answers, Detection, Question, Stack } from '../stacks/types.js';
import { storedContext, type Host, type RunState, type Target } from './state.js';

/**
 * Shows each target's detection and fills its answers. With --yes, what no flag, stored answer or
 * default decides stops the run, listed for every target at once.
 * @param where the log prefix naming a target (a scan's folder)
 * @param fix how to answer them, after the list
 */
export async function answerTargets(run: RunState, where: (target: Target) => string, fix: string): Promise<void> {
  const missing: string[] = [];
  for (const target of run.targets) {
    run.host.log(`${where(target)}${target.stack.title} project detected${target.context !== target.dir ? ` (build context ${target.context}: ${target.stack.contextReason})` : ''}:`);
    for (const line of target.evidence) run.host.log(`  - ${line}`);
    const unanswered = await answer(run, target);
    if (unanswered.length > 0) missing.push(`${where(target)}${describeMissing(unanswered)}`);
  }
  if (missing.length === 0) return;
  throw new UserError(`${missing.join('\n')}${fix}`, ExitCode.usage);
}

/** Fills target.answers: fixed answers, then stored ones, then defaults (--yes) or prompts. Returns what --yes could not decide. */
export async function answer(run: RunState, target: Target, interactive = !run.flags.yes): Promise<Question[]> {
  const stored = storedAnswers(target);
  // The answers that pick this service come first, so every question's default and evidence are this
  // service's (a module's own Java release), not those of the build root's first service.
  Object.assign(target.answers, target.fixed);
  const missing: Question[] = [];
  const settled = new Set<string>();
  // Re-ask the stack after each answer: a default may follow an earlier choice (Go: port per main package).
  for (let question = nextQuestion(target, settled); question; question = nextQuestion(target, settled)) {
    settled.add(question.name);
    if (question.name in target.fixed) {
      target.answers[question.name] = target.fixed[question.name] as never;
      target.sources[question.name] = target.fixedSource;
    } else if (question.name in stored && !run.host.options.askAnswered) {
      target.answers[question.name] = coerceAnswer(question, stored[question.name], path.posix.join(target.dir, '.yo-rc.json')) as never;
      target.sources[question.name] = 'stored';
    } else if (!interactive) {
      if (question.default === undefined) missing.push(question);
      else target.answers[question.name] = question.default as never;
      target.sources[question.name] = 'default';
    } else {
      target.answers[question.name] = (await askQuestion(run.host, { ...question, evidence: fromScanRoot(target.context, question.evidence) })) as never;
      target.sources[question.name] = target.answers[question.name] === question.default ? 'default' : 'prompt';
    }
  }
  return missing;
}

function nextQuestion(target: Target, settled: Set<string>): Question | undefined {
  return target.stack.questions(target.detection, target.answers).find((question) => !settled.has(question.name));
}

/** Flags turned into answers for a stack's questions. */
export function flagAnswers(host: Host, stack: Stack<any>, detection: Detection): Answers {
  checkRuntimeFlag(stack, answerFlag(host.options, 'runtime'));
  const answers: Answers = {};
  for (const question of stack.questions(detection, {})) {
    const value = answerFlag(host.options, question.flag);
    if (value !== undefined) answers[question.name] = coerceAnswer(question, value, `--${question.flag}`) as never;
  }
  return answers;
}

/** The answers .yo-rc.json holds for this target's stack and build context (none when they were for another). */
export function storedAnswers(target: Target): Answers {
  const { stack, buildContext, ...rest } = (target.storage.getAll() ?? {}) as Record<string, unknown>;
  if (stack !== target.stack.id) return {};
  // Answers a scan stored for a service built from a parent folder do not fit a run in this folder alone.
  if ((buildContext ?? '.') !== storedContext(target)) return {};
  return rest as Answers;
}
