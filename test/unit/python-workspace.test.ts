import { Repo } from '../../generators/app/core/repo.js';
import { detectPython } from '../../generators/app/stacks/python/detect.js';
import { pythonStack } from '../../generators/app/stacks/python/index.js';
import { planPython } from '../../generators/app/stacks/python/plan.js';
import { fixturePath } from '../support/fixtures.js';

const repo = Repo.open(fixturePath('python-uv-workspace'));
const detection = detectPython(repo)!;

describe('uv workspace detection', () => {
  it('lists the members and reads services as projects of their own', () => {
    expect(detection.workspace?.members.map((m) => [m.dir, m.name, m.detection?.targets ?? null])).toEqual([
      ['packages/api', 'forecast-api', ['forecast_api.main:app']],
      ['packages/core', 'weather-core', null],
    ]);
  });

  it("does not take a member's framework (in the root lock) for the root's", () => {
    expect(detection).toMatchObject({ packageManager: 'uv', framework: null, entrypoint: null, port: null });
  });

  it('gives the monorepo scan the services only', () => {
    expect(pythonStack.members!(detection).map((m) => [m.dir, m.answers])).toEqual([['packages/api', { workspace: 'packages/api' }]]);
  });

  it('asks for the member (the only service is the default), then follows it', () => {
    const [first] = pythonStack.questions(detection, {});
    expect(first).toMatchObject({ name: 'workspace', default: 'packages/api' });
    const entry = pythonStack.questions(detection, { workspace: 'packages/api' }).find((q) => q.name === 'entrypoint');
    expect(entry?.default).toBe('forecast_api.main:app');
  });
});

describe('planPython for a uv workspace member', () => {
  it('syncs the member from the root lock with every member manifest, and runs from its folder', () => {
    const plan = planPython(detection, { workspace: 'packages/api' }, repo);
    expect(plan.context).toMatchObject({
      uvPackage: 'forecast-api',
      appDir: '/app/packages/api',
      dependencyCopies: [
        { sources: ['pyproject.toml', 'uv.lock'], target: './' },
        { sources: ['packages/api/pyproject.toml'], target: './packages/api/' },
        { sources: ['packages/core/pyproject.toml'], target: './packages/core/' },
      ],
    });
    expect(plan.context.entrypoint).toEqual(['/usr/bin/python3.13', '-m', 'uvicorn', '--host', '0.0.0.0', '--port', '8000', 'forecast_api.main:app']);
  });

  it('keeps the readme a member package build reads', () => {
    const sections = planPython(detection, { workspace: 'packages/api' }, repo).context.ignoreSections as Array<{ patterns: string[] }>;
    expect(sections.flatMap((s) => s.patterns)).not.toContain('**/*.md');
  });

  it('refuses a library and the root without a member', () => {
    expect(() => planPython(detection, { workspace: 'packages/core' }, repo)).toThrow(/packages\/core is a library .* Fix: pass --workspace packages\/api/);
    expect(() => planPython(detection, {}, repo)).toThrow(/a uv workspace root with no app of its own\. Fix: pass --workspace packages\/api/);
  });
});
