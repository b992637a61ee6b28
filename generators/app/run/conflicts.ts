import { readFileSync } from 'node:fs';
import { ExitCode, UserError } from '../core/errors.js';
import { DEFAULT_BACKUP } from '../core/upgrade.js';
import type { Host, RunState } from './state.js';

/** Settles yeoman's overwrite question for a file already in mem-fs: 'force' writes it without asking, 'skip' leaves the one on disk. */
export function settleConflict(host: Host, file: string, how: 'force' | 'skip'): void {
  (host.fs as any).store.get(file).conflicter = how;
}

/** --yes must never overwrite silently: without --force, existing different files stop the run. */
export function refuseConflicts(run: RunState): void {
  const { host, targets, guideFiles, flags } = run;
  const conflicts = [...targets.flatMap((target) => target.plan!.files.map((file) => file.destination)), ...guideFiles]
    .filter((destination, index, all) => all.indexOf(destination) === index)
    .filter((destination) => {
      const target = host.destinationPath(destination);
      try {
        return readFileSync(target, 'utf8') !== host.fs.read(target);
      } catch {
        return false;
      }
    });
  if (conflicts.length > 0) {
    throw new UserError(
      `${conflicts.join(' and ')} already exist${conflicts.length === 1 ? 's' : ''} in ${run.repo.root} and would change; nothing was written. Fix: re-run with --force to overwrite${conflicts.some((file) => file.endsWith('Dockerfile')) ? ` (a hand-written Dockerfile is kept as ${flags.keepAs ?? DEFAULT_BACKUP})` : ''}, or without --yes to review each file.`,
      ExitCode.conflict,
    );
  }
}
