import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { cases } from '../cases.js';
import { expectGolden } from '../support/golden.js';
import { runGenerator } from '../support/run-generator.js';

describe.each(cases)('$name', ({ name, fixture, flags }) => {
  let dockerfile: string;
  let dockerignore: string;
  // A single-page app's runtime reads the Caddyfile written next to package.json.
  let caddyfile: string | null;

  beforeAll(async () => {
    const result = await runGenerator({ fixture, flags: { yes: true, ...flags } });
    dockerfile = readFileSync(path.join(result.cwd, 'Dockerfile'), 'utf8');
    dockerignore = readFileSync(path.join(result.cwd, '.dockerignore'), 'utf8');
    const caddyPath = path.join(result.cwd, 'Caddyfile');
    caddyfile = existsSync(caddyPath) ? readFileSync(caddyPath, 'utf8') : null;
  });

  it('matches the golden Dockerfile and .dockerignore (and Caddyfile)', () => {
    expectGolden(name, 'Dockerfile', dockerfile);
    expectGolden(name, '.dockerignore', dockerignore);
    if (caddyfile !== null) expectGolden(name, 'Caddyfile', caddyfile);
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
