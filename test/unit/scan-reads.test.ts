import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultAnswers } from '../../generators/app/core/answers.js';
import { PRUNED_DIRS, Repo, SCAN_PRUNED_DIRS } from '../../generators/app/core/repo.js';
import { scanServices, type Service } from '../../generators/app/scan/scan.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

const scanRepo = (dir: string) => Repo.open(dir, [...PRUNED_DIRS, ...SCAN_PRUNED_DIRS]);

function write(dir: string, file: string, text: string) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

function copy(fixture: string): string {
  const dir = emptyDir(`reads-${fixture}`);
  cpSync(fixturePath(fixture), dir, { recursive: true });
  return dir;
}

/** What the plan of one scanned service (by folder) says its build reads. */
function readsOf(dir: string, serviceDir: string): string[] {
  const repo = scanRepo(dir);
  const service = scanServices(repo).services.find((found) => found.dir === serviceDir)!;
  const { answers } = defaultAnswers(service.stack, service.detection, service.fixedAnswers);
  return [...service.stack.plan(service.detection, { ...answers, ...service.fixedAnswers }, repo.sub(service.context)).buildReads].sort();
}

describe('what a service built from a shared context reads (Plan.buildReads)', () => {
  it('a Maven module: every pom, its own folder and the reactor modules it depends on, not the other services', () => {
    expect(readsOf(fixturePath('mono-maven'), 'orders')).toEqual(['common', 'common/pom.xml', 'inventory/pom.xml', 'orders', 'orders/pom.xml', 'pom.xml']);
  });

  it("a Maven module also reads the root's build configuration, not the deployment or licence files beside it", () => {
    const dir = copy('mono-maven');
    for (const file of ['checkstyle.xml', 'lombok.config', 'skaffold.yaml', 'LICENSE', 'Makefile']) write(dir, file, '\n');
    const reads = readsOf(dir, 'orders');
    expect(reads).toEqual(expect.arrayContaining(['checkstyle.xml', 'lombok.config']));
    expect(reads).not.toEqual(expect.arrayContaining(['skaffold.yaml']));
    expect(reads.filter((read) => ['LICENSE', 'Makefile', 'inventory'].includes(read))).toEqual([]);
  });

  it('a Gradle project: the settings and every build script, its folder and the projects it names with project(...)', () => {
    const dir = emptyDir('reads-gradle');
    write(dir, 'settings.gradle', "include 'api', 'worker', 'lib'\n");
    write(dir, 'build.gradle', '');
    write(dir, 'api/build.gradle', "plugins { id 'application' }\napplication { mainClass = 'depot.Api' }\ndependencies { implementation project(':lib') }\n");
    write(dir, 'worker/build.gradle', "plugins { id 'application' }\napplication { mainClass = 'depot.Worker' }\n");
    write(dir, 'lib/build.gradle', "plugins { id 'java-library' }\n");
    expect(readsOf(dir, 'api')).toEqual(['api', 'api/build.gradle', 'build.gradle', 'lib', 'lib/build.gradle', 'settings.gradle', 'worker/build.gradle']);
    expect(readsOf(dir, 'worker')).toEqual(['api/build.gradle', 'build.gradle', 'lib/build.gradle', 'settings.gradle', 'worker', 'worker/build.gradle']);
  });

  it('a Gradle project reference that names no known folder: every project folder, to be safe', () => {
    const dir = emptyDir('reads-gradle-custom');
    write(dir, 'settings.gradle', "include 'api', 'worker'\n");
    write(dir, 'api/build.gradle', "plugins { id 'application' }\napplication { mainClass = 'depot.Api' }\ndependencies { implementation project(':elsewhere') }\n");
    write(dir, 'worker/build.gradle', "plugins { id 'application' }\napplication { mainClass = 'depot.Worker' }\n");
    expect(readsOf(dir, 'api')).toEqual(expect.arrayContaining(['api', 'worker']));
  });

  it('an npm workspace member: the root manifests, every member manifest, its folder and the members it uses', () => {
    const reads = readsOf(fixturePath('node-workspaces'), 'packages/api');
    expect(reads).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'packages/api', 'packages/shared', 'packages/web/package.json']));
    expect(reads).not.toContain('packages/web');
  });

  it("an npm workspace member also reads the root's JS/TS configuration (a tsconfig the members extend), not its YAML", () => {
    const dir = copy('node-workspaces');
    for (const file of ['tsconfig.base.json', '.browserslistrc', 'skaffold.yaml', 'LICENSE']) write(dir, file, '\n');
    const reads = readsOf(dir, 'packages/api');
    expect(reads).toEqual(expect.arrayContaining(['tsconfig.base.json', '.browserslistrc']));
    expect(reads.filter((read) => ['skaffold.yaml', 'LICENSE'].includes(read))).toEqual([]);
  });

  it('a go.work main package: go.work and every module it uses, whole', () => {
    expect(readsOf(fixturePath('mono-go-work'), 'billing')).toEqual(['billing', 'go.work', 'shared', 'shipping']);
  });

  it('a project in its own folder reads all of it', () => {
    expect(readsOf(fixturePath('mono-mixed'), 'services/greeter')).toEqual(['.']);
  });
});

describe("a scanned service's questions are about that service", () => {
  it("a Maven module's Java release comes from its own pom, else the root's, never a sibling's", () => {
    const dir = copy('mono-maven');
    const pom = path.join(dir, 'inventory', 'pom.xml');
    writeFileSync(pom, readFileSync(pom, 'utf8').replace('<packaging>jar</packaging>', '<packaging>jar</packaging>\n  <properties>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>'));
    const release = (service: Service) => service.stack.questions(service.detection, service.fixedAnswers).find((question) => question.name === 'languageVersion')!;
    const byDir = Object.fromEntries(scanServices(scanRepo(dir)).services.map((service) => [service.dir, release(service)]));
    expect([byDir.inventory.default, byDir.inventory.evidence]).toEqual(['17', ['inventory/pom.xml: maven.compiler.release 17']]);
    expect([byDir.orders.default, byDir.orders.evidence]).toEqual(['21', ['pom.xml: maven.compiler.release 21']]);
  });
});
