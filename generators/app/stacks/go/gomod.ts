import { UserError } from '../../core/errors.js';

export interface GoMod {
  module: string | null;
  go: string | null;
  toolchain: string | null;
  requires: string[];
}

export interface GoWork {
  go: string | null;
  toolchain: string | null;
  uses: string[];
}

const GO_VERSION = /^1\.\d+(\.\d+)?((rc|beta)\d+)?$/;
const MOD_DIRECTIVES = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const WORK_DIRECTIVES = new Set(['go', 'toolchain', 'godebug', 'use', 'replace']);

interface Directive {
  verb: string;
  args: string;
  line: number;
}

/** Splits go.mod/go.work syntax into directives, expanding `verb ( ... )` blocks. */
function directives(text: string, file: string, known: Set<string>): Directive[] {
  const result: Directive[] = [];
  let block: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const lineNo = index + 1;
    if (!line) return;
    if (block) {
      if (line === ')') block = null;
      else result.push({ verb: block, args: line, line: lineNo });
      return;
    }
    const match = /^([A-Za-z]+)\s*(.*)$/.exec(line);
    if (!match || !known.has(match[1])) {
      throw new UserError(
        `${file}:${lineNo}: "${raw.trim()}" is not a ${file} directive. Fix: repair the file (\`go mod tidy\` rewrites it) or restore it from version control.`,
      );
    }
    const [, verb, args] = match;
    if (args === '(') block = verb;
    else result.push({ verb, args, line: lineNo });
  });
  if (block) throw new UserError(`${file}: the "${block} (" block is never closed. Fix: add the closing ")".`);
  return result;
}

function checkVersion(value: string, file: string, line: number): string {
  if (!GO_VERSION.test(value)) {
    throw new UserError(`${file}:${line}: "go ${value}" is not a Go version. Fix: write it like "go 1.24" or "go 1.24.2".`);
  }
  return value;
}

function checkToolchain(value: string, file: string, line: number): string {
  const version = value.replace(/^go/, '').replace(/\+.*$/, '');
  if (!value.startsWith('go') || !GO_VERSION.test(version)) {
    throw new UserError(`${file}:${line}: "toolchain ${value}" is not a toolchain name. Fix: write it like "toolchain go1.24.2".`);
  }
  return version;
}

export function parseGoMod(text: string, file = 'go.mod'): GoMod {
  const mod: GoMod = { module: null, go: null, toolchain: null, requires: [] };
  for (const { verb, args, line } of directives(text, file, MOD_DIRECTIVES)) {
    if (verb === 'module') mod.module = args.replace(/^"|"$/g, '');
    else if (verb === 'go') mod.go = checkVersion(args, file, line);
    else if (verb === 'toolchain') mod.toolchain = checkToolchain(args, file, line);
    else if (verb === 'require') mod.requires.push(args.split(/\s+/)[0]);
  }
  if (!mod.module) {
    throw new UserError(`${file}: no "module" line, so this is not a Go module. Fix: add "module example.com/yourapp" at the top (or run \`go mod init\`).`);
  }
  return mod;
}

export function parseGoWork(text: string, file = 'go.work'): GoWork {
  const work: GoWork = { go: null, toolchain: null, uses: [] };
  for (const { verb, args, line } of directives(text, file, WORK_DIRECTIVES)) {
    if (verb === 'go') work.go = checkVersion(args, file, line);
    else if (verb === 'toolchain') work.toolchain = checkToolchain(args, file, line);
    else if (verb === 'use') work.uses.push(args.replace(/^"|"$/g, '').replace(/^\.\/?/, '').replace(/\/$/, ''));
  }
  return work;
}
