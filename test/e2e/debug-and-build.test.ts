import { runCli } from '../support/cli.js';
import { DOCKER, build, dockerOk, e2eDescribe, generateWithStandins } from './support/docker.js';

const suite = e2eDescribe();

suite('debug target and --build (go-stdlib)', () => {
  let dir: string;

  beforeAll(() => {
    ({ dir } = generateWithStandins('go-stdlib'));
  }, 1_200_000);

  it('`--target debug` gives the same binary with a busybox shell, still as 65532', () => {
    const tag = 'multistage-e2e/go-stdlib:debug';
    build(dir, tag, ['--target', 'debug']);
    const output = dockerOk(['run', '--rm', '--entrypoint', 'sh', tag, '-c', 'id -u; ls /usr/local/bin']);
    expect(output.split('\n')).toEqual(expect.arrayContaining(['65532', 'greeter']));
  }, 600_000);

  it('--build prints the comparison with the naive single-stage image', () => {
    const result = runCli(['--path', dir, '--yes', '--force', '--build'], undefined, { DOCKER });
    expect(result.code).toBe(0);
    const output = `${result.stdout}\n${result.stderr}`;
    const multi = /multi-stage \(generated\)\s+([\d.]+) MB\s+(\d+)\s+65532:65532\s+no/.exec(output);
    const naive = /naive single-stage\s+([\d.]+) MB\s+(\d+)\s+root\s+yes/.exec(output);
    expect(multi).not.toBeNull();
    expect(naive).not.toBeNull();
    const factor = Number(/multi-stage is ([\d.]+)x smaller/.exec(output)?.[1]);
    console.log(`--build on go-stdlib: ${multi![1]} MB vs ${naive![1]} MB naive, ${factor}x`);
    expect(factor).toBeGreaterThan(20);
  }, 900_000);
});
