import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectJava } from '../../generators/app/stacks/java/detect.js';
import { JLINK_EXTRA_MODULES } from '../../generators/app/stacks/java/jlink.js';
import { javaRuntime, planJava } from '../../generators/app/stacks/java/plan.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { copyFixture, fixturePath, repoRoot } from '../support/fixtures.js';

const plan = (fixture: string, answers: Answers = {}) => {
  const repo = Repo.open(fixturePath(fixture));
  return planJava(detectJava(repo)!, answers, repo);
};

describe('javaRuntime', () => {
  it.each([
    [8, 17, true],
    [11, 17, true],
    [17, 17, true],
    [21, 21, true],
    [22, 25, true],
    [25, 25, true],
  ])('Java %i runs on %i (distroless: %s) when nothing pins an older JVM', (release, jdk, distroless) => {
    expect(javaRuntime(release)).toMatchObject({ jdk, distroless });
  });

  it.each([
    [8, 8],
    [11, 11],
    [14, 17],
  ])('a pinned Java %i runs on eclipse-temurin:%i-jre and says why', (release, jdk) => {
    const runtime = javaRuntime(release, 'Spring Boot 2.0.9 needs its own JVM');
    expect(runtime).toMatchObject({ jdk, distroless: false });
    expect(runtime.why).toContain('because Spring Boot 2.0.9 needs its own JVM');
  });

  it('--runtime temurin keeps the release on the Temurin JRE; a pin does not apply from 17 on', () => {
    expect(javaRuntime(11, null, 'temurin')).toMatchObject({ jdk: 11, distroless: false });
    expect(javaRuntime(21, null, 'temurin')).toMatchObject({ jdk: 21, distroless: false });
    expect(javaRuntime(17, 'pinned')).toMatchObject({ jdk: 17, distroless: true });
    expect(() => javaRuntime(17, null, 'alpine')).toThrow(/--runtime alpine: Java runs on distroless, temurin or jlink/);
  });

  it('--runtime jlink links the JDK distroless would run (17 for older bytecode), whatever pins an older JVM', () => {
    expect(javaRuntime(21, null, 'jlink')).toMatchObject({ jdk: 21, distroless: false, jlink: true });
    expect(javaRuntime(23, null, 'jlink')).toMatchObject({ jdk: 25, jlink: true });
    expect(javaRuntime(11, 'Spring Boot 2.0.9 needs its own JVM', 'jlink')).toMatchObject({ jdk: 17, jlink: true });
    expect(javaRuntime(21, null, 'jlink').why).toContain('gcr.io/distroless/cc-debian13:nonroot, because --runtime jlink');
    expect(javaRuntime(21)).toMatchObject({ jlink: false });
  });

  it('refuses a release newer than any distroless image', () => {
    expect(() => javaRuntime(26)).toThrow(/no distroless Java image that new/);
  });
});

describe('planJava', () => {
  it('--runtime jlink: distroless cc, /opt/jre/bin/java, jdeps over what /out holds, the compression the builder JDK spells', () => {
    const result = plan('java-maven-plain', { runtime: 'jlink' });
    expect(result).toMatchObject({ builderImage: 'maven:3.9-eclipse-temurin-21', runtimeImage: 'gcr.io/distroless/cc-debian13:nonroot' });
    expect(result.context).toMatchObject({ jlink: true, distroless: false, debugImage: 'gcr.io/distroless/cc-debian13:debug-nonroot' });
    expect(result.context.entrypoint).toEqual(['/opt/jre/bin/java', '-jar', '/app/app.jar']);
    expect(result.context.jdepsCommand).toContain("--multi-release 21 $(find /out -name '*.jar')");
    expect(result.context.jlinkCommand).toContain('--compress=zip-6');
    expect(plan('java-11', { runtime: 'jlink' }).context.jlinkCommand).toContain('--compress=2 ');
    expect(plan('java-maven-plain').context).toMatchObject({ jlink: false, jdepsCommand: null, jlinkCommand: null });
  });

  it('every module jlink adds beyond jdeps is explained in docs/java.md', () => {
    const docs = readFileSync(path.join(repoRoot, 'docs', 'java.md'), 'utf8');
    for (const { module } of JLINK_EXTRA_MODULES) expect(docs).toContain(`| \`${module}\` |`);
  });

  it('--runtime jlink on Spring Boot reads the extracted layers (the fat jar nests its jars), or BOOT-INF before 2.4', () => {
    const layered = plan('java-spring-boot-maven', { runtime: 'jlink' }).context.jdepsCommand as string;
    expect(layered).toContain("$(find /out/layers -name '*.jar') /out/layers/application/BOOT-INF/classes");
    expect(layered).not.toContain('/out/app.jar');
    expect(plan('three-tier-java11/backend', { runtime: 'jlink' }).context.jdepsCommand).toContain("$(find /out/exploded/BOOT-INF/lib -name '*.jar') /out/exploded/BOOT-INF/classes");
  });

  it('plain jar: maven builder, distroless runtime, java -jar', () => {
    const result = plan('java-maven-plain');
    expect(result).toMatchObject({ builderImage: 'maven:3.9-eclipse-temurin-21', runtimeImage: 'gcr.io/distroless/java21-debian13:nonroot' });
    expect(result.context.entrypoint).toEqual(['/usr/bin/java', '-jar', '/app/app.jar']);
  });

  it('Java 11 runs on distroless java17 with a JDK 17 builder, and says why', () => {
    const result = plan('java-11');
    expect(result).toMatchObject({ builderImage: 'maven:3.9-eclipse-temurin-17', runtimeImage: 'gcr.io/distroless/java17-debian13:nonroot' });
    expect(result.notes.join('\n')).toContain('Java 11 bytecode runs on Java 17');
    expect(plan('java-11', { runtime: 'temurin' }).runtimeImage).toBe('eclipse-temurin:11-jre');
  });

  it('Spring Boot 3.3+ uses tools mode; 3.2 layertools with the new launcher; 2.7 the old launcher', () => {
    expect(plan('java-spring-boot-maven').context.collect).toContain('java -Djarmode=tools -jar /out/app.jar extract --layers --launcher --destination /out/layers');
    const gradle = plan('java-gradle-boot');
    expect(gradle.context.collect).toContain('java -Djarmode=layertools -jar /out/app.jar extract --destination /out/layers');
    expect(gradle.context.entrypoint).toEqual(['/usr/bin/java', 'org.springframework.boot.loader.launch.JarLauncher']);
    expect(plan('java-multi-module').context.entrypoint).toEqual(['/usr/bin/java', 'org.springframework.boot.loader.JarLauncher']);
  });

  it('builds only the shipped module and what it needs', () => {
    expect(plan('java-multi-module').context.buildCommand).toBe('mvn -B package -DskipTests -pl app -am');
    expect(() => plan('java-multi-module', { module: 'core' })).toThrow(/--module core: not a runnable module here/);
  });

  it('rounds a non-LTS release up and refuses nonsense', () => {
    expect(plan('java-maven-plain', { languageVersion: '23' }).runtimeImage).toBe('gcr.io/distroless/java25-debian13:nonroot');
    expect(() => plan('java-maven-plain', { languageVersion: 'latest' })).toThrow(/--language-version latest/);
  });

  it('refuses war packaging honestly', () => {
    const dir = copyFixture('java-11');
    const pom = path.join(dir, 'pom.xml');
    writeFileSync(pom, '<project><artifactId>w</artifactId><version>1</version><packaging>war</packaging></project>');
    const repo = Repo.open(dir);
    expect(() => planJava(detectJava(repo)!, {}, repo)).toThrow(/war packaging is not supported yet/);
  });

  it('refuses a build tool the project does not have', () => {
    expect(() => plan('java-maven-plain', { buildTool: 'gradle' })).toThrow(/--build-tool gradle/);
  });
});
