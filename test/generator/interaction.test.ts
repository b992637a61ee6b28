import { readFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture } from '../support/fixtures.js';
import { runGenerator } from '../support/run-generator.js';

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('interactive run', () => {
  it('asks each question with the detected default and uses the answers', async () => {
    const result = await runGenerator({
      fixture: 'go-cmd-layout',
      answers: { stack: 'go', languageVersion: '1.24', entrypoint: './cmd/worker', port: 'none', runtime: 'scratch' },
    });
    const dockerfile = read(result.cwd, 'Dockerfile');
    expect(dockerfile).toContain('ARG GO_VERSION=1.24\n');
    expect(dockerfile).toContain('-o /out/worker ./cmd/worker');
    expect(dockerfile).toContain('FROM scratch AS runtime');
    expect(dockerfile).not.toContain('EXPOSE');
  });

  it('offers the detected values as defaults', async () => {
    const defaults: Record<string, unknown> = {};
    const result = await runGenerator({ fixture: 'go-no-gosum', onQuestion: (name, question) => (defaults[name] = question.default) });
    expect(defaults).toEqual({ stack: 'go', languageVersion: '1.26', entrypoint: '.', port: '3000', runtime: 'distroless' });
    expect(read(result.cwd, 'Dockerfile')).toContain('EXPOSE 3000');
  });
});

describe('.yo-rc.json', () => {
  it('stores the answers and a re-run with --yes regenerates the same choices', async () => {
    const dir = copyFixture('go-cmd-layout');
    await runGenerator({ flags: { yes: true, main: './cmd/worker', port: 'none', runtime: 'scratch', path: dir } });
    const first = read(dir, 'Dockerfile');
    expect(JSON.parse(read(dir, '.yo-rc.json'))['generator-multistage']).toEqual({
      stack: 'go',
      languageVersion: '1.26',
      entrypoint: './cmd/worker',
      port: null,
      runtime: 'scratch',
    });
    await runGenerator({ flags: { yes: true, path: dir } });
    expect(read(dir, 'Dockerfile')).toBe(first);
  });
});
