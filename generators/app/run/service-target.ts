import path from 'node:path';
import { UserError } from '../core/errors.js';
import { checkStoredAnswers } from '../core/stored.js';
import { placePlan } from '../scan/placement.js';
import type { Service } from '../scan/scan.js';
import { answer } from './answers.js';
import type { RunState, Target } from './state.js';

/** A scanned service as a target: its answers are stored beside its own Dockerfile. */
export function serviceTarget(run: RunState, service: Service): Target {
  const { host } = run;
  checkStoredAnswers(run.repo, service.dir, host.rootGeneratorName());
  const storage = host.createStorage(path.posix.join(service.dir, '.yo-rc.json'), host.rootGeneratorName());
  return {
    dir: service.dir,
    name: service.name,
    context: service.context,
    repo: run.repo.sub(service.context),
    stack: service.stack,
    detection: service.detection,
    evidence: service.evidence,
    fixed: service.fixedAnswers,
    fixedSource: 'scan',
    storage,
    answers: {},
    sources: {},
  };
}

/** A target's plan placed in the scan: its Dockerfile in its folder, its own compose file set apart for the root one. */
export function placedPlan(target: Target): Pick<Target, 'plan' | 'ownCompose'> {
  const placed = placePlan(target.stack.plan(target.detection, target.answers, target.repo), target.stack, target);
  return { plan: placed.plan, ownCompose: placed.ownCompose };
}

/** A service's plan from its stored answers and defaults, without asking; null when that cannot decide or fails. */
export async function quietPlan(run: RunState, service: Service): Promise<Target | null> {
  const target = serviceTarget(run, service);
  try {
    if ((await answer(run, target, false)).length > 0) return null;
    return { ...target, ...placedPlan(target) };
  } catch (error) {
    if (error instanceof UserError) return null;
    throw error;
  }
}
