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

  const regenerate = commands.find((line) => line.startsWith('npx generator-multistage '));
  expect(regenerate).toBeDefined();
  const words = regenerate!.replace('npx generator-multistage ', '').split(' ');
  expect(() => refuseUnknownFlags(words, CLI_OPTIONS)).not.toThrow();

  expect(guide).not.toContain(cwd);
  expect(guide).not.toMatch(/\/tmp\/|\/home\/|\d{4}-\d\d-\d\dT/);
}
