/**
 * The command line without `yo`: runs the generator through yeoman-environment and turns every way a
 * run can end into an exit code and one message. Exit codes: 0 ok, 1 bad input (or a bug), 2 bad
 * usage, 3 no supported stack, 4 files would be overwritten (--yes without --force); 130 a question
 * was cancelled.
 */
import { createEnv } from 'yeoman-environment';
import type Generator from 'yeoman-generator';
import { isUserError } from '../generators/app/core/errors.js';
import { refuseUnknownFlags } from '../generators/app/options.js';

const NAMESPACE = 'multistage:app';

/** The generator to run: its module's path (the bin), or its class with that path (in-process tests). */
export type GeneratorSource = string | { generator: new (...args: any[]) => Generator; resolved: string };

export async function runCli(argv: string[], source: GeneratorSource, packagePath?: string): Promise<number> {
  // skipInstall: the generator writes no package.json, so there is never an install to run or announce.
  const env = createEnv({ skipInstall: true });
  if (typeof source === 'string') env.register(source, { namespace: NAMESPACE, packagePath });
  else env.register(source.generator, { namespace: NAMESPACE, resolved: source.resolved, packagePath });
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      // yeoman prints the generator's options when run() is asked for help explicitly.
      await env.run([NAMESPACE, ...argv], { help: true });
      return 0;
    }
    const generator = (await env.create(NAMESPACE, { generatorArgs: argv, generatorOptions: {} })) as Generator;
    // The generator has declared its options (and yeoman its own) by now, so a typo is known before anything runs.
    refuseUnknownFlags(argv, Object.values(generator._options));
    await env.runGenerator(generator);
    return 0;
  } catch (error) {
    return reportFailure(error, argv);
  }
}

/** Prints why a run stopped and returns its exit code: our own message, or a request to report a bug. */
export function reportFailure(error: unknown, argv: string[]): number {
  if (isUserError(error)) {
    process.stderr.write(`generator-multistage: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    process.stderr.write('generator-multistage: a question was cancelled (no terminal to ask on?); nothing was written. Fix: answer it, or pass --yes (and the flags --help lists).\n');
    return 130;
  }
  process.stderr.write(`${describeBug(error, argv)}\n`);
  return 1;
}

/**
 * Anything that is not a UserError is our bug, whatever the input: one paragraph that says so and
 * what to report. The stack trace is for developers, behind DEBUG=multistage.
 */
export function describeBug(error: unknown, argv: string[]): string {
  const what = error instanceof Error ? `${error.name}: ${firstLine(error.message)}` : firstLine(String(error));
  const command = ['generator-multistage', ...argv].join(' ');
  const paragraph =
    `generator-multistage: internal error (${what}). This is a bug in generator-multistage, not in your project: ` +
    `please report it with the command line (${command}) and this message. Run it again with DEBUG=multistage to see where it happened.`;
  if (!debugging() || !(error instanceof Error) || !error.stack) return paragraph;
  return `${paragraph}\n${error.stack}`;
}

/** DEBUG=multistage (or a DEBUG pattern list naming it, or `*`), as the `debug` package reads it. */
function debugging(): boolean {
  return (process.env.DEBUG ?? '').split(/[\s,]+/).some((pattern) => pattern === '*' || pattern === 'multistage' || pattern === 'multistage:*');
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
