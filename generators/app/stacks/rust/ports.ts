/** Where a listen port was found: the value, the file, the text that shows it, and whether it binds loopback only. */
export interface PortFinding {
  port: number;
  file: string;
  snippet: string;
  how: string;
  loopbackOnly: boolean;
  /** The environment variable that overrides it, when the code reads one. */
  envVar: string | null;
  /** The variable holds a whole address (its fallback is "host:port"), so the image can set it to 0.0.0.0:port. */
  envIsAddress: boolean;
}

export interface RustSource {
  file: string;
  text: string;
}

// An address string: "0.0.0.0:8080", "127.0.0.1:3000", "[::]:80", "localhost:8000", ":8080".
const ADDR = String.raw`"(?<host>[\w.\[\]:-]*?):(?<port>\d{2,5})"`;
// A (host, port) tuple or array address: ("0.0.0.0", 8080), ([0, 0, 0, 0], 3000), (Ipv4Addr::UNSPECIFIED, 80).
const TUPLE = String.raw`\(\s*(?<tuple>"[\w.:\[\]-]*"|\[[\d,\s]+\]|[\w:]+)\s*,\s*(?<tport>\d{2,5})\s*\)`;
const ENV_READ = String.raw`env::var(?:_os)?\(\s*"(?<env>[A-Z0-9_]*(?:PORT|ADDR|LISTEN|BIND)[A-Z0-9_]*)"\s*\)`;
// What a fallback can look like after env::var(...): unwrap_or("8080".into()), unwrap_or_else(|_| "0.0.0.0:3000".to_string()), .parse().ok()…unwrap_or(7070).
const FALLBACK = String.raw`[\s\S]{0,160}?\.unwrap_or(?:_else)?\(\s*(?:\|[^|]*\|\s*)?(?:"(?:(?<fhost>[\w.\[\]-]*):)?(?<fport>\d{2,5})"|(?<fbare>\d{2,5})\b)`;

interface Pattern {
  how: string;
  regex: RegExp;
}

const PATTERNS: Pattern[] = [
  // env::var("PORT").unwrap_or_else(|_| "8080".to_string()) and its forms: the env name and the fallback.
  { how: 'environment fallback', regex: new RegExp(ENV_READ + FALLBACK) },
  // TcpListener::bind("0.0.0.0:8080") (std, tokio), HttpServer::bind("…") (actix), .bind("…") of any server.
  { how: 'listen address', regex: new RegExp(String.raw`\bbind\(\s*&?${ADDR}`) },
  // actix: .bind(("0.0.0.0", 8080)); std: TcpListener::bind(("0.0.0.0", 7070)).
  { how: 'listen address', regex: new RegExp(String.raw`\bbind\(\s*&?${TUPLE}`) },
  // axum/hyper/warp: SocketAddr::from(([0, 0, 0, 0], 3000)); warp::serve(routes).run(([0, 0, 0, 0], 3030)).
  { how: 'socket address', regex: new RegExp(String.raw`SocketAddr::from\(\s*${TUPLE}`) },
  { how: 'listen address', regex: new RegExp(String.raw`\.run\(\s*${TUPLE}`) },
  // "0.0.0.0:8080".parse::<SocketAddr>() and a const ADDR: &str = "0.0.0.0:8080".
  { how: 'listen address', regex: new RegExp(String.raw`${ADDR}\s*\.parse\b`) },
  { how: 'listen address', regex: new RegExp(String.raw`\b(?:const|static|let)\s+(?:mut\s+)?\w*(?:ADDR|addr|BIND|bind|LISTEN|listen)\w*\s*(?::\s*&(?:'static\s+)?str\s*)?=\s*${ADDR}`) },
  // const PORT: u16 = 8080;
  { how: 'port constant', regex: /\b(?:const|static)\s+(?<name>\w*PORT\w*)\s*:\s*u16\s*=\s*(?<bare>\d{2,5})\b/ },
];

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\]|::1|"127\.0\.0\.1"|"localhost"|\[127,\s*0,\s*0,\s*1\]|Ipv4Addr::LOCALHOST|Ipv6Addr::LOCALHOST)$/;

/** The line a match starts on, trimmed and cut short, for the evidence. */
function snippet(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? undefined : end).trim().slice(0, 70);
}

function findIn(source: RustSource): PortFinding | null {
  const text = source.text.replace(/^\s*\/\/.*$/gm, '');
  for (const { how, regex } of PATTERNS) {
    const match = regex.exec(text);
    if (!match) continue;
    const g = match.groups ?? {};
    const port = Number(g.port ?? g.tport ?? g.fport ?? g.fbare ?? g.bare);
    if (!port || port > 65535) continue;
    const host = (g.host ?? g.tuple ?? g.fhost ?? '').trim();
    return { port, file: source.file, snippet: snippet(text, match.index), how, loopbackOnly: LOOPBACK.test(host), envVar: g.env ?? portEnvVar([source]), envIsAddress: Boolean(g.env && g.fhost !== undefined) };
  }
  return null;
}

/** The port the program listens on: the first source (the binary's own file first) with a finding. */
export function findListenPort(sources: RustSource[]): PortFinding | null {
  for (const source of sources) {
    const found = findIn(source);
    if (found) return found;
  }
  return null;
}

/** The environment variable the code reads for its port or address, when it reads one. */
export function portEnvVar(sources: RustSource[]): string | null {
  for (const source of sources) {
    const env = /env::var(?:_os)?\(\s*"([A-Z][A-Z0-9_]*(?:PORT|ADDR|LISTEN|BIND)[A-Z0-9_]*)"\s*\)/.exec(source.text)?.[1];
    if (env) return env;
  }
  return null;
}

/** Whether the code serves the network at all (a listener, or a web framework's server). */
export function servesNetwork(sources: RustSource[]): boolean {
  return sources.some((source) => /\b(TcpListener|HttpServer|axum::serve|warp::serve|hyper::Server|rocket::build|#\[rocket::main\]|#\[launch\]|Server::bind|poem::Server|salvo::Server)\b/.test(source.text));
}
