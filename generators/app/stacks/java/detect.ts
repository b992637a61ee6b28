import { statSync } from 'node:fs';
import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import type { Detection } from '../types.js';
import { parseGradle, parseSettings, type GradleScript } from './gradle.js';
import { deepFind, expand, parsePom, plugin, type Pom } from './maven.js';
import { dropwizardLaunch } from './dropwizard.js';
import { statedJavaPort, statedJavaRelease } from './existing.js';
import { javaNumber } from './release.js';
import { oldJvmPin } from './runtime.js';
import { gradleJdk, wrapperTooOld } from './tools.js';
import { atLeast, coerceVersion } from './version.js';
import { gradleCredentials, mavenCredentials } from './credentials.js';
import type { BuildSecret } from '../../core/secrets.js';

export type BuildTool = 'maven' | 'gradle';
export const BUILD_TOOLS: BuildTool[] = ['maven', 'gradle'];

/**
 * What the image runs: a Spring Boot jar (extracted into layers), Quarkus's fast-jar folder, a jar
 * started with `java -jar`, a class path (app jar + lib/*) with a main class, or a war (not supported).
 */
export type ArtifactKind = 'boot-jar' | 'quarkus-app' | 'jar' | 'classpath' | 'war' | 'library';

export interface JavaModule {
  /** Folder relative to the root, '' for the root project. */
  dir: string;
  name: string;
  framework: string | null;
  bootVersion: string | null;
  kind: ArtifactKind;
  /** find(1) -name pattern of the jar to ship from target/ or build/libs/. */
  jarPattern: string;
  mainClass: string | null;
  port: number | null;
  /** Arguments after the jar (CMD), e.g. Dropwizard's `server config.yml`. */
  args: string[];
  /** Files from the module folder the app reads at run time, copied into /app beside it. */
  runtimeFiles: string[];
  evidence: string[];
  /** Java release its own build file states, else the root's ("file: why"); null when neither says. */
  release: { value: number; evidence: string } | null;
}

export interface ToolInfo {
  wrapper: boolean;
  /** Maven or Gradle version the project asks for (wrapper properties, enforcer rule). */
  version: string | null;
  /** The version the wrapper downloads (null: no wrapper, or none stated). */
  wrapperVersion: string | null;
  /** A production profile the image is built with (-P<id>), or null. */
  profile: string | null;
  /** The oldest Maven the build accepts (maven-enforcer requireMavenVersion), or null. */
  minVersion: string | null;
  javaRelease: number | null;
  /** A Gradle toolchain's languageVersion: Gradle compiles with that JDK, whatever runs Gradle. */
  javaToolchain: number | null;
  /** The newest Java the build allows (maven-enforcer requireJavaVersion upper bound), or null. */
  javaCeiling: number | null;
  /** Files the dependency step copies before the sources (build scripts, wrapper). */
  buildFiles: string[];
  modules: JavaModule[];
  multiModule: boolean;
  evidence: string[];
}

export interface JavaDetection extends Detection {
  stack: 'java';
  buildTool: BuildTool;
  tools: Partial<Record<BuildTool, ToolInfo>>;
  /** Repository logins the chosen build needs, as build secrets. */
  secrets: BuildSecret[];
}

const CONFIG_FILES = ['application.properties', 'application.yml', 'application.yaml'];
/** Properties that name the main class by convention (exec-maven-plugin, and parents that configure the jar plugin from one). */
/** Maven profile ids that name the production build. */
const PROD_PROFILES = ['prod', 'production'];
/** Properties that name the main class by convention (exec-maven-plugin, and parents that configure the jar plugin from one). */
const MAIN_CLASS_PROPERTIES = ['exec.mainClass', 'mainClass', 'main.class'];
const PORT_KEYS = ['server.port', 'quarkus.http.port', 'micronaut.server.port'];

function executable(repo: Repo, file: string): boolean {
  try {
    return (statSync(repo.abs(file)).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Flattens simple YAML (indentation-nested keys) into dotted keys; enough for server.port. */
function flattenYaml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const stack: Array<{ indent: number; key: string }> = [];
  for (const raw of text.split('\n')) {
    if (/^\s*(#|$|-)/.test(raw)) continue;
    const match = /^(\s*)([\w.-]+)\s*:\s*(.*)$/.exec(raw);
    if (!match) continue;
    const indent = match[1].length;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const key = [...stack.map((s) => s.key), match[2]].join('.');
    const value = match[3].replace(/\s+#.*$/, '').replace(/^["']|["']$/g, '').trim();
    if (value) out[key] = value;
    else stack.push({ indent, key: match[2] });
  }
  return out;
}

function findPort(repo: Repo, dir: string, framework: string | null): { port: number; evidence: string[] } {
  for (const name of CONFIG_FILES) {
    const file = path.posix.join(dir, 'src/main/resources', name);
    const text = repo.readIfExists(file);
    if (!text) continue;
    const values = name.endsWith('.properties')
      ? Object.fromEntries([...text.matchAll(/^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/gm)].map((m) => [m[1], m[2]]))
      : flattenYaml(text);
    for (const key of PORT_KEYS) {
      // ${PORT:8081} style placeholders: the default is what the image gets.
      const value = values[key]?.replace(/^\$\{[\w.]+:(\d+)\}$/, '$1');
      if (value && /^\d+$/.test(value)) return { port: Number(value), evidence: [`${file}: ${key}=${value}`] };
    }
  }
  if (!framework) {
    for (const file of repo.files().filter((f) => f.startsWith(path.posix.join(dir, 'src/main/java/').replace(/^\//, '')) && f.endsWith('.java'))) {
      const match = /(InetSocketAddress\(\s*|new Server\(\s*|\.port\(\s*|getOrDefault\(\s*"PORT"\s*,\s*")(\d{2,5})/.exec(repo.read(file));
      if (match) return { port: Number(match[2]), evidence: [`${file}: listens on port ${match[2]} (${match[1].trim()}${match[2]}…)`] };
    }
  }
  return statedJavaPort(repo) ?? { port: 8080, evidence: [`${dir ? `${dir}/` : ''}src/main/resources: no server.port, quarkus.http.port or micronaut.server.port; assuming 8080 (--port to change)`] };
}

/** --- Maven --- */

/** Where a pom can state the Java release, most specific first. */
const RELEASE_SOURCES: Array<{ where: string; read: (pom: Pom) => unknown }> = [
  { where: 'maven.compiler.release', read: (pom) => pom.properties['maven.compiler.release'] },
  { where: 'maven-compiler-plugin <release>', read: (pom) => compilerConfig(pom).release },
  { where: 'maven.compiler.source', read: (pom) => pom.properties['maven.compiler.source'] },
  { where: 'maven-compiler-plugin <source>', read: (pom) => compilerConfig(pom).source },
  { where: 'maven.compiler.target', read: (pom) => pom.properties['maven.compiler.target'] },
  { where: 'maven-compiler-plugin <target>', read: (pom) => compilerConfig(pom).target },
  { where: 'java.version', read: (pom) => pom.properties['java.version'] },
];

/** The compiler plugin's configuration, applied or only managed (pluginManagement configures it all the same). */
function compilerConfig(pom: Pom): Record<string, unknown> {
  return (plugin(pom, 'maven-compiler-plugin') ?? plugin(pom, 'maven-compiler-plugin', true))?.configuration ?? {};
}

function mavenRelease(poms: Pom[], root: Pom): { release: number | null; evidence: string | null } {
  for (const pom of poms) {
    for (const { where, read } of RELEASE_SOURCES) {
      const raw = read(pom);
      if (typeof raw !== 'string' && typeof raw !== 'number') continue;
      const expanded = expand(String(raw), pom, root);
      const value = javaNumber(expanded);
      if (value) return { release: value, evidence: `${pom.file}: ${where} ${value}${String(raw).includes('${') ? ` (${String(raw).trim()})` : ''}` };
    }
  }
  return { release: null, evidence: null };
}

/**
 * spring-boot-starter-parent sets java.version when the pom does not: 17 from Boot 3 on (its baseline),
 * 1.8 before. Only the parent does this; importing the spring-boot-dependencies BOM sets nothing.
 */
function bootParentRelease(modules: JavaModule[], poms: Pom[]): { release: number; evidence: string } | null {
  const parent = poms.map((pom) => ({ pom, parent: pom.parent })).find(({ parent }) => parent?.groupId === 'org.springframework.boot' && parent.artifactId === 'spring-boot-starter-parent');
  const version = parent?.parent?.version ?? modules.find((m) => m.bootVersion)?.bootVersion ?? null;
  if (!parent || !coerceVersion(version)) return null;
  const release = atLeast(version, '3.0.0') ? 17 : 8;
  return { release, evidence: `${parent.pom.file}: no Java release set; spring-boot-starter-parent ${version} defaults java.version to ${release === 8 ? '1.8' : release}` };
}

function mavenModule(repo: Repo, pom: Pom, root: Pom, dir: string): JavaModule {
  const evidence: string[] = [];
  const name = pom.artifactId ?? (path.posix.basename(dir) || 'app');
  const all = [pom, root];
  // Applied in this pom (a parent's <plugins> apply to children too); versions may come from pluginManagement.
  const bootPlugin = plugin(pom, 'spring-boot-maven-plugin') ?? (root !== pom && root.packaging !== 'pom' ? null : plugin(root, 'spring-boot-maven-plugin'));
  const bootManaged = plugin(pom, 'spring-boot-maven-plugin', true) ?? plugin(root, 'spring-boot-maven-plugin', true);
  const bootParent = [pom, root].map((p) => p.parent).find((p) => p?.groupId === 'org.springframework.boot' && p.artifactId === 'spring-boot-starter-parent');
  const bootBom = all.flatMap((p) => p.dependencies.map((d) => ({ d, p }))).find(({ d }) => d.groupId === 'org.springframework.boot' && d.artifactId === 'spring-boot-dependencies');
  const quarkus = all.some((p) => plugin(p, 'quarkus-maven-plugin') || p.dependencies.some((d) => d.groupId.startsWith('io.quarkus')));
  const micronaut = all.some((p) => p.parent?.groupId === 'io.micronaut.platform' || plugin(p, 'micronaut-maven-plugin'));
  let framework: string | null = null;
  let bootVersion: string | null = null;
  let kind: ArtifactKind;
  let jarPattern = '*.jar';
  // The jar plugin's <mainClass> is often ${mainClass}-style, set from a property (in a parent outside the repo, too).
  let mainClass = expand(deepFind(plugin(pom, 'maven-jar-plugin')?.configuration, 'mainClass'), pom, root);
  const propertyMain = MAIN_CLASS_PROPERTIES.map((key) => ({ key, value: expand(pom.properties[key] ?? root.properties[key] ?? null, pom, root) })).find((p) => p.value);
  let args: string[] = [];
  let runtimeFiles: string[] = [];
  let port: { port: number | null; evidence: string[] } | null = null;
  if (pom.packaging === 'war') {
    kind = 'war';
    evidence.push(`${pom.file}: <packaging>war</packaging>`);
  } else if (pom.packaging === 'pom') {
    kind = 'library';
  } else if (quarkus) {
    framework = 'quarkus';
    kind = 'quarkus-app';
    evidence.push(`${pom.file}: Quarkus (io.quarkus); the build writes target/quarkus-app/, a folder, not one jar`);
  } else if (bootPlugin && (pom.packaging === 'jar')) {
    framework = 'spring-boot';
    kind = 'boot-jar';
    bootVersion = bootParent?.version ?? expand(bootPlugin.version, pom) ?? expand(bootManaged?.version ?? null, root) ?? (bootBom ? expand(bootBom.d.version, bootBom.p) : null);
    evidence.push(`${pom.file}: spring-boot-maven-plugin${bootParent ? ' with spring-boot-starter-parent' : ''}${bootVersion ? ` (Spring Boot ${bootVersion})` : ' (version not found)'}: repackages an executable boot jar`);
  } else {
    if (micronaut) framework = 'micronaut';
    if (all.some((p) => p.dependencies.some((d) => d.groupId === 'io.dropwizard' && d.artifactId === 'dropwizard-core'))) framework = 'dropwizard';
    const shade = plugin(pom, 'maven-shade-plugin');
    const assembly = plugin(pom, 'maven-assembly-plugin');
    if (shade) {
      mainClass = deepFind(shade.configuration, 'mainClass') ?? mainClass ?? propertyMain?.value ?? null;
      kind = 'jar';
      evidence.push(`${pom.file}: maven-shade-plugin makes one jar with the dependencies inside${mainClass ? ` (Main-Class ${mainClass})` : ''}`);
    } else if (assembly && /jar-with-dependencies/.test(JSON.stringify(assembly.configuration))) {
      mainClass = deepFind(assembly.configuration, 'mainClass') ?? mainClass;
      kind = 'jar';
      jarPattern = '*-jar-with-dependencies.jar';
      evidence.push(`${pom.file}: maven-assembly-plugin jar-with-dependencies${mainClass ? ` (Main-Class ${mainClass})` : ''}`);
    } else if (mainClass) {
      const runtimeDeps = pom.dependencies.filter((d) => ['compile', 'runtime'].includes(d.scope));
      kind = runtimeDeps.length ? 'classpath' : 'jar';
      evidence.push(runtimeDeps.length
        ? `${pom.file}: plain jar, Main-Class ${mainClass}, ${runtimeDeps.length} runtime dependencies copied to lib/ (java -cp)`
        : `${pom.file}: plain jar with Main-Class ${mainClass} and no runtime dependencies (java -jar)`);
    } else if (propertyMain) {
      // Nothing here writes a Main-Class into the jar (a parent may, from this property): the image starts the
      // class by name, with the runtime dependencies it copies itself, whatever the parent's manifest says.
      mainClass = propertyMain.value;
      kind = 'classpath';
      const external = pom.parent && (pom === root || pom.parent.artifactId !== root.artifactId) ? ` (the parent ${pom.parent.groupId}:${pom.parent.artifactId}:${pom.parent.version ?? ''} is not in the repository, so its jar settings are unknown)` : '';
      evidence.push(`${pom.file}: property ${propertyMain.key} = ${mainClass}${external}: the runtime dependencies are copied to lib/ and the class started with java -cp`);
    } else {
      kind = 'library';
    }
    if (framework === 'dropwizard' && kind !== 'library') {
      const launch = dropwizardLaunch(repo, dir);
      args = launch.args;
      runtimeFiles = launch.files;
      port = { port: launch.port, evidence: launch.evidence };
    }
  }
  port = port ?? (kind === 'library' ? { port: null, evidence: [] } : findPort(repo, dir, framework));
  evidence.push(...port.evidence);
  const own = mavenRelease(pom === root ? [pom] : [pom, root], root);
  const release = own.release && own.evidence ? { value: own.release, evidence: own.evidence } : null;
  return { dir, name, framework, bootVersion, kind, jarPattern, mainClass, port: port.port, args, runtimeFiles, evidence, release };
}

/**
 * -SNAPSHOT dependencies that this build does not make: snapshots are rarely published, so the image build
 * will not find them. Usually the folder is one module of a larger Maven build that makes them.
 */
function foreignSnapshots(poms: Pom[], root: Pom): string[] {
  const own = new Set(poms.map((pom) => `${pom.groupId}:${pom.artifactId}`));
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const pom of poms) {
    for (const dep of pom.dependencies) {
      const version = expand(dep.version, pom, root);
      const id = `${dep.groupId}:${dep.artifactId}`;
      if (!version?.endsWith('-SNAPSHOT') || own.has(id) || seen.has(id)) continue;
      seen.add(id);
      lines.push(`${pom.file}: ${id}:${version} is a SNAPSHOT this build does not make, and snapshots are seldom published: warning: the image build fails to resolve it unless this folder is generated from the Maven build that makes it (its root, with --module <this folder>)`);
    }
  }
  return lines.slice(0, 3);
}

function detectMaven(repo: Repo): ToolInfo {
  const root = parsePom(repo.read('pom.xml'));
  const evidence = [`pom.xml: Maven project ${root.groupId ?? ''}:${root.artifactId ?? ''}`];
  const buildFiles = ['pom.xml'];
  const wrapperProps = repo.readIfExists('.mvn/wrapper/maven-wrapper.properties');
  // Without its jar (often .gitignored), a classic mvnw must fetch it during the build, with wget or curl
  // the builder may lack, and fails with "Could not find or load main class …MavenWrapperMain".
  const jarMissing = wrapperProps !== null && !/distributionType\s*=\s*only-script/.test(wrapperProps) && !repo.exists('.mvn/wrapper/maven-wrapper.jar');
  const wrapper = repo.exists('mvnw') && executable(repo, 'mvnw') && wrapperProps !== null && !jarMissing;
  if (repo.exists('mvnw')) {
    evidence.push(
      wrapper
        ? 'mvnw: Maven wrapper (executable): the build runs ./mvnw on eclipse-temurin'
        : jarMissing
          ? 'mvnw: .mvn/wrapper/maven-wrapper.jar is not in the repository, so ./mvnw would have to download it during the build: using the maven image instead'
          : 'mvnw: present but not executable (or .mvn/wrapper missing): using the maven image instead',
    );
  }
  let version: string | null = null;
  const fromWrapper = wrapperProps && /apache-maven-(\d+\.\d+\.\d+)/.exec(wrapperProps)?.[1];
  if (fromWrapper) {
    version = fromWrapper;
    // only-script: mvnw downloads Maven itself (wget, curl, or a small Java downloader); no wrapper jar is needed.
    const onlyScript = /distributionType\s*=\s*only-script/.test(wrapperProps!);
    evidence.push(`.mvn/wrapper/maven-wrapper.properties: Maven ${fromWrapper}${onlyScript ? ' (only-script: mvnw downloads it itself, no maven-wrapper.jar)' : ''}`);
  }
  if (wrapper) buildFiles.push('mvnw', '.mvn');
  else if (repo.exists('.mvn') && repo.isDirectory('.mvn')) buildFiles.push('.mvn');
  const enforcer = plugin(root, 'maven-enforcer-plugin');
  const required = enforcer && /requireMavenVersion[^}]*?"version":"([^"]+)"/.exec(JSON.stringify(enforcer.configuration))?.[1];
  let minVersion: string | null = null;
  if (required) {
    const min = /(\d+(?:\.\d+){0,2})/.exec(required)?.[1] ?? null;
    minVersion = min;
    evidence.push(`pom.xml: maven-enforcer-plugin requireMavenVersion ${required}`);
    if (!version && min) version = min;
  }

  // A range such as [1.8,12) or (,11] ends below some release: the app is not meant to run on newer JVMs.
  const javaRange = enforcer && /requireJavaVersion[^}]*?"version":"([^"]+)"/.exec(JSON.stringify(enforcer.configuration))?.[1];
  const upper = javaRange ? /,\s*(?:1\.)?(\d+)[\d.]*\s*([\])])/.exec(javaRange) : null;
  const javaCeiling = upper ? Number(upper[1]) - (upper[2] === ')' ? 1 : 0) : null;
  if (javaRange) evidence.push(`pom.xml: maven-enforcer-plugin requireJavaVersion ${javaRange}${javaCeiling !== null ? `: Java ${javaCeiling} at most` : ''}`);

  // A profile named for production is what the authors ship (a default profile is often the dev one, with an
  // in-memory database and an unoptimised front end).
  const prodProfile = root.profiles.find((p) => PROD_PROFILES.includes(p.id)) ?? null;
  const profile = prodProfile?.id ?? null;
  if (prodProfile) evidence.push(`pom.xml: profile ${prodProfile.id}: the image is built with -P${prodProfile.id} (the production build${prodProfile.plugins.length ? `, adding ${prodProfile.plugins.join(', ')}` : ''})`);
  if ([...root.plugins.map((p) => p.artifactId), ...(prodProfile?.plugins ?? [])].includes('frontend-maven-plugin')) {
    const node = root.properties['node.version'];
    evidence.push(`pom.xml: frontend-maven-plugin: the Maven build downloads Node${node ? ` ${node}` : ''} and runs the npm build itself (the builder needs network access; no Node stage is needed)`);
  }

  const modulePoms: Array<{ dir: string; pom: Pom }> = [];
  const walk = (dir: string, pom: Pom) => {
    for (const name of pom.modules) {
      const child = path.posix.join(dir, name);
      const file = path.posix.join(child, 'pom.xml');
      if (!repo.exists(file)) {
        evidence.push(`${dir ? `${dir}/` : ''}pom.xml: module ${name} has no ${file}; skipped`);
        continue;
      }
      const childPom = parsePom(repo.read(file), file);
      buildFiles.push(file);
      modulePoms.push({ dir: child, pom: childPom });
      walk(child, childPom);
    }
  };
  walk('', root);
  evidence.push(...foreignSnapshots([root, ...modulePoms.map((m) => m.pom)], root));
  const multiModule = modulePoms.length > 0;
  if (multiModule) evidence.push(`pom.xml: multi-module build (${modulePoms.map((m) => m.dir).join(', ')})`);
  const modules = multiModule
    ? modulePoms.map(({ dir, pom }) => mavenModule(repo, pom, root, dir)).filter((m) => m.kind !== 'library')
    : [mavenModule(repo, root, root, '')];
  const stated = mavenRelease([...modulePoms.map((m) => m.pom), root].reverse(), root);
  const inherited = stated.release ? null : bootParentRelease(modules, [root, ...modulePoms.map((m) => m.pom)]);
  const release = stated.release ?? inherited?.release ?? null;
  const releaseEvidence = stated.evidence ?? inherited?.evidence;
  if (releaseEvidence) evidence.push(releaseEvidence);
  return { wrapper, version, wrapperVersion: fromWrapper || null, minVersion, profile, javaRelease: release, javaToolchain: null, javaCeiling, buildFiles, modules, multiModule, evidence };
}

/** --- Gradle --- */

function gradleScript(repo: Repo, dir: string): GradleScript | null {
  for (const name of ['build.gradle.kts', 'build.gradle']) {
    const file = path.posix.join(dir, name);
    if (repo.exists(file)) return parseGradle(repo.read(file), file);
  }
  return null;
}

function gradleModule(repo: Repo, script: GradleScript, rootScript: GradleScript | null, dir: string, rootName: string | null): JavaModule {
  const evidence: string[] = [];
  const has = (id: string) => script.plugins.includes(id);
  const name = path.posix.basename(dir) || rootName || path.basename(repo.root);
  let framework: string | null = null;
  let bootVersion: string | null = null;
  let kind: ArtifactKind = 'library';
  let jarPattern = '*.jar';
  const mainClass = script.mainClass;
  if (has('war')) {
    kind = 'war';
    evidence.push(`${script.file}: war plugin`);
  } else if (has('io.quarkus')) {
    framework = 'quarkus';
    kind = 'quarkus-app';
    evidence.push(`${script.file}: io.quarkus plugin; the build writes build/quarkus-app/, a folder, not one jar`);
  } else if (has('org.springframework.boot')) {
    framework = 'spring-boot';
    kind = 'boot-jar';
    bootVersion = script.pluginVersions['org.springframework.boot'] ?? rootScript?.pluginVersions['org.springframework.boot'] ?? null;
    evidence.push(`${script.file}: org.springframework.boot plugin${bootVersion ? ` ${bootVersion}` : ''}: bootJar writes the executable jar`);
    evidence.push(script.plainJarDisabled
      ? `${script.file}: jar { enabled = false }: only the boot jar is written`
      : `${script.file}: the jar task also writes *-plain.jar (classes only, not runnable): the image takes the boot jar`);
  } else if (has('com.github.johnrengelman.shadow') || has('com.gradleup.shadow') || has('io.micronaut.application')) {
    framework = has('io.micronaut.application') ? 'micronaut' : null;
    kind = 'jar';
    jarPattern = '*-all.jar';
    evidence.push(`${script.file}: ${framework ? 'Micronaut application plugin (shadow)' : 'shadow plugin'}: shadowJar writes *-all.jar with the dependencies inside`);
  } else if (has('application') && mainClass) {
    kind = 'classpath';
    evidence.push(`${script.file}: application plugin, mainClass ${mainClass}: installDist puts the jar and its dependencies in lib/`);
  }
  const port = kind === 'library' ? { port: null, evidence: [] } : findPort(repo, dir, framework);
  evidence.push(...port.evidence);
  const stating = [script, rootScript].find((candidate) => candidate?.toolchain || candidate?.sourceCompatibility);
  const release = stating
    ? stating.toolchain
      ? { value: stating.toolchain, evidence: `${stating.file}: toolchain languageVersion ${stating.toolchain}` }
      : { value: stating.sourceCompatibility!, evidence: `${stating.file}: sourceCompatibility ${stating.sourceCompatibility}` }
    : null;
  return { dir, name, framework, bootVersion, kind, jarPattern, mainClass, port: port.port, args: [], runtimeFiles: [], evidence, release };
}

function detectGradle(repo: Repo): ToolInfo {
  const settingsFile = ['settings.gradle.kts', 'settings.gradle'].find((f) => repo.exists(f)) ?? null;
  const rootScript = gradleScript(repo, '');
  const evidence: string[] = [];
  const buildFiles: string[] = [];
  if (settingsFile) buildFiles.push(settingsFile);
  if (rootScript) buildFiles.push(rootScript.file);
  evidence.push(`${rootScript?.file ?? settingsFile}: Gradle build${rootScript?.file.endsWith('.kts') ? ' (Kotlin DSL)' : ''}`);
  for (const extra of ['gradle.properties', 'gradle/libs.versions.toml']) if (repo.exists(extra)) buildFiles.push(extra);
  const wrapper = repo.exists('gradlew') && executable(repo, 'gradlew') && repo.exists('gradle/wrapper/gradle-wrapper.properties');
  if (repo.exists('gradlew')) {
    evidence.push(wrapper ? 'gradlew: Gradle wrapper (executable): the build runs ./gradlew on eclipse-temurin' : 'gradlew: present but not executable (or gradle/wrapper missing): using the gradle image instead');
  }
  if (wrapper) buildFiles.push('gradlew', 'gradle/wrapper');
  const props = repo.readIfExists('gradle/wrapper/gradle-wrapper.properties');
  const version = (props && /gradle-(\d+\.\d+(?:\.\d+)?)-(?:bin|all)\.zip/.exec(props)?.[1]) || null;
  if (version) evidence.push(`gradle/wrapper/gradle-wrapper.properties: Gradle ${version}`);
  const settings = settingsFile ? repo.read(settingsFile) : '';
  const included = parseSettings(settings);
  const rootName = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1] ?? null;
  const scripts: Array<{ dir: string; script: GradleScript }> = [];
  for (const dir of included) {
    const script = gradleScript(repo, dir);
    if (!script) continue;
    buildFiles.push(script.file);
    scripts.push({ dir, script });
  }
  const multiModule = scripts.length > 0;
  if (multiModule) evidence.push(`${settingsFile}: multi-project build (${scripts.map((s) => s.dir).join(', ')})`);
  const modules = multiModule
    ? scripts.map(({ dir, script }) => gradleModule(repo, script, rootScript, dir, rootName)).filter((m) => m.kind !== 'library')
    : rootScript ? [gradleModule(repo, rootScript, rootScript, '', rootName)] : [];
  let javaRelease: number | null = null;
  let javaToolchain: number | null = null;
  for (const script of [...scripts.map((s) => s.script), ...(rootScript ? [rootScript] : [])].reverse()) {
    if (script.toolchain) {
      javaRelease = script.toolchain;
      javaToolchain = script.toolchain;
      evidence.push(`${script.file}: toolchain languageVersion ${script.toolchain}`);
      break;
    }
    if (script.sourceCompatibility) {
      javaRelease = script.sourceCompatibility;
      evidence.push(`${script.file}: sourceCompatibility ${script.sourceCompatibility}`);
      break;
    }
  }
  return { wrapper, version, wrapperVersion: version, minVersion: null, profile: null, javaRelease, javaToolchain, javaCeiling: null, buildFiles, modules, multiModule, evidence };
}

/** Why the runtime and builder differ from what the build files name: an old release, an old wrapper. */
function toolEvidence(info: ToolInfo, buildTool: BuildTool, module: JavaModule): string[] {
  const lines: string[] = [];
  const file = buildTool === 'maven' ? 'pom.xml' : 'build.gradle';
  const release = info.javaRelease;
  if (release && release < 17) {
    const pin = oldJvmPin(info, module);
    lines.push(pin
      ? `${file}: Java ${release} is pinned: ${pin}; the runtime is eclipse-temurin:${release <= 8 ? 8 : release <= 11 ? 11 : 17}-jre`
      : `${file}: Java ${release} has no distroless image; its bytecode runs on Java 17 and nothing pins an older JVM, so the runtime is distroless java17 (--runtime temurin keeps Java ${release})`);
  }
  if (info.wrapper && buildTool === 'maven') {
    const tooOld = wrapperTooOld(info, module);
    if (tooOld) lines.push(`.mvn/wrapper/maven-wrapper.properties: Maven ${info.wrapperVersion} is older than the ${tooOld.version} ${tooOld.why} needs: the build runs mvn from the maven image, not ./mvnw`);
  }
  if (info.wrapper && buildTool === 'gradle' && info.version) {
    const wanted = Math.max(release ?? 17, 17);
    const runsOn = gradleJdk(info.version, wanted);
    if (runsOn.jdk !== wanted) lines.push(`gradle/wrapper/gradle-wrapper.properties: ${runsOn.why}: the builder is eclipse-temurin:${runsOn.jdk}-jdk`);
  }
  return lines;
}

export function defaultModule(info: ToolInfo): JavaModule | null {
  const runnable = info.modules.filter((m) => m.kind !== 'library');
  if (runnable.length === 1) return runnable[0];
  // Several: prefer the one with a framework (the service), when only one has one.
  const framed = runnable.filter((m) => m.framework);
  return framed.length === 1 ? framed[0] : null;
}

export function detectJava(repo: Repo): JavaDetection | null {
  const hasMaven = repo.exists('pom.xml');
  const hasGradle = ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'].some((f) => repo.exists(f));
  if (!hasMaven && !hasGradle) return null;
  const tools: Partial<Record<BuildTool, ToolInfo>> = {};
  if (hasMaven) tools.maven = detectMaven(repo);
  if (hasGradle) tools.gradle = detectGradle(repo);
  let buildTool: BuildTool = hasMaven ? 'maven' : 'gradle';
  const evidence: string[] = [];
  if (hasMaven && hasGradle) {
    // A wrapper is what the authors actually run; without one on either side, Maven's pom is declarative.
    if (tools.gradle!.wrapper && !tools.maven!.wrapper) buildTool = 'gradle';
    evidence.push(`pom.xml: Maven and Gradle builds both present; using ${buildTool} (${buildTool === 'gradle' ? 'only Gradle has a wrapper' : tools.maven!.wrapper ? 'Maven has a wrapper' : 'no wrapper decides it, pom.xml is declarative'}); --build-tool to change`);
  }
  const info = tools[buildTool]!;
  evidence.unshift(...info.evidence);
  // A release the chosen build does not state (a Maven parent outside the repository) may be in the other build.
  const other = tools[buildTool === 'maven' ? 'gradle' : 'maven'];
  if (!info.javaRelease && other?.javaRelease) {
    info.javaRelease = other.javaRelease;
    const where = other.evidence.find((line) => /release|source|target|java\.version|toolchain|Compatibility/.test(line));
    evidence.push(`${where ?? 'the other build'}: the ${buildTool} build states no Java release; the ${buildTool === 'maven' ? 'Gradle' : 'Maven'} build's ${other.javaRelease} is used`);
  }
  const stated = info.javaRelease ? null : statedJavaRelease(repo);
  if (stated) {
    info.javaRelease = stated.release;
    evidence.push(stated.evidence);
  }
  const chosen = defaultModule(info);
  const runnable = info.modules.filter((m) => m.kind !== 'library');
  if (info.multiModule) {
    evidence.push(chosen
      ? `${chosen.dir}/${buildTool === 'maven' ? 'pom.xml' : 'build.gradle'}: the module to ship (${info.modules.length > 1 ? `the only one with a framework among ${info.modules.map((m) => m.dir).join(', ')}` : 'the only runnable one'})`
      : `${buildTool === 'maven' ? 'pom.xml' : 'settings.gradle'}: ${runnable.length ? `several runnable modules (${runnable.map((m) => `${m.dir} (${m.framework ?? m.kind})`).join(', ')}): pass --module` : 'no runnable module found'}`);
  }
  if (chosen) {
    evidence.push(...chosen.evidence);
    evidence.push(...toolEvidence(info, buildTool, chosen));
  }
  else if (!info.multiModule) evidence.push(`${buildTool === 'maven' ? 'pom.xml' : 'build.gradle'}: no Spring Boot, Quarkus, shadow jar or Main-Class found: nothing to run`);
  return {
    stack: 'java',
    languageVersion: info.javaRelease ? String(info.javaRelease) : null,
    packageManager: info.wrapper ? `${buildTool} (wrapper)` : buildTool,
    framework: chosen?.framework ?? (chosen?.kind === 'war' ? 'war' : null),
    entrypoint: chosen ? chosen.dir || '.' : null,
    port: chosen?.port ?? null,
    evidence,
    buildTool,
    tools,
    secrets: buildTool === 'maven'
      ? mavenCredentials(repo, info.buildFiles.filter((file) => file.endsWith('pom.xml')), evidence)
      : gradleCredentials(repo, info.buildFiles.filter((file) => /\.gradle(\.kts)?$/.test(file)), evidence),
  };
}

