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
    const sections = planPython(detection, { workspace: 'packages/api' }, repo).ignoreSections as Array<{ patterns: string[] }>;
    expect(sections.flatMap((s) => s.patterns)).not.toContain('**/*.md');
  });

  it('refuses a library and the root without a member', () => {
    expect(() => planPython(detection, { workspace: 'packages/core' }, repo)).toThrow(/packages\/core is a library .* Fix: pass --workspace packages\/api/);
    expect(() => planPython(detection, {}, repo)).toThrow(/a uv workspace root with no app of its own\. Fix: pass --workspace packages\/api/);
  });
});

describe('a member folder run on its own (the lock is in the workspace root above it)', () => {
  const memberRepo = Repo.open(fixturePath('python-uv-workspace/packages/api'));
  const member = detectPython(memberRepo)!;

  it('finds the workspace above and reads the member as the workspace does', () => {
    expect(member).toMatchObject({ packageManager: 'uv', depsSource: 'lock', entrypoint: 'forecast_api.main:app', enclosingWorkspace: { toRoot: '../..', memberDir: 'packages/api' } });
    expect(member.evidence[0]).toBe('../../pyproject.toml: this folder is forecast-api, a member of the uv workspace there; its lock is ../../uv.lock, so the image builds with ../.. as the context');
  });

  it('plans the root build, says where to build from, and keeps its ignore file beside the Dockerfile', () => {
    const plan = pythonStack.plan(member, {}, memberRepo);
    expect(plan.files.map((file) => file.destination)).toEqual(['Dockerfile', 'Dockerfile.dockerignore']);
    expect(plan.context).toMatchObject({ uvPackage: 'forecast-api', memberDir: 'packages/api' });
    expect(plan.buildContext).toMatchObject({ dir: '../..', dockerfile: 'packages/api/Dockerfile' });
    expect(plan.notes[0]).toBe('Build from ../..: `docker build -f packages/api/Dockerfile .` there; Dockerfile.dockerignore beside this Dockerfile applies to that context.');
  });

  it('a library member, or a folder in no workspace, stays a project of its own', () => {
    expect(detectPython(Repo.open(fixturePath('python-uv-workspace/packages/core')))!.enclosingWorkspace).toBeUndefined();
    expect(detectPython(Repo.open(fixturePath('python-fastapi-poetry')))!.enclosingWorkspace).toBeUndefined();
  });
});
