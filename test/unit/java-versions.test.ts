import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectJava } from '../../generators/app/stacks/java/detect.js';
import { planJava } from '../../generators/app/stacks/java/plan.js';
import { gradleJdk } from '../../generators/app/stacks/java/tools.js';
import { atLeast, below, coerceVersion, majorMinor } from '../../generators/app/stacks/java/version.js';
import { detectThreeTier } from '../../generators/app/stacks/three-tier/detect.js';
import { planThreeTier } from '../../generators/app/stacks/three-tier/plan.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (dir: string) => detectJava(Repo.open(dir))!;
const plan = (dir: string, answers: Answers = {}) => {
  const repo = Repo.open(dir);
  return planJava(detectJava(repo)!, answers, repo);
};

/** A one-pom project in a temp folder: `extra` goes inside <project>. */
function pomProject(extra: string, label = 'java-pom'): string {
  const dir = emptyDir(label);
  writeFileSync(path.join(dir, 'pom.xml'), `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version>${extra}</project>`);
  return dir;
}

const bootParent = (version: string) => `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>${version}</version></parent>`;
const bootPlugin = '<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>';

describe('versions as build files write them', () => {
  it.each([
    ['3.6', '3.6.0'],
    ['3.6.3', '3.6.3'],
    ['2.2.5.RELEASE', '2.2.5'],
    ['3.0.0-M1', '3.0.0'],
    ['11', '11.0.0'],
    ['1.8', '1.8.0'],
  ])('%s reads as %s', (raw, expected) => {
    expect(coerceVersion(raw)?.version).toBe(expected);
  });

  it('an unreadable version is unknown, never an exception', () => {
    expect(coerceVersion('${revision}')).toBeNull();
    expect(coerceVersion('LATEST')).toBeNull();
    expect(atLeast('${x}', '3.6')).toBe(true);
    expect(below('${x}', '2.1')).toBe(false);
    expect(atLeast('3.9', '3.6')).toBe(true);
    expect(atLeast('3.3.9', '3.6.3')).toBe(false);
    expect(below('2.0.9.RELEASE', '2.1')).toBe(true);
    expect(majorMinor('3.6.3')).toBe('3.6');
  });

  it('a wrapper or enforcer asking for "3.6" plans without throwing', () => {
    const dir = pomProject('<build><plugins><plugin><artifactId>maven-enforcer-plugin</artifactId><configuration><rules><requireMavenVersion><version>3.6</version></requireMavenVersion></rules></configuration></plugin><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.Main</mainClass></manifest></archive></configuration></plugin></plugins></build>');
    expect(plan(dir).builderImage).toBe('maven:3.9-eclipse-temurin-21');
  });
});

describe('the Java release', () => {
  it('from the compiler plugin configured only in pluginManagement, <target> alone', () => {
    const dir = pomProject('<build><pluginManagement><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><target>11</target></configuration></plugin></plugins></pluginManagement></build>');
    expect(detect(dir)).toMatchObject({ languageVersion: '11' });
    expect(detect(dir).evidence).toContain('pom.xml: maven-compiler-plugin <target> 11');
  });

  it('from a property that names another property, twice removed', () => {
    const dir = pomProject('<properties><jdk>17</jdk><java.version>${jdk}</java.version><maven.compiler.release>${java.version}</maven.compiler.release></properties>');
    expect(detect(dir).evidence).toContain('pom.xml: maven.compiler.release 17 (${java.version})');
  });

  it("from the Spring Boot parent's default when the pom sets none: 17 from Boot 3, 1.8 before", () => {
    expect(detect(pomProject(bootParent('3.2.1') + bootPlugin))).toMatchObject({ languageVersion: '17' });
    const boot2 = detect(pomProject(bootParent('2.2.5.RELEASE') + bootPlugin));
    expect(boot2).toMatchObject({ languageVersion: '8' });
    expect(boot2.evidence).toContain('pom.xml: no Java release set; spring-boot-starter-parent 2.2.5.RELEASE defaults java.version to 1.8');
  });

  it('from the Gradle twin when the pom inherits it from a parent outside the repository', () => {
    const detection = detect(fixturePath('java-external-parent'));
    expect(detection).toMatchObject({ languageVersion: '21', packageManager: 'maven' });
    expect(detection.evidence).toContain("build.gradle: sourceCompatibility 21: the maven build states no Java release; the Gradle build's 21 is used");
  });

  it('Gradle: JavaVersion.VERSION_11 and a quoted sourceCompatibility', () => {
    const dir = emptyDir('java-gradle-version');
    writeFileSync(path.join(dir, 'build.gradle'), "plugins { id 'application' }\njava {\n  sourceCompatibility = JavaVersion.VERSION_11\n}\napplication { mainClass = 'a.Main' }\n");
    expect(detect(dir)).toMatchObject({ languageVersion: '11' });
    expect(detect(fixturePath('java-gradle-11'))).toMatchObject({ languageVersion: '11' });
  });
});

describe('Java 8 and 11: one rule for every stack', () => {
  it('Java 11 with Spring Boot 2.6 runs on distroless java17, built by a JDK 17 that Gradle 7.4 runs on', () => {
    const result = plan(fixturePath('java-gradle-11'));
    expect(result).toMatchObject({ builderImage: 'eclipse-temurin:17-jdk', runtimeImage: 'gcr.io/distroless/java17-debian13:nonroot' });
    expect(detect(fixturePath('java-gradle-11')).evidence.join('\n')).toContain('Java 11 has no distroless image; its bytecode runs on Java 17 and nothing pins an older JVM');
    // Gradle 7.4 compiles a sourceCompatibility, not a toolchain: no provisioning note.
    expect(result.notes.join('\n')).not.toContain('toolchain');
  });

  it('Spring Boot before 2.1 pins an old JVM: the Temurin JRE of the release, and the evidence says why', () => {
    const dir = pomProject(`${bootParent('2.0.9.RELEASE')}<properties><java.version>1.8</java.version></properties>${bootPlugin}`);
    expect(plan(dir)).toMatchObject({ builderImage: 'maven:3.9-eclipse-temurin-8', runtimeImage: 'eclipse-temurin:8-jre' });
    expect(detect(dir).evidence.join('\n')).toContain('Java 8 is pinned: Spring Boot 2.0.9.RELEASE (Spring Framework 5.0 or older)');
  });

  it('an enforcer requireJavaVersion range that ends below 17 pins the release', () => {
    const dir = pomProject('<properties><maven.compiler.release>11</maven.compiler.release></properties><build><plugins><plugin><artifactId>maven-enforcer-plugin</artifactId><configuration><rules><requireJavaVersion><version>[11,12)</version></requireJavaVersion></rules></configuration></plugin><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.Main</mainClass></manifest></archive></configuration></plugin></plugins></build>');
    expect(plan(dir).runtimeImage).toBe('eclipse-temurin:11-jre');
    expect(plan(dir).notes[0]).toContain('the build allows Java 11 at most');
  });

  it('the three-tier stack follows the same rule instead of refusing Java 11', () => {
    const repo = Repo.open(fixturePath('three-tier-java11'));
    const detection = detectThreeTier(repo)!;
    expect(planThreeTier(detection, {}, repo).runtimeImage).toBe('gcr.io/distroless/java17-debian13:nonroot');
    expect(planThreeTier(detection, { runtime: 'temurin' }, repo).runtimeImage).toBe('eclipse-temurin:11-jre');
  });
});

describe('build tools', () => {
  it('a Maven wrapper too old for Spring Boot 3 gives way to the maven image, and says why', () => {
    const result = plan(fixturePath('java-old-wrapper'));
    expect(result.builderImage).toBe('maven:3.9-eclipse-temurin-17');
    expect(result.context.buildCommand).toBe('mvn -B package -DskipTests');
    expect(result.notes.join('\n')).toContain('the wrapper pins Maven 3.3.9, older than the 3.6.3 spring-boot-maven-plugin 3.4.0 needs');
  });

  it('a current wrapper is used as it is', () => {
    const dir = copyFixture('java-old-wrapper');
    writeFileSync(path.join(dir, '.mvn/wrapper/maven-wrapper.properties'), 'distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip\ndistributionType=only-script\n');
    expect(plan(dir).context.buildCommand).toBe('./mvnw -B package -DskipTests');
    expect(detect(dir).evidence).toContain('.mvn/wrapper/maven-wrapper.properties: Maven 3.9.9 (only-script: mvnw downloads it itself, no maven-wrapper.jar)');
  });

  it.each([
    ['7.4', 17, 17],
    ['7.4', 21, 17],
    ['8.5', 21, 21],
    ['6.8', 17, 11],
    ['9.1.0', 25, 25],
  ])('Gradle %s asked to run on JDK %i runs on %i', (version, wanted, jdk) => {
    expect(gradleJdk(version, wanted).jdk).toBe(jdk);
  });
});

describe('what runs', () => {
  it('a parent outside the repository and a mainClass property: java -cp with the dependencies copied', () => {
    const result = plan(fixturePath('java-external-parent'));
    expect(result.context.entrypoint).toEqual(['/usr/bin/java', '-cp', '/app/app.jar:/app/lib/*', 'com.example.quotes.Main']);
    expect(detect(fixturePath('java-external-parent')).evidence.join('\n')).toContain('the parent com.google:google:1 is not in the repository');
  });

  it('several runnable modules are named in the message', () => {
    const dir = pomProject('<packaging>pom</packaging><modules><module>a</module><module>b</module></modules>');
    for (const name of ['a', 'b']) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'pom.xml'), `<project><artifactId>${name}</artifactId><properties><exec.mainClass>x.${name}.Main</exec.mainClass></properties></project>`);
    }
    expect(() => plan(dir)).toThrow('Several runnable maven modules: a (classpath), b (classpath), none of them the only one with a framework. Fix: pass --module <folder>.');
  });

  it('nothing runnable names the pom and the ways to say what runs', () => {
    expect(() => plan(pomProject(''))).toThrow(/^pom\.xml: no runnable artifact/);
  });

  it('Dropwizard: server <config> in CMD, the config and the keystore it names in /app, the port from the config', () => {
    const result = plan(fixturePath('java-dropwizard'));
    expect(result.context).toMatchObject({ cmd: ['server', 'greeter.yml'], entrypoint: ['/usr/bin/java', '-jar', '/app/app.jar'] });
    expect(result.port).toBe(8095);
    expect(result.context.collect).toContain('mkdir -p /out/files && cp greeter.yml dev.keystore /out/files/');
  });
});

describe('a production profile', () => {
  it('is built with -P<id>, and a frontend-maven-plugin build says it downloads Node', () => {
    const dir = pomProject(`${bootParent('3.4.0')}<properties><node.version>v22.1.0</node.version></properties>${bootPlugin.replace('</build>', '')}</build><profiles><profile><id>dev</id></profile><profile><id>prod</id><build><plugins><plugin><groupId>com.github.eirslett</groupId><artifactId>frontend-maven-plugin</artifactId></plugin></plugins></build></profile></profiles>`);
    const result = plan(dir);
    expect(result.context.buildCommand).toBe('mvn -B package -DskipTests -Pprod');
    expect(detect(dir).evidence).toContain('pom.xml: frontend-maven-plugin: the Maven build downloads Node v22.1.0 and runs the npm build itself (the builder needs network access; no Node stage is needed)');
    expect(result.notes.join('\n')).toContain('Built with -Pprod');
  });
});

describe('a SNAPSHOT the build does not make', () => {
  it('is a warning in the evidence and the notes; a reactor sibling is not', () => {
    const dir = pomProject('<dependencyManagement><dependencies><dependency><groupId>org.example</groupId><artifactId>platform-bom</artifactId><version>${v}</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement><properties><v>2.0.1-SNAPSHOT</v><exec.mainClass>a.Main</exec.mainClass></properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>1-SNAPSHOT</version></dependency></dependencies>');
    const warnings = detect(dir).evidence.filter((line) => line.includes('SNAPSHOT'));
    expect(warnings).toEqual([expect.stringMatching(/^pom\.xml: org\.example:platform-bom:2\.0\.1-SNAPSHOT is a SNAPSHOT this build does not make/)]);
    expect(plan(dir).notes.join('\n')).toContain('Warning: pom.xml: org.example:platform-bom:2.0.1-SNAPSHOT');
  });
});

describe('Spring Boot before 2.4', () => {
  it('has no layers to extract: the jar is unpacked, dependencies first, and started with the old launcher', () => {
    const repo = Repo.open(fixturePath('three-tier-java11'));
    const result = planThreeTier(detectThreeTier(repo)!, {}, repo);
    expect(result.context.collect).toContain('mkdir -p /out/exploded && (cd /out/exploded && jar -xf /out/app.jar)');
    expect((result.context.runtimeCopies as Array<{ from: string }>)[0].from).toBe('/out/exploded/BOOT-INF/lib/');
    expect(result.context.entrypoint).toEqual(['/usr/bin/java', 'org.springframework.boot.loader.JarLauncher']);
    expect(result.notes.join('\n')).toContain('Spring Boot 2.3.12.RELEASE: before 2.4 the jar has no layers to extract');
  });
});
