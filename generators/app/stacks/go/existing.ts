import path from 'node:path';
import { minorTagVersion, statedLanguage, statedPort, type ExistingFacts } from '../../core/existing-dockerfile.js';

/** `golang:1.22-bookworm` -> 1.22. */
export const goImageVersion = minorTagVersion(/(^|\/)golang$/);

/**
 * What the project's own Dockerfile (or Procfile, fly.toml…) says about its Go service: which main
 * package it builds and runs, its port, its Go. go.mod and the code win where they are explicit;
 * these fill what they leave open.
 */
export interface GoStated {
  main: { pkg: string; evidence: string } | null;
  port: { port: number; evidence: string } | null;
  go: { version: string; evidence: string } | null;
}

/** Package paths a `go build|install|run` names (`./cmd/api`, `cmd/api/main.go`), with the -o output it writes. */
function goCommands(text: string): Array<{ packages: string[]; output: string | null }> {
  return text
    .split(/&&|;/)
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words.includes('go') && /^(build|install|run)$/.test(words[words.indexOf('go') + 1] ?? ''))
    .map((words) => {
      const args = words.slice(words.indexOf('go') + 2);
      const outputAt = args.indexOf('-o');
      const output = outputAt >= 0 ? args[outputAt + 1] ?? null : null;
      // Local package paths (`./cmd/api`, `.`) and files; a flag's value (`-o app`, `-ldflags "…"`) is none of them.
      const packages = args.filter((word, index) => (outputAt < 0 || index !== outputAt + 1) && (/^\.\.?(\/|$)/.test(word) || /^[\w./-]+\.go$/.test(word)));
      return { packages, output };
    });
}

/** `./cmd/api/main.go`, `cmd/api`, `.` -> the main package as detection names it (`./cmd/api`, `.`). */
function asPackage(word: string, mains: string[]): string | null {
  const clean = word.replace(/\/\.\.\.$/, '').replace(/\/[^/]+\.go$/, '').replace(/^\.\//, '').replace(/\/$/, '');
  const pkg = clean === '' || clean === '.' || (word.endsWith('.go') && !word.includes('/')) ? '.' : `./${clean}`;
  return mains.includes(pkg) ? pkg : null;
}

/** The main package the existing setup builds or runs, among `mains`. */
function statedMain(facts: ExistingFacts, mains: string[]): GoStated['main'] {
  for (const dockerfile of facts.dockerfiles) {
    const builds = dockerfile.runs.flatMap((run) => goCommands(run.text).map((command) => ({ ...command, at: run.at })));
    const started = dockerfile.command?.words[0] ? path.posix.basename(dockerfile.command.words[0]) : null;
    // The build whose -o output the container starts, else the only build that names a main package.
    const ranked = [...builds.filter((b) => b.output && started && path.posix.basename(b.output) === started), ...builds];
    for (const build of ranked) {
      const pkg = build.packages.map((word) => asPackage(word, mains)).find((p): p is string => p !== null);
      if (pkg) return { pkg, evidence: `${build.at}: builds ${pkg}${build.output ? ` into ${build.output}` : ''}${started && build.output && path.posix.basename(build.output) === started ? `, the program ${dockerfile.command!.at} starts` : ''}` };
    }
    // A binary named after its package folder (`/app/api` for ./cmd/api).
    const byName = started ? mains.filter((pkg) => path.posix.basename(pkg) === started) : [];
    if (byName.length === 1) return { pkg: byName[0], evidence: `${dockerfile.command!.at}: starts ${started}, the name of ${byName[0]}` };
  }
  for (const command of facts.commands) {
    const run = goCommands(command.words.join(' '))[0];
    const pkg = run?.packages.map((word) => asPackage(word, mains)).find((p): p is string => p !== null);
    if (pkg) return { pkg, evidence: `${command.at}: runs ${pkg} (${command.text})` };
  }
  return null;
}

export function goStated(facts: ExistingFacts, mains: string[]): GoStated {
  const go = statedLanguage(facts, goImageVersion);
  return {
    main: statedMain(facts, mains),
    port: statedPort(facts),
    go: go ? { version: go.version, evidence: `${go.at}: FROM ${go.image}: Go ${go.version}, the Go the existing image builds with (no go.mod names one)` } : null,
  };
}
