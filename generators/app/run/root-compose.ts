import { existsSync } from 'node:fs';
import { renderTemplate, templateData } from '../core/render.js';
import { buildCompose, COMPOSE_FILES, readCompose, type ExistingCompose } from '../scan/compose.js';
import { composeEntry } from '../scan/describe.js';
import type { ScanResult } from '../scan/scan.js';
import { settleConflict } from './conflicts.js';
import { writeRootFiles } from './root-files.js';
import { quietPlan } from './service-target.js';
import type { Host, RunState, Target } from './state.js';

/** The root compose file a scan adds to (the first of compose's own names that exists), read once. */
export interface RootCompose {
  file: string;
  existing: ExistingCompose | null;
}

/** Reads the scan root's compose file, if any, once: naming the services and adding to it both use it. */
export function readRootCompose(host: Host): RootCompose {
  const file = COMPOSE_FILES.find((name) => host.fs.exists(host.destinationPath(name))) ?? COMPOSE_FILES[0];
  const target = host.destinationPath(file);
  return { file, existing: host.fs.exists(target) ? readCompose(host.fs.read(target)!, file) : null };
}

/**
 * The root compose.yaml of a scan: every service with a Dockerfile (generated now, before, or the
 * user's own), each with its build context. Existing services in the file are kept as they are.
 */
export async function writeRootCompose(run: RunState, scan: ScanResult, { file: composeFile, existing }: RootCompose): Promise<void> {
  const { host } = run;
  const planned = new Map(run.targets.map((target) => [target.dir, target]));
  // Services generated in an earlier run are planned again from their stored answers (nothing is
  // written for them but their compose entries), so a rewritten compose.yaml keeps e.g. their db.
  for (const service of scan.services.filter((s) => s.generatedBefore && !planned.has(s.dir))) {
    const target = await quietPlan(run, service);
    if (!target) continue;
    planned.set(service.dir, target);
    writeRootFiles(host, target);
  }
  const services = scan.services
    .filter((service) => planned.has(service.dir) || service.hasDockerfile)
    .map((service) => {
      const target = planned.get(service.dir);
      return composeEntry(service, target ? { plan: target.plan!, ownCompose: renderOwnCompose(target) } : null);
    });
  for (const [key, name] of existing?.builds ?? []) {
    const context = key.split('::')[0];
    if (!host.fs.exists(host.destinationPath(context)) && !existsSync(host.destinationPath(context))) {
      host.log(`${composeFile}: service ${name} builds from ${context}, which no longer exists; remove it from the file.`);
    }
  }
  const destination = host.destinationPath(composeFile);
  const compose = buildCompose(existing, services);
  if (compose.added.length === 0) return;
  host.fs.write(destination, compose.text);
  // Services are only added, never changed, so this is not an overwrite to confirm.
  if (existing !== null) settleConflict(host, destination, 'force');
  host.log(`${composeFile}: ${existing === null ? 'written' : 'added'} ${compose.added.join(', ')}${compose.kept.length ? ` (kept ${compose.kept.join(', ')})` : ''}.`);
}

/** A stack's own compose.yaml for this target (three-tier), rendered to merge into the root one. */
function renderOwnCompose(target: Target): string | null {
  if (!target.ownCompose) return null;
  return renderTemplate(target.ownCompose.template, templateData(target.plan!));
}
