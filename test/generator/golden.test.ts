import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { cases } from '../cases.js';
import { expectGolden } from '../support/golden.js';
import { expectGuideMatches, regenerateFlags } from '../support/guide.js';
import { runGenerator } from '../support/run-generator.js';

describe.each(cases)('$name', ({ name, fixture, flags }) => {
  let dockerfile: string;
  let dockerignore: string;
  let guide: string;
  let cwd: string;
  // A single-page app's runtime reads the Caddyfile written next to package.json.
  let caddyfile: string | null;

  beforeAll(async () => {
    const result = await runGenerator({ fixture, flags: { yes: true, ...flags } });
    cwd = result.cwd;
    dockerfile = readFileSync(path.join(cwd, 'Dockerfile'), 'utf8');
    dockerignore = readFileSync(path.join(cwd, '.dockerignore'), 'utf8');
    guide = readFileSync(path.join(cwd, 'README.Docker.md'), 'utf8');
    const caddyPath = path.join(cwd, 'Caddyfile');
    caddyfile = existsSync(caddyPath) ? readFileSync(caddyPath, 'utf8') : null;
  });

  it('matches the golden Dockerfile, .dockerignore and README.Docker.md (and Caddyfile)', () => {
    expectGolden(name, 'Dockerfile', dockerfile);
    expectGolden(name, '.dockerignore', dockerignore);
    expectGolden(name, 'README.Docker.md', guide);
    if (caddyfile !== null) expectGolden(name, 'Caddyfile', caddyfile);
  });

  it('README.Docker.md renders and shows the commands of the Dockerfile header', () => {
    expectGuideMatches(guide, dockerfile, cwd);
  });

  it("README.Docker.md's regenerate command writes the same files again", async () => {
    const again = await runGenerator({ fixture, flags: regenerateFlags(guide).options });
    expect(readFileSync(path.join(again.cwd, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(readFileSync(path.join(again.cwd, 'README.Docker.md'), 'utf8')).toBe(guide);
  });

  it('passes dockerfile-utils validation with default settings', () => {
    expect(validate(dockerfile)).toEqual([]);
  });

  it('passes the project rules', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('runs as 65532, has no latest tag and names every stage', () => {
    expect(dockerfile).toMatch(/\nUSER 65532:65532\n(EXPOSE \d+\n)?ENTRYPOINT \["[^"]+"(,"[^"]+")*\]\n$/);
    expect(dockerfile).not.toMatch(/:latest\b/);
    expect(dockerfile).not.toMatch(/^# syntax=/m);
  });

  it('keeps secrets and VCS data out of the context', () => {
    for (const pattern of ['.git', '**/.env', '**/.env.*', '**/*.pem', '**/*.key']) {
      expect(dockerignore.split('\n')).toContain(pattern);
    }
  });
});
