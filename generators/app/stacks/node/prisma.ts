import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import type { PackageJson } from './package.js';

/** A Prisma project: its client must be generated from the schema at build time, or it throws at start. */
export interface PrismaFacts {
  /** The schema file, e.g. prisma/schema.prisma. */
  schema: string;
  /** The folder the prisma stage copies (the schema's, with its migrations), or the schema file alone at the root. */
  copy: string;
  /** The prisma CLI is a dependency (dev or production): generate runs it from node_modules, nothing fetched. */
  cli: boolean;
  /** A generator `output` elsewhere than node_modules/.prisma: the client lands in the source tree instead. */
  customOutput: boolean;
  /** Migrations in the schema's folder, which the image does not apply. */
  migrations: boolean;
  /** Variables prisma.config.* reads with env(): Prisma 7 throws when one is unset, even for generate. */
  configEnv: Array<{ name: string; placeholder: string }>;
  /** prisma.config.* at the root: Prisma 7 reads the schema path and datasource from it, so generate needs it. */
  config: string | null;
}

const CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs'];

/** A URL of the schema's provider that no credential is in: generate only parses it, never connects. */
function placeholderUrl(provider: string): string {
  switch (provider) {
    case 'mysql':
      return 'mysql://localhost:3306/build';
    case 'sqlite':
      return 'file:./build.db';
    case 'sqlserver':
      return 'sqlserver://localhost:1433;database=build';
    case 'mongodb':
      return 'mongodb://localhost:27017/build';
    default:
      return 'postgresql://localhost:5432/build';
  }
}

function configEnvOf(repo: Repo, file: string | null, schemaText: string, evidence: string[]): PrismaFacts['configEnv'] {
  if (!file) return [];
  const names = [...new Set([...repo.read(file).matchAll(/\benv\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\)/g)].map((m) => m[1]))];
  if (names.length === 0) return [];
  const provider = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schemaText)?.[1] ?? 'postgresql';
  evidence.push(`${file}: reads ${names.map((name) => `env('${name}')`).join(', ')} whenever a prisma command loads it, and throws when unset; the build stages set a credential-free ${provider} placeholder (generate never connects), which the runtime does not inherit`);
  return names.map((name) => ({ name, placeholder: /URL/i.test(name) ? placeholderUrl(provider) : 'build' }));
}

/** package.json's own `prisma` section (the schema path); the parser keeps unknown fields. */
function schemaField(pkg: PackageJson): string | null {
  const section = (pkg as { prisma?: { schema?: unknown } }).prisma;
  return section && typeof section.schema === 'string' ? path.posix.normalize(section.schema) : null;
}

export function prismaOf(repo: Repo, pkg: PackageJson, evidence: string[]): PrismaFacts | null {
  if (!pkg.dependencies?.['@prisma/client']) return null;
  const candidates = [schemaField(pkg), 'prisma/schema.prisma', 'schema.prisma'].filter((file): file is string => Boolean(file));
  const schema = candidates.find((file) => repo.exists(file) && !repo.isDirectory(file));
  if (!schema) {
    evidence.push(`package.json: warning: @prisma/client, but no ${candidates.join(' or ')}: the client cannot be generated, and PrismaClient will throw at start`);
    return null;
  }
  const dir = path.posix.dirname(schema);
  const text = repo.read(schema);
  const generator = /generator\s+\w+\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  const config = CONFIG_FILES.find((name) => repo.exists(name)) ?? null;
  const facts: PrismaFacts = {
    schema,
    copy: dir === '.' ? schema : dir,
    cli: Boolean(pkg.devDependencies?.prisma ?? pkg.dependencies?.prisma),
    customOutput: /^\s*output\s*=/m.test(generator),
    migrations: repo.isDirectory(`${dir === '.' ? '' : `${dir}/`}migrations`),
    configEnv: configEnvOf(repo, config, text, evidence),
    config,
  };
  evidence.push(`${schema}: @prisma/client needs the client \`prisma generate\` makes from this schema, at build time with the CLI from ${pkg.dependencies?.prisma ? 'dependencies' : 'devDependencies'}${facts.customOutput ? ` into the generator's output folder` : ', and the runtime gets node_modules/.prisma'}; generate downloads the query engine from binaries.prisma.sh, so the build needs that host`);
  if (facts.migrations) {
    evidence.push(`${dir === '.' ? '' : `${dir}/`}migrations: the image applies no migration (a container that migrates at start races its replicas); run \`prisma migrate deploy\` as a separate step`);
  }
  return facts;
}
