import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { parseMarkdown, sections, shellCommands } from '../support/markdown.js';
import { DOCKER, docker, dockerOk, e2eDescribe, generateWithStandins, httpGet } from './support/docker.js';

const suite = e2eDescribe();

/** The guide's commands as a teammate runs them, with this suite's tag for the image name. */
function asWords(command: string, image: string, tag: string): string[] {
  return command.split(' ').map((word) => word.replace(new RegExp(`^${image}(?=:|$)`), tag));
}

suite('README.Docker.md commands, run as written (go-stdlib)', () => {
  let dir: string;
  let guide: string;
  const tag = 'multistage-e2e/guide';

  beforeAll(() => {
    ({ dir } = generateWithStandins('go-stdlib'));
    guide = readFileSync(path.join(dir, 'README.Docker.md'), 'utf8');
  }, 1_200_000);

  afterAll(() => {
    docker(['rm', '-f', 'multistage-e2e-guide']);
    docker(['rmi', tag, `${tag}:debug`]);
  });

  it('the Build and Run sections build the image and serve the app', async () => {
    const blocks = sections(parseMarkdown(guide));
    const [buildCommand] = shellCommands(blocks.get('Build')!);
    const [runCommand] = shellCommands(blocks.get('Run')!);
    expect(buildCommand).toBe('docker build -t greeter .');
    dockerOk(asWords(buildCommand, 'greeter', tag).slice(1), { cwd: dir });
    // Another host port than the guide's, so a busy 8080 on the test machine does not matter.
    const run = asWords(runCommand, 'greeter', tag).slice(1).map((word) => word.replace('127.0.0.1:8080:', '127.0.0.1:18089:'));
    dockerOk([run[0], '-d', '--name', 'multistage-e2e-guide', ...run.slice(1)]);
    expect(await httpGet('http://127.0.0.1:18089/?name=guide')).toContain('hello, guide');
  }, 900_000);

  it('the Debug section builds the debug target and opens its shell, as 65532', () => {
    const [buildDebug, shell] = shellCommands(sections(parseMarkdown(guide)).get('Debug')!);
    dockerOk(asWords(buildDebug, 'greeter', tag).slice(1), { cwd: dir });
    const words = asWords(shell, 'greeter', tag).slice(1).filter((word) => word !== '-it');
    expect(dockerOk([...words, '-c', 'id -u; ls /usr/local/bin']).split('\n')).toEqual(expect.arrayContaining(['65532', 'greeter']));
  }, 900_000);

  it('after --build, the guide holds the figures --build printed', () => {
    const result = runCli(['--path', dir, '--yes', '--force', '--build'], undefined, { DOCKER });
    expect(result.code).toBe(0);
    const printed = /multi-stage \(generated\)\s+([\d.]+ MB)\s+(\d+)/.exec(`${result.stdout}\n${result.stderr}`);
    const size = sections(parseMarkdown(readFileSync(path.join(dir, 'README.Docker.md'), 'utf8'))).get('Size (`--build`)');
    expect(size?.[0]).toMatchObject({ type: 'table', rows: [['multi-stage (generated)', printed![1], printed![2], '65532:65532', 'no'], expect.any(Array)] });
  }, 1_200_000);
});
