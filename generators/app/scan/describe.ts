import path from 'node:path';
import type { IgnoreSection } from '../core/dockerignore.js';
import type { Plan, StackId } from '../stacks/types.js';
import type { ComposeSecret, ComposeService } from './compose.js';
import type { BuildSecret } from '../core/secrets.js';
import type { Service } from './scan.js';

/** One line per service in the scan's list and checkbox: folder, stack, framework, context, Dockerfile state. */
export function describeService(service: Service): string {
  const context = service.context === service.dir ? '' : `, builds from ${service.context === '.' ? 'the root' : `${service.context}/`}`;
  const state = service.generatedBefore ? ', generated before' : service.hasDockerfile ? ', has its own Dockerfile' : '';
  return `${service.dir} (${service.stack.title}${service.framework ? `, ${service.framework}` : ''}${context}${state})`;
}

/** The port a --yes run would take for a service that is not planned in this run. */
function detectedPort(service: Service): number | null {
  const question = service.stack.questions(service.detection, service.fixedAnswers).find((q) => q.name === 'port');
  return typeof question?.default === 'number' ? question.default : null;
}

/**
 * The root compose.yaml's entry for a service: from its plan when it has one (generated now or
 * re-planned from stored answers), else from what detection found (a hand-written Dockerfile).
 */
export function composeEntry(service: Service, planned: { plan: Plan; ownCompose: string | null } | null): ComposeService {
  const builtFrom = service.context === service.dir
    ? `built from ${service.dir}/`
    : `build context ${service.context === '.' ? 'the repository root' : `${service.context}/`}: ${service.stack.contextReason}`;
  const handWritten = service.hasDockerfile && !service.generatedBefore && !planned ? '; its own Dockerfile (not generated): check the port' : '';
  return {
    name: service.name,
    context: service.context,
    dockerfile: path.posix.relative(service.context, path.posix.join(service.dir, 'Dockerfile')),
    port: planned ? planned.plan.port : detectedPort(service),
    comment: `${service.stack.title} service in ${service.dir}/, ${builtFrom}${handWritten}.`,
    ownCompose: planned?.ownCompose ?? undefined,
    secrets: composeSecrets(planned?.plan.secrets ?? [], service.context),
  };
}

/** A build's secrets as compose declares them: a file relative to the build context becomes relative to the root. */
function composeSecrets(secrets: BuildSecret[], context: string): ComposeSecret[] {
  return secrets.map((secret) =>
    'file' in secret.source
      ? { name: secret.id, file: secret.source.file.startsWith('$') ? secret.source.file.replace(/^\$HOME\b/, '${HOME}') : path.posix.join(context, secret.source.file) }
      : { name: secret.id, environment: secret.source.env },
  );
}

/**
 * Services of other stacks that sit inside a build context (a root app with services below it): they
 * build from their own folders, so this image leaves them out. Same-stack folders stay, since the
 * build may use them (a Go replace directive, a Maven module).
 */
export function nestedServices(services: Service[], context: string, built: Set<StackId>): IgnoreSection[] {
  const inside = services.filter((service) => service.context !== context && !built.has(service.stack.id) && (context === '.' || service.context.startsWith(`${context}/`)));
  if (inside.length === 0) return [];
  const relative = (dir: string) => (context === '.' ? dir : path.posix.relative(context, dir));
  return [{ why: 'Other services of this repository, each built from its own folder: not part of this image.', patterns: inside.map((service) => relative(service.context)) }];
}
