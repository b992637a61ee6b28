import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import type { BuildTool, ToolInfo } from './detect.js';
import { parsePom } from './maven.js';

/** Module folders of a multi-module build, with the sibling modules each one's build uses. */
interface ModuleNode {
  dir: string;
  uses: string[];
}

const scriptDir = (file: string) => path.posix.dirname(file);

/** Maven: a module uses the reactor modules it lists as dependencies (matched by groupId:artifactId). */
function mavenNodes(repo: Repo, info: ToolInfo): ModuleNode[] {
  const poms = info.buildFiles.filter((file) => file.endsWith('/pom.xml')).map((file) => ({ dir: scriptDir(file), pom: parsePom(repo.read(file), file) }));
  const key = (groupId: string | null, artifactId: string | null) => `${groupId ?? ''}:${artifactId ?? ''}`;
  const byKey = new Map(poms.map(({ dir, pom }) => [key(pom.groupId, pom.artifactId), dir]));
  const byArtifact = new Map(poms.map(({ dir, pom }) => [pom.artifactId ?? '', dir]));
  return poms.map(({ dir, pom }) => ({
    dir,
    uses: pom.dependencies
      .filter((dependency) => dependency.scope !== 'managed')
      .map((dependency) => byKey.get(key(dependency.groupId || pom.groupId, dependency.artifactId)) ?? byArtifact.get(dependency.artifactId))
      .filter((found): found is string => found !== undefined),
  }));
}

/** Gradle: a project uses the projects its script names with project(":path"); null when one cannot be placed. */
function gradleNodes(repo: Repo, info: ToolInfo): ModuleNode[] | null {
  const scripts = info.buildFiles.filter((file) => /(^|\/)build\.gradle(\.kts)?$/.test(file) && file.includes('/'));
  const dirs = new Set(scripts.map(scriptDir));
  const nodes: ModuleNode[] = [];
  for (const file of scripts) {
    const uses = [...repo.read(file).matchAll(/\bproject\(\s*(?:path\s*[=:]\s*)?["']:?([^"']+)["']/g)].map((match) => match[1].replace(/:/g, '/'));
    if (uses.some((dir) => !dirs.has(dir))) return null;
    nodes.push({ dir: scriptDir(file), uses });
  }
  return nodes;
}

/**
 * The folders `-pl module -am` (Gradle: `:module:task`) compiles: the module and the sibling modules it
 * uses, transitively. When a Gradle project reference cannot be placed, every module folder, to be safe.
 * The build files of all modules are read as well (the reactor loads them all); they are in buildFiles.
 */
export function moduleFoldersBuilt(repo: Repo, info: ToolInfo, tool: BuildTool, moduleDir: string): string[] {
  const nodes = tool === 'maven' ? mavenNodes(repo, info) : gradleNodes(repo, info);
  if (!nodes) return info.buildFiles.filter((file) => /(^|\/)build\.gradle(\.kts)?$/.test(file) && file.includes('/')).map(scriptDir);
  const byDir = new Map(nodes.map((node) => [node.dir, node]));
  const built = new Set<string>();
  const visit = (dir: string) => {
    if (built.has(dir)) return;
    built.add(dir);
    for (const used of byDir.get(dir)?.uses ?? []) visit(used);
  };
  visit(moduleDir);
  return [...built];
}

/** Gradle reads these folders when present, whichever project it builds: build logic and included builds. */
export function gradleBuildLogic(repo: Repo, settingsText: string): string[] {
  const included = [...settingsText.matchAll(/\bincludeBuild\(\s*["']([^"']+)["']/g)].map((match) => path.posix.normalize(match[1]));
  return [...(repo.exists('buildSrc') ? ['buildSrc'] : []), ...included.filter((dir) => !dir.startsWith('..') && repo.exists(dir))];
}
