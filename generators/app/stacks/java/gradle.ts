import { javaNumber } from './release.js';

/** What the Java stack reads from a Gradle build script (Groovy or Kotlin DSL), by pattern: scripts are code. */
export interface GradleScript {
  file: string;
  plugins: string[];
  /** Version of a plugin applied with `id 'x' version 'y'`. */
  pluginVersions: Record<string, string>;
  toolchain: number | null;
  sourceCompatibility: number | null;
  mainClass: string | null;
  /** `jar { enabled = false }`: only the boot jar is written. */
  plainJarDisabled: boolean;
}

export function parseGradle(text: string, file: string): GradleScript {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const plugins: string[] = [];
  const pluginVersions: Record<string, string> = {};
  for (const match of code.matchAll(/\bid\s*\(?\s*["']([\w.-]+)["']\s*\)?(?:\s*version\s*\(?\s*["']([^"']+)["'])?/g)) {
    plugins.push(match[1]);
    if (match[2]) pluginVersions[match[1]] = match[2];
  }
  for (const match of code.matchAll(/apply\s+plugin\s*:\s*["']([\w.-]+)["']/g)) plugins.push(match[1]);
  for (const match of code.matchAll(/^\s*(java|application|war|`java-library`|java-library)\s*$/gm)) plugins.push(match[1].replace(/`/g, ''));
  const toolchain = /JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)/.exec(code)?.[1] ?? /jvmToolchain\(\s*(\d+)\s*\)/.exec(code)?.[1];
  const source = /sourceCompatibility\s*=?\s*(?:JavaVersion\.VERSION_(\d+(?:_\d+)?)|["']?(\d+(?:\.\d+)?)["']?)/.exec(code);
  const mainClass = /mainClass(?:Name)?\s*(?:=|\.set\()\s*["']([\w.$]+)["']/.exec(code)?.[1]
    ?? /["']Main-Class["']\s*(?::|to|,)\s*["']([\w.$]+)["']/.exec(code)?.[1]
    ?? null;
  return {
    file,
    plugins,
    pluginVersions,
    toolchain: toolchain ? javaNumber(toolchain) : null,
    sourceCompatibility: source ? javaNumber((source[1] ?? source[2]).replace('_', '.')) : null,
    mainClass,
    plainJarDisabled: /(tasks\.)?(named<Jar>\(\s*"jar"\s*\)|jar)\s*\{[^}]*enabled\s*=\s*false/.test(code) || /tasks\.jar\s*\{[^}]*enabled\s*=\s*false/.test(code),
  };
}

/** `include 'api', ':core'` / `include("api")` in settings.gradle(.kts). */
export function parseSettings(text: string): string[] {
  const code = text.replace(/^\s*\/\/.*$/gm, '');
  const modules: string[] = [];
  for (const match of code.matchAll(/\binclude\s*\(?([^\n)]*)\)?/g)) {
    for (const name of match[1].matchAll(/["']:?([\w.:-]+)["']/g)) modules.push(name[1].replace(/:/g, '/'));
  }
  return modules;
}
