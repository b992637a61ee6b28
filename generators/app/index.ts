import { readFileSync } from 'node:fs';
import Generator from 'yeoman-generator';
import { coerceAnswer, describeMissing } from './core/answers.js';
import { ExitCode, UserError } from './core/errors.js';
import { buildAndCompare } from './core/build.js';
import { formatProblems, lintDockerfile } from './core/lint.js';
import { templatesDir } from './core/paths.js';
import { Repo } from './core/repo.js';
import { answerFlag, CLI_OPTIONS, readFlags, type CliFlags } from './options.js';
import { detectionReport, noStackReport } from './report.js';
import { detectStack, markersLookedFor, stacks } from './stacks/registry.js';
import type { Answers, Detection, Plan, Question, Stack, StackId } from './stacks/types.js';

/**
 * `yo multistage`: detect -> ask -> plan -> write -> verify. Each step lives in its own module;
 * helpers are #private because yeoman queues every public prototype method as a task.
 * this class only sequences them through yeoman's run loop.
 */
export default class MultistageGenerator extends Generator {
  flags!: CliFlags;
  repo!: Repo;
  stack!: Stack<any>;
  detection!: Detection;
  answers: Answers = {};
  plan!: Plan;
  /** --detect: everything after initializing is skipped. */
  reportOnly = false;

  constructor(args?: string[], options?: Record<string, unknown>) {
    // customInstallTask: this generator never writes package.json, so yeoman must not plan an npm install.
    super(args ?? [], (options ?? {}) as any, { customInstallTask: true });
    for (const { name, ...spec } of CLI_OPTIONS) this.option(name, spec as any);
  }

  async initializing() {
    this.flags = readFlags(this.options);
    this.sourceRoot(templatesDir);
    this.repo = Repo.open(this.flags.path ?? this.destinationRoot());
    this.destinationRoot(this.repo.root);

    const storedStack = this.config.get('stack') as StackId | undefined;
    const wanted = (this.flags.stack ?? storedStack) as StackId | undefined;
    const found = detectStack(this.repo, wanted);
    if (!found) {
      if (this.flags.detect) process.stdout.write(`${JSON.stringify(noStackReport(wanted), null, 2)}\n`);
      throw new UserError(
        `No ${wanted ? `${wanted} project` : 'supported stack'} found in ${this.repo.root} (looked for ${markersLookedFor(wanted).join(', ')}). Fix: run in the project's folder or pass --path DIR.`,
        ExitCode.noStack,
      );
    }
    this.stack = found.stack;
    this.detection = found.detection;

    if (this.flags.detect) {
      this.reportOnly = true;
      const report = detectionReport(this.stack, this.detection, this.#flagAnswers(), this.repo);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
  }

  async prompting() {
    if (this.reportOnly) return;
    if (!this.flags.yes && !this.flags.stack) await this.#confirmStack();
    this.log(`${this.stack.title} project detected:`);
    for (const line of this.detection.evidence) this.log(`  - ${line}`);

    const flagAnswers = this.#flagAnswers();
    const stored = this.#storedAnswers();
    const missing: Question[] = [];
    const settled = new Set<string>();
    // Re-ask the stack after each answer: a default may follow an earlier choice (Go: port per main package).
    for (let question = this.#nextQuestion(settled); question; question = this.#nextQuestion(settled)) {
      settled.add(question.name);
      if (question.name in flagAnswers) {
        this.answers[question.name] = flagAnswers[question.name] as never;
      } else if (question.name in stored && !this.options.askAnswered) {
        this.answers[question.name] = coerceAnswer(question, stored[question.name], '.yo-rc.json') as never;
      } else if (this.flags.yes) {
        if (question.default === undefined) missing.push(question);
        else this.answers[question.name] = question.default as never;
      } else {
        this.answers[question.name] = (await this.#ask(question)) as never;
      }
    }
    if (missing.length > 0) throw new UserError(describeMissing(missing), ExitCode.usage);
  }

  configuring() {
    if (this.reportOnly) return;
    this.plan = this.stack.plan(this.detection, this.answers, this.repo);
    this.config.set({ stack: this.stack.id, ...this.answers });
  }

  writing() {
    if (this.reportOnly) return;
    for (const file of this.plan.files) {
      this.renderTemplate(file.template, file.destination, this.plan.context);
    }
    for (const file of this.plan.extraFiles ?? []) {
      const target = this.destinationPath(file.destination);
      if (!file.append) {
        this.fs.write(target, file.content);
        continue;
      }
      this.fs.append(target, file.content, { create: true, trimEnd: true, separator: '\n' });
      // An append keeps every existing line, so it is written without yeoman's overwrite prompt.
      (this.fs as any).store.get(target).conflicter = 'force';
    }
    this.#verify();
    if (this.flags.yes && !this.flags.force) this.#refuseConflicts();
  }

  async end() {
    if (this.reportOnly) return;
    this.log(`\nWrote ${this.plan.files.map((f) => f.destination).join(', ')} (builder ${this.plan.builderImage}, runtime ${this.plan.runtimeImage}).`);
    for (const note of this.plan.notes) this.log(`  - ${note}`);
    if (this.flags.build) await buildAndCompare(this, this.plan, this.repo.root);
  }

  #nextQuestion(settled: Set<string>): Question | undefined {
    return this.stack.questions(this.detection, this.answers).find((question) => !settled.has(question.name));
  }

  /** Flags turned into answers for the current stack's questions. */
  #flagAnswers(): Answers {
    const answers: Answers = {};
    for (const question of this.stack.questions(this.detection, {})) {
      const value = answerFlag(this.options, question.flag);
      if (value !== undefined) answers[question.name] = coerceAnswer(question, value, `--${question.flag}`) as never;
    }
    return answers;
  }

  #storedAnswers(): Answers {
    if (this.config.get('stack') !== this.stack.id) return {};
    const { stack: _stack, ...rest } = this.config.getAll() as Record<string, unknown>;
    return rest as Answers;
  }

  async #confirmStack() {
    const { stack } = await this.prompt<{ stack: StackId }>([
      {
        type: 'select',
        name: 'stack',
        message: 'Stack',
        choices: stacks.map((s) => ({ value: s.id, name: s.id === this.stack.id ? `${s.title} (detected)` : s.title })),
        default: this.stack.id,
      },
    ]);
    if (stack === this.stack.id) return;
    const found = detectStack(this.repo, stack);
    if (!found) throw new UserError(`No ${stack} project found in ${this.repo.root}.`, ExitCode.noStack);
    this.stack = found.stack;
    this.detection = found.detection;
  }

  async #ask(question: Question): Promise<Answers[keyof Answers]> {
    for (const line of question.evidence) this.log(`    ${line}`);
    if (question.type === 'select') {
      const picked = await this.prompt<Record<string, string>>([
        { type: 'select', name: question.name, message: question.message, choices: question.choices ?? [], default: question.default ?? undefined },
      ]);
      return picked[question.name];
    }
    const typed = await this.prompt<Record<string, string>>([
      {
        type: 'input',
        name: question.name,
        message: question.message,
        default: question.default === null || question.default === undefined ? '' : String(question.default),
        validate: (input: string) => {
          try {
            coerceAnswer(question, input, question.message);
            return true;
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
    ]);
    return coerceAnswer(question, typed[question.name], question.message);
  }

  /** Every Dockerfile we write must pass the validator and our rules; a failure here is our bug. */
  #verify() {
    for (const file of this.plan.files.filter((f) => f.destination.endsWith('Dockerfile'))) {
      const problems = lintDockerfile(this.fs.read(this.destinationPath(file.destination)) ?? '');
      if (problems.length > 0) {
        throw new Error(`generator-multistage rendered an invalid ${file.destination} (please report this):\n${formatProblems(file.destination, problems)}`);
      }
    }
  }

  /** --yes must never overwrite silently: without --force, existing different files stop the run. */
  #refuseConflicts() {
    const conflicts = this.plan.files
      .map((file) => file.destination)
      .filter((destination) => {
        const target = this.destinationPath(destination);
        try {
          return readFileSync(target, 'utf8') !== this.fs.read(target);
        } catch {
          return false;
        }
      });
    if (conflicts.length > 0) {
      throw new UserError(
        `${conflicts.join(' and ')} already exist${conflicts.length === 1 ? 's' : ''} in ${this.repo.root} and would change; nothing was written. Fix: re-run with --force to overwrite, or without --yes to review each file.`,
        ExitCode.conflict,
      );
    }
  }
}
