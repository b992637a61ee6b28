/**
 * Reads a failed `docker build` log: did it fail because this machine cannot reach something (a module
 * proxy, a registry, a release page, a package missing from the local mirrors), or because of the
 * Dockerfile? Judged from what the log says, never from a list of repositories.
 */

export interface BuildFailure {
  /** What could not be reached, when the failure is the network's; null when the build itself failed. */
  offline: string | null;
  /** The lines that say why, for the scorecard. */
  reason: string;
}

type Rule = [pattern: RegExp, describe: (m: RegExpMatchArray) => string];

const OFFLINE_RULES: Rule[] = [
  // A base image with no local stand-in: the build would pull it from a registry.
  [/no stand-in for image (\S+)/, (m) => `base image ${m[1]} (registry)`],
  [/failed to (?:resolve source metadata|load metadata) for ([^\s:]+(?::[^\s:]+)?)/, (m) => `base image ${m[1]} (registry)`],
  [/pull access denied for (\S+?),/, (m) => `base image ${m[1]} (registry)`],
  // The python:3.11-slim-trixie stand-in is Debian bookworm inside (trixie packages no CPython 3.11; see
  // test/e2e/standins/ensure.sh): a trixie-only package name (libldap2) is missing there, not in the real image.
  [/python:3\.11-slim-trixie[\s\S]*?E: (?:Unable to locate package |Package '?)([\w.+-]+)/, (m) => `Debian trixie package ${m[1]} (the python:3.11-slim-trixie stand-in is bookworm inside)`],
  // Go: the module proxy (or a VCS host) by name.
  [/go: (?:downloading )?([\w.\-/~]+@v[\w.\-+]+)[^\n]*(?:dial tcp|no such host|i\/o timeout|connection refused)/, (m) => `Go module ${m[1]} (module proxy)`],
  [/go: ([\w.\-/~]+)@[\w.\-+]+: (?:Get|reading|verifying)[^\n]*(?:dial tcp|no such host|i\/o timeout)/, (m) => `Go module ${m[1]} (module proxy)`],
  [/go: downloading (go1[\d.]+)[^\n]*\n[^\n]*(?:dial tcp|no such host)/, (m) => `Go toolchain ${m[1]}`],
  // Python: the local PEP 503 mirror lacks a distribution.
  [/No matching distribution found for ([^\s]+)/, (m) => `Python package ${m[1]} (not in the local PyPI mirror)`],
  [/Because (\S+) was not found in the package registry/, (m) => `Python package ${m[1]} (not in the local PyPI mirror)`],
  [/(?:Because|and) (?:only )?(\S+?)(?:[<>=!~][^\s]*)? (?:is|are) (?:not available|available)[^\n]*\n[^\n]*unsatisfiable/, (m) => `Python package ${m[1]} (version not in the local PyPI mirror)`],
  // Maven: an artifact or plugin the local mirror does not hold.
  [/Could not (?:find|transfer|resolve) artifact ([\w.\-]+:[\w.\-]+:[\w.\-]+(?::[\w.\-]+)?)/, (m) => `Maven artifact ${m[1]} (not in the local Maven mirror)`],
  [/Non-resolvable (?:parent|import) POM[^\n]*?([\w.\-]+:[\w.\-]+:[\w.\-]+)/, (m) => `Maven POM ${m[1]} (not in the local Maven mirror)`],
  [/Plugin ([\w.\-]+:[\w.\-]+:[\w.\-]+) or one of its dependencies could not be resolved/, (m) => `Maven plugin ${m[1]} (not in the local Maven mirror)`],
  [/Could not resolve dependencies for project[^\n]*?: (?:The following artifacts could not be resolved: )?([\w.\-]+:[\w.\-]+:[\w.\-:]+)/, (m) => `Maven artifact ${m[1]} (not in the local Maven mirror)`],
  [/Unresolveable build extension[^\n]*?([\w.\-]+:[\w.\-]+:[\w.\-]+)/, (m) => `Maven extension ${m[1]} (not in the local Maven mirror)`],
  // Gradle and Maven wrappers download their distribution from a release page.
  [/Downloading (https?:\/\/[^\s]*gradle-[\d.]+-(?:bin|all)\.zip)/, (m) => `Gradle distribution ${m[1]}`],
  [/(https?:\/\/[^\s]*apache-maven[^\s]*\.zip)/, (m) => `Maven distribution ${m[1]}`],
  [/Could not resolve all (?:files|dependencies) for configuration[^\n]*\n(?:[^\n]*\n){0,3}?[^\n]*Could not (?:find|resolve) ([\w.\-]+:[\w.\-]+:[\w.\-]+)/, (m) => `Gradle dependency ${m[1]} (no Maven repository reachable)`],
  [/Plugin \[id: '([^']+)'(?:, version: '([^']+)')?\] was not found/, (m) => `Gradle plugin ${m[1]}${m[2] ? ` ${m[2]}` : ''} (plugin portal)`],
  // Node: a host npm, corepack, node-gyp or a prebuilt-binary download could not reach.
  [/(?:getaddrinfo|request to https?:\/\/)[^\n]*?(?:ENOTFOUND|EAI_AGAIN) ([\w.\-]+)/, (m) => `download from ${m[1]}`],
  [/(?:request to|GET) (https?:\/\/[^\s]+) failed, reason: (?:getaddrinfo )?(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED)/, (m) => `download from ${m[1]}`],
  // Anything else that names a host it could not resolve (curl, wget, apt, pip, JVM).
  [/Could not resolve host:? '?([\w.\-]+)/, (m) => `download from ${m[1]}`],
  [/UnknownHostException: ([\w.\-]+)/, (m) => `download from ${m[1]}`],
  [/dial tcp: lookup ([\w.\-]+)[^\n]*no such host/, (m) => `download from ${m[1]}`],
  [/Failed to (?:establish a new connection|resolve)[^\n]*?(?:host='|\()([\w.\-]+)/, (m) => `download from ${m[1]}`],
  [/Temporary failure (?:in name )?resolv\w*[^\n]*?'?([\w.\-]+\.[a-z]{2,})'?/, (m) => `download from ${m[1]}`],
];

/** Hosts that are this machine's own: a failure to reach them is a test-setup problem, not the network. */
const LOCAL = /^(127\.|localhost$)/;

export function classifyBuildLog(log: string): BuildFailure {
  for (const [pattern, describe] of OFFLINE_RULES) {
    const match = log.match(pattern);
    if (!match) continue;
    const what = describe(match);
    const host = /from ([\w.\-]+)$/.exec(what)?.[1];
    if (host && LOCAL.test(host)) continue;
    return { offline: what, reason: lineAround(log, match.index ?? 0) };
  }
  return { offline: null, reason: lastError(log) };
}

function lineAround(log: string, index: number): string {
  const start = log.lastIndexOf('\n', index) + 1;
  const end = log.indexOf('\n', index);
  return log.slice(start, end === -1 ? undefined : end).trim().slice(0, 300);
}

/** The build's own error lines: BuildKit's "ERROR"/"error:" summary and the failing step's last output. */
function lastError(log: string): string {
  const lines = log.split('\n').map((l) => l.replace(/^#\d+ [\d.]+ /, '').trim()).filter(Boolean);
  const summary = lines.filter((l) => /error|failed|not found|cannot|unable/i.test(l) && !/^(-+|=+)$/.test(l));
  return (summary.slice(-3).join(' | ') || lines.slice(-3).join(' | ')).slice(0, 400);
}
