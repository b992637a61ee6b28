import { Repo } from '../../generators/app/core/repo.js';
import { goStack } from '../../generators/app/stacks/go/index.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { fixturePath } from '../support/fixtures.js';

const repo = (name: string) => Repo.open(fixturePath(name));
const plan = (name: string, answers: Answers = {}) => goStack.plan(goStack.detect(repo(name))!, answers, repo(name));

describe('planGo', () => {
  it('builds a patch-level go line on that exact release and refuses an older one', () => {
    expect(plan('go-patch-line').builderImage).toBe('golang:1.26.3');
    expect(() => plan('go-patch-line', { languageVersion: '1.26' })).toThrow(/--language-version 1\.26 is older than "go 1\.26\.3"/);
    expect(plan('go-patch-line', { languageVersion: '1.26.4' }).builderImage).toBe('golang:1.26.4');
  });

  it('builds an end-of-life go line on a supported Go and says why in the notes', () => {
    const result = plan('go-legacy-vendor');
    expect(result.builderImage).toBe('golang:1.26');
    expect(result.notes.join('\n')).toMatch(/go 1\.13 is a minimum and Go 1\.13 no longer gets security fixes/);
  });

  it('explains a port below 1024 for the non-root user, naming the variable that moves it', () => {
    const note = plan('go-low-port').notes.find((line) => line.startsWith('Port 80'));
    expect(note).toMatch(/Docker 20\.10\+ allows binding it unprivileged/);
    expect(note).toMatch(/net\.ipv4\.ip_unprivileged_port_start/);
    expect(note).toMatch(/set APP_PORT to a port of 1024 or more/);
    expect(plan('go-low-port').port).toBe(80);
    expect(plan('go-low-port', { port: 8080 }).notes.some((line) => line.startsWith('Port '))).toBe(false);
  });

  it('takes cgo from the chosen main package', () => {
    expect(plan('go-gorm-sqlite').runtimeImage).toMatch(/base-debian13/);
    expect(() => plan('go-gorm-sqlite', { runtime: 'scratch' })).toThrow(/uses cgo/);
  });

  it('copies config folders the program opens by relative path into its working folder', () => {
    expect(plan('go-legacy-vendor').context.configFolders).toEqual(['conf']);
    expect(plan('go-flag-port').context.configFolders).toEqual([]);
  });
});

describe('Go questions', () => {
  it('lists the plausible services with their ports, helpers after them, and has no default among several', () => {
    const detection = goStack.detect(repo('go-services'))!;
    const main = goStack.questions(detection, {}).find((question) => question.name === 'entrypoint')!;
    expect(main.default).toBeUndefined();
    expect(main.choices).toEqual([
      { value: './api/services/billing', name: './api/services/billing (port 4000)' },
      { value: './api/services/orders', name: './api/services/orders (port 3000)' },
      { value: './api/tooling/migrate', name: './api/tooling/migrate (no port, helper under tooling/)' },
    ]);
    const port = goStack.questions(detection, { entrypoint: './api/services/orders' }).find((question) => question.name === 'port')!;
    expect(port.default).toBe(3000);
  });

  it('defaults to the service when the other main packages are helpers', () => {
    const detection = goStack.detect(repo('go-flag-port'))!;
    expect(goStack.questions(detection, {}).find((question) => question.name === 'entrypoint')?.default).toBe('.');
  });

  it('makes members only of plausible services', () => {
    expect(goStack.members!(goStack.detect(repo('go-services'))!).map((member) => member.dir)).toEqual(['api/services/billing', 'api/services/orders']);
    expect(goStack.members!(goStack.detect(repo('go-flag-port'))!)).toEqual([]);
  });
});
