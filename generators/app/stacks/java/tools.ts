import type { JavaModule, ToolInfo } from './detect.js';
import { atLeast } from './version.js';

/**
 * The Maven a build needs at least, when its wrapper pins an older one: the enforcer's requireMavenVersion,
 * or spring-boot-maven-plugin 3.x, whose plugin descriptor requires Maven 3.6.3.
 */
export function wrapperTooOld(info: ToolInfo, module: JavaModule): { version: string; why: string } | null {
  if (!info.wrapperVersion) return null;
  const needs: Array<{ version: string; why: string }> = [];
  if (info.minVersion) needs.push({ version: info.minVersion, why: 'maven-enforcer requireMavenVersion' });
  if (module.framework === 'spring-boot' && atLeast(module.bootVersion, '3.0.0')) needs.push({ version: '3.6.3', why: `spring-boot-maven-plugin ${module.bootVersion ?? '3.x'}` });
  return needs.find((need) => !atLeast(info.wrapperVersion, need.version)) ?? null;
}

/** The newest JDK each Gradle runs on (Gradle's compatibility matrix), newest Gradle first. */
const GRADLE_RUNS_ON: Array<[string, number]> = [['9.1.0', 25], ['8.5.0', 21], ['7.3.0', 17], ['5.0.0', 11]];

/** The JDK a Gradle version can run on, as close to the wanted one as it allows (Gradle 9 needs 17+). */
export function gradleJdk(version: string, wanted: number): { jdk: number; why: string } {
  const max = GRADLE_RUNS_ON.find(([since]) => atLeast(version, since))?.[1] ?? 8;
  if (wanted <= max) {
    if (!atLeast(version, '9.0.0') || wanted >= 17) return { jdk: wanted, why: '' };
    return { jdk: 17, why: `Gradle ${version} runs on JDK 17 or newer; it compiles release ${wanted} there` };
  }
  return {
    jdk: max,
    why: `Gradle ${version} runs on JDK ${max} at most, so it cannot run on JDK ${wanted}${max < wanted ? `; compiling Java ${wanted} then needs a toolchain it provisions, or a newer wrapper (./gradlew wrapper --gradle-version 8.5 or later)` : ''}`,
  };
}
