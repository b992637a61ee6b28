import { ExitCode, UserError } from './core/errors.js';
import { stacks } from './stacks/registry.js';

/** A command-line option as yeoman declares it (`this.option(name, spec)`). */
export interface CliOption {
  name: string;
  alias?: string;
  type: typeof Boolean | typeof String;
  description: string;
}

/** Options of every run; a stack's own questions add theirs (Stack.flags). */
const RUN_OPTIONS: CliOption[] = [
  { name: 'yes', alias: 'y', type: Boolean, description: 'Never prompt: take detected (or stored) answers; fail naming the flag when one is missing' },
  { name: 'stack', type: String, description: `Stack to generate for: ${stacks.map((stack) => stack.id).join(', ')} (default: detected)` },
  { name: 'path', type: String, description: 'Project folder to read and write (default: current directory)' },
  { name: 'port', type: String, description: 'Port the app listens on, or "none" (default: detected)' },
  { name: 'runtime', type: String, description: `Runtime image family; each stack has its own (${stacks.map((stack) => `${stack.title}: ${orList(stack.runtimes)}`).join('; ')})` },
  { name: 'language-version', type: String, description: 'Language version for the builder image (default: detected)' },
  { name: 'force', alias: 'f', type: Boolean, description: 'Overwrite an existing Dockerfile/.dockerignore without asking' },
  { name: 'detect', type: Boolean, description: 'Print the detection as JSON on stdout and write nothing (exit 3: no stack)' },
  { name: 'keep-as', type: String, description: 'Where a replaced hand-written Dockerfile is kept (default: Dockerfile.orig; .1, .2… when taken); --build compares against it' },
  { name: 'build', type: Boolean, description: 'After writing, build the image and a naive single-stage one with Docker and compare them' },
];

const OUTPUT_OPTIONS: CliOption[] = [
  { name: 'guide', type: Boolean, description: 'Write README.Docker.md beside each Dockerfile: how to build, run, debug and regenerate it (default; --no-guide skips it)' },
  { name: 'scan', type: Boolean, description: 'Monorepo: list every service under the folder, ask which to generate (--yes: all), and write a root compose.yaml' },
  { name: 'pin', type: Boolean, description: 'Pin every base image by digest (image:tag@sha256:…), asked of its registry; run again to refresh (docs/security.md)' },
];

function orList(items: readonly string[]): string {
  return items.length === 1 ? `${items[0]} only` : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The stacks' own flags, one option per name: stacks sharing a flag (--main, --workspace) each say what it means for them. */
function stackOptions(): CliOption[] {
  const byName = new Map<string, CliOption>();
  for (const stack of stacks) {
    for (const flag of stack.flags ?? []) {
      const said = `${stack.title}: ${flag.help}`;
      const known = byName.get(flag.name);
      if (known) known.description = `${known.description}; ${said}`;
      else byName.set(flag.name, { name: flag.name, type: flag.boolean ? Boolean : String, description: said });
    }
  }
  return [...byName.values()];
}

const STACK_OPTIONS = stackOptions();

/** Command-line options, as data: every question has a flag, so any run can be made non-interactive. */
export const CLI_OPTIONS: readonly CliOption[] = [...RUN_OPTIONS, ...STACK_OPTIONS, ...OUTPUT_OPTIONS];

/** The flags that answer one service's questions (the common ones and the stacks'); the others are about the whole run. */
const ANSWER_OPTIONS = new Set(['port', 'runtime', 'language-version', ...STACK_OPTIONS.map((option) => option.name)]);
export const answersQuestion = (name: string): boolean => ANSWER_OPTIONS.has(name);

export interface CliFlags {
  yes?: boolean;
  stack?: string;
  path?: string;
  force?: boolean;
  detect?: boolean;
  build?: boolean;
  scan?: boolean;
  pin?: boolean;
  /** False with --no-guide: README.Docker.md is not written. */
  guide: boolean;
  keepAs?: string;
}

/** A flag's value as given: yeoman passes kebab case from the command line, tests may use camel case. */
function pickOption(options: Record<string, unknown>, kebab: string): unknown {
  const value = options[kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] ?? options[kebab];
  return value === undefined || value === null || value === '' ? undefined : value;
}

/**
 * The text of the flag that answers a question (booleans as "yes"/"no"), so a stack's new question
 * needs only its entry in CLI_OPTIONS.
 */
export function answerFlag(options: Record<string, unknown>, flag: string): string | undefined {
  const value = pickOption(options, flag);
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function readFlags(options: Record<string, unknown>): CliFlags {
  const pick = (kebab: string) => pickOption(options, kebab);
  return {
    yes: Boolean(pick('yes') ?? pick('y')),
    stack: pick('stack') as string | undefined,
    path: pick('path') as string | undefined,
    force: Boolean(pick('force')),
    detect: Boolean(pick('detect')),
    build: Boolean(pick('build')),
    scan: Boolean(pick('scan')),
    pin: Boolean(pick('pin')),
    guide: pick('guide') !== false,
    keepAs: pick('keep-as') as string | undefined,
  };
}

/** An option as yeoman declares it: ours (CLI_OPTIONS) and yeoman's own (--help, --skip-cache, …). */
export interface DeclaredOption {
  name: string;
  alias?: string;
  type?: unknown;
}

/**
 * Refuses a command line word no option declares (`--yse`, `--bogus`, a stray `yes`): yeoman would
 * drop it silently and run without it. The words are read as yeoman's parser (minimist) reads them:
 * `--name=value`, `--name value` for a text option, `--no-name` for a boolean, `-yf` for short ones.
 */
export function refuseUnknownFlags(words: readonly string[], declared: readonly DeclaredOption[]): void {
  const byName = new Map(declared.map((option) => [option.name, option]));
  const byAlias = new Map(declared.filter((option) => option.alias).map((option) => [option.alias!, option]));
  const takesValue = (option: DeclaredOption) => option.type !== Boolean;
  const given = new Map<string, string>();
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === '--') break;
    const next = words[index + 1];
    // minimist takes the next word as a value unless it looks like an option itself.
    const nextIsValue = next !== undefined && !/^--?[^-]/.test(next);
    if (word.startsWith('--')) {
      const [name, inline] = splitInline(word.slice(2));
      const option = byName.get(name) ?? (inline === undefined && name.startsWith('no-') ? booleanNamed(byName, name.slice(3)) : undefined);
      if (!option) throw unknownOption(`--${name}`, name, declared);
      if (takesValue(option) && inline === undefined && !nextIsValue) {
        throw new UserError(`--${name} needs a value. Fix: --${name} VALUE (one that starts with "-" as --${name}=VALUE); nothing was written.`, ExitCode.usage);
      }
      const value = inline ?? (nextIsValue && (takesValue(option) || /^(true|false)$/.test(next)) ? words[++index] : '');
      // yeoman would join two values with a comma ("--path a,b"): neither is what was meant.
      if (takesValue(option) && given.has(option.name)) {
        throw new UserError(`--${option.name} is given twice ("${given.get(option.name)}" and "${value}"). Fix: pass it once; nothing was written.`, ExitCode.usage);
      }
      given.set(option.name, value);
    } else if (/^-[^-]/.test(word)) {
      const letters = word.slice(1);
      for (let at = 0; at < letters.length; at++) {
        const letter = letters[at];
        // "-p8080" or "-y=true": the rest of the word is a value (but "-1" alone is no option).
        if (!/[A-Za-z]/.test(letter)) {
          if (at === 0) throw unknownOption(word, letter, declared);
          break;
        }
        const option = byAlias.get(letter) ?? byName.get(letter);
        if (!option) throw unknownOption(`-${letter}`, letter, declared);
        if (at === letters.length - 1 && nextIsValue && takesValue(option)) index++;
      }
    } else {
      throw new UserError(`unexpected argument "${word}": this command takes options only (--help lists them).${suggestion(word, declared)} Nothing was written.`, ExitCode.usage);
    }
  }
}

function splitInline(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

function booleanNamed(byName: Map<string, DeclaredOption>, name: string): DeclaredOption | undefined {
  const option = byName.get(name);
  return option?.type === Boolean ? option : undefined;
}

function unknownOption(word: string, name: string, declared: readonly DeclaredOption[]): UserError {
  return new UserError(`unknown option ${word}.${suggestion(name, declared)} Fix: correct or remove it (--help lists every option); nothing was written.`, ExitCode.usage);
}

/** " Did you mean --yes?" for the declared option closest to a mistyped name, or "" when none is close. */
function suggestion(typed: string, declared: readonly DeclaredOption[]): string {
  const wanted = typed.replace(/^-+/, '').replace(/^no-/, '').toLowerCase();
  if (wanted.length < 2) return '';
  let best: { name: string; distance: number } | null = null;
  for (const { name } of declared) {
    const distance = name.startsWith(wanted) && wanted.length >= 3 ? 0.5 : editDistance(wanted, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = wanted.length <= 4 ? 1 : 2;
  return best && best.distance <= allowed ? ` Did you mean --${best.name}?` : '';
}

/** Edits (insert, delete, replace, swap two neighbours) that turn one word into the other. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
