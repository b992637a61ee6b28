import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRUNED_DIRS, Repo, SCAN_PRUNED_DIRS } from '../../generators/app/core/repo.js';
import { scanServices } from '../../generators/app/scan/scan.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

const scanRepo = (dir: string) => Repo.open(dir, [...PRUNED_DIRS, ...SCAN_PRUNED_DIRS]);

function write(dir: string, file: string, text: string) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

const GO_MAIN = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';

describe('scanServices', () => {
  it('finds each service of a mixed repository with its stack, folder and build context', () => {
    const { services, skipped } = scanServices(scanRepo(fixturePath('mono-mixed')));
    expect(services.map((s) => [s.dir, s.context, s.stack.id, s.hasDockerfile])).toEqual([
      ['legacy', 'legacy', 'python', true],
      ['services/greeter', 'services/greeter', 'go', false],
      ['services/quotes', 'services/quotes', 'python', false],
      ['web', 'web', 'node', false],
    ]);
    expect(skipped).toEqual([]);
    expect(services[1].evidence).toContain('services/greeter/main.go: package main');
  });

  it('gives workspace and multi-module members the build root as context', () => {
    expect(scanServices(scanRepo(fixturePath('mono-go-work'))).services.map((s) => [s.dir, s.context, s.fixedAnswers])).toEqual([
      ['billing', '.', { entrypoint: './billing' }],
      ['shipping', '.', { entrypoint: './shipping' }],
    ]);
    expect(scanServices(scanRepo(fixturePath('mono-maven'))).services.map((s) => [s.dir, s.context, s.fixedAnswers])).toEqual([
      ['inventory', '.', { module: 'inventory' }],
      ['orders', '.', { module: 'orders' }],
    ]);
    expect(scanServices(scanRepo(fixturePath('node-workspaces'))).services.map((s) => [s.dir, s.context])).toEqual([
      ['packages/api', '.'],
      ['packages/web', '.'],
    ]);
  });

  it('lists Gradle multi-project subprojects that run, not libraries', () => {
    const dir = emptyDir('scan-gradle');
    write(dir, 'settings.gradle', "rootProject.name = 'depot'\ninclude 'api', 'worker', 'lib'\n");
    write(dir, 'build.gradle', '');
    write(dir, 'api/build.gradle', "plugins { id 'application' }\napplication { mainClass = 'depot.Api' }\n");
    write(dir, 'worker/build.gradle', "plugins { id 'application' }\napplication { mainClass = 'depot.Worker' }\n");
    write(dir, 'lib/build.gradle', "plugins { id 'java-library' }\n");
    expect(scanServices(scanRepo(dir)).services.map((s) => [s.dir, s.context, s.fixedAnswers])).toEqual([
      ['api', '.', { module: 'api' }],
      ['worker', '.', { module: 'worker' }],
    ]);
  });

  it('never looks inside dependency or build output folders, even when they hold manifests', () => {
    const dir = emptyDir('scan-pruned');
    write(dir, 'svc/go.mod', 'module example.com/svc\n\ngo 1.24\n');
    write(dir, 'svc/main.go', GO_MAIN);
    for (const folder of ['node_modules/x', 'svc/target/classes', 'web/dist', 'svc/build/gen', 'vendor/y', '.venv/lib']) {
      write(dir, `${folder}/package.json`, '{"scripts":{"start":"node a.js"}}');
      write(dir, `${folder}/pom.xml`, '<project/>');
    }
    expect(scanServices(scanRepo(dir)).services.map((s) => s.dir)).toEqual(['svc']);
  });

  it('reports a folder whose manifest is broken and goes on with the others', () => {
    const dir = emptyDir('scan-broken');
    write(dir, 'api/go.mod', 'module example.com/api\n\ngo 1.24\n');
    write(dir, 'api/main.go', GO_MAIN);
    write(dir, 'web/package.json', '{ "name": "web", ');
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.map((s) => s.dir)).toEqual(['api']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].dir).toBe('web');
    expect(skipped[0].reason).toMatch(/^node: web\/package\.json: /);
  });

  it('skips a library with the reason its stack gives for having nothing to choose from', () => {
    const dir = emptyDir('scan-library');
    write(dir, 'api/go.mod', 'module example.com/api\n\ngo 1.24\n');
    write(dir, 'api/main.go', GO_MAIN);
    write(dir, 'lib/go.mod', 'module example.com/lib\n\ngo 1.24\n');
    write(dir, 'lib/lib.go', 'package lib\n\nfunc Answer() int { return 42 }\n');
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.map((s) => s.dir)).toEqual(['api']);
    expect(skipped).toEqual([{ dir: 'lib', reason: 'go: *.go: no package main found, nothing to run' }]);
  });

  it('groups a React front end and a Java back end under one folder as one three-tier service', () => {
    const dir = emptyDir('scan-three-tier');
    cpSync(fixturePath('three-tier-maven'), path.join(dir, 'shop'), { recursive: true });
    write(dir, 'tools/clock/go.mod', 'module example.com/clock\n\ngo 1.24\n');
    write(dir, 'tools/clock/main.go', GO_MAIN);
    const { services } = scanServices(scanRepo(dir));
    expect(services.map((s) => [s.dir, s.stack.id])).toEqual([
      ['shop', 'three-tier'],
      ['tools/clock', 'go'],
    ]);
  });

  it('marks a Dockerfile this generator wrote apart from one a person wrote', () => {
    const dir = emptyDir('scan-dockerfiles');
    for (const name of ['ours', 'theirs']) {
      write(dir, `${name}/go.mod`, `module example.com/${name}\n\ngo 1.24\n`);
      write(dir, `${name}/main.go`, GO_MAIN);
    }
    write(dir, 'ours/Dockerfile', '# Generated by generator-multistage for a Go project.\nFROM scratch\n');
    write(dir, 'theirs/Dockerfile', 'FROM golang:1.24\n');
    expect(scanServices(scanRepo(dir)).services.map((s) => [s.dir, s.hasDockerfile, s.generatedBefore])).toEqual([
      ['ours', true, true],
      ['theirs', true, false],
    ]);
  });
});

describe('scanServices with a workspace at the root', () => {
  const withGreeter = (fixture: string) => {
    const dir = emptyDir(`scan-root-${fixture}`);
    cpSync(fixturePath(fixture), dir, { recursive: true });
    cpSync(fixturePath('mono-mixed/services/greeter'), path.join(dir, 'extra/greeter'), { recursive: true });
    return scanServices(scanRepo(dir)).services.map((s) => [s.dir, s.context]);
  };

  it('still finds the services outside the workspace, and none inside its libraries', () => {
    expect(withGreeter('node-workspaces')).toEqual([['extra/greeter', 'extra/greeter'], ['packages/api', '.'], ['packages/web', '.']]);
    expect(withGreeter('mono-go-work')).toEqual([['billing', '.'], ['extra/greeter', 'extra/greeter'], ['shipping', '.']]);
    expect(withGreeter('mono-maven')).toEqual([['extra/greeter', 'extra/greeter'], ['inventory', '.'], ['orders', '.']]);
    expect(withGreeter('go-cmd-layout')).toEqual([['cmd/api', '.'], ['cmd/worker', '.'], ['extra/greeter', 'extra/greeter']]);
  });
});

describe('scanServices: what is not a service', () => {
  it('a tooling-only root package.json and a Go library are listed as skipped, with the reason', () => {
    const dir = emptyDir('scan-tooling');
    cpSync(fixturePath('mono-mixed'), dir, { recursive: true });
    write(dir, 'package.json', '{ "name": "acme", "private": true, "devDependencies": { "prettier": "^3.0.0" } }');
    write(dir, 'libs/money/go.mod', 'module example.com/money\n\ngo 1.24\n');
    write(dir, 'libs/money/money.go', 'package money\n\nfunc Cents() int { return 1 }\n');
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.map((s) => s.dir)).toEqual(['legacy', 'services/greeter', 'services/quotes', 'web']);
    expect(skipped.map((s) => s.dir)).toEqual(['.', 'libs/money']);
    expect(skipped[0].reason).toMatch(/taken for tooling.*Fix: generate it with --path \./);
    expect(skipped[1].reason).toMatch(/no package main/);
  });

  it('a workspace root that starts an app is a service too, built from the root', () => {
    const dir = emptyDir('scan-root-app');
    cpSync(fixturePath('node-workspaces'), dir, { recursive: true });
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    write(dir, 'package.json', JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, start: 'node server.js' } }));
    write(dir, 'server.js', "require('node:http').createServer((q, s) => s.end('root')).listen(5000);\n");
    expect(scanServices(scanRepo(dir)).services.map((s) => [s.dir, s.context, s.fixedAnswers])).toEqual([
      ['.', '.', { workspace: '.' }],
      ['packages/api', '.', { workspace: 'packages/api' }],
      ['packages/web', '.', { workspace: 'packages/web' }],
    ]);
  });
});

describe('scanServices: folder names', () => {
  it('skips a service folder with a space in its name, saying how to fix it', () => {
    const dir = emptyDir('scan-space');
    write(dir, 'bill ing/go.mod', 'module example.com/billing\n\ngo 1.24\n');
    write(dir, 'bill ing/main.go', GO_MAIN);
    write(dir, 'ok/go.mod', 'module example.com/ok\n\ngo 1.24\n');
    write(dir, 'ok/main.go', GO_MAIN);
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.map((s) => s.dir)).toEqual(['ok']);
    expect(skipped).toEqual([{ dir: 'bill ing', reason: expect.stringMatching(/space.*Fix: rename the folder/) }]);
  });
});

describe('scanServices: more that is not a service', () => {
  it('a workspace with a member folder that has a space is skipped as a whole; services beside it stay', () => {
    const dir = emptyDir('scan-ws-space');
    cpSync(fixturePath('node-workspaces'), path.join(dir, 'notes'), { recursive: true });
    cpSync(path.join(dir, 'notes/packages/web'), path.join(dir, 'notes/packages/my web'), { recursive: true });
    write(dir, 'svc/go.mod', 'module example.com/svc\n\ngo 1.24\n');
    write(dir, 'svc/main.go', GO_MAIN);
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.map((s) => s.dir)).toEqual(['svc']);
    expect(skipped).toEqual([{ dir: 'notes', reason: expect.stringMatching(/^notes\/packages\/my web: .*space.*Fix: rename/) }]);
  });

  it('a Node package with no start script, SPA build or server is a library', () => {
    const dir = emptyDir('scan-node-lib');
    write(dir, 'libs/jslib/package.json', '{ "name": "jslib", "version": "1.0.0", "main": "index.js" }');
    write(dir, 'libs/jslib/package-lock.json', '{ "name": "jslib", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "jslib" } } }');
    write(dir, 'libs/jslib/index.js', 'module.exports = 1;\n');
    write(dir, 'svc/go.mod', 'module example.com/svc\n\ngo 1.24\n');
    write(dir, 'svc/main.go', GO_MAIN);
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.map((s) => s.dir)).toEqual(['svc']);
    expect(skipped).toEqual([{ dir: 'libs/jslib', reason: expect.stringMatching(/a library .*Fix: add a start script/) }]);
  });
});
