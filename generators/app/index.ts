import Generator from 'yeoman-generator';
import { withCommands } from './core/commands.js';
import { templatesDir } from './core/paths.js';
import { quietTaskFailures } from './core/quiet-log.js';
import { Repo, SCAN_PRUNED_DIRS, PRUNED_DIRS } from './core/repo.js';
import { checkStoredAnswers } from './core/stored.js';
import { CLI_OPTIONS, readFlags } from './options.js';
import { refuseConflicts } from './run/conflicts.js';
import type { Flow } from './run/flow.js';
import { writeGuides } from './run/guides.js';
import { pinImages } from './run/pin.js';
import { startFlow } from './run/start.js';
import type { RunState } from './run/state.js';
import { carryOver, upgradeDockerfile } from './run/upgrade.js';
import { verifyDockerfiles } from './run/verify.js';
import { writePlannedFiles } from './run/write.js';

/**
 * `yo multistage`: detect -> ask -> plan -> write -> verify, for one project or (--scan, or a folder
 * where no stack matches but services sit below) for every service of a monorepo. Each step lives in
 * its own module under run/, and what differs between the two modes is a Flow (run/single.ts,
 * run/scan.ts); this class only sequences them through yeoman's run loop. Nothing but the lifecycle
 * methods is public: yeoman queues every public prototype method as a task.
 */
export default class MultistageGenerator extends Generator {
  #run!: RunState;
  /** Null when --detect printed its report: nothing to ask or write. */
  #flow: Flow | null = null;

  constructor(args?: string[], options?: Record<string, unknown>) {
    // customInstallTask: this generator never writes package.json, so yeoman must not plan an npm install.
    super(args ?? [], (options ?? {}) as any, { customInstallTask: true });
    for (const { name, ...spec } of CLI_OPTIONS) this.option(name, spec as any);
    // --help builds the generator without a logger.
    if (this.log) quietTaskFailures(this.log);
  }

  async initializing() {
    const flags = readFlags(this.options);
    this.sourceRoot(templatesDir);
    // A scan also prunes build output folders (SCAN_PRUNED_DIRS), which one project's detection may need.
    const repo = Repo.open(flags.path ?? this.destinationRoot(), flags.scan ? [...PRUNED_DIRS, ...SCAN_PRUNED_DIRS] : PRUNED_DIRS);
    this.destinationRoot(repo.root);
    checkStoredAnswers(repo, '.', this.rootGeneratorName());
    this.#run = { host: this, flags, repo, targets: [], guideFiles: [] };
    this.#flow = startFlow(this.#run);
  }

  async prompting() {
    await this.#flow?.prompt();
  }

  configuring() {
    if (!this.#flow) return;
    for (const target of this.#run.targets) {
      this.#flow.plan(target);
      carryOver(this.#run, target);
      // The Dockerfile header and README.Docker.md show the same commands, computed once from the final plan.
      target.plan = withCommands(target.plan!);
    }
  }

  async writing() {
    const run = this.#run;
    const flow = this.#flow;
    if (!flow) return;
    writePlannedFiles(run, flow);
    await flow.compose?.();
    if (run.flags.pin) await pinImages(run);
    if (run.flags.guide) writeGuides(run, flow);
    verifyDockerfiles(run);
    for (const target of run.targets) await upgradeDockerfile(run, target);
    if (run.flags.yes && !run.flags.force) refuseConflicts(run);
  }

  async end() {
    await this.#flow?.end();
  }
}
