import type { Repo } from '../../core/repo.js';
import { configFilesRead } from './config-files.js';
import type { GoSource } from './sources.js';

/** Where a listen port was found: the value, the file, the text that shows it, and what it binds. */
export interface PortFinding {
  port: number;
  file: string;
  snippet: string;
  loopbackOnly: boolean;
  /** How the port was given (a literal, a flag default, an env fallback, a config default). */
  how: string;
  /** The environment variable that overrides it, when the code names one. */
  envVar: string | null;
}

interface PortPattern {
  how: string;
  /** Named groups: port (or port2, bare), host (or host2), name (the flag or field: skips debug and other endpoints), env. */
  regex: RegExp;
}

// An address literal: optional host, then :port; or a bare port number in quotes or not.
const ADDR = String.raw`"(?<host>[\w.\[\]:-]*?):(?<port>\d{2,5})"`;
const PORT_OR_ADDR = String.raw`(?:"(?:(?<host>[\w.\[\]:-]*?):)?(?<port>\d{2,5})"|(?<bare>\d{2,5})\b)`;
// Names that say "this is where the service listens".
const LISTEN_NAME = /port|addr|listen|bind|host|http|web/i;
// A profiler or debug side listener is not the service port.
const SIDE_LISTENER = /pprof|profil|debug/i;
// Ports of what the service connects to (DBPort: 5432), or its TLS twin, are not where plain HTTP listens.
const OTHER_ENDPOINT = /db|database|sql|postgres|redis|mongo|smtp|mail|ssl|tls/i;

const PATTERNS: PortPattern[] = [
  { how: 'listen address', regex: new RegExp(String.raw`ListenAndServe(?:TLS)?\(\s*${ADDR}`) },
  { how: 'listen address', regex: new RegExp(String.raw`net\.Listen\(\s*"tcp[46]?"\s*,\s*${ADDR}`) },
  { how: 'server address', regex: new RegExp(String.raw`\bAddr:\s*${ADDR}`) },
  { how: 'listen address', regex: new RegExp(String.raw`\.(?:Run|Start|Listen)\(\s*${ADDR}`) },
  // flag.String("addr", ":9000", …), flag.IntVar(&port, "port", 8080, …), pflag StringVarP(&a, "addr", "a", ":80", …)
  {
    how: 'flag default',
    regex: new RegExp(String.raw`\.(?:String|Int|Uint)(?:Var)?P?\(\s*(?:&[\w.]+\s*,\s*)?"(?<name>[\w.-]+)"\s*,\s*(?:"\w?"\s*,\s*)?${PORT_OR_ADDR}`),
  },
  // flag.StringVar(&port, "port", envOr("APP_PORT", "80"), …): the env helper inside the flag default
  {
    how: 'flag default from an environment helper',
    regex: new RegExp(String.raw`\.String(?:Var)?P?\(\s*(?:&[\w.]+\s*,\s*)?"(?<name>[\w.-]+)"\s*,\s*\w+\(\s*"(?<env>[A-Z][A-Z0-9_]*)"\s*,\s*${PORT_OR_ADDR}\s*\)`),
  },
  // kingpin: Flag("web.listen-address", …).Default(":9100"); exporter-toolkit AddFlags(app, ":9100")
  { how: 'flag default', regex: new RegExp(String.raw`\.Flag\(\s*"(?<name>[\w.-]+)"[^)]*\)\s*\.Default\(\s*${ADDR}`) },
  { how: 'flag default', regex: new RegExp(String.raw`AddFlags\(\s*[\w.]+\s*,\s*${ADDR}`) },
  // urfave/cli: &cli.StringFlag{Name: "listener", Value: "127.0.0.1:8080"}
  { how: 'flag default', regex: new RegExp(String.raw`Name:\s*"(?<name>[\w.-]+)",[^{}]*?Value:\s*${PORT_OR_ADDR}`) },
  // getEnv("PORT", "8080") and similar helpers
  { how: 'environment fallback', regex: new RegExp(String.raw`\b\w+\(\s*"(?<env>[A-Z0-9_]*(?:PORT|ADDR|LISTEN)[A-Z0-9_]*)"\s*,\s*${PORT_OR_ADDR}\s*\)`) },
  // config struct tags: `conf:"default:0.0.0.0:3000"`, `envDefault:"8080"`, `default:"8080"`
  {
    how: 'config default',
    regex: new RegExp(String.raw`^\s*(?<name>\w+)\s+[\w.*]+\s+\x60[^\x60\n]*?(?:conf:"[^"\n]*?default:(?:(?<host>[\w.\[\]-]*):)?(?<port>\d{2,5})[",;]|(?:envDefault|default):"(?:(?<host2>[\w.\[\]-]*):)?(?<port2>\d{2,5})")`, 'm'),
  },
  // a config struct literal: Server{Port: 80}
  { how: 'config default', regex: /\b(?<name>(?:\w*Port|Listen\w*|Addr\w*)):\s*(?<bare>\d{2,5})\b/ },
  // port := os.Getenv("PORT"); if port == "" { port = "8080" }
  { how: 'environment fallback', regex: /()(?<name>port|PORT|Port)\s*(?::=|=)\s*"(?<port>\d{2,5})"/ },
];

/** The environment variable in a struct tag or cli flag next to the match (`env:"PORT"`, EnvVars: []string{"LISTENER"}). */
function nearbyEnv(text: string, index: number): string | null {
  const line = text.slice(index, text.indexOf('\n', index) + 1 || undefined);
  const tag = /\benv:"(\w+)"/.exec(line)?.[1];
  if (tag) return tag;
  return /EnvVars:\s*\[\]string\{\s*"(\w+)"/.exec(text.slice(index, index + 300))?.[1] ?? null;
}

/**
 * Whether this is not the service's listener: a profiler, debug or other endpoint whose flag or field
 * name says so (debug-addr, DBPort, SSLPort), or, for a
 * bare ListenAndServe(":6060"), its line or the lines just above it (`if s.profilerEnabled {`).
 */
function isSideListener(text: string, index: number, name: string | undefined, how: string): boolean {
  if (name) return SIDE_LISTENER.test(name) || OTHER_ENDPOINT.test(name);
  const line = text.slice(index, text.indexOf('\n', index) + 1 || undefined);
  if (SIDE_LISTENER.test(line)) return true;
  if (how !== 'listen address') return false;
  const before = text.slice(Math.max(0, index - 200), index).split('\n').slice(-3).join('\n');
  return SIDE_LISTENER.test(before);
}

function findIn(source: GoSource): PortFinding | null {
  for (const { how, regex } of PATTERNS) {
    const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
    for (const match of source.text.matchAll(global)) {
      const groups = match.groups ?? {};
      const port = Number(groups.port ?? groups.port2 ?? groups.bare);
      const name = groups.name;
      if (!port || port > 65535) continue;
      if (name && how !== 'environment fallback' && !LISTEN_NAME.test(name)) continue;
      if (isSideListener(source.text, match.index, name, how)) continue;
      const host = groups.host ?? groups.host2 ?? '';
      return {
        port,
        file: source.file,
        snippet: match[0].trim().replace(/\s+/g, ' '),
        loopbackOnly: host === '127.0.0.1' || host === 'localhost',
        how,
        envVar: groups.env ?? nearbyEnv(source.text, match.index),
      };
    }
  }
  return null;
}

/**
 * The service's listen port in `sources` (the main package's own files first, then the packages it
 * imports), as the code gives it: a literal, a flag default, an environment fallback or a config default.
 */
export function findListenPort(sources: GoSource[], mainDir: string): PortFinding | null {
  const ordered = [...sources].sort((a, b) => Number(b.dir === mainDir) - Number(a.dir === mainDir));
  for (const source of ordered) {
    const found = findIn(source);
    if (found) return found;
  }
  return null;
}

/** An environment variable the sources name for the port (`"APP_PORT"`), for the low-port note. */
export function portEnvVar(sources: GoSource[]): string | null {
  for (const source of sources) {
    for (const match of source.text.matchAll(/"([A-Z][A-Z0-9_]*PORT)"/g)) {
      if (!/SSL|TLS|DEBUG|DB|DATABASE|REDIS|SMTP|MAIL/.test(match[1])) return match[1];
    }
  }
  return null;
}

const CONFIG_PORT_LINE = /^\s*"?(?:http_?|server_?|listen_?|app_?)?(?:port|listen|addr(?:ess)?)"?\s*[=:]\s*"?(?:(?<host>[\w.]*):)?(?<port>\d{2,5})"?\s*,?\s*$/im;

/**
 * A port set in a config file the program opens by its relative path (`ini.Load("conf/app.ini")` and
 * conf/app.ini says `HttpPort = 8000`): the code only reads it, so no pattern above sees a number.
 */
export function findConfigPort(repo: Repo, sources: GoSource[]): PortFinding | null {
  for (const file of configFilesRead(repo, sources)) {
    const match = CONFIG_PORT_LINE.exec(repo.read(file));
    if (!match?.groups) continue;
    const host = match.groups.host ?? '';
    return {
      port: Number(match.groups.port),
      file,
      snippet: match[0].trim(),
      loopbackOnly: host === '127.0.0.1' || host === 'localhost',
      how: 'a config file the program reads from its working folder',
      envVar: null,
    };
  }
  return null;
}
