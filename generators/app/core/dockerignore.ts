import path from 'node:path';
import ignore from 'ignore';

/** A group of .dockerignore patterns with the reason they are there (rendered as a comment). */
export interface IgnoreSection {
  why: string;
  patterns: string[];
}

/** What no stack sends to the builder: secrets, VCS data, editor litter, the Docker files themselves. */
export const COMMON_IGNORE: IgnoreSection[] = [
  { why: 'Version control data: large, and it can hold secrets from old commits.', patterns: ['.git', '.gitignore', '.gitattributes'] },
  {
    why: 'Secrets never belong in a build context: COPY . . would bake them into a layer.',
    patterns: ['**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/*.p12', '**/id_rsa*', '**/id_ed25519*', '**/.ssh', '**/.aws', '**/*.kubeconfig', '**/.netrc', '**/.git-credentials', '**/.pypirc'],
  },
  { why: 'Editor and OS files.', patterns: ['**/.idea', '**/.vscode', '**/*.swp', '**/.DS_Store'] },
  {
    why: 'Docker files: editing them must not invalidate the COPY . . layer.',
    patterns: ['**/Dockerfile*', '**/.dockerignore', '**/compose*.y*ml', '**/docker-compose*.y*ml', '**/README.Docker.md'],
  },
];

export interface TailoredIgnore {
  sections: IgnoreSection[];
  /** Patterns dropped because they would hide a file the build needs, with the file. */
  dropped: string[];
}

/**
 * Removes every pattern that would exclude a file the build needs. gitignore matching (the
 * `ignore` package) is looser than Docker's anchored matching, so a pattern it lets through is
 * safe in Docker too.
 */
export function tailorIgnore(sections: IgnoreSection[], neededFiles: string[]): TailoredIgnore {
  const dropped: string[] = [];
  // As `ignore` tests paths: relative, without "./". A file outside the context (an absolute or "../"
  // path from a flag) or the context itself (".") is not something a pattern can hide.
  const files = neededFiles.map((file) => path.posix.normalize(file)).filter((file) => ignore.isPathValid(file));
  const kept = sections.map((section) => ({
    why: section.why,
    patterns: section.patterns.filter((pattern) => {
      const matcher = ignore().add(pattern.replace(/^\*\*\//, ''));
      const victim = files.find((file) => matcher.ignores(file));
      if (victim) dropped.push(`${pattern} (the build needs ${victim})`);
      return !victim;
    }),
  }));
  return { sections: kept.filter((section) => section.patterns.length > 0), dropped };
}

/**
 * One .dockerignore for several builds sharing a context (workspace members): a pattern stays only
 * if every build kept it, since each build dropped the patterns that would hide files it needs.
 */
export function sharedIgnore(perBuild: IgnoreSection[][]): IgnoreSection[] {
  const [first, ...rest] = perBuild;
  const keptEverywhere = (why: string, pattern: string) =>
    rest.every((sections) => sections.some((section) => section.why === why && section.patterns.includes(pattern)));
  return (first ?? [])
    .map((section) => ({ why: section.why, patterns: section.patterns.filter((pattern) => keptEverywhere(section.why, pattern)) }))
    .filter((section) => section.patterns.length > 0);
}

/** Whether a file is one a build reads (Plan.buildReads): one of its files, or inside one of its folders. */
export function readByBuild(reads: string[]): (file: string) => boolean {
  if (reads.includes('.')) return () => true;
  return (file) => reads.some((read) => file === read || file.startsWith(`${read}/`));
}

/**
 * The ignore file of one Dockerfile among several sharing a context: everything out, what the build
 * reads back in, then the deny patterns again, so secrets and build output inside those folders stay
 * out. Docker applies the last pattern that matches, and a `!folder` brings in all below it.
 */
export function allowOnly(reads: string[], deny: IgnoreSection[]): IgnoreSection[] {
  const denied = ignore().add(deny.flatMap((section) => section.patterns.map((pattern) => pattern.replace(/^\*\*\//, ''))));
  // A file inside a folder already let in needs no line of its own, nor one the deny patterns take out again.
  const allowed = [...new Set(reads)].filter((read) => !readByBuild(reads.filter((other) => other !== read))(read) && !denied.ignores(read)).sort();
  return [
    { why: 'Everything else in the build context (other services, docs, deployment manifests) is left out: editing it does not rebuild this image.', patterns: ['*', ...allowed.map((read) => `!${read}`)] },
    ...deny,
  ];
}
