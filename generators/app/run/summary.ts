import type { RunState, Target } from './state.js';

/** What each target got (or that its own Dockerfile was kept), with the plan's notes. */
export function logWritten(run: RunState, where: (target: Target) => string): void {
  for (const target of run.targets) {
    const plan = target.plan!;
    if (target.keptOwn) {
      const others = plan.files.map((f) => f.destination).filter((file) => !file.endsWith('Dockerfile'));
      run.host.log(`\n${where(target)}kept your Dockerfile${others.length ? `; wrote ${others.join(', ')}` : ''}.`);
      continue;
    }
    const written = [...plan.files.map((f) => f.destination), ...(target.guide ? [target.guide.destination] : [])];
    run.host.log(`\n${where(target)}wrote ${written.join(', ')} (builder ${plan.builderImage}, runtime ${plan.runtimeImage}).`);
    for (const note of plan.notes) run.host.log(`  - ${note}`);
  }
}
