import path from 'node:path';
import { credentialIgnore, secretMount, secretNotes, withSecretEnv } from '../../core/secrets.js';
import { mavenSettingsFlag } from './credentials.js';
import { COMMON_IGNORE, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { image, imageRef } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, Plan } from '../types.js';
import { BUILD_TOOLS, defaultModule, type BuildTool, type JavaDetection, type JavaModule, type ToolInfo } from './detect.js';
import { standardOutputs } from '../common.js';
import { gradleBuildLogic, moduleFoldersBuilt } from './reactor.js';
import { jdepsCommand, jdepsInputs, jlinkCommand } from './jlink.js';
import { javaRuntime, oldJvmPin } from './runtime.js';
import { gradleJdk, wrapperTooOld } from './tools.js';
import { atLeast, majorMinor } from './version.js';

export { DISTROLESS_JAVA, javaRuntime } from './runtime.js';

const JAVA_TOOL_OPTIONS = '-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError';

const JAVA_IGNORE: IgnoreSection[] = [
  { why: 'Build output and IDE metadata: the image builds its own, and stale classes must not leak in.', patterns: ['**/target', '**/build', '**/.gradle', '**/out', '**/bin', '**/*.class', '**/*.iml', '.settings', '.project', '.classpath'] },
  { why: 'Logs and local databases written while running the app on a workstation.', patterns: ['**/*.log', '**/*.db'] },
  { why: 'Documentation the build never reads, so editing it does not rebuild.', patterns: ['**/*.md', 'docs'] },
  { why: 'Other stacks\' dependency folders that a Java build never reads.', patterns: ['**/node_modules'] },
];

const mavenDefault = () => /^(\d+\.\d+)/.exec(imageRef('maven-builder').tag)![1];
const gradleDefault = () => /^(\d+(?:\.\d+)*)/.exec(imageRef('gradle-builder').tag)![1];
export const defaultJavaRelease = () => Number(/(\d+)$/.exec(imageRef('maven-builder').tag)![1]);

export function chosenTool(detection: JavaDetection, answers: Answers): BuildTool {
  const tool = answers.buildTool ?? detection.buildTool;
  if (!(BUILD_TOOLS as string[]).includes(tool) || !detection.tools[tool as BuildTool]) {
    throw new UserError(`--build-tool ${tool}: this project has ${Object.keys(detection.tools).join(' and ')} builds only.`, ExitCode.usage);
  }
  return tool as BuildTool;
}

function parseRelease(value: string): number {
  const match = /^(?:1\.)?(\d+)$/.exec(value.trim());
  if (!match) throw new UserError(`--language-version ${value}: not a Java release like 17 or 21.`, ExitCode.usage);
  return Number(match[1]);
}

/** Root files a module's build may read besides the build files: checkstyle/PMD rules, lombok.config, properties. */
const ROOT_BUILD_CONFIG = /\.(xml|properties|config|toml|gradle|kts)$/;

/**
 * A module of a multi-module build reads the build files, its own folder and the modules it uses, plus
 * the root's build configuration (a checkstyle.xml or lombok.config the root build points at) and, for
 * Gradle, config/ (where its checkstyle and other quality plugins look); a project alone reads its whole folder.
 */
function javaBuildReads(repo: Repo, info: ToolInfo, tool: BuildTool, module: JavaModule): string[] {
  if (!info.multiModule || module.dir === '') return ['.'];
  const settings = info.buildFiles.find((file) => /^settings\.gradle(\.kts)?$/.test(file));
  const logic = tool === 'gradle' ? [...gradleBuildLogic(repo, settings ? repo.read(settings) : ''), ...(repo.isDirectory('config') ? ['config'] : [])] : [];
  const rootFiles = repo.files().filter((file) => !file.includes('/') && ROOT_BUILD_CONFIG.test(file));
  return [...new Set([...rootFiles, ...info.buildFiles, ...logic, ...moduleFoldersBuilt(repo, info, tool, module.dir)])];
}

function pickModule(info: ToolInfo, answers: Answers, tool: BuildTool): JavaModule {
  if (answers.module !== undefined) {
    const wanted = answers.module.replace(/^\.?\/?|\/$/g, '').replace(/^:/, '').replace(/:/g, '/');
    const found = info.modules.find((m) => m.dir === wanted || (wanted === '.' && m.dir === '')) ;
    if (!found) throw new UserError(`--module ${answers.module}: not a runnable module here. Fix: use one of ${info.modules.map((m) => m.dir || '.').join(', ') || '(none found)'}.`, ExitCode.usage);
    return found;
  }
  const module = defaultModule(info);
  const runnable = info.modules.filter((m) => m.kind !== 'library');
  if (!module) {
    throw new UserError(runnable.length
      ? `Several runnable ${tool} modules: ${runnable.map((m) => `${m.dir || '.'} (${m.framework ?? m.kind})`).join(', ')}, none of them the only one with a framework. Fix: pass --module <folder>.`
      : `${tool === 'maven' ? 'pom.xml' : 'build.gradle'}: no runnable artifact: no Spring Boot, Quarkus, shadow/assembly jar, Main-Class or main-class property in the build. Fix: configure a Main-Class (maven-jar-plugin <mainClass>, an exec.mainClass property, Gradle application { mainClass }) and re-run.`);
  }
  return module;
}

/** One COPY per folder keeps each build file at its own path; directories are copied whole. */
function copies(repo: Repo, files: string[]): Array<{ sources: string[]; target: string }> {
  const groups = new Map<string, string[]>();
  const out: Array<{ sources: string[]; target: string }> = [];
  for (const file of files) {
    if (repo.isDirectory(file)) {
      out.push({ sources: [`${file}/`], target: `./${file}/` });
      continue;
    }
    const dir = path.posix.dirname(file);
    groups.set(dir, [...(groups.get(dir) ?? []), file]);
  }
  return [...[...groups].map(([dir, sources]) => ({ sources, target: dir === '.' ? './' : `./${dir}/` })), ...out];
}

export function planJava(detection: JavaDetection, answers: Answers, repo: Repo) {
  const tool = chosenTool(detection, answers);
  const info = detection.tools[tool]!;
  const module = pickModule(info, answers, tool);
  if (module.kind === 'war') {
    throw new UserError(`${module.dir ? `${module.dir}/` : ''}${tool === 'maven' ? 'pom.xml' : 'build.gradle'}: war packaging is not supported yet (it needs a servlet container such as Tomcat or Jetty, which distroless does not have). Fix: package an executable jar (Spring Boot jar, Quarkus, or a Main-Class) or write the Dockerfile by hand.`);
  }
  // A module's own release wins over the build's (a scan plans each module with its own).
  const release = answers.languageVersion ? parseRelease(answers.languageVersion) : module.release?.value ?? info.javaRelease ?? defaultJavaRelease();
  const runtime = javaRuntime(release, oldJvmPin(info, module), answers.runtime);
  const jdk = runtime.jdk;
  const port = answers.port === undefined ? module.port : answers.port;
  const wrapper = info.wrapper;
  const dirPrefix = module.dir ? `${module.dir}/` : '';

  // Builder image and commands.
  let builderFrom: string;
  let builderImage: string;
  let toolArg: { name: string; value: string } | null = null;
  let cacheTarget: string;
  let depsCommand: string;
  let buildCommand: string;
  let outputDir: string;
  let testHint: string;
  // The JDK that compiles, and for --runtime jlink links the runtime: the runtime's, unless a Gradle
  // wrapper cannot run on it.
  let builderJdk = jdk;
  const notes: string[] = [];
  if (tool === 'maven') {
    const tooOld = wrapper ? wrapperTooOld(info, module) : null;
    const useWrapper = wrapper && !tooOld;
    const mvn = useWrapper ? './mvnw' : 'mvn';
    const select = `${info.profile ? ` -P${info.profile}` : ''}${module.dir ? ` -pl ${module.dir} -am` : ''}`;
    cacheTarget = '/root/.m2';
    // Best effort before the sources exist: reactor siblings and some plugins cannot be resolved yet.
    // A package run on the poms alone fetches the plugins and dependencies the real one uses (the dependency
    // plugin would add artifacts of its own); what fails without sources (repackage, reactor siblings) is
    // tolerated by --fail-never, and its empty output is removed.
    const settings = mavenSettingsFlag(detection.secrets);
    depsCommand = `${withSecretEnv(detection.secrets, mvn)}${settings} -B -q --fail-never package -DskipTests${select} \\
 && find . -name target -type d -prune -exec rm -rf {} +`;
    // The plugin by its full name: no prefix lookup in the repositories' group metadata, and the version a
    // parent's pluginManagement pins (a published parent often does) is the one used.
    const copyDeps = module.kind === 'classpath' ? ` org.apache.maven.plugins:maven-dependency-plugin:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib` : '';
    buildCommand = `${withSecretEnv(detection.secrets, mvn)}${settings} -B package${copyDeps} -DskipTests${select}`;
    outputDir = `${dirPrefix}target`;
    testHint = `${mvn} -B verify${select}`;
    if (useWrapper) {
      builderFrom = 'eclipse-temurin:${JAVA_VERSION}-jdk';
      builderImage = `eclipse-temurin:${jdk}-jdk`;
      notes.push(`Builder: ${builderImage} running ./mvnw (the wrapper fetches Maven ${info.wrapperVersion ?? ''} into the ~/.m2 cache mount).`);
    } else {
      const wanted = info.version && !tooOld ? majorMinor(info.version) : null;
      const mavenVersion = wanted && !atLeast(mavenDefault(), wanted) ? wanted : mavenDefault();
      toolArg = { name: 'MAVEN_VERSION', value: mavenVersion };
      builderFrom = 'maven:${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION}';
      builderImage = `maven:${mavenVersion}-eclipse-temurin-${jdk}`;
      notes.push(tooOld
        ? `Builder: ${builderImage} running mvn, not ./mvnw: the wrapper pins Maven ${info.wrapperVersion}, older than the ${tooOld.version} ${tooOld.why} needs. Update distributionUrl in .mvn/wrapper/maven-wrapper.properties to use the wrapper again.`
        : `Builder: ${builderImage}${info.version ? ` (the project asks for Maven ${info.version})` : ''}.`);
    }
  } else {
    const gradle = wrapper ? './gradlew' : 'gradle';
    const task = (name: string) => (module.dir ? `:${module.dir.replace(/\//g, ':')}:${name}` : name);
    cacheTarget = '/root/.gradle';
    depsCommand = `${withSecretEnv(detection.secrets, gradle)} --no-daemon -q ${task('dependencies')} > /dev/null`;
    const buildTask = module.kind === 'classpath' ? 'installDist' : module.jarPattern === '*-all.jar' ? 'shadowJar' : 'assemble';
    buildCommand = `${withSecretEnv(detection.secrets, gradle)} --no-daemon ${task(buildTask)}`;
    outputDir = `${dirPrefix}build/libs`;
    testHint = `${gradle} test`;
    const runsOn = wrapper && info.version ? gradleJdk(info.version, jdk) : null;
    if (runsOn && runsOn.jdk !== jdk) {
      // The wrapper's Gradle cannot run on the runtime's JDK: the builder takes the newest JDK it runs on.
      builderFrom = `eclipse-temurin:${runsOn.jdk}-jdk`;
      builderImage = builderFrom;
      builderJdk = runsOn.jdk;
      notes.push(`Builder: ${builderImage} running ./gradlew: ${runsOn.why}.`);
    } else if (wrapper) {
      builderFrom = 'eclipse-temurin:${JAVA_VERSION}-jdk';
      builderImage = `eclipse-temurin:${jdk}-jdk`;
      notes.push(`Builder: ${builderImage} running ./gradlew (Gradle ${info.version ?? '(wrapper)'} is downloaded into the ~/.gradle cache mount).`);
    } else {
      const gradleVersion = info.version ?? gradleDefault();
      toolArg = { name: 'GRADLE_VERSION', value: gradleVersion };
      builderFrom = 'gradle:${GRADLE_VERSION}-jdk${JAVA_VERSION}';
      builderImage = `gradle:${gradleVersion}-jdk${jdk}`;
      notes.push(`Builder: ${builderImage}.`);
    }
    if (info.javaToolchain && info.javaToolchain !== jdk) notes.push(`Note: the Gradle toolchain asks for Java ${info.javaToolchain} and the builder has JDK ${jdk}; Gradle will try to provision ${info.javaToolchain} unless toolchain auto-detection finds it.`);
  }

  // What the build stage leaves in /out, and how the runtime starts it.
  const java = runtime.distroless ? '/usr/bin/java' : runtime.jlink ? '/opt/jre/bin/java' : 'java';
  let collect: string[];
  let runtimeCopies: Array<{ from: string; to: string }>;
  let entrypoint: string[];
  const findJar = (pattern: string) =>
    `find ${outputDir} -maxdepth 1 -name '${pattern}' ! -name '*-plain.jar' ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name '*-tests.jar' ! -name 'original-*' | head -n 1`;
  const launcher = atLeast(module.bootVersion, '3.2.0') ? 'org.springframework.boot.loader.launch.JarLauncher' : 'org.springframework.boot.loader.JarLauncher';
  const toolsMode = atLeast(module.bootVersion, '3.3.0');
  switch (module.kind) {
    case 'boot-jar':
      if (!atLeast(module.bootVersion, '2.4.0')) {
        // Before Boot 2.4 the jar has no layer index by default (2.3 only with <layers> enabled, 2.2 and older
        // never): -Djarmode=layertools would start the app instead. The jar is unpacked, and its
        // BOOT-INF/lib (the dependencies) copied before the classes.
        collect = [`cp "$(${findJar('*.jar')})" /out/app.jar`, 'mkdir -p /out/exploded && (cd /out/exploded && jar -xf /out/app.jar)'];
        runtimeCopies = [
          { from: '/out/exploded/BOOT-INF/lib/', to: './BOOT-INF/lib/' },
          { from: '/out/exploded/org/', to: './org/' },
          { from: '/out/exploded/META-INF/', to: './META-INF/' },
          { from: '/out/exploded/BOOT-INF/classes/', to: './BOOT-INF/classes/' },
        ];
        entrypoint = [java, launcher];
        notes.push(`Spring Boot ${module.bootVersion}: before 2.4 the jar has no layers to extract, so it is unpacked: BOOT-INF/lib (dependencies) is copied before the classes, and ${launcher} starts it.`);
        break;
      }
      collect = [
        `cp "$(${findJar('*.jar')})" /out/app.jar`,
        toolsMode
          ? 'java -Djarmode=tools -jar /out/app.jar extract --layers --launcher --destination /out/layers'
          : 'java -Djarmode=layertools -jar /out/app.jar extract --destination /out/layers',
      ];
      runtimeCopies = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'].map((layer) => ({ from: `/out/layers/${layer}/`, to: './' }));
      entrypoint = [java, launcher];
      notes.push(`Spring Boot ${module.bootVersion ?? '(version not found: assuming 3.3+)'}: the jar is extracted with ${toolsMode ? '-Djarmode=tools extract --layers' : '-Djarmode=layertools extract'} so dependencies, the loader, snapshot dependencies and the application are separate layers; started with ${launcher}.`);
      break;
    case 'quarkus-app':
      collect = [`cp -r ${dirPrefix}${tool === 'maven' ? 'target' : 'build'}/quarkus-app /out/quarkus-app`];
      runtimeCopies = [
        { from: '/out/quarkus-app/lib/', to: './lib/' },
        { from: '/out/quarkus-app/quarkus-run.jar', to: './' },
        { from: '/out/quarkus-app/app/', to: './app/' },
        { from: '/out/quarkus-app/quarkus/', to: './quarkus/' },
      ];
      entrypoint = [java, '-jar', '/app/quarkus-run.jar'];
      notes.push('Quarkus fast-jar: quarkus-app/lib (dependencies) is copied before app/ and quarkus/, so a code change leaves the dependency layer cached.');
      break;
    case 'classpath':
      if (tool === 'maven') {
        collect = [`cp "$(${findJar('*.jar')})" /out/app.jar`, `cp -r ${outputDir}/lib /out/lib`];
        runtimeCopies = [{ from: '/out/lib/', to: './lib/' }, { from: '/out/app.jar', to: './app.jar' }];
        entrypoint = [java, '-cp', '/app/app.jar:/app/lib/*', module.mainClass!];
      } else {
        collect = [`cp -r ${dirPrefix}build/install/*/lib /out/lib`];
        runtimeCopies = [{ from: '/out/lib/', to: './lib/' }];
        entrypoint = [java, '-cp', '/app/lib/*', module.mainClass!];
      }
      notes.push(`Plain jar: dependencies in /app/lib (their own layer), started with main class ${module.mainClass}.`);
      break;
    default:
      collect = [`cp "$(${findJar(module.jarPattern)})" /out/app.jar`];
      runtimeCopies = [{ from: '/out/app.jar', to: './app.jar' }];
      entrypoint = [java, '-jar', '/app/app.jar'];
      notes.push(`Jar: ${module.jarPattern === '*.jar' ? 'the module jar' : module.jarPattern} run with java -jar.`);
  }
  if (module.runtimeFiles.length) {
    // Read from the working directory at run time (a config named on the command line, keystores it names).
    collect.push(`mkdir -p /out/files && cp ${module.runtimeFiles.map((file) => `${dirPrefix}${file}`).join(' ')} /out/files/`);
    runtimeCopies.push({ from: '/out/files/', to: './' });
    notes.push(`${module.runtimeFiles.join(', ')}: copied into /app, the working directory, because the app reads ${module.runtimeFiles.length > 1 ? 'them' : 'it'} at run time.`);
  }
  if (module.args.length) notes.push(`CMD ${JSON.stringify(module.args)}: the arguments the app is started with (docker run <image> <args> replaces them).`);
  if (tool === 'maven' && info.profile) notes.push(`Built with -P${info.profile}, the production profile: the app runs its production settings, so give it their database and secrets as environment variables.`);
  if (tool === 'maven' && info.evidence.some((line) => line.includes('frontend-maven-plugin'))) notes.push('frontend-maven-plugin: the Maven build downloads Node and runs the front-end build itself, so the builder needs network access; the front end ends up inside the jar.');
  notes.push(...info.evidence.filter((line) => line.includes('a SNAPSHOT this build does not make')).map((line) => `Warning: ${line}.`));
  if (module.framework === 'dropwizard') notes.push('Dropwizard: tasks such as `db migrate <config>` run with the same image: docker run <image> db migrate <config>.');
  notes.unshift(`Runtime: ${runtime.why}.`);
  if (runtime.jlink) {
    notes.push(`jlink: the build stage lists the modules with jdeps (the app and every dependency jar); if jdeps fails, the runtime gets every JDK module, as distroless java has, and the build log says why. The jre stage links them into /opt/jre with the builder's JDK ${builderJdk}, and re-links only when the list changes.`);
  }
  notes.push(`Tests are skipped in the image build (-DskipTests / no test task); run them with \`${testHint}\` in CI.`);
  notes.push(`JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS}": the heap follows the container memory limit.`);

  const runtimeImage = runtime.distroless ? image(`java${jdk}`) : runtime.jlink ? image('cc') : `eclipse-temurin:${jdk}-jre`;
  const debugImage = runtime.distroless ? image(`java${jdk}-debug`) : runtime.jlink ? image('cc-debug') : runtimeImage;
  const bootExploded = module.kind === 'boot-jar' && !atLeast(module.bootVersion, '2.4.0');
  const buildReads = javaBuildReads(repo, info, tool, module);
  // Sources are the src/ folders of the modules built (of the whole tree when it builds from its whole folder).
  const moduleDirs = buildReads.includes('.') ? null : buildReads.filter((read) => repo.isDirectory(read));
  const isSource = (file: string) => (moduleDirs ? moduleDirs.some((dir) => file.startsWith(`${dir}/src/`)) : /(^|\/)src\//.test(file));
  const needed = [...info.buildFiles.filter((f) => !repo.isDirectory(f)), ...module.runtimeFiles.map((f) => `${dirPrefix}${f}`), ...repo.files().filter(isSource)];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...credentialIgnore(detection.secrets), ...JAVA_IGNORE], needed);
  notes.push(...dockerignore.dropped.map((entry) => `.dockerignore: left out ${entry}.`));
  notes.push(...secretNotes(detection.secrets));
  const imageName = (module.name || path.basename(repo.root)).toLowerCase().replace(/[^a-z0-9._-]/g, '-') || 'app';

  return {
    builderImage,
    runtimeImage,
    ...standardOutputs('java'),
    notes,
    buildReads,
    stackTitle: 'Java',
    imageName,
    port,
    ignoreSections: dockerignore.sections,
    secrets: detection.secrets,
    runtimeHasShell: false,
    runtimePackages: [],
    context: {
      javaVersion: jdk,
      release,
      toolArg,
      tool,
      toolName: tool === 'maven' ? 'Maven' : 'Gradle',
      builderFrom,
      builderImage,
      buildCopies: copies(repo, info.buildFiles),
      cacheTarget,
      depsCommand,
      buildCommand,
      testHint,
      collect,
      kind: module.kind,
      framework: module.framework,
      runtimeCopies,
      distroless: runtime.distroless,
      jlink: runtime.jlink,
      jdepsCommand: runtime.jlink ? jdepsCommand(builderJdk, jdepsInputs(module.kind, bootExploded)) : null,
      jlinkCommand: runtime.jlink ? jlinkCommand(builderJdk) : null,
      runtimeImage,
      debugImage,
      javaToolOptions: JAVA_TOOL_OPTIONS,
      entrypoint,
      cmd: module.args,
      secretMounts: detection.secrets.map(secretMount),
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type JavaContext = ReturnType<typeof planJava>['context'];
export type JavaPlan = Plan<JavaContext>;
