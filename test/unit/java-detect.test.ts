import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectJava } from '../../generators/app/stacks/java/detect.js';
import { parseGradle, parseSettings } from '../../generators/app/stacks/java/gradle.js';
import { parsePom } from '../../generators/app/stacks/java/maven.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (fixture: string) => detectJava(Repo.open(fixturePath(fixture)));

describe('detectJava', () => {
  it.each([
    ['java-maven-plain', { languageVersion: '21', packageManager: 'maven', framework: null, entrypoint: '.', port: 8085, buildTool: 'maven' }],
    ['java-11', { languageVersion: '11', port: 7070 }],
    ['java-spring-boot-maven', { languageVersion: '21', packageManager: 'maven (wrapper)', framework: 'spring-boot', port: 8081 }],
    ['java-gradle-kotlin', { languageVersion: '21', packageManager: 'gradle', framework: 'micronaut', port: 8082, buildTool: 'gradle' }],
    ['java-gradle-boot', { languageVersion: '17', packageManager: 'gradle (wrapper)', framework: 'spring-boot', port: 9090 }],
    ['java-quarkus', { languageVersion: '17', framework: 'quarkus', port: 8090 }],
    ['java-multi-module', { languageVersion: '17', framework: 'spring-boot', entrypoint: 'app', port: 8088 }],
  ])('%s', (fixture, expected) => {
    expect(detect(fixture)).toMatchObject(expected);
  });

  it('finds Java 21 set only in the compiler plugin', () => {
    expect(detect('java-maven-plain')?.evidence).toContain('pom.xml: maven-compiler-plugin <release> 21');
  });

  it('tells the Spring Boot version and artifact of each fixture', () => {
    const boot = detect('java-spring-boot-maven')!.tools.maven!.modules[0];
    expect(boot).toMatchObject({ kind: 'boot-jar', bootVersion: '3.4.1' });
    const gradle = detect('java-gradle-boot')!.tools.gradle!.modules[0];
    expect(gradle).toMatchObject({ kind: 'boot-jar', bootVersion: '3.2.5' });
    expect(detect('java-gradle-boot')!.evidence.join('\n')).toContain('-plain.jar');
    expect(detect('java-gradle-kotlin')!.tools.gradle!.modules[0]).toMatchObject({ kind: 'jar', jarPattern: '*-all.jar' });
    expect(detect('java-quarkus')!.tools.maven!.modules[0]).toMatchObject({ kind: 'quarkus-app' });
  });

  it('ships the only runnable module of a multi-module build (a pluginManagement entry applies nothing)', () => {
    const info = detect('java-multi-module')!.tools.maven!;
    expect(info.multiModule).toBe(true);
    expect(info.modules.map((m) => m.dir)).toEqual(['app']);
    expect(info.modules[0].bootVersion).toBe('2.7.18');
    expect(info.buildFiles).toEqual(['pom.xml', 'core/pom.xml', 'app/pom.xml']);
  });

  it('reads the Maven and Gradle versions a project asks for', () => {
    expect(detect('java-spring-boot-maven')!.tools.maven!.version).toBe('3.9.9');
    expect(detect('java-gradle-boot')!.tools.gradle!.version).toBe('8.7');
  });

  it('ignores a wrapper that is not executable', () => {
    const dir = copyFixture('java-spring-boot-maven');
    chmodSync(path.join(dir, 'mvnw'), 0o644);
    const detection = detectJava(Repo.open(dir))!;
    expect(detection.tools.maven!.wrapper).toBe(false);
    expect(detection.evidence.join('\n')).toContain('mvnw: present but not executable');
  });

  it('picks a build tool with evidence when both Maven and Gradle exist', () => {
    const dir = copyFixture('java-gradle-boot');
    cpSync(path.join(fixturePath('java-maven-plain'), 'pom.xml'), path.join(dir, 'pom.xml'));
    const detection = detectJava(Repo.open(dir))!;
    // Only Gradle has a wrapper: that is what the authors run.
    expect(detection.buildTool).toBe('gradle');
    expect(Object.keys(detection.tools)).toEqual(['maven', 'gradle']);
    expect(detection.evidence.join('\n')).toContain('Maven and Gradle builds both present; using gradle');
  });

  it('says a malformed pom.xml is malformed, naming the file and line', () => {
    const dir = emptyDir('java-bad');
    writeFileSync(path.join(dir, 'pom.xml'), '<project>\n  <artifactId>x</artifactId>\n  <version>1</versio>\n</project>\n');
    expect(() => detectJava(Repo.open(dir))).toThrow(/^pom\.xml: not well-formed XML \(line 3: .*\)\. Fix:/);
  });

  it('names a malformed module pom', () => {
    const dir = copyFixture('java-multi-module');
    writeFileSync(path.join(dir, 'core', 'pom.xml'), '<project><artifactId>core</project>');
    expect(() => detectJava(Repo.open(dir))).toThrow(/^core\/pom\.xml: not well-formed XML/);
  });

  it('returns null where there is no Java build', () => {
    expect(detectJava(Repo.open(emptyDir()))).toBeNull();
  });

  it('reads the port from a placeholder default and from nested YAML', () => {
    const dir = emptyDir('java-yaml');
    mkdirSync(path.join(dir, 'src/main/resources'), { recursive: true });
    writeFileSync(path.join(dir, 'settings.gradle'), "rootProject.name = 'q'\n");
    writeFileSync(path.join(dir, 'build.gradle'), "plugins {\n  id 'io.quarkus'\n}\njava { toolchain { languageVersion = JavaLanguageVersion.of(25) } }\n");
    writeFileSync(path.join(dir, 'src/main/resources/application.yaml'), 'quarkus:\n  http:\n    port: ${HTTP_PORT:8181}\n');
    expect(detectJava(Repo.open(dir))).toMatchObject({ framework: 'quarkus', port: 8181, languageVersion: '25' });
  });
});

describe('parsePom', () => {
  it('keeps pluginManagement apart from applied plugins', () => {
    const pom = parsePom(
      '<project><artifactId>a</artifactId><build><pluginManagement><plugins><plugin><artifactId>maven-jar-plugin</artifactId></plugin></plugins></pluginManagement></build></project>',
    );
    expect(pom.plugins).toEqual([expect.objectContaining({ artifactId: 'maven-jar-plugin', groupId: 'org.apache.maven.plugins', managed: true })]);
  });

  it('refuses a file without <project>', () => {
    expect(() => parsePom('<settings/>', 'x/pom.xml')).toThrow(/^x\/pom\.xml: no <project> element/);
  });
});

describe('parseGradle', () => {
  it('reads Kotlin and Groovy DSL plugins, toolchains and source compatibility', () => {
    expect(parseGradle('plugins {\n  id("org.springframework.boot") version "3.3.0"\n  application\n}\nkotlin { jvmToolchain(21) }\n', 'build.gradle.kts'))
      .toMatchObject({ plugins: ['org.springframework.boot', 'application'], pluginVersions: { 'org.springframework.boot': '3.3.0' }, toolchain: 21 });
    expect(parseGradle("sourceCompatibility = JavaVersion.VERSION_1_8\napply plugin: 'war'\n", 'build.gradle'))
      .toMatchObject({ plugins: ['war'], sourceCompatibility: 8 });
    expect(parseGradle('tasks.jar {\n  enabled = false\n}\n', 'build.gradle.kts').plainJarDisabled).toBe(true);
  });

  it('reads included projects from settings', () => {
    expect(parseSettings("include 'api', ':lib:core'\ninclude(\"worker\")\n")).toEqual(['api', 'lib/core', 'worker']);
  });
});
