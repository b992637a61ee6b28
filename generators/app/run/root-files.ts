import type { Host, Target } from './state.js';
import { writeExtra } from './write.js';

/**
 * A scan's files beside the root compose.yaml (.env, .gitignore), planned against the root as
 * written so far, so a second three-tier group adds to the first one's .env instead of replacing it.
 */
export function writeRootFiles(host: Host, target: Target): void {
  const plan = target.plan!;
  if (!plan.rootFiles) return;
  const { files: plannedFiles, folderNote, rootNote } = plan.rootFiles;
  const files = plannedFiles((file) => (host.fs.exists(host.destinationPath(file)) ? host.fs.read(host.destinationPath(file))! : null));
  for (const file of files) writeExtra(host, file);
  // The plan's own words on these files were about its folder; say what happened at the root.
  if (folderNote === null || !plan.notes.includes(folderNote)) return;
  plan.notes = [...plan.notes.filter((note) => note !== folderNote), rootNote(files)];
}
