import { SCAN_PRUNED_DIRS, type Repo } from '../core/repo.js';
import { scanServices, type ScanResult } from '../scan/scan.js';
import { projectFiles } from '../stacks/registry.js';
import type { AnswerName } from '../stacks/types.js';
import { storedAnswers } from './answers.js';
import type { RootCompose } from './root-compose.js';
import type { RunState, Target } from './state.js';

/**
 * A root whose own build holds several services, with services of other builds in folders that
 * build does not claim, is a monorepo rather than one project: its scan, or null. Not when the
 * run already picks one member (a flag or a stored answer), names a stack, or builds one image.
 */
export function monorepoAround(run: RunState, target: Target, rootCompose: () => RootCompose): { repo: Repo; scan: ScanResult } | null {
  if (run.flags.build || run.flags.stack) return null;
  // Members that are packages of their own (their own manifest: Maven modules, workspace members), not
  // several programs of one package (a Go module's mains): only a build of packages is a monorepo's root.
  const manifests = projectFiles(target.stack).filter((file) => !file.includes('*'));
  const members = (target.stack.members?.(target.detection) ?? []).filter((member) => member.dir !== '.' && manifests.some((file) => run.repo.exists(`${member.dir}/${file}`)));
  if (members.length < 2) return null;
  const known = { ...storedAnswers(target), ...target.fixed };
  if (members.some((member) => Object.keys(member.answers).some((name) => known[name as AnswerName] !== undefined))) return null;
  const repo = run.repo.narrow(SCAN_PRUNED_DIRS);
  const scan = scanServices(repo, rootCompose().existing ?? undefined);
  // The root build's members are built from the root; anything else is another build's service.
  return scan.services.some((service) => service.context !== '.') ? { repo, scan } : null;
}

/**
 * --yes at a workspace root (the stack reports several member services) with --workspace unanswered
 * and no default: nothing could pick the member, so the run becomes a scan of the members.
 */
export function yesNeedsMembers(run: RunState, target: Target): boolean {
  if (!run.flags.yes || run.flags.detect || run.flags.build) return false;
  if ((target.stack.members?.(target.detection).length ?? 0) < 2) return false;
  const known = { ...storedAnswers(target), ...target.fixed };
  return target.stack.questions(target.detection, known).some((question) => question.flag === 'workspace' && known[question.name] === undefined && (question.default === undefined || question.default === null));
}
