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

// A field the attribute is on, past its other attributes and doc comments: `pub port: u16`, `socket_addr: SocketAddr`.
const FIELD = String.raw`\s*(?:(?:#\[[^\]]*\]|///[^\n]*)\s*)*(?:pub(?:\([^)]*\))?\s+)?(?<field>\w*(?:port|addr|bind|listen)\w*)\s*:`;
// A default written as an address or a port: "0.0.0.0:3000", "8080", or a bare 8080.
const QUOTED = String.raw`"(?:(?<host>[\w.\[\]:-]*):)?(?<port>\d{2,5})"`;
const DEFAULT = String.raw`(?:${QUOTED}|(?<bare>\d{2,5})\b)`;

/**
 * Command-line and settings defaults: a clap argument is how most Rust servers take their port, so its
 * default is the port the image runs with. Tried after the environment fallback, before listen calls.
 */
const DEFAULT_PATTERNS: Pattern[] = [
  // clap derive: #[arg(short, long, default_value = "8080", env = "APP_PORT")] port: u16 (also default_value_t, #[clap], #[structopt]).
  { how: 'command-line default', regex: new RegExp(String.raw`#\[(?:arg|clap|structopt)\((?<pre>[^\]]*?)\bdefault_value(?:_t)?\s*=\s*${DEFAULT}(?<post>[^\]]*)\]${FIELD}`) },
  // clap builder: Arg::new("port").long("port").default_value("8000"), before the next argument starts.
  { how: 'command-line default', regex: new RegExp(String.raw`Arg::(?:new|with_name)\(\s*"(?<field>[\w-]*(?:port|addr|bind|listen)[\w-]*)"\s*\)(?<pre>(?:(?!Arg::(?:new|with_name))[\s\S]){0,600}?)\.default_value\(\s*${QUOTED}\s*\)`) },
  // A settings struct's default (smart-default, educe): #[default(8536)] pub port: u16.
  { how: 'settings default', regex: new RegExp(String.raw`#\[default\(\s*${DEFAULT}\s*\)\]${FIELD}`) },
];

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\]|::1|"127\.0\.0\.1"|"localhost"|\[127,\s*0,\s*0,\s*1\]|Ipv4Addr::LOCALHOST|Ipv6Addr::LOCALHOST)$/;

/** The line a match starts on, trimmed and cut short, for the evidence. */
function snippet(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? undefined : end).trim().slice(0, 70);
}

/** The environment variable a clap argument reads: `env = "APP_PORT"` (derive) or `.env("APP_PORT")` (builder). */
function argumentEnv(text: string | undefined): string | null {
  return text ? /\benv\s*(?:=\s*|\(\s*)"([A-Z][A-Z0-9_]*)"/.exec(text)?.[1] ?? null : null;
}

/**
 * The code that a release build compiles: `#[cfg(test)]` modules and `#[test]` functions go, since
 * a test's listener (a mock server on some port) is not the program's. Braces are counted, which
 * a brace inside a string literal can throw off; the cut then only ends early or late in test code.
 */
export function withoutTests(text: string): string {
  const start = /#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{|#\[(?:\w+::)?test\]\s*(?:#\[[^\]]*\]\s*)*(?:async\s+)?fn\s+\w+[^{]*\{/g;
  let out = '';
  let from = 0;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    let depth = 1;
    let at = match.index + match[0].length;
    for (; at < text.length && depth > 0; at++) {
      if (text[at] === '{') depth++;
      else if (text[at] === '}') depth--;
    }
    out += text.slice(from, match.index);
    from = at;
    start.lastIndex = at;
  }
  return out + text.slice(from);
}

function findIn(source: RustSource): PortFinding | null {
  const text = withoutTests(source.text.replace(/^\s*\/\/.*$/gm, ''));
  for (const { how, regex } of [PATTERNS[0], ...DEFAULT_PATTERNS, ...PATTERNS.slice(1)]) {
    const match = regex.exec(text);
    if (!match) continue;
    const g = match.groups ?? {};
    const port = Number(g.port ?? g.tport ?? g.fport ?? g.fbare ?? g.bare);
    if (!port || port > 65535) continue;
    const host = (g.host ?? g.tuple ?? g.fhost ?? '').trim();
    const env = g.env ?? argumentEnv(g.pre) ?? argumentEnv(g.post);
    return {
      port,
      file: source.file,
      // A multi-line attribute's first line says nothing: name the field and its default instead.
      snippet: g.field ? `${g.field}: default ${g.host ? `${g.host}:` : ''}${port}${env ? `, env ${env}` : ''}` : snippet(text, match.index),
      how,
      loopbackOnly: LOOPBACK.test(host),
      envVar: env ?? portEnvVar([source]),
      // A clap address argument (`default_value = "127.0.0.1:3000"`, env = …) holds the whole address too.
      envIsAddress: Boolean(env && (g.fhost ?? g.host) !== undefined),
    };
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

/**
 * A listener bound to loopback with the port from a variable: `TcpListener::bind(&format!("127.0.0.1:{port}"))`,
 * `.bind(("127.0.0.1", port))`. The port is found elsewhere (a constant, an argument); this says that
 * nothing outside the container reaches it.
 */
export function loopbackBind(sources: RustSource[]): { file: string; snippet: string } | null {
  const pattern = /\bbind\(\s*&?(?:format!\(\s*"(?:127\.0\.0\.1|localhost|\[::1\]):\{|\(\s*"(?:127\.0\.0\.1|localhost)"\s*,\s*[a-z_])/;
  for (const source of sources) {
    const text = withoutTests(source.text.replace(/^\s*\/\/.*$/gm, ''));
    const match = pattern.exec(text);
    if (match) return { file: source.file, snippet: snippet(text, match.index) };
  }
  return null;
}

/** Whether the code serves the network at all (a listener, or a web framework's server), outside its tests. */
export function servesNetwork(sources: RustSource[]): boolean {
  return sources.some((source) => /\b(TcpListener|HttpServer|axum::serve|warp::serve|hyper::Server|rocket::build|#\[rocket::main\]|#\[launch\]|Server::bind|poem::Server|salvo::Server|rocket::custom|Server::builder)\b/.test(withoutTests(source.text)));
}
