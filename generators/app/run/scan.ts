import path from 'node:path';
import { ExitCode, UserError } from '../core/errors.js';
import { answerFlag, answersQuestion, CLI_OPTIONS } from '../options.js';
import { scanReport } from '../report.js';
import { describeService, nestedServices } from '../scan/describe.js';
import { SCAN_MARKERS, type ScanResult, type Service } from '../scan/scan.js';
import { findStack } from '../stacks/registry.js';
import { answerTargets } from './answers.js';
import type { Flow } from './flow.js';
import { writeRootGuide } from './guides.js';
import { writeRootCompose, type RootCompose } from './root-compose.js';
import { writeRootFiles } from './root-files.js';
import { placedPlan, serviceTarget } from './service-target.js';
import { storedContext, type RunState, type Target } from './state.js';
import { logWritten } from './summary.js';

const folderPrefix = (target: Target) => `${target.dir}: `;

/**
 * Monorepo mode: every service under the root, from one walk, each with its own Dockerfile, and a
 * root compose file listing them. Null when --detect printed the services (nothing more to do).
 */
export function scanFlow(run: RunState, found: ScanResult, rootCompose: RootCompose): Flow | null {
  // Every service found, chosen or not: the root compose lists all that have a Dockerfile.
  const scan = startScan(run, found);
  if (!scan) return null;
  return {
    async prompt() {
      await chooseServices(run, scan);
      await answerTargets(run, folderPrefix, '\nFix: answer these services one at a time with --path DIR and the flags, or run without --yes.');
    },

    plan(target) {
      Object.assign(target, placedPlan(target));
      // The answers live next to the service's Dockerfile; buildContext keeps a later `--path` run from mistaking them for its own.
      target.storage.set({ stack: target.stack.id, buildContext: storedContext(target), ...target.answers });
    },

    writeRootFiles: (target) => writeRootFiles(run.host, target),

    // Every service a scan found, before --stack narrowed it: a root image leaves the others out all the same.
    nestedIgnore: (context, built) => nestedServices(found.services, context, built),

    compose: () => writeRootCompose(run, scan, rootCompose),

    guideCompose(target) {
      const text = run.host.fs.read(run.host.destinationPath(rootCompose.file), { defaults: null });
      return text === null ? null : { file: rootCompose.file, text, service: target.name, atRoot: true, dockerfile: path.posix.join(target.dir, 'Dockerfile') };
    },

    rootGuide: () => writeRootGuide(run, rootCompose.file),

    async end() {
      logWritten(run, folderPrefix);
    },
  };
}

/** The services this scan generates from (--stack narrows them to one stack's), after refusing the flags a scan cannot take. */
function startScan(run: RunState, found: ScanResult): ScanResult | null {
  const { flags, host } = run;
  // --stack narrows the scan to one stack's services.
  const only = flags.stack ? findStack(flags.stack).id : null;
  const scan = only ? { ...found, services: found.services.filter((service) => service.stack.id === only) } : found;
  if (flags.build) throw new UserError('--build compares one image with its naive twin; a scan writes several. Fix: build them with `docker compose build`, or run --path DIR --build for one service.', ExitCode.usage);
  // A flag that answers one service's question cannot apply to every service.
  const perServiceFlags = CLI_OPTIONS.filter((option) => answersQuestion(option.name) && answerFlag(host.options, option.name) !== undefined);
  if (perServiceFlags.length > 0) {
    throw new UserError(`--${perServiceFlags[0].name} answers for one service, but this run scans the whole tree. Fix: pass --path DIR with it to generate that service alone.`, ExitCode.usage);
  }
  if (flags.detect) {
    process.stdout.write(`${JSON.stringify(scanReport(scan), null, 2)}\n`);
    if (scan.services.length === 0) throw new UserError(`No service found under ${run.repo.root} (looked for ${SCAN_MARKERS.join(', ')}).`, ExitCode.noStack);
    return null;
  }
  if (scan.services.length === 0) {
    throw new UserError(`No service found under ${run.repo.root} (looked for ${SCAN_MARKERS.join(', ')}${scan.skipped.length ? `; skipped: ${scan.skipped.map((s) => `${s.dir} (${s.reason})`).join('; ')}` : ''}). Fix: run in the project's folder or pass --path DIR.`, ExitCode.noStack);
  }
  return scan;
}

/** Which services to generate: a checkbox, or with --yes every service that has no Dockerfile yet. */
async function chooseServices(run: RunState, scan: ScanResult): Promise<void> {
  const { host, flags } = run;
  host.log(`Services under ${run.repo.root}:`);
  for (const service of scan.services) host.log(`  - ${describeService(service)}`);
  for (const skipped of scan.skipped) host.log(`  - ${skipped.dir}: not buildable: ${skipped.reason}`);
  const isNew = (service: Service) => !service.hasDockerfile;
  let chosen: string[];
  if (flags.yes) {
    // --force regenerates what this generator wrote before; a hand-written Dockerfile is only ever replaced when ticked.
    chosen = scan.services.filter((service) => isNew(service) || (flags.force && service.generatedBefore)).map((service) => service.dir);
    if (chosen.length === 0) host.log('Every service already has a Dockerfile: nothing new to generate (--force regenerates the ones this generator wrote; run without --yes to choose).');
  } else {
    const picked = await host.prompt<{ services: string[] }>([
      {
        type: 'checkbox',
        name: 'services',
        message: 'Services to generate (a folder with a Dockerfile is left alone unless you tick it)',
        choices: scan.services.map((service) => ({ value: service.dir, name: describeService(service), checked: isNew(service) })),
      },
    ]);
    chosen = picked.services ?? [];
  }
  run.targets = scan.services.filter((service) => chosen.includes(service.dir)).map((service) => serviceTarget(run, service));
}
