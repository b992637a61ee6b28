import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { Plan } from '../stacks/types.js';
import { templatesDir } from './paths.js';

/**
 * What a plan's templates are rendered with: the stack's own variables, and beside them the typed
 * facts other code reads too (so a template says `port` and the compose entry reads `plan.port`, one value).
 */
export function templateData(plan: Plan): Record<string, unknown> {
  const { imageName, port, ignoreSections, secrets, runtimeHasShell, runtimePackages, debugWhat, stackTitle } = plan;
  const { buildContext, scanned, dockerfileIgnoreSections, pinned, carriedEnv, commands } = plan;
  return { ...plan.context, imageName, port, ignoreSections, secrets, runtimeHasShell, runtimePackages, debugWhat, stackTitle, buildContext, scanned, dockerfileIgnoreSections, pinned, carriedEnv, commands };
}

/** Every template is rendered here (the files written, a scan's merged compose, --build's naive twin). */
export function renderTemplate(template: string, data: object): string {
  const file = path.join(templatesDir, template);
  return ejs.render(readFileSync(file, 'utf8'), data, { filename: file });
}
