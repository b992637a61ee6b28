import path from 'node:path';
import type Generator from 'yeoman-generator';
import type { AnswerSource, GuideInput } from '../core/guide.js';
import type { Repo } from '../core/repo.js';
import type { CliFlags } from '../options.js';
import type { AnswerName, Answers, Detection, OutputFile, Plan, Stack } from '../stacks/types.js';

/**
 * The generator, as the steps see it: its mem-fs, log, prompts, destination paths, spawn and
 * .yo-rc.json storage. The whole class rather than a Pick: yeoman types spawn's `this` as the generator.
 */
export type Host = Generator;

type Storage = Generator['config'];

/** One Dockerfile to write: the whole project (a normal run) or one service of a monorepo scan. */
export interface Target {
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
  /** What README.Docker.md calls the fixed answers' source. */
  fixedSource: Extract<AnswerSource, 'flag' | 'scan'>;
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

/** What every step of one run shares. */
export interface RunState {
  host: Host;
  flags: CliFlags;
  /** The tree read: narrowed to a scan's walk when the run becomes one. */
  repo: Repo;
  targets: Target[];
  /** README.Docker.md files written under the conflict rules (--yes without --force refuses to change them). */
  guideFiles: string[];
}

/** The build context as .yo-rc.json stores it: relative to the service's folder ('..' for a workspace member). */
export function storedContext(target: Target): string {
  return path.posix.relative(target.dir, target.context) || '.';
}

/** Reads a file beside the target's Dockerfile, as this run leaves it (null when absent). */
export function readBeside(host: Host, target: Target): (file: string) => string | null {
  return (file) => {
    const at = host.destinationPath(path.posix.join(target.dir, file));
    return host.fs.exists(at) ? host.fs.read(at)! : null;
  };
}

/** The Dockerfiles this run renders (a scan's workspace members may share one). */
export function plannedDockerfiles(run: RunState): string[] {
  return [...new Set(run.targets.flatMap((target) => target.plan!.files.map((file) => file.destination)).filter((destination) => destination.endsWith('Dockerfile')))];
}
