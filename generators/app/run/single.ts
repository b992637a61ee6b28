import { buildAndCompare } from '../core/build.js';
import { ExitCode, UserError } from '../core/errors.js';
import { COMPOSE_FILES } from '../scan/compose.js';
import { detectStack, stacks } from '../stacks/registry.js';
import type { StackId } from '../stacks/types.js';
import { answerTargets, flagAnswers } from './answers.js';
import type { Flow } from './flow.js';
import { addSizesToGuide } from './guides.js';
import type { RunState, Target } from './state.js';
import { logWritten } from './summary.js';
import { previousDockerfile } from './upgrade.js';

const noPrefix = () => '';

/** A normal run: the one project at the root, its files beside it, and `--build` to compare its image. */
export function singleFlow(run: RunState, target: Target): Flow {
  run.targets = [target];
  return {
    async prompt() {
      if (!run.flags.yes && !run.flags.stack) await confirmStack(run, target);
      await answerTargets(run, noPrefix, '');
    },

    plan(target) {
      target.plan = target.stack.plan(target.detection, target.answers, target.repo);
      target.storage.set({ stack: target.stack.id, ...target.answers });
    },

    guideCompose(target) {
      // Its own compose file (three-tier), when the plan writes one.
      const own = target.plan!.files.find((file) => COMPOSE_FILES.includes(file.destination));
      return own ? { file: own.destination, text: run.host.fs.read(run.host.destinationPath(own.destination))!, service: null, atRoot: false, dockerfile: 'Dockerfile' } : null;
    },

    async end() {
      logWritten(run, noPrefix);
      if (!run.flags.build) return;
      if (target.keptOwn) {
        run.host.log('--build: skipped, your Dockerfile was kept (nothing new to compare).');
        return;
      }
      const images = await buildAndCompare(run.host, target.plan!, run.repo.root, previousDockerfile(run, target));
      addSizesToGuide(run.host, target, images);
    },
  };
}

/** The detected stack, offered first in the list of every stack; another choice is detected again as that stack. */
async function confirmStack(run: RunState, target: Target): Promise<void> {
  const { stack } = await run.host.prompt<{ stack: StackId }>([
    {
      type: 'select',
      name: 'stack',
      message: 'Stack',
      choices: stacks.map((s) => ({ value: s.id, name: s.id === target.stack.id ? `${s.title} (detected)` : s.title })),
      default: target.stack.id,
    },
  ]);
  if (stack === target.stack.id) return;
  const found = detectStack(run.repo, stack);
  if (!found) throw new UserError(`No ${stack} project found in ${run.repo.root}.`, ExitCode.noStack);
  target.stack = found.stack;
  target.detection = found.detection;
  target.evidence = found.detection.evidence;
  target.fixed = flagAnswers(run.host, found.stack, found.detection);
}
