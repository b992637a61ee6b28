/**
 * What a `--yes` run ended with, read from its exit code and output the way a user would read them.
 */

export type OutcomeKind = 'generated' | 'question' | 'error' | 'crash' | 'no-app';

export interface Question {
  /** The flag the message asks for (`--main`). */
  flag: string;
  /** The candidates the generator listed ("found: a, b"). */
  candidates: string[];
  fair: boolean;
  why: string;
}

export interface Outcome {
  kind: OutcomeKind;
  exitCode: number | null;
  /** The first line of our message (errors), or the questions (question). */
  message: string;
  /** yeoman printed its own error line before ours. */
  noisy?: boolean;
  questions: Question[];
}

/** Frames of a JavaScript stack trace, or the name of an uncaught error class: never our own message. */
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$|\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/m;
/** yeoman's own red line before our message: noise, not a crash (reported as such). */
const YEOMAN_NOISE = /An error occured while running/;
const ANSI = /\u001b\[[0-9;]*m/g;

/** Candidates a reader would not take for the app: tooling, examples, tests. */
const NOT_THE_APP = /(^|\/)(tools?|tooling|hack|scripts?|examples?|samples?|demos?|internal|testdata|tests?|testing|e2e|benchmarks?|docs?|extra|contrib|plugins?\/examples?)(\/|$)/i;

/**
 * Several plausible candidates make a fair question; a yes/no the generator could settle itself, a
 * required value with no candidates, or a list where only one candidate is plausible does not.
 */
export function judgeQuestion(line: string): Question | null {
  const flag = /pass (--[\w-]+)/.exec(line)?.[1];
  if (!flag) return null;
  const found = /\(found: ([^)]*)\)/.exec(line)?.[1];
  const candidates = found ? found.split(/,\s*/).map((c) => c.trim()).filter(Boolean) : [];
  if (candidates.length === 0) return { flag, candidates, fair: false, why: 'no candidates offered: the generator should decide or say what is missing' };
  if (candidates.every((c) => /^(yes|no|true|false)$/i.test(c))) return { flag, candidates, fair: false, why: 'a yes/no the generator could settle with a stated default' };
  const plausible = candidates.filter((c) => !NOT_THE_APP.test(c.replace(/^\.\//, '')));
  if (plausible.length < 2) return { flag, candidates, fair: false, why: `only ${plausible.length === 1 ? plausible[0] : 'none'} of ${candidates.length} is plausibly the app` };
  return { flag, candidates, fair: true, why: `${plausible.length} plausible candidates` };
}

/**
 * exit 0: generated; exit 2 naming a flag: a question it could not answer under --yes; exit 3 on an
 * entry with no app: the right answer; any trace or exit code outside 0-4: a crash.
 */
export function classifyRun(exitCode: number | null, stdout: string, stderr: string, expectNoApp = false): Outcome {
  const output = `${stdout}\n${stderr}`.replace(ANSI, '');
  const lines = stderr.replace(ANSI, '').split('\n').filter((l) => l.trim() && !YEOMAN_NOISE.test(l));
  // Our message is the line the bin prefixes with its name; progress lines (the evidence) come before it.
  const ours = lines.find((l) => l.startsWith('generator-multistage:')) ?? lines[0] ?? '';
  const firstLine = ours.replace(/^generator-multistage:\s*/, '').trim();
  if (STACK_TRACE.test(output) || exitCode === null || ![0, 1, 2, 3, 4].includes(exitCode)) {
    const errorLine = /\b((?:Type|Reference|Range|Syntax)?Error\b[^\n]*)/.exec(output)?.[1] ?? firstLine;
    return { kind: 'crash', exitCode, message: errorLine.slice(0, 300), questions: [] };
  }
  if (exitCode !== 0 && YEOMAN_NOISE.test(output)) return { ...classifyRun(exitCode, stdout, stderr.replace(ANSI, '').split('\n').filter((l) => !YEOMAN_NOISE.test(l)).join('\n'), expectNoApp), noisy: true };
  if (exitCode === 0) return { kind: 'generated', exitCode, message: '', questions: [] };
  if (exitCode === 3 && expectNoApp) return { kind: 'no-app', exitCode, message: firstLine.slice(0, 300), questions: [] };
  if (exitCode === 2) {
    const questions = output.split('\n').map(judgeQuestion).filter((q): q is Question => q !== null);
    if (questions.length > 0) return { kind: 'question', exitCode, message: firstLine.slice(0, 300), questions };
  }
  return { kind: 'error', exitCode, message: firstLine.slice(0, 300), questions: [] };
}
