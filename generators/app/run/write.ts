import { sharedIgnore, type IgnoreSection } from '../core/dockerignore.js';
import { renderTemplate, templateData } from '../core/render.js';
import type { ExtraFile, StackId } from '../stacks/types.js';
import { settleConflict } from './conflicts.js';
import type { Flow } from './flow.js';
import type { Host, RunState } from './state.js';

/** An ignore file several plans write: rendered once, from the sections of every plan that writes it. */
interface SharedIgnoreFile {
  destination: string;
  template: string;
  context: string;
  stacks: Set<StackId>;
  sections: IgnoreSection[][];
}

/** Every target's files (templates, then extra files, then a scan's root files), then the ignore files they share. */
export function writePlannedFiles(run: RunState, flow: Flow): void {
  const { host, flags } = run;
  const ignoreByDestination = new Map<string, SharedIgnoreFile>();
  for (const target of run.targets) {
    const plan = target.plan!;
    // The header says how to refresh the digests.
    if (flags.pin) plan.pinned = true;
    for (const file of plan.files) {
      if (file.sharedIgnore) {
        const shared = ignoreByDestination.get(file.destination) ?? { destination: file.destination, template: file.template, context: target.context, stacks: new Set<StackId>(), sections: [] };
        shared.sections.push(plan.ignoreSections);
        shared.stacks.add(target.stack.id);
        ignoreByDestination.set(file.destination, shared);
        continue;
      }
      host.fs.write(host.destinationPath(file.destination), renderTemplate(file.template, templateData(plan)));
    }
    for (const file of plan.extraFiles ?? []) writeExtra(host, file);
    flow.writeRootFiles?.(target);
  }
  // Services sharing a build context (workspace members) share its one .dockerignore.
  for (const { destination, template, context, stacks: built, sections } of ignoreByDestination.values()) {
    const nested = flow.nestedIgnore?.(context, built) ?? [];
    host.fs.write(host.destinationPath(destination), renderTemplate(template, { ignoreSections: [...sharedIgnore(sections), ...nested] }));
  }
}

/** A file written as-is; an append keeps every existing line. */
export function writeExtra(host: Host, { destination, content, append }: ExtraFile): void {
  const target = host.destinationPath(destination);
  if (!append) {
    host.fs.write(target, content);
    return;
  }
  host.fs.append(target, content, { create: true, trimEnd: true, separator: '\n' });
  // An append keeps every existing line, so it is written without yeoman's overwrite prompt.
  settleConflict(host, target, 'force');
}
