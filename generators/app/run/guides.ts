import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImageFacts } from '../core/compare.js';
import { fromScanRoot, GUIDE_FILE, GUIDE_MARKER, guideData, renderGuide, renderRootGuide, rootGuideData, type GuideInput } from '../core/guide.js';
import { settleConflict } from './conflicts.js';
import type { Flow } from './flow.js';
import type { Host, RunState, Target } from './state.js';

/**
 * README.Docker.md beside each Dockerfile written (after the compose files, which it describes), and
 * for a scan one at the root listing every service. Conflict rules as for the Dockerfile, except that
 * the root guide, a listing of compose.yaml, is rewritten when this generator wrote it.
 */
export function writeGuides(run: RunState, flow: Flow): void {
  const { host } = run;
  for (const target of run.targets) {
    const plan = target.plan!;
    const dockerfile = plan.files.find((file) => path.posix.basename(file.destination) === 'Dockerfile')!.destination;
    const dir = path.posix.dirname(dockerfile);
    const destination = path.posix.join(dir, GUIDE_FILE);
    const input: GuideInput = {
      stack: target.stack,
      detection: target.detection,
      plan,
      dockerfile: host.fs.read(host.destinationPath(dockerfile))!,
      context: target.context,
      answers: target.answers,
      sources: target.sources,
      evidence: [...new Set([...target.evidence, ...fromScanRoot(target.context, target.detection.evidence)])],
      compose: flow.guideCompose(target),
    };
    const text = renderGuide(guideData(input));
    host.fs.write(host.destinationPath(destination), text);
    run.guideFiles.push(destination);
    target.guide = { destination, input, text };
  }
  flow.rootGuide?.();
}

/** A scan's root README.Docker.md: every service of the root compose file, linking their own guides. */
export function writeRootGuide(run: RunState, composeFile: string): void {
  const { host } = run;
  // A scan that generated nothing leaves the root as it was.
  if (run.targets.length === 0) return;
  const compose = host.fs.read(host.destinationPath(composeFile), { defaults: null });
  if (compose === null) return;
  const hasGuide = (dir: string) => host.fs.exists(host.destinationPath(dir, GUIDE_FILE));
  const root = host.destinationPath(GUIDE_FILE);
  const ours = !host.fs.exists(root) || host.fs.read(root)!.startsWith(GUIDE_MARKER);
  host.fs.write(root, renderRootGuide(rootGuideData(composeFile, compose, hasGuide)));
  if (ours) settleConflict(host, root, 'force');
  else run.guideFiles.push(GUIDE_FILE);
}

/** After --build: the guide gains the size table, unless the user kept their own file at the conflict prompt. */
export function addSizesToGuide(host: Host, target: Target, images: ImageFacts[]): void {
  if (!target.guide) return;
  const file = host.destinationPath(target.guide.destination);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== target.guide.text) return;
  writeFileSync(file, renderGuide(guideData({ ...target.guide.input, build: images })));
  host.log(`${target.guide.destination}: added the size comparison.`);
}
