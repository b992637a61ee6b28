import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { UserError } from '../../generators/app/core/errors.js';
import { detectJava } from '../../generators/app/stacks/java/detect.js';
import { javaStack } from '../../generators/app/stacks/java/index.js';
import { mavenSettingsFlag } from '../../generators/app/stacks/java/credentials.js';
import { emptyDir } from '../support/fixtures.js';

const POM = (extra = '') => `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>app</artifactId><version>1</version>
<properties><maven.compiler.release>21</maven.compiler.release></properties>${extra}
<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>com.example.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`;
const MAIN = 'package com.example;\npublic class Main { public static void main(String[] a) {} }\n';
const SERVERS = (password: string) => `<settings><servers><server><id>acme</id><username>ci</username><password>${password}</password></server></servers></settings>`;

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('java-credentials');
  for (const [file, text] of Object.entries({ 'src/main/java/com/example/Main.java': MAIN, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

describe('Maven repository logins', () => {
  it('mount a settings.xml with <servers> as a secret that mvn reads with -s, and keep it out of the context', () => {
    const repo = project({ 'pom.xml': POM(), '.mvn/settings.xml': SERVERS('hunter2') });
    const detection = detectJava(repo)!;
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'maven-settings', target: null, source: { file: '.mvn/settings.xml' }, required: true, credentialFiles: ['.mvn/settings.xml'] })]);
    expect(detection.evidence.join('\n')).toContain('.mvn/settings.xml: <servers> with logins');
    const plan = javaStack.plan(detection, {}, repo);
    expect(plan.context.buildCommand).toMatch(/^mvn -s \/run\/secrets\/maven-settings -B package/);
    expect(plan.context.secretMounts).toEqual(['type=secret,id=maven-settings,required=true']);
    expect((plan.ignoreSections as Array<{ patterns: string[] }>).flatMap((section) => section.patterns)).toContain('.mvn/settings.xml');
  });

  it('read ${env.X} values of the settings from secrets of those names', () => {
    const detection = detectJava(project({ 'pom.xml': POM(), 'settings.xml': SERVERS('${env.ACME_MAVEN_PASSWORD}') }))!;
    expect(detection.secrets.map((secret) => secret.id)).toEqual(['maven-settings', 'ACME_MAVEN_PASSWORD']);
    const plan = javaStack.plan(detection, {}, project({ 'pom.xml': POM(), 'settings.xml': SERVERS('${env.ACME_MAVEN_PASSWORD}') }));
    expect(plan.context.buildCommand).toMatch(/^ACME_MAVEN_PASSWORD="\$\(cat \/run\/secrets\/ACME_MAVEN_PASSWORD\)" mvn -s \/run\/secrets\/maven-settings /);
  });

  it('refuse a settings file .mvn/maven.config makes every run read', () => {
    expect(() => detectJava(project({ 'pom.xml': POM(), 'ci/settings.xml': SERVERS('hunter2'), '.mvn/maven.config': '-s ci/settings.xml\n' }))).toThrow(UserError);
  });

  it('offer the build host\'s ~/.m2/settings.xml, optionally, for a repository that is not a public one', () => {
    const repositories = '<repositories><repository><id>acme</id><url>https://maven.acme.example/releases</url></repository><repository><id>spring</id><url>https://repo.spring.io/milestone</url></repository></repositories>';
    const detection = detectJava(project({ 'pom.xml': POM(repositories) }))!;
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'maven-settings', source: { file: '$HOME/.m2/settings.xml' }, required: false })]);
    expect(mavenSettingsFlag(detection.secrets)).toBe(' $(test -f /run/secrets/maven-settings && echo -s /run/secrets/maven-settings)');
    expect(detection.evidence.join('\n')).toContain('pom.xml: repositories on maven.acme.example, not a public one');
  });

  it('need nothing for public repositories', () => {
    const repositories = '<repositories><repository><id>spring</id><url>https://repo.spring.io/milestone</url></repository></repositories>';
    expect(detectJava(project({ 'pom.xml': POM(repositories) }))!.secrets).toEqual([]);
  });
});

describe('Gradle repository logins', () => {
  const BUILD = 'plugins { id "application" }\napplication { mainClass = "com.example.Main" }\nrepositories {\n  mavenCentral()\n  maven {\n    name = "acme"\n    url = uri("https://maven.acme.example/releases")\n    credentials(PasswordCredentials)\n  }\n}\n';

  it('come from ORG_GRADLE_PROJECT_ secrets for a credentials(PasswordCredentials) repository', () => {
    const detection = detectJava(project({ 'build.gradle': BUILD, 'settings.gradle': 'rootProject.name = "app"\n' }))!;
    expect(detection.secrets.map((secret) => secret.id)).toEqual(['ORG_GRADLE_PROJECT_acmeUsername', 'ORG_GRADLE_PROJECT_acmePassword']);
  });

  it('are refused when written in gradle.properties, which the build copies', () => {
    expect(() => detectJava(project({ 'build.gradle': BUILD, 'settings.gradle': '', 'gradle.properties': 'org.gradle.jvmargs=-Xmx1g\nacmePassword=hunter2\n' }))).toThrow(
      /^gradle\.properties: acmePassword holds a credential.*Fix: .*ORG_GRADLE_PROJECT_acmePassword/,
    );
  });
});
