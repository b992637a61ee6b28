import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { coerceAnswer, describeMissing } from './core/answers.js';
import { ExitCode, UserError } from './core/errors.js';
import { askQuestion } from './core/ask.js';
import { checkRuntimeFlag } from './core/runtime.js';
import { quietTaskFailures } from './core/quiet-log.js';
import { checkStoredAnswers } from './core/stored.js';
import { buildAndCompare } from './core/build.js';
import type { ImageFacts } from './core/compare.js';
import { withCommands } from './core/commands.js';
import { fromScanRoot, GUIDE_FILE, GUIDE_MARKER, guideData, renderGuide, renderRootGuide, rootGuideData, type AnswerSource, type GuideInput } from './core/guide.js';
import { formatMb } from './core/compare.js';
import { existingFacts, parseDockerfile } from './core/existing-dockerfile.js';
import { backupName, carriedEnv, DEFAULT_BACKUP, describeExisting, envLine, imageHasShell, keptCopies, lineDiff, upgradeNotes } from './core/upgrade.js';
import { formatProblems, lintDockerfile } from './core/lint.js';
import { pinDockerfiles } from './core/pin.js';
import { MIRROR_ENV, readMirrors, RegistryResolver } from './core/registry.js';
import { templatesDir } from './core/paths.js';
import { renderTemplate, templateData } from './core/render.js';
import { sharedIgnore, type IgnoreSection } from './core/dockerignore.js';
import { Repo, SCAN_PRUNED_DIRS, PRUNED_DIRS } from './core/repo.js';
import { answerFlag, CLI_OPTIONS, readFlags, type CliFlags } from './options.js';
import { detectionReport, noStackReport, scanReport } from './report.js';
import { buildCompose, COMPOSE_FILES, readCompose, type ExistingCompose } from './scan/compose.js';
import { composeEntry, describeService, nestedServices } from './scan/describe.js';
import { placePlan } from './scan/placement.js';
import { SCAN_MARKERS, scanServices, type ScanResult, type Service } from './scan/scan.js';
import { detectStack, findStack, markersLookedFor, stacks } from './stacks/registry.js';
import type { AnswerName, Answers, Detection, OutputFile, Plan, Question, Stack, StackId } from './stacks/types.js';

type Storage = Generator['config'];

/** One Dockerfile to write: the whole project (a normal run) or one service of a monorepo scan. */
interface Target {
  /** Folder of the Dockerfile, relative to the destination root ('.' in a normal run). */
  dir: string;
  /** Compose service and image name (a scan's; unused in a normal run). */
  name: string;
  /** Build context, relative to the destination root. */
  context: string;
  repo: Repo;
  stack: Stack<any>;
  detection: Detection;
  /** "file: why" lines shown before its questions (a scan's member lines, or the detection's). */
  evidence: string[];
  /** Answers given up front: flags in a normal run, the member selection in a scan. */
  fixed: Answers;
  storage: Storage;
  answers: Answers;
  /** How each answer was reached (flag, stored, detected, prompt): README.Docker.md says so. */
  sources: Partial<Record<AnswerName, AnswerSource>>;
  plan?: Plan;
  /** README.Docker.md as written: where, what it was rendered from, and its text (--build adds its table to it). */
  guide?: { destination: string; input: GuideInput; text: string };
  /** A stack's own compose.yaml (three-tier), merged into the root one in a scan. */
  ownCompose?: OutputFile | null;
  /** Where the hand-written Dockerfile this run replaced was kept (relative to the destination root). */
  keptAs?: string;
  /** The user chose to keep their own Dockerfile: nothing was written for it. */
  keptOwn?: boolean;
}

/**
 * `yo multistage`: detect -> ask -> plan -> write -> verify, for one project or (--scan, or a folder
 * where no stack matches but services sit below) for every service of a monorepo. Each step lives in
 * its own module; this class only sequences them through yeoman's run loop. Helpers are #private
 * because yeoman queues every public prototype method as a task.
 */
export default class MultistageGenerator extends Generator {
  flags!: CliFlags;
  repo!: Repo;
  targets: Target[] = [];
  /** Set in scan mode: every service found, chosen or not (the root compose lists all that have a Dockerfile). */
  scan: ScanResult | null = null;
  /** Every service a scan found, before --stack narrowed it: a root image leaves the others out all the same. */
  allServices: Service[] = [];
  /** The root compose file a scan adds to (the first of compose's own names that exists), read once. */
  rootCompose: { file: string; existing: ExistingCompose | null } = { file: COMPOSE_FILES[0], existing: null };
  /** README.Docker.md files written under the conflict rules (--yes without --force refuses to change them). */
  guideFiles: string[] = [];

  constructor(args?: string[], options?: Record<string, unknown>) {
    // customInstallTask: this generator never writes package.json, so yeoman must not plan an npm install.
    super(args ?? [], (options ?? {}) as any, { customInstallTask: true });
    for (const { name, ...spec } of CLI_OPTIONS) this.option(name, spec as any);
    // --help builds the generator without a logger.
    if (this.log) quietTaskFailures(this.log);
  }

  async initializing() {
    this.flags = readFlags(this.options);
    this.sourceRoot(templatesDir);
    // --scan --path DIR scans DIR; --path alone targets the one project there.
    const wantsScan = Boolean(this.flags.scan);
    this.repo = Repo.open(this.flags.path ?? this.destinationRoot(), wantsScan ? [...PRUNED_DIRS, ...SCAN_PRUNED_DIRS] : PRUNED_DIRS);
    this.destinationRoot(this.repo.root);
    checkStoredAnswers(this.repo, '.', this.rootGeneratorName());
    if (wantsScan) return this.#startScan(scanServices(this.repo, this.#readRootCompose() ?? undefined));

    const storedStack = this.config.get('stack') as StackId | undefined;
    const wanted = (this.flags.stack ?? storedStack) as StackId | undefined;
    const found = detectStack(this.repo, wanted);
    if (!found && !wanted) {
      // Nothing at the root (the current folder or --path): a monorepo keeps its services in sub-folders.
      // Narrowed from the walk detection already made, and kept: the services are planned from this listing, as with --scan.
      const narrowed = this.repo.narrow(SCAN_PRUNED_DIRS);
      const scan = scanServices(narrowed, this.#readRootCompose() ?? undefined);
      if (scan.services.length > 0) {
        this.log(`No project at the root of ${this.repo.root}; scanning it as a monorepo.`);
        this.repo = narrowed;
        return this.#startScan(scan);
      }
    }
    if (!found) {
      if (this.flags.detect) process.stdout.write(`${JSON.stringify(noStackReport(wanted), null, 2)}\n`);
      throw new UserError(
        `No ${wanted ? `${wanted} project` : 'supported stack'} found in ${this.repo.root} (looked for ${markersLookedFor(wanted).join(', ')}). Fix: run in the project's folder or pass --path DIR.`,
        ExitCode.noStack,
      );
    }
    const target: Target = { dir: '.', name: '', context: '.', repo: this.repo, stack: found.stack, detection: found.detection, evidence: found.detection.evidence, fixed: {}, storage: this.config, answers: {}, sources: {} };
    target.fixed = this.#flagAnswers(target.stack, target.detection);
    this.targets = [target];
    const monorepo = this.#monorepoAround(target);
    if (monorepo) {
      this.log(`${target.stack.title} build at ${this.repo.root} has several services, and other services sit beside it: scanning it as a monorepo (--path DIR for one of them).`);
      this.repo = monorepo.repo;
      return this.#startScan(monorepo.scan);
    }
    if (this.#yesNeedsMembers(target)) {
      // Same walk as a scan of this folder: the members become the services, each with its own Dockerfile.
      const narrowed = this.repo.narrow(SCAN_PRUNED_DIRS);
      this.log(`${target.stack.title} workspace at ${this.repo.root}: --yes cannot pick one member, so every member service is generated, as with --scan.`);
      this.repo = narrowed;
      return this.#startScan(scanServices(narrowed, this.#readRootCompose() ?? undefined));
    }

    if (this.flags.detect) {
      const report = detectionReport(target.stack, target.detection, target.fixed, this.repo);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
  }

  async prompting() {
    if (this.flags.detect) return;
    if (this.scan) await this.#chooseServices();
    else if (!this.flags.yes && !this.flags.stack) await this.#confirmStack(this.targets[0]);

    const missing: string[] = [];
    for (const target of this.targets) {
      const where = this.scan ? `${target.dir}: ` : '';
      this.log(`${where}${target.stack.title} project detected${target.context !== target.dir ? ` (build context ${target.context}: ${target.stack.contextReason})` : ''}:`);
      for (const line of target.evidence) this.log(`  - ${line}`);
      const unanswered = await this.#answer(target);
      if (unanswered.length > 0) missing.push(`${where}${describeMissing(unanswered)}`);
    }
    if (missing.length === 0) return;
    const fix = this.scan ? '\nFix: answer these services one at a time with --path DIR and the flags, or run without --yes.' : '';
    throw new UserError(`${missing.join('\n')}${fix}`, ExitCode.usage);
  }

  configuring() {
    if (this.flags.detect) return;
    for (const target of this.targets) {
      const plan = target.stack.plan(target.detection, target.answers, target.repo);
      if (this.scan) {
        const placed = placePlan(plan, target.stack, target);
        target.plan = placed.plan;
        target.ownCompose = placed.ownCompose;
        // The answers live next to the service's Dockerfile; buildContext keeps a later `--path` run from mistaking them for its own.
        target.storage.set({ stack: target.stack.id, buildContext: storedContext(target), ...target.answers });
      } else {
        target.plan = plan;
        target.storage.set({ stack: target.stack.id, ...target.answers });
      }
      this.#carryOver(target);
      // The Dockerfile header and README.Docker.md show the same commands, computed once from the final plan.
      target.plan = withCommands(target.plan);
    }
  }

  async writing() {
    if (this.flags.detect) return;
    const ignoreByContext = new Map<string, { destination: string; context: string; stacks: Set<StackId>; sections: IgnoreSection[][] }>();
    for (const target of this.targets) {
      const plan = target.plan!;
      // The header says how to refresh the digests.
      if (this.flags.pin) plan.pinned = true;
      for (const file of plan.files) {
        if (file.template === '_shared/dockerignore.ejs') {
          const shared = ignoreByContext.get(file.destination) ?? { destination: file.destination, context: target.context, stacks: new Set<StackId>(), sections: [] };
          shared.sections.push(plan.ignoreSections);
          shared.stacks.add(target.stack.id);
          ignoreByContext.set(file.destination, shared);
          continue;
        }
        this.fs.write(this.destinationPath(file.destination), renderTemplate(file.template, templateData(plan)));
      }
      for (const file of plan.extraFiles ?? []) this.#writeExtra(file.destination, file.content, file.append);
      if (this.scan) this.#writeRootFiles(target);
    }
    // Services sharing a build context (workspace members) share its one .dockerignore.
    for (const { destination, context, stacks: built, sections } of ignoreByContext.values()) {
      const nested = this.scan ? nestedServices(this.allServices, context, built) : [];
      this.fs.write(this.destinationPath(destination), renderTemplate('_shared/dockerignore.ejs', { ignoreSections: [...sharedIgnore(sections), ...nested] }));
    }
    if (this.scan) await this.#writeRootCompose();
    if (this.flags.pin) await this.#pin();
    if (this.flags.guide) this.#writeGuides();
    this.#verify();
    for (const target of this.targets) await this.#upgrade(target);
    if (this.flags.yes && !this.flags.force) this.#refuseConflicts();
  }

  async end() {
    if (this.flags.detect) return;
    for (const target of this.targets) {
      const plan = target.plan!;
      const where = this.scan ? `${target.dir}: ` : '';
      if (target.keptOwn) {
        const others = plan.files.map((f) => f.destination).filter((file) => !file.endsWith('Dockerfile'));
        this.log(`\n${where}kept your Dockerfile${others.length ? `; wrote ${others.join(', ')}` : ''}.`);
        continue;
      }
      const written = [...plan.files.map((f) => f.destination), ...(target.guide ? [target.guide.destination] : [])];
      this.log(`\n${where}wrote ${written.join(', ')} (builder ${plan.builderImage}, runtime ${plan.runtimeImage}).`);
      for (const note of plan.notes) this.log(`  - ${note}`);
    }
    if (this.flags.build && this.targets[0].keptOwn) this.log('--build: skipped, your Dockerfile was kept (nothing new to compare).');
    else if (this.flags.build) {
      const images = await buildAndCompare(this, this.targets[0].plan!, this.repo.root, this.#previousDockerfile(this.targets[0]));
      this.#addSizesToGuide(this.targets[0], images);
    }
  }

  /** Monorepo mode: every service under the root, from one walk. */
  #startScan(found: ScanResult) {
    // --stack narrows the scan to one stack's services.
    const only = this.flags.stack ? findStack(this.flags.stack).id : null;
    const scan = only ? { ...found, services: found.services.filter((service) => service.stack.id === only) } : found;
    this.scan = scan;
    this.allServices = found.services;
    if (this.flags.build) throw new UserError('--build compares one image with its naive twin; a scan writes several. Fix: build them with `docker compose build`, or run --path DIR --build for one service.', ExitCode.usage);
    const perServiceFlags = CLI_OPTIONS.filter((option) => !['yes', 'force', 'detect', 'scan', 'stack', 'path', 'build', 'pin', 'guide', 'keep-as'].includes(option.name)).filter((option) => answerFlag(this.options, option.name) !== undefined);
    if (perServiceFlags.length > 0) {
      throw new UserError(`--${perServiceFlags[0].name} answers for one service, but this run scans the whole tree. Fix: pass --path DIR with it to generate that service alone.`, ExitCode.usage);
    }
    if (this.flags.detect) {
      process.stdout.write(`${JSON.stringify(scanReport(scan), null, 2)}\n`);
      if (scan.services.length === 0) throw new UserError(`No service found under ${this.repo.root} (looked for ${SCAN_MARKERS.join(', ')}).`, ExitCode.noStack);
      return;
    }
    if (scan.services.length === 0) {
      throw new UserError(`No service found under ${this.repo.root} (looked for ${SCAN_MARKERS.join(', ')}${scan.skipped.length ? `; skipped: ${scan.skipped.map((s) => `${s.dir} (${s.reason})`).join('; ')}` : ''}). Fix: run in the project's folder or pass --path DIR.`, ExitCode.noStack);
    }
  }

  /** Which services to generate: a checkbox, or with --yes every service that has no Dockerfile yet. */
  async #chooseServices() {
    const scan = this.scan!;
    this.log(`Services under ${this.repo.root}:`);
    for (const service of scan.services) this.log(`  - ${describeService(service)}`);
    for (const skipped of scan.skipped) this.log(`  - ${skipped.dir}: not buildable: ${skipped.reason}`);
    const isNew = (service: Service) => !service.hasDockerfile;
    let chosen: string[];
    if (this.flags.yes) {
      // --force regenerates what this generator wrote before; a hand-written Dockerfile is only ever replaced when ticked.
      chosen = scan.services.filter((service) => isNew(service) || (this.flags.force && service.generatedBefore)).map((service) => service.dir);
      if (chosen.length === 0) this.log('Every service already has a Dockerfile: nothing new to generate (--force regenerates the ones this generator wrote; run without --yes to choose).');
    } else {
      const picked = await this.prompt<{ services: string[] }>([
        {
          type: 'checkbox',
          name: 'services',
          message: 'Services to generate (a folder with a Dockerfile is left alone unless you tick it)',
          choices: scan.services.map((service) => ({ value: service.dir, name: describeService(service), checked: isNew(service) })),
        },
      ]);
      chosen = picked.services ?? [];
    }
    this.targets = scan.services.filter((service) => chosen.includes(service.dir)).map((service) => this.#serviceTarget(service));
  }

  #serviceTarget(service: Service): Target {
    checkStoredAnswers(this.repo, service.dir, this.rootGeneratorName());
    const storage = this.createStorage(path.posix.join(service.dir, '.yo-rc.json'), this.rootGeneratorName());
    return {
      dir: service.dir,
      name: service.name,
      context: service.context,
      repo: this.repo.sub(service.context),
      stack: service.stack,
      detection: service.detection,
      evidence: service.evidence,
      fixed: service.fixedAnswers,
      storage,
      answers: {},
      sources: {},
    };
  }

  /** Fills target.answers: fixed answers, then stored ones, then defaults (--yes) or prompts. Returns what --yes could not decide. */
  async #answer(target: Target, interactive = !this.flags.yes): Promise<Question[]> {
    const stored = this.#storedAnswers(target);
    // The answers that pick this service come first, so every question's default and evidence are this
    // service's (a module's own Java release), not those of the build root's first service.
    Object.assign(target.answers, target.fixed);
    const missing: Question[] = [];
    const settled = new Set<string>();
    // Re-ask the stack after each answer: a default may follow an earlier choice (Go: port per main package).
    for (let question = this.#nextQuestion(target, settled); question; question = this.#nextQuestion(target, settled)) {
      settled.add(question.name);
      if (question.name in target.fixed) {
        target.answers[question.name] = target.fixed[question.name] as never;
        target.sources[question.name] = this.scan ? 'scan' : 'flag';
      } else if (question.name in stored && !this.options.askAnswered) {
        target.answers[question.name] = coerceAnswer(question, stored[question.name], path.posix.join(target.dir, '.yo-rc.json')) as never;
        target.sources[question.name] = 'stored';
      } else if (!interactive) {
        if (question.default === undefined) missing.push(question);
        else target.answers[question.name] = question.default as never;
        target.sources[question.name] = 'default';
      } else {
        target.answers[question.name] = (await askQuestion(this, { ...question, evidence: fromScanRoot(target.context, question.evidence) })) as never;
        target.sources[question.name] = target.answers[question.name] === question.default ? 'default' : 'prompt';
      }
    }
    return missing;
  }

  #nextQuestion(target: Target, settled: Set<string>): Question | undefined {
    return target.stack.questions(target.detection, target.answers).find((question) => !settled.has(question.name));
  }

  /**
   * --yes at a workspace root (the stack reports several member services) with --workspace unanswered
   * and no default: nothing could pick the member, so the run becomes a scan of the members.
   */
  /**
   * A root whose own build holds several services, with services of other builds in folders that
   * build does not claim, is a monorepo rather than one project: its scan, or null. Not when the
   * run already picks one member (a flag or a stored answer), names a stack, or builds one image.
   */
  #monorepoAround(target: Target): { repo: Repo; scan: ScanResult } | null {
    if (this.flags.build || this.flags.stack) return null;
    // Members that are packages of their own (their own manifest: Maven modules, workspace members), not
    // several programs of one package (a Go module's mains): only a build of packages is a monorepo's root.
    const manifests = target.stack.projectFiles.filter((file) => !file.includes('*'));
    const members = (target.stack.members?.(target.detection) ?? []).filter((member) => member.dir !== '.' && manifests.some((file) => this.repo.exists(`${member.dir}/${file}`)));
    if (members.length < 2) return null;
    const known = { ...this.#storedAnswers(target), ...target.fixed };
    if (members.some((member) => Object.keys(member.answers).some((name) => known[name as AnswerName] !== undefined))) return null;
    const repo = this.repo.narrow(SCAN_PRUNED_DIRS);
    const scan = scanServices(repo, this.#readRootCompose() ?? undefined);
    // The root build's members are built from the root; anything else is another build's service.
    return scan.services.some((service) => service.context !== '.') ? { repo, scan } : null;
  }

  #yesNeedsMembers(target: Target): boolean {
    if (!this.flags.yes || this.flags.detect || this.flags.build) return false;
    if ((target.stack.members?.(target.detection).length ?? 0) < 2) return false;
    const known = { ...this.#storedAnswers(target), ...target.fixed };
    return target.stack.questions(target.detection, known).some((question) => question.flag === 'workspace' && known[question.name] === undefined && (question.default === undefined || question.default === null));
  }

  /** Flags turned into answers for a stack's questions. */
  #flagAnswers(stack: Stack<any>, detection: Detection): Answers {
    checkRuntimeFlag(stack, answerFlag(this.options, 'runtime'));
    const answers: Answers = {};
    for (const question of stack.questions(detection, {})) {
      const value = answerFlag(this.options, question.flag);
      if (value !== undefined) answers[question.name] = coerceAnswer(question, value, `--${question.flag}`) as never;
    }
    return answers;
  }

  #storedAnswers(target: Target): Answers {
    const { stack, buildContext, ...rest } = (target.storage.getAll() ?? {}) as Record<string, unknown>;
    if (stack !== target.stack.id) return {};
    // Answers a scan stored for a service built from a parent folder do not fit a run in this folder alone.
    if ((buildContext ?? '.') !== storedContext(target)) return {};
    return rest as Answers;
  }

  async #confirmStack(target: Target) {
    const { stack } = await this.prompt<{ stack: StackId }>([
      {
        type: 'select',
        name: 'stack',
        message: 'Stack',
        choices: stacks.map((s) => ({ value: s.id, name: s.id === target.stack.id ? `${s.title} (detected)` : s.title })),
        default: target.stack.id,
      },
    ]);
    if (stack === target.stack.id) return;
    const found = detectStack(this.repo, stack);
    if (!found) throw new UserError(`No ${stack} project found in ${this.repo.root}.`, ExitCode.noStack);
    target.stack = found.stack;
    target.detection = found.detection;
    target.evidence = found.detection.evidence;
    target.fixed = this.#flagAnswers(found.stack, found.detection);
  }

  /**
   * A scan's files beside the root compose.yaml (.env, .gitignore), planned against the root as
   * written so far, so a second three-tier group adds to the first one's .env instead of replacing it.
   */
  #writeRootFiles(target: Target) {
    const plan = target.plan!;
    if (!plan.rootFiles) return;
    const { files: plannedFiles, folderNote, rootNote } = plan.rootFiles;
    const files = plannedFiles((file) => (this.fs.exists(this.destinationPath(file)) ? this.fs.read(this.destinationPath(file))! : null));
    for (const file of files) this.#writeExtra(file.destination, file.content, file.append);
    // The plan's own words on these files were about its folder; say what happened at the root.
    if (folderNote === null || !plan.notes.includes(folderNote)) return;
    plan.notes = [...plan.notes.filter((note) => note !== folderNote), rootNote(files)];
  }

  #writeExtra(destination: string, content: string, append?: boolean) {
    const target = this.destinationPath(destination);
    if (!append) {
      this.fs.write(target, content);
      return;
    }
    this.fs.append(target, content, { create: true, trimEnd: true, separator: '\n' });
    // An append keeps every existing line, so it is written without yeoman's overwrite prompt.
    (this.fs as any).store.get(target).conflicter = 'force';
  }

  /**
   * The root compose.yaml of a scan: every service with a Dockerfile (generated now, before, or the
   * user's own), each with its build context. Existing services in the file are kept as they are.
   */
  async #writeRootCompose() {
    const planned = new Map(this.targets.map((target) => [target.dir, target]));
    // Services generated in an earlier run are planned again from their stored answers (nothing is
    // written for them but their compose entries), so a rewritten compose.yaml keeps e.g. their db.
    for (const service of this.scan!.services.filter((s) => s.generatedBefore && !planned.has(s.dir))) {
      const target = await this.#quietPlan(service);
      if (!target) continue;
      planned.set(service.dir, target);
      this.#writeRootFiles(target);
    }
    const services = this.scan!.services
      .filter((service) => planned.has(service.dir) || service.hasDockerfile)
      .map((service) => {
        const target = planned.get(service.dir);
        return composeEntry(service, target ? { plan: target.plan!, ownCompose: this.#renderOwnCompose(target) } : null);
      });
    const { file: composeFile, existing } = this.rootCompose;
    for (const [key, name] of existing?.builds ?? []) {
      const context = key.split('::')[0];
      if (!this.fs.exists(this.destinationPath(context)) && !existsSync(this.destinationPath(context))) {
        this.log(`${composeFile}: service ${name} builds from ${context}, which no longer exists; remove it from the file.`);
      }
    }
    const destination = this.destinationPath(composeFile);
    const compose = buildCompose(existing, services);
    if (compose.added.length === 0) return;
    this.fs.write(destination, compose.text);
    // Services are only added, never changed, so this is not an overwrite to confirm.
    if (existing !== null) (this.fs as any).store.get(destination).conflicter = 'force';
    this.log(`${composeFile}: ${existing === null ? 'written' : 'added'} ${compose.added.join(', ')}${compose.kept.length ? ` (kept ${compose.kept.join(', ')})` : ''}.`);
  }

  /** Reads the scan root's compose file, if any, once: naming the services and adding to it both use it. */
  #readRootCompose(): ExistingCompose | null {
    const file = COMPOSE_FILES.find((name) => this.fs.exists(this.destinationPath(name))) ?? COMPOSE_FILES[0];
    const target = this.destinationPath(file);
    this.rootCompose = { file, existing: this.fs.exists(target) ? readCompose(this.fs.read(target)!, file) : null };
    return this.rootCompose.existing;
  }

  /** A stack's own compose.yaml for this target (three-tier), rendered to merge into the root one. */
  #renderOwnCompose(target: Target): string | null {
    if (!target.ownCompose) return null;
    return renderTemplate(target.ownCompose.template, templateData(target.plan!));
  }

  /** A service's plan from its stored answers and defaults, without asking; null when that cannot decide or fails. */
  async #quietPlan(service: Service): Promise<Target | null> {
    const target = this.#serviceTarget(service);
    try {
      if ((await this.#answer(target, false)).length > 0) return null;
      const placed = placePlan(target.stack.plan(target.detection, target.answers, target.repo), target.stack, target);
      return { ...target, plan: placed.plan, ownCompose: placed.ownCompose };
    } catch (error) {
      if (error instanceof UserError) return null;
      throw error;
    }
  }

  /** The Dockerfiles this run renders (a scan's workspace members may share one). */
  #dockerfiles(): string[] {
    return [...new Set(this.targets.flatMap((target) => target.plan!.files.map((file) => file.destination)).filter((destination) => destination.endsWith('Dockerfile')))];
  }

  /** --pin: every digest is asked of its registry while the files are still in memory, so a failure writes nothing. */
  async #pin() {
    const files = this.#dockerfiles().map((file) => ({ file, text: this.fs.read(this.destinationPath(file)) ?? '' }));
    if (files.length === 0) {
      this.log('--pin: no Dockerfile is written in this run, so none is pinned (a Dockerfile left as it was keeps its FROM lines).');
      return;
    }
    const { files: pinned, resolved } = await pinDockerfiles(files, new RegistryResolver({ mirrors: readMirrors(process.env[MIRROR_ENV]) }));
    for (const file of pinned) this.fs.write(this.destinationPath(file.file), file.text);
    for (const [image, { digest, index }] of resolved) this.log(`Pinned ${image} to ${digest}${index ? '' : ' (a single-platform manifest: this tag has no multi-platform index)'}.`);
  }

  /**
   * README.Docker.md beside each Dockerfile written (after the compose files, which it describes), and
   * for a scan one at the root listing every service. Conflict rules as for the Dockerfile, except that
   * the root guide, a listing of compose.yaml, is rewritten when this generator wrote it.
   */
  #writeGuides() {
    for (const target of this.targets) {
      const plan = target.plan!;
      const dockerfile = plan.files.find((file) => path.posix.basename(file.destination) === 'Dockerfile')!.destination;
      const dir = path.posix.dirname(dockerfile);
      const destination = path.posix.join(dir, GUIDE_FILE);
      const input: GuideInput = {
        stack: target.stack,
        detection: target.detection,
        plan,
        dockerfile: this.fs.read(this.destinationPath(dockerfile))!,
        context: target.context,
        answers: target.answers,
        sources: target.sources,
        evidence: [...new Set([...target.evidence, ...fromScanRoot(target.context, target.detection.evidence)])],
        compose: this.#composeFor(target),
      };
      const text = renderGuide(guideData(input));
      this.fs.write(this.destinationPath(destination), text);
      this.guideFiles.push(destination);
      target.guide = { destination, input, text };
    }
    // A scan that generated nothing leaves the root as it was.
    if (!this.scan || this.targets.length === 0) return;
    const { file } = this.rootCompose;
    const compose = this.fs.read(this.destinationPath(file), { defaults: null });
    if (compose === null) return;
    const hasGuide = (dir: string) => this.fs.exists(this.destinationPath(dir, GUIDE_FILE));
    const root = this.destinationPath(GUIDE_FILE);
    const ours = !this.fs.exists(root) || this.fs.read(root)!.startsWith(GUIDE_MARKER);
    this.fs.write(root, renderRootGuide(rootGuideData(file, compose, hasGuide)));
    if (ours) (this.fs as any).store.get(root).conflicter = 'force';
    else this.guideFiles.push(GUIDE_FILE);
  }

  /** The compose file that runs a target: its own (three-tier) or, in a scan, the root one. */
  #composeFor(target: Target): GuideInput['compose'] {
    if (this.scan) {
      const text = this.fs.read(this.destinationPath(this.rootCompose.file), { defaults: null });
      return text === null ? null : { file: this.rootCompose.file, text, service: target.name, atRoot: true, dockerfile: path.posix.join(target.dir, 'Dockerfile') };
    }
    const own = target.plan!.files.find((file) => COMPOSE_FILES.includes(file.destination));
    return own ? { file: own.destination, text: this.fs.read(this.destinationPath(own.destination))!, service: null, atRoot: false, dockerfile: 'Dockerfile' } : null;
  }

  /** After --build: the guide gains the size table, unless the user kept their own file at the conflict prompt. */
  #addSizesToGuide(target: Target, images: ImageFacts[]) {
    if (!target.guide) return;
    const file = this.destinationPath(target.guide.destination);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== target.guide.text) return;
    writeFileSync(file, renderGuide(guideData({ ...target.guide.input, build: images })));
    this.log(`${target.guide.destination}: added the size comparison.`);
  }

  /**
   * The previous Dockerfile's run-time settings (ENV) go into the new runtime stage, and what the new
   * image cannot do the old way (a shell entrypoint, root, apt at run time, a curl health check) is
   * said in the notes with its fix.
   */
  #carryOver(target: Target) {
    // The service's own folder: a workspace member is built from the root, but its Dockerfile sits in its folder.
    const previous = existingFacts(this.repo.sub(target.dir)).dockerfiles[0];
    if (!previous) return;
    const plan = target.plan!;
    const env = carriedEnv(previous);
    if (env.carried.length) plan.carriedEnv = env.carried.map((e) => envLine(e.name, e.value));
    plan.notes.push(...upgradeNotes(previous, env, { runtimeHasShell: imageHasShell(plan.runtimeImage), packages: plan.runtimePackages }));
  }

  /**
   * Replacing a hand-written Dockerfile is an upgrade: asked with what the old one is and the diff
   * (--yes needs --force, see #refuseConflicts), and the old file is kept (Dockerfile.orig, or
   * --keep-as) so nothing is lost. A second run never overwrites that copy.
   */
  async #upgrade(target: Target) {
    const destination = path.posix.join(target.dir, 'Dockerfile');
    const absolute = this.destinationPath(destination);
    let old: string;
    try {
      old = readFileSync(absolute, 'utf8');
    } catch {
      return;
    }
    const next = this.fs.read(absolute);
    if (next === null || next === undefined || old === next || old.startsWith('# Generated by generator-multistage')) return;
    if (this.flags.yes && !this.flags.force) return;
    const facts = parseDockerfile(old, destination);
    if (!this.flags.yes) {
      this.log(`\n${destination} found: ${describeExisting(facts, await this.#imageSize(facts.image))}.`);
      this.log(`--- ${destination} (yours)\n+++ ${destination} (multi-stage)\n${lineDiff(old, next)}`);
      const { replace } = await this.prompt<{ replace: boolean }>([
        { type: 'confirm', name: 'replace', message: `Replace ${destination} with a multi-stage one? (yours is kept as ${path.posix.join(target.dir, this.flags.keepAs ?? DEFAULT_BACKUP)})`, default: true },
      ]);
      if (!replace) {
        target.keptOwn = true;
        (this.fs as any).store.get(absolute).conflicter = 'skip';
        this.log(`${destination}: kept yours; nothing was written for it.`);
        return;
      }
    }
    const kept = backupName(this.flags.keepAs ?? DEFAULT_BACKUP, this.#readBeside(target), old);
    if (kept) this.fs.write(this.destinationPath(path.posix.join(target.dir, kept)), old);
    const already = keptCopies(this.flags.keepAs ?? DEFAULT_BACKUP, this.#readBeside(target)).find((copy) => copy.content === old)?.name;
    target.keptAs = path.posix.join(target.dir, kept ?? already!);
    (this.fs as any).store.get(absolute).conflicter = 'force';
    target.plan!.notes.unshift(`Upgrade: your previous ${destination} (${describeExisting(facts)}) is kept as ${target.keptAs}${kept ? '' : ' (already there)'}; \`docker build -f ${target.keptAs} .\` still builds it.`);
  }

  /** The size of a local image, for the upgrade question ("FROM golang:1.22 (820 MB)"); undefined when Docker or the image is not there. */
  async #imageSize(image: string): Promise<string | undefined> {
    try {
      const { stdout } = await this.spawn(process.env.DOCKER ?? 'docker', ['image', 'inspect', '-f', '{{.Size}}', image], { stdio: 'pipe', timeout: 10_000 });
      const bytes = Number(String(stdout).trim());
      return bytes > 0 ? formatMb(bytes) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Reads a file beside the target's Dockerfile, as this run leaves it (null when absent). */
  #readBeside(target: Target): (file: string) => string | null {
    return (file) => {
      const at = this.destinationPath(path.posix.join(target.dir, file));
      return this.fs.exists(at) ? this.fs.read(at)! : null;
    };
  }

  /** --build compares with the user's own previous Dockerfile: the one this run kept, else the newest copy an earlier run kept. */
  #previousDockerfile(target: Target): string | null {
    if (target.keptAs) return target.keptAs;
    const newest = keptCopies(this.flags.keepAs ?? DEFAULT_BACKUP, this.#readBeside(target)).pop();
    return newest ? path.posix.join(target.dir, newest.name) : null;
  }

  /** Every Dockerfile we write must pass the validator and our rules; a failure here is our bug. */
  #verify() {
    for (const file of this.#dockerfiles()) {
      // A credential file the stack found (a .npmrc with a token) must not be a COPY source of its Dockerfile either.
      const owner = this.targets.find((target) => target.plan!.files.some((planned) => planned.destination === file));
      const credentialFiles = (owner?.plan!.secrets ?? []).flatMap((secret) => secret.credentialFiles);
      const problems = lintDockerfile(this.fs.read(this.destinationPath(file)) ?? '', { credentialFiles });
      if (problems.length > 0) {
        throw new Error(`generator-multistage rendered an invalid ${file} (please report this):\n${formatProblems(file, problems)}`);
      }
    }
  }

  /** --yes must never overwrite silently: without --force, existing different files stop the run. */
  #refuseConflicts() {
    const conflicts = [...this.targets.flatMap((target) => target.plan!.files.map((file) => file.destination)), ...this.guideFiles]
      .filter((destination, index, all) => all.indexOf(destination) === index)
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
        `${conflicts.join(' and ')} already exist${conflicts.length === 1 ? 's' : ''} in ${this.repo.root} and would change; nothing was written. Fix: re-run with --force to overwrite${conflicts.some((file) => file.endsWith('Dockerfile')) ? ` (a hand-written Dockerfile is kept as ${this.flags.keepAs ?? DEFAULT_BACKUP})` : ''}, or without --yes to review each file.`,
        ExitCode.conflict,
      );
    }
  }
}

/** The build context as .yo-rc.json stores it: relative to the service's folder ('..' for a workspace member). */
function storedContext(target: Target): string {
  return path.posix.relative(target.dir, target.context) || '.';
}
