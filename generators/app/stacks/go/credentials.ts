import path from 'node:path';
import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { NETRC_TARGET, netrcSecret, urlHost, type BuildSecret } from '../../core/secrets.js';

/** The go command's settings that say where modules come from and which ones skip the public services. */
const SETTINGS = ['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const;
type Setting = (typeof SETTINGS)[number];

/** Proxies anyone can read: a GOPROXY naming only these (and direct/off) declares nothing private. */
const PUBLIC_PROXIES = new Set(['proxy.golang.org', 'goproxy.io', 'goproxy.cn', 'proxy.golang.com.cn', 'mirrors.aliyun.com']);


export interface GoModuleSetting {
  name: Setting;
  value: string;
  /** The repository file that declares it. */
  file: string;
}

export interface GoModuleSources {
  /** The non-secret settings the download needs, as the repository declares them: the deps stage's ENV. */
  settings: GoModuleSetting[];
  secrets: BuildSecret[];
}

type Kind = 'assignment' | 'yaml' | 'dockerfile';

/** Where a repository declares its module sources, most specific first: the first declaration of a setting wins. */
function declaringFiles(repo: Repo): Array<{ file: string; kind: Kind }> {
  // testdata/ holds inputs of Go's own tests, not settings of this build.
  const files = repo.files().filter((file) => !/(^|\/)testdata\//.test(file));
  const base = (file: string) => path.posix.basename(file);
  const pick = (test: (file: string) => boolean, kind: Kind) => files.filter(test).map((file) => ({ file, kind }));
  return [
    ...pick((file) => file === 'go.env' || file === '.envrc', 'assignment'),
    ...pick((file) => /^(GNUm|M|m)akefile$/.test(base(file)) || file.endsWith('.mk'), 'assignment'),
    ...pick((file) => file.endsWith('.sh') || file.endsWith('.bash'), 'assignment'),
    ...pick((file) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file) || file === '.gitlab-ci.yml', 'yaml'),
    ...pick((file) => /^(Dockerfile|Containerfile)(\..+)?$/.test(base(file)) || file.endsWith('.Dockerfile'), 'dockerfile'),
  ];
}

/** `KEY=value` pairs of one line, as each kind of file writes them. */
function pairsOf(line: string, kind: Kind): Array<[string, string]> {
  const unquote = (value: string) => value.trim().replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2').trim();
  if (kind === 'yaml') {
    const match = /^\s*-?\s*(GO[A-Z]+)\s*:\s*(\S.*)$/.exec(line);
    return match ? [[match[1], unquote(match[2])]] : [];
  }
  if (kind === 'dockerfile') {
    const env = /^\s*ENV\s+(.+)$/i.exec(line)?.[1];
    if (!env) return [];
    const legacy = /^(GO[A-Z]+)\s+([^=\s]+)\s*$/.exec(env);
    if (legacy) return [[legacy[1], unquote(legacy[2])]];
    return [...env.matchAll(/(GO[A-Z]+)=("[^"]*"|'[^']*'|\S+)/g)].map((match) => [match[1], unquote(match[2])]);
  }
  // `go env -w GOPRIVATE=a GONOSUMDB=b` in a script writes the user's go.env: the same declaration.
  const goEnv = /\bgo\s+env\s+-w\s+(.+)$/.exec(line)?.[1];
  if (goEnv) return [...goEnv.matchAll(/(GO[A-Z]+)=("[^"]*"|'[^']*'|[^\s;&|]+)/g)].map((match) => [match[1], unquote(match[2])]);
  const assignment = /^\s*(?:export\s+)?(GO[A-Z]+)\s*[:?]?=\s*(.*)$/.exec(line);
  return assignment ? [[assignment[1], unquote(assignment[2])]] : [];
}

/** GOPROXY entries (comma or pipe separated) that are neither public proxies nor `direct`/`off`. */
function privateProxies(value: string): string[] {
  return value
    .split(/[,|]/)
    .map((entry) => entry.trim())
    // file:// proxies (test setups) and direct/off name no server a login could be for.
    .filter((entry) => /^https?:\/\//i.test(entry))
    .filter((entry) => {
      const host = urlHost(entry, 'host')?.replace(/:\d+$/, '');
      return host !== undefined && !PUBLIC_PROXIES.has(host);
    });
}

/** Go's module path patterns: each glob matches a prefix of the path, element by element (path.Match). */
export function matchesModuleGlobs(globs: string, module: string): boolean {
  const parts = module.split('/');
  return globs
    .split(',')
    .map((glob) => glob.trim())
    .filter(Boolean)
    .some((glob) => {
      const elements = glob.split('/');
      if (elements.length > parts.length) return false;
      return elements.every((element, index) => elementRegex(element).test(parts[index]));
    });
}

function elementRegex(element: string): RegExp {
  const body = element.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Every declared setting, first declaration wins; a login written in a proxy URL is refused. */
function declaredSettings(repo: Repo): GoModuleSetting[] {
  const settings: GoModuleSetting[] = [];
  for (const { file, kind } of declaringFiles(repo)) {
    for (const line of (repo.readIfExists(file) ?? '').split(/\r?\n/)) {
      if (/^\s*#/.test(line)) continue;
      for (const [name, value] of pairsOf(line, kind)) {
        if (!(SETTINGS as readonly string[]).includes(name) || !value) continue;
        // A variable or CI expression: its value is on some machine, not in the repository.
        if (/[$`{}]/.test(value)) continue;
        if (name === 'GOPROXY') {
          const withLogin = value.split(/[,|]/).find((entry) => /^[a-z]+:\/\/[^/@]+@/i.test(entry.trim()));
          if (withLogin) {
            const host = urlHost(withLogin.trim(), 'host') ?? 'the proxy';
            throw new UserError(
              `${file}: GOPROXY has a login written in its URL for ${host}, and that login would be baked into the image. Fix: drop it from the URL (GOPROXY=https://${host}/...) and put \`machine ${host} login … password …\` in $HOME/.netrc; the download then gets it as the build secret netrc.`,
            );
          }
          if (privateProxies(value).length === 0) continue;
        }
        if (!settings.some((setting) => setting.name === name)) settings.push({ name: name as Setting, value, file });
      }
    }
  }
  return settings;
}

/**
 * The private module sources the repository itself declares (a non-public GOPROXY, GOPRIVATE /
 * GONOPROXY / GONOSUMDB globs, in a Makefile, .envrc, go.env, a `go env -w` script, CI or a
 * Dockerfile). A module path alone cannot tell private from public (vanity domains are public), so
 * nothing is assumed without such a line. The settings become the deps stage's ENV, and the download
 * mounts the build host's ~/.netrc: required when go.mod requires a module the globs name.
 */
export function goModuleSources(repo: Repo, requires: string[], evidence: string[]): GoModuleSources {
  const settings = declaredSettings(repo);
  if (settings.length === 0) return { settings: [], secrets: [] };
  const globs = settings.filter((setting) => setting.name !== 'GOPROXY').map((setting) => setting.value).join(',');
  const privateRequires = globs ? requires.filter((module) => matchesModuleGlobs(globs, module)) : [];
  const required = privateRequires.length > 0;
  const proxy = settings.find((setting) => setting.name === 'GOPROXY');
  const hosts = proxy ? privateProxies(proxy.value).map((entry) => urlHost(entry, 'host') ?? entry) : [];
  const byFile = [...new Set(settings.map((setting) => setting.file))].map((file) =>
    `${file}: ${settings.filter((setting) => setting.file === file).map((setting) => `${setting.name}=${setting.value}`).join(', ')}`,
  );
  const need = required
    ? `required: go.mod requires ${privateRequires.join(', ')}`
    : 'optional: no go.mod requirement matches the private globs';
  evidence.push(`${byFile.join('; ')}: private module sources; the deps stage sets them, and go mod download mounts $HOME/.netrc as the build secret netrc (${need})`);
  const machine = hosts.length ? `machine ${hosts[0]}` : 'machine <host>';
  const from = hosts.length ? `the proxy ${hosts.join(', ')}` : `the hosts of ${globs}`;
  return {
    settings,
    secrets: [
      netrcSecret(required, `${[...new Set(settings.map((setting) => setting.file))].join(', ')} declares private module sources; go mod download reads the login for ${from} (\`${machine} login … password …\`) from your $HOME/.netrc, mounted at ${NETRC_TARGET} for the download only${required ? '' : ' (optional: sources without login download without it)'}.`),
    ],
  };
}
