import { ExitCode, UserError } from '../core/errors.js';
import { SCAN_PRUNED_DIRS } from '../core/repo.js';
import { detectionReport, noStackReport } from '../report.js';
import { scanServices, type ScanResult } from '../scan/scan.js';
import { detectStack, markersLookedFor } from '../stacks/registry.js';
import type { StackId } from '../stacks/types.js';
import { flagAnswers } from './answers.js';
import type { Flow } from './flow.js';
import { monorepoAround, yesNeedsMembers } from './monorepo.js';
import { readRootCompose, type RootCompose } from './root-compose.js';
import { scanFlow } from './scan.js';
import { singleFlow } from './single.js';
import type { RunState, Target } from './state.js';

/**
 * Whether this run is one project or a monorepo scan, from the flags and what the root holds; null
 * when --detect has printed its report and nothing more is to be done.
 */
export function startFlow(run: RunState): Flow | null {
  const { host, flags } = run;
  // Read once, when a scan first needs it: naming the services and adding to the file both use it.
  let rootCompose: RootCompose | undefined;
  const readCompose = () => (rootCompose ??= readRootCompose(host));
  const scan = (found: ScanResult) => scanFlow(run, found, readCompose());
  // --scan --path DIR scans DIR; --path alone targets the one project there.
  if (flags.scan) return scan(scanServices(run.repo, readCompose().existing ?? undefined));

  const storedStack = host.config.get('stack') as StackId | undefined;
  const wanted = (flags.stack ?? storedStack) as StackId | undefined;
  const found = detectStack(run.repo, wanted);
  if (!found && !wanted) {
    // Nothing at the root (the current folder or --path): a monorepo keeps its services in sub-folders.
    // Narrowed from the walk detection already made, and kept: the services are planned from this listing, as with --scan.
    const narrowed = run.repo.narrow(SCAN_PRUNED_DIRS);
    const below = scanServices(narrowed, readCompose().existing ?? undefined);
    if (below.services.length > 0) {
      host.log(`No project at the root of ${run.repo.root}; scanning it as a monorepo.`);
      run.repo = narrowed;
      return scan(below);
    }
  }
  if (!found) {
    if (flags.detect) process.stdout.write(`${JSON.stringify(noStackReport(wanted), null, 2)}\n`);
    throw new UserError(
      `No ${wanted ? `${wanted} project` : 'supported stack'} found in ${run.repo.root} (looked for ${markersLookedFor(wanted).join(', ')}). Fix: run in the project's folder or pass --path DIR.`,
      ExitCode.noStack,
    );
  }
  const target: Target = { dir: '.', name: '', context: '.', repo: run.repo, stack: found.stack, detection: found.detection, evidence: found.detection.evidence, fixed: {}, fixedSource: 'flag', storage: host.config, answers: {}, sources: {} };
  target.fixed = flagAnswers(host, target.stack, target.detection);
  const monorepo = monorepoAround(run, target, readCompose);
  if (monorepo) {
    host.log(`${target.stack.title} build at ${run.repo.root} has several services, and other services sit beside it: scanning it as a monorepo (--path DIR for one of them).`);
    run.repo = monorepo.repo;
    return scan(monorepo.scan);
  }
  if (yesNeedsMembers(run, target)) {
    // Same walk as a scan of this folder: the members become the services, each with its own Dockerfile.
    const narrowed = run.repo.narrow(SCAN_PRUNED_DIRS);
    host.log(`${target.stack.title} workspace at ${run.repo.root}: --yes cannot pick one member, so every member service is generated, as with --scan.`);
    run.repo = narrowed;
    return scan(scanServices(narrowed, readCompose().existing ?? undefined));
  }

  if (flags.detect) {
    process.stdout.write(`${JSON.stringify(detectionReport(target.stack, target.detection, target.fixed, run.repo), null, 2)}\n`);
    return null;
  }
  return singleFlow(run, target);
}
