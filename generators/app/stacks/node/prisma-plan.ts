import { UserError } from '../../core/errors.js';
import type { NodeDetection } from './detect.js';

/** What the Dockerfile's prisma stage needs; null when there is no stage (no Prisma, or a layout it cannot copy). */
export interface PrismaStage {
  schema: string;
  copy: string;
  generate: string;
  /** The client is in node_modules/.prisma, which the runtime copies next to the production install. */
  shipClient: boolean;
  /** prisma.config.* that generate reads, copied beside the schema. */
  config: string | null;
}

/**
 * npm and yarn 1 hoist the generated client to node_modules/.prisma, the one folder the runtime copies;
 * pnpm and yarn 2+ keep it inside their own store layout, which a copy cannot graft onto prod-deps.
 */
export function prismaPlan(detection: NodeDetection): PrismaStage | null {
  const prisma = detection.prisma;
  if (!prisma || (detection.packageManager !== 'npm' && detection.packageManager !== 'yarn')) return null;
  if (!prisma.cli) {
    throw new UserError(`package.json: @prisma/client loads a client generated from ${prisma.schema}, but the prisma CLI that generates it is not a dependency. Fix: add "prisma" to devDependencies, at the version of @prisma/client.`);
  }
  return { schema: prisma.schema, copy: prisma.copy, generate: './node_modules/.bin/prisma generate', shipClient: !prisma.customOutput, config: prisma.config };
}

export function prismaNotes(detection: NodeDetection, stage: PrismaStage | null): string[] {
  const prisma = detection.prisma;
  if (!prisma) return [];
  if (!stage) {
    return [`Prisma: with ${detection.packageManager.replace('-berry', ' 2+')} the generated client lives inside the package store, which this Dockerfile does not graft onto the production install; run \`prisma generate\` in the build script and check that the runtime loads it.`];
  }
  const notes = [
    `Prisma: the prisma stage runs \`prisma generate\` on ${prisma.schema}; it downloads the query engine from binaries.prisma.sh (the build needs that host; installing the prisma CLI fetches its engines too).`,
    stage.shipClient
      ? 'Prisma: the runtime copies node_modules/.prisma next to the production install, and PRISMA_QUERY_ENGINE_LIBRARY names the engine, because Prisma probes OpenSSL through a shell that distroless lacks (its libssl3 is there).'
      : `Prisma: ${prisma.schema} sets a generator output, so the client is generated into the source tree and ships with the build; Prisma's OpenSSL probe needs a shell distroless lacks: if the client cannot find its engine, set PRISMA_QUERY_ENGINE_LIBRARY to the libquery_engine file in that folder.`,
  ];
  if (prisma.migrations) {
    notes.push(`Prisma migrations are not applied by the image. Run them as a separate step with the prisma stage, which has the CLI and the migrations: \`docker build --target prisma -t ${detection.appName}:migrate .\` then \`docker run --rm --user 65532:65532 -e DATABASE_URL=… ${detection.appName}:migrate ./node_modules/.bin/prisma migrate deploy\` (as the app's uid; for SQLite, mount the app's data volume), or a one-off compose service with that target and command.`);
  }
  return notes;
}
