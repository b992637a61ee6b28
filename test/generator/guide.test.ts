import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { GUIDE_MARKER } from '../../generators/app/core/guide.js';
import { expectGuideMatches } from '../support/guide.js';
import { parseMarkdown, sections, shellCommands, tableCells } from '../support/markdown.js';
import { runGenerator } from '../support/run-generator.js';

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

/** Docker as --build sees it: a 5.3 MB shell-less image and an 861 MB naive one. */
function fakeDocker() {
  return (_method: string, command: string, args: string[] = []) => {
    const joined = args.join(' ');
    let stdout = '';
    if (joined.startsWith('image inspect')) stdout = joined.endsWith(':naive') ? '861000000 9 ' : '5300000 3 65532:65532';
    else if (args[0] === 'create') stdout = args[1].endsWith(':naive') ? 'naive-id' : 'multi-id';
    else if (command === 'sh') stdout = joined.includes('naive-id') ? 'bin/sh\n' : 'usr/local/bin/greeter\n';
    return Object.assign(Promise.resolve({ exitCode: 0, stdout, stderr: '' }), { stdout: { on() {} }, stderr: { on() {} } });
  };
}

describe('README.Docker.md', () => {
  it('--no-guide writes none, in a normal run and in a scan', async () => {
    const single = await runGenerator({ fixture: 'go-stdlib', flags: { yes: true, guide: false } });
    expect(existsSync(path.join(single.cwd, 'Dockerfile'))).toBe(true);
    expect(existsSync(path.join(single.cwd, 'README.Docker.md'))).toBe(false);
    const scan = await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true, guide: false } });
    expect(existsSync(path.join(scan.cwd, 'web/Dockerfile'))).toBe(true);
    expect(existsSync(path.join(scan.cwd, 'web/README.Docker.md'))).toBe(false);
    expect(existsSync(path.join(scan.cwd, 'README.Docker.md'))).toBe(false);
  });

  it('a README.Docker.md of your own is a conflict like the Dockerfile: --yes stops (exit 4) naming it; --force replaces it', async () => {
    const own = '# Our Docker notes\n';
    let dir = '';
    await expect(
      runGenerator({ fixture: 'go-stdlib', flags: { yes: true, force: false }, prepare: (d) => { dir = d; writeFileSync(path.join(d, 'README.Docker.md'), own); } }),
    ).rejects.toMatchObject({ exitCode: 4, message: expect.stringContaining('README.Docker.md') });
    expect(read(dir, 'README.Docker.md')).toBe(own);
    const forced = await runGenerator({ fixture: 'go-stdlib', flags: { yes: true, force: true }, prepare: (d) => writeFileSync(path.join(d, 'README.Docker.md'), own) });
    expect(read(forced.cwd, 'README.Docker.md').startsWith(GUIDE_MARKER)).toBe(true);
  });

  it('says which answers came from a flag and writes them into the regenerate command', async () => {
    const { cwd } = await runGenerator({ fixture: 'go-stdlib', flags: { yes: true, port: '9000', runtime: 'scratch' } });
    const guide = read(cwd, 'README.Docker.md');
    expectGuideMatches(guide, read(cwd, 'Dockerfile'), cwd);
    const table = parseMarkdown(guide).find((block) => block.type === 'table' && block.header[0] === 'setting');
    const rows = table?.type === 'table' ? Object.fromEntries(table.rows.map((row) => [row[1], row])) : {};
    expect(rows['`--port`'].slice(2, 4)).toEqual(['`9000`', 'your flag']);
    expect(rows['`--runtime`'].slice(2, 4)).toEqual(['`scratch`', 'your flag']);
    expect(rows['`--main`'].slice(2, 4)).toEqual(['`.`', 'detected']);
    expect(shellCommands(parseMarkdown(guide))).toContain('npx generator-multistage --yes --force --stack go --language-version 1.26 --main . --port 9000 --runtime scratch');
    expect(shellCommands(parseMarkdown(guide))).toContain('docker run --rm -p 127.0.0.1:9000:9000 greeter');
  });

  it('after --build, holds the size comparison --build printed', async () => {
    const { cwd } = await runGenerator({ fixture: 'go-stdlib', flags: { yes: true, build: true }, spawn: fakeDocker() });
    const blocks = parseMarkdown(read(cwd, 'README.Docker.md'));
    const size = sections(blocks).get('Size (`--build`)');
    expect(size?.[0]).toEqual({
      type: 'table',
      header: ['image', 'size', 'layers', 'user', 'shell'],
      rows: [
        ['multi-stage (generated)', '5.30 MB', '3', '65532:65532', 'no'],
        ['naive single-stage', '861.0 MB', '9', 'root', 'yes'],
      ],
    });
    expect(size?.[1]).toEqual({ type: 'paragraph', text: 'multi-stage is 162.5x smaller (861.0 MB -\\> 5.30 MB).' });
  });

  it('a scan: the root guide lists every compose service with its Dockerfile, context and ports, and links each guide', async () => {
    const { cwd } = await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true } });
    const compose = parse(read(cwd, 'compose.yaml')) as { services: Record<string, { build: { context: string; dockerfile: string }; ports?: string[] }> };
    const blocks = parseMarkdown(read(cwd, 'README.Docker.md'));
    const table = blocks.find((block) => block.type === 'table');
    expect(table?.type === 'table' && table.rows.map((row) => row.slice(0, 4))).toEqual(
      Object.entries(compose.services).map(([name, service]) => [
        `\`${name}\``,
        `\`${path.posix.join(service.build.context, service.build.dockerfile)}\``,
        `\`${service.build.context}\``,
        (service.ports ?? []).map((port) => `\`${port}\``).join(', '),
      ]),
    );
    for (const row of table?.type === 'table' ? table.rows : []) {
      const link = /^\[(.+)\]\((.+)\)$/.exec(row[4]);
      // The hand-written legacy service has no guide; every generated one links to its own.
      if (row[0] === '`legacy`') expect(row[4]).toBe('');
      else expect(link && existsSync(path.join(cwd, link[2]))).toBe(true);
    }
    expect(shellCommands(blocks)).toEqual(['docker compose up --build', 'docker buildx bake -f compose.yaml']);
    for (const dir of ['services/greeter', 'services/quotes', 'web']) {
      expectGuideMatches(read(cwd, `${dir}/README.Docker.md`), read(cwd, `${dir}/Dockerfile`), cwd);
    }
  });

  it('a scan rewrites a root guide it wrote, but stops at one of your own', async () => {
    const own = '# Our services\n';
    await expect(
      runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true, force: false }, prepare: (d) => writeFileSync(path.join(d, 'README.Docker.md'), own) }),
    ).rejects.toMatchObject({ exitCode: 4, message: expect.stringContaining('README.Docker.md') });
    const ours = `${GUIDE_MARKER} with the monorepo scan -->\n# stale\n`;
    const { cwd } = await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true, force: false }, prepare: (d) => writeFileSync(path.join(d, 'README.Docker.md'), ours) });
    expect(read(cwd, 'README.Docker.md')).toContain('# The services of this repository');
  });

  it('the table parser the guide tests rely on fails on a row with a stray pipe and on an unclosed fence', () => {
    expect(tableCells('| `a\\|b` | c |')).toEqual(['`a\\|b`', 'c']);
    expect(() => parseMarkdown('| a | b |\n|---|---|\n| x | y | z |\n')).toThrow('has 3 cells, header 2');
    expect(() => parseMarkdown('```sh\ndocker build .\n')).toThrow('unclosed code fence');
  });
});
