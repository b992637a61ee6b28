import path from 'node:path';
import type { Answers, Member, Question, Stack } from '../types.js';
import { defaultModule, detectJava, type BuildTool, type JavaDetection } from './detect.js';
import { defaultJavaRelease, planJava, type JavaPlan } from './plan.js';
import { JAVA_RUNTIMES, oldJvmPin } from './runtime.js';

function questions(detection: JavaDetection, answers: Answers): Question[] {
  const tool: BuildTool = (detection.tools[answers.buildTool as BuildTool] ? answers.buildTool : detection.buildTool) as BuildTool;
  const info = detection.tools[tool]!;
  const list: Question[] = [];
  const wanted = answers.module?.replace(/^\.\/|\/$/g, '');
  const module = info.modules.find((m) => m.dir === wanted) ?? defaultModule(info);
  if (Object.keys(detection.tools).length > 1) {
    list.push({
      name: 'buildTool',
      flag: 'build-tool',
      message: 'Build tool (the repository has both)',
      type: 'select',
      choices: (Object.keys(detection.tools) as BuildTool[]).map((t) => ({ value: t, name: `${t}${detection.tools[t]!.wrapper ? ' (wrapper)' : ''}` })),
      default: detection.buildTool,
      evidence: detection.evidence.filter((line) => line.includes('both present')),
    });
  }
  list.push({
    name: 'languageVersion',
    flag: 'language-version',
    message: 'Java release (picks the JDK builder and the distroless java runtime)',
    type: 'input',
    // The module's own build file first (another module's release says nothing about this one), then the build's.
    default: String(module?.release?.value ?? info.javaRelease ?? defaultJavaRelease()),
    evidence: module?.release
      ? [module.release.evidence]
      : info.evidence.filter((line) => /release|source|java\.version|toolchain|Compatibility/.test(line)).concat(info.javaRelease ? [] : ['no Java release stated: using the default JDK']),
  });
  const wanted0 = answers.module?.replace(/^\.\/|\/$/g, '');
  const shipped = info.modules.find((m) => m.dir === wanted0) ?? defaultModule(info);
  const release = Number(answers.languageVersion?.replace(/^1\./, '')) || info.javaRelease || defaultJavaRelease();
  const pin = release < 17 ? oldJvmPin(info, shipped) : null;
  list.push({
    name: 'runtime',
    flag: 'runtime',
    message: 'Runtime image',
    type: 'select',
    choices: [
      { value: 'distroless', name: `distroless java${release < 17 ? 17 : release}: a JRE, no shell, nonroot${release < 17 ? ` (runs Java ${release} bytecode)` : ''}` },
      { value: 'temurin', name: `eclipse-temurin JRE${release < 17 ? ` ${release <= 8 ? 8 : 11}` : ''} with a created non-root user: has a shell and apt` },
      { value: 'jlink', name: `jlink: a JRE ${release < 17 ? 17 : release} linked with only the modules the app uses (jdeps), on distroless cc: a third of the size, no shell, nonroot` },
    ],
    default: pin ? 'temurin' : 'distroless',
    evidence: pin
      ? [`runtime: ${pin}`]
      : [release < 17 ? `runtime: Java ${release} bytecode runs on Java 17, and nothing in the build pins an older JVM` : `runtime: Java ${release} has a distroless image`],
  });
  if (info.multiModule) {
    list.push({
      name: 'module',
      flag: 'module',
      message: 'Module to ship',
      type: 'select',
      choices: info.modules.map((m) => ({ value: m.dir, name: `${m.dir} (${m.framework ?? m.kind})` })),
      noChoice: `${tool === 'maven' ? 'pom.xml' : 'settings.gradle'}: no runnable module found`,
      default: defaultModule(info)?.dir,
      evidence: detection.evidence.filter((line) => /module|multi-/.test(line)),
    });
  }
  list.push({
    name: 'port',
    flag: 'port',
    message: 'Port the app listens on (empty for none)',
    type: 'port',
    default: module ? module.port : 8080,
    evidence: (module?.evidence ?? []).filter((line) => /port/i.test(line)),
  });
  return list;
}

/** A multi-module build holds one service per runnable module, each built from the root with -pl/-p. */
function members(detection: JavaDetection): Member[] {
  const info = detection.tools[detection.buildTool]!;
  if (!info.multiModule) return [];
  return info.modules
    .filter((module) => module.kind !== 'library' && module.dir !== '')
    .map((module) => ({ dir: module.dir, answers: { module: module.dir }, evidence: module.evidence, framework: module.framework }));
}

export const javaStack: Stack<JavaDetection, JavaPlan> = {
  id: 'java',
  title: 'Java',
  flags: [
    { name: 'build-tool', help: 'maven or gradle, when the project has both (default: detected)' },
    { name: 'module', help: 'the module folder to ship from a multi-module build, e.g. app' },
  ],
  markers: ['pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'].map((name) => ({ name, project: true })),
  contextReason: 'Maven/Gradle builds the module from the root build, together with the modules it depends on',
  // distroless java; the Temurin JRE where a build pins an old JVM; or a jlink'd JRE on distroless cc.
  runtimes: JAVA_RUNTIMES,
  detect: detectJava,
  questions,
  plan: planJava,
  members,
  // Every module's build file is in buildFiles, libraries included (modules lists only runnable ones).
  ownedFolders: (detection) => Object.values(detection.tools).flatMap((info) => info!.buildFiles.map((file) => path.posix.dirname(file))).filter((dir) => dir !== '.'),
};
