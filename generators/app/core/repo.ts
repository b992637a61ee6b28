import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { globSync } from 'tinyglobby';
import { UserError } from './errors.js';

/**
 * Folders that hold dependencies, caches or VCS data. Detection never needs to look inside them, and
 * pruning them during the walk keeps detection time flat however large node_modules grows. Output
 * folders such as build/ or dist/ are not pruned: in Go and Java they can be real source packages.
 */
export const PRUNED_DIRS = [
  '.git', 'node_modules', 'vendor', '.venv', 'venv', '__pycache__', '.gradle', '.idea', '.vscode',
  '.next', '.cache', '.tox', '.pytest_cache', '.mypy_cache',
];

/**
 * Also pruned when scanning a whole monorepo: build output of Java (target), Gradle and Node (build,
 * dist, out), whose size must not slow the scan. A service never keeps its manifest inside them.
 */
export const SCAN_PRUNED_DIRS = ['target', 'build', 'dist', 'out', 'testdata'];

/**
 * Read-only view of a repository: the one place detectors touch the disk, so errors name the
 * file and the fix, and the tree is walked at most once per run.
 */
export class Repo {
  #files: string[] | undefined;
  readonly #subs = new Map<string, Repo>();

  /**
   * `listing` replaces the directory walk for a view derived from another one's walk; `texts` is the
   * read cache every view of one repository shares, so a file several detectors and plans read (a
   * package.json, a pom.xml) is read from disk once per run.
   */
  private constructor(
    readonly root: string,
    private readonly listing?: () => string[],
    private readonly pruned: readonly string[] = PRUNED_DIRS,
    private readonly texts: Map<string, string> = new Map(),
  ) {}

  /** `pruned`: folder names never entered (default PRUNED_DIRS; a monorepo scan adds SCAN_PRUNED_DIRS). */
  static open(root: string, pruned: readonly string[] = PRUNED_DIRS): Repo {
    const absolute = path.resolve(root);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UserError(`--path ${root}: no such directory. Fix: point --path at the folder that holds your project.`);
    }
    if (!stats.isDirectory()) {
      throw new UserError(`--path ${root}: not a directory. Fix: point --path at the folder that holds your project.`);
    }
    return new Repo(absolute, undefined, pruned);
  }

  abs(relative: string): string {
    return path.join(this.root, relative);
  }

  exists(relative: string): boolean {
    try {
      lstatSync(this.abs(relative));
      return true;
    } catch {
      return false;
    }
  }

  isDirectory(relative: string): boolean {
    try {
      return statSync(this.abs(relative)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Reads a text file, turning every failure into an error that names the file and a fix. */
  read(relative: string): string {
    const file = this.abs(relative);
    const cached = this.texts.get(file);
    if (cached !== undefined) return cached;
    try {
      const text = readFileSync(file, 'utf8');
      this.texts.set(file, text);
      return text;
    } catch (error) {
      throw new UserError(describeReadFailure(relative, error));
    }
  }

  readIfExists(relative: string): string | null {
    return this.exists(relative) ? this.read(relative) : null;
  }

  /**
   * A sub-folder seen as a repository of its own (so a stack's detector can run on it unchanged),
   * listed from this repository's walk instead of walking the folder again. Memoised per folder.
   */
  sub(dir: string): Repo {
    if (dir === '.' || dir === '') return this;
    let sub = this.#subs.get(dir);
    if (!sub) {
      const prefix = `${dir}/`;
      sub = new Repo(this.abs(dir), () => this.files().filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length)), this.pruned, this.texts);
      this.#subs.set(dir, sub);
    }
    return sub;
  }

  /** This repository with more folder names pruned, listed from its own walk (no second walk). */
  narrow(extraPruned: readonly string[]): Repo {
    const inPruned = (file: string) => file.split('/').slice(0, -1).some((segment) => extraPruned.includes(segment));
    return new Repo(this.root, () => this.files().filter((file) => !inPruned(file)), [...this.pruned, ...extraPruned], this.texts);
  }

  /**
   * Every file below the root (posix paths), minus pruned folders and what the root .gitignore
   * excludes. Symlinks are not followed, so a link loop cannot trap the walk.
   */
  files(): string[] {
    if (!this.#files) {
      const found = this.listing?.() ?? globSync('**/*', {
        cwd: this.root,
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        ignore: this.pruned.map((dir) => `**/${dir}/**`),
        expandDirectories: false,
      });
      const gitignore = this.readIfExists('.gitignore');
      const ignored = gitignore ? ignore().add(gitignore) : null;
      this.#files = found.filter((file) => !ignored?.ignores(file)).sort();
    }
    return this.#files;
  }

  /** Files (from `files()`) whose name ends with one of the given suffixes. */
  filesEndingWith(...suffixes: string[]): string[] {
    return this.files().filter((file) => suffixes.some((suffix) => file.endsWith(suffix)));
  }
}

function describeReadFailure(relative: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ELOOP':
      return `${relative}: the symbolic link points back at itself (ELOOP). Fix: replace the link with the real file.`;
    case 'EACCES':
    case 'EPERM':
      return `${relative}: permission denied. Fix: make it readable (chmod a+r ${relative}) or run as a user who can read it.`;
    case 'EISDIR':
      return `${relative}: is a directory, expected a file. Fix: remove or rename the folder.`;
    case 'ENOENT':
      return `${relative}: not found (a dangling symbolic link?). Fix: restore the file or remove the link.`;
    default:
      return `${relative}: cannot be read (${code ?? String(error)}).`;
  }
}
