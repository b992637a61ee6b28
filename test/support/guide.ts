import { CLI_OPTIONS, refuseUnknownFlags } from '../../generators/app/options.js';
import { parseMarkdown, sections, shellCommands, strayMarkup, type Block } from './markdown.js';

/** The commands a Dockerfile header shows: "# Build (from …):  docker build …" and "# Debug:  … (what)". */
export function headerCommands(dockerfile: string): { build: string; debug: string } {
  const build = /^# Build[^:]*:\s+(docker build .*)$/m.exec(dockerfile);
  const debug = /^# Debug:\s+(.*?)\s{3}\(.*\)$/m.exec(dockerfile);
  if (!build || !debug) throw new Error('the Dockerfile header has no Build or Debug line');
  return { build: build[1], debug: debug[1] };
}

const REQUIRED_SECTIONS = ['Stages', 'Why it is built this way', 'Build', 'Run', 'Debug', 'Build arguments', 'Build secrets', 'Another platform', 'Regenerate', 'Where the values came from'];

function tableIn(blocks: Block[] | undefined): Extract<Block, { type: 'table' }> {
  const table = blocks?.find((block) => block.type === 'table');
  if (!table || table.type !== 'table') throw new Error('section has no table');
  return table;
}

/**
 * README.Docker.md beside a Dockerfile: well-formed Markdown, every section there, the Dockerfile
 * header's own build and debug commands, each stage and ARG of the Dockerfile, a regenerate command
 * the CLI accepts, and nothing of the machine it was written on.
 */
export function expectGuideMatches(guide: string, dockerfile: string, cwd: string): void {
  const blocks = parseMarkdown(guide);
  expect(blocks.map(strayMarkup).filter(Boolean)).toEqual([]);
  const bySection = sections(blocks);
  expect(REQUIRED_SECTIONS.filter((name) => !bySection.has(name))).toEqual([]);

  const commands = shellCommands(blocks);
  const header = headerCommands(dockerfile);
  expect(commands).toContain(header.build);
  expect(commands).toContain(header.debug);

  const stages = [...dockerfile.matchAll(/^FROM .* AS (\S+)$/gm)].map((match) => `\`${match[1]}\``);
  expect(tableIn(bySection.get('Stages')).rows.map((row) => row[0])).toEqual(stages);
  const args = [...new Set([...dockerfile.matchAll(/^ARG (\w+)/gm)].map((match) => `\`${match[1]}\``))];
  expect(tableIn(bySection.get('Build arguments')).rows.map((row) => row[0])).toEqual(args);

  const regenerate = regenerateFlags(guide);
  expect(() => refuseUnknownFlags(regenerate.words, CLI_OPTIONS)).not.toThrow();

  expect(guide).not.toContain(cwd);
  expect(guide).not.toMatch(/\/tmp\/|\/home\/|\d{4}-\d\d-\d\dT/);
}

/** A shell line's words, with '…' quoting as the guide writes it. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : match[2]));
}

/**
 * The guide's non-interactive regenerate command: its words after the program name, and the same as
 * generator options (`--port 8080` → port, `--add-server` → true, `--no-guide` → guide: false).
 */
export function regenerateFlags(guide: string): { words: string[]; options: Record<string, string | boolean> } {
  const line = shellCommands(parseMarkdown(guide)).find((command) => command.startsWith('npx generator-multistage '));
  if (!line) throw new Error('the guide shows no `npx generator-multistage` command');
  const words = shellWords(line).slice(2);
  const booleans = new Set<string>(CLI_OPTIONS.filter((option) => option.type === Boolean).map((option) => option.name));
  const options: Record<string, string | boolean> = {};
  for (let index = 0; index < words.length; index++) {
    const name = words[index].replace(/^--/, '');
    if (booleans.has(name)) options[name] = true;
    else if (name.startsWith('no-') && booleans.has(name.slice(3))) options[name.slice(3)] = false;
    else options[name] = words[++index];
  }
  return { words, options };
}
