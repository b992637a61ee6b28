import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../../core/errors.js';

/** What the Java stack needs from one pom.xml. */
export interface Pom {
  file: string;
  groupId: string | null;
  artifactId: string | null;
  version: string | null;
  packaging: string;
  parent: { groupId: string; artifactId: string; version: string | null } | null;
  properties: Record<string, string>;
  modules: string[];
  /** groupId:artifactId of every dependency (dependencies and dependencyManagement). */
  dependencies: Array<{ groupId: string; artifactId: string; version: string | null; scope: string }>;
  plugins: Array<{ groupId: string; artifactId: string; version: string | null; configuration: Record<string, unknown>; managed: boolean }>;
  /** Build profiles: their id and the artifactIds of the plugins they apply. */
  profiles: Array<{ id: string; plugins: string[] }>;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => ['module', 'dependency', 'plugin', 'transformer', 'execution', 'rule', 'profile'].includes(name) });

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null);
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value]) as T[];
const obj = (value: unknown): Record<string, any> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : {});

/** Parses a pom.xml; malformed XML is a UserError naming the file, line and fix. */
export function parsePom(xml: string, file = 'pom.xml'): Pom {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UserError(`${file}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). Fix: correct the XML (mvn validate shows the same problem).`);
  }
  const project = obj(parser.parse(xml).project);
  if (!Object.keys(project).length) throw new UserError(`${file}: no <project> element. Fix: a pom.xml must have <project> as its root element.`);
  const parent = obj(project.parent);
  const build = obj(project.build);
  const managed = new Set(list<any>(obj(obj(build.pluginManagement).plugins).plugin));
  const plugins = [...list<any>(obj(build.plugins).plugin), ...managed].map((p) => ({
    managed: managed.has(p),
    groupId: text(obj(p).groupId) ?? 'org.apache.maven.plugins',
    artifactId: text(obj(p).artifactId) ?? '',
    version: text(obj(p).version),
    // An execution's configuration (shade's transformers usually sit there) counts as the plugin's own.
    configuration: Object.assign({}, ...list<any>(obj(obj(p).executions).execution).map((e) => obj(obj(e).configuration)), obj(obj(p).configuration)),
  }));
  const deps = [...list<any>(obj(project.dependencies).dependency), ...list<any>(obj(obj(project.dependencyManagement).dependencies).dependency).map((d) => ({ ...obj(d), scope: 'managed' }))].map((d) => ({
    groupId: text(obj(d).groupId) ?? '',
    artifactId: text(obj(d).artifactId) ?? '',
    version: text(obj(d).version),
    scope: text(obj(d).scope) ?? 'compile',
  }));
  const properties = Object.fromEntries(Object.entries(obj(project.properties)).map(([k, v]) => [k, text(v) ?? '']));
  return {
    file,
    groupId: text(project.groupId) ?? text(parent.groupId),
    artifactId: text(project.artifactId),
    version: text(project.version) ?? text(parent.version),
    packaging: text(project.packaging) ?? 'jar',
    parent: text(parent.artifactId) ? { groupId: text(parent.groupId) ?? '', artifactId: text(parent.artifactId)!, version: text(parent.version) } : null,
    properties,
    modules: list<unknown>(obj(project.modules).module).map(text).filter((m): m is string => Boolean(m)),
    dependencies: deps,
    plugins,
    profiles: list<any>(obj(project.profiles).profile).map((profile) => ({
      id: text(obj(profile).id) ?? '',
      plugins: list<any>(obj(obj(obj(profile).build).plugins).plugin).map((p) => text(obj(p).artifactId) ?? ''),
    })),
  };
}

/**
 * Expands ${name} from the poms' properties, the first pom that defines a name winning (a module before
 * its parent). Properties may name other properties (`<maven.compiler.release>${java.version}</…>`), so
 * it repeats, a few rounds at most; what stays unresolved (a parent outside the repo) gives null.
 */
export function expand(value: string | null, ...poms: Pom[]): string | null {
  if (!value) return value;
  let result = value;
  for (let round = 0; round < 5 && result.includes('${'); round++) {
    result = result.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const owner = poms.find((pom) => pom.properties[name] !== undefined);
      if (owner) return owner.properties[name];
      return name === 'project.version' ? poms[0]?.version ?? whole : whole;
    });
  }
  return result.includes('${') ? null : result;
}

/** A plugin the build applies (pluginManagement entries only with `managed`: they only configure). */
export function plugin(pom: Pom, artifactId: string, managed = false) {
  return pom.plugins.find((p) => p.artifactId === artifactId && (managed || !p.managed)) ?? null;
}

/** Finds a key anywhere inside a plugin configuration (mainClass sits at different depths). */
export function deepFind(config: unknown, key: string): string | null {
  if (!config || typeof config !== 'object') return null;
  for (const [k, v] of Object.entries(config as Record<string, unknown>)) {
    if (k === key && text(v)) return text(v);
    const inner = deepFind(v, key);
    if (inner) return inner;
  }
  return null;
}
