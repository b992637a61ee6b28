import { findListenPort, loopbackBind, servesNetwork, withoutTests } from '../../generators/app/stacks/rust/ports.js';

const find = (text: string) => findListenPort([{ file: 'src/main.rs', text }]);

describe('Rust listen ports', () => {
  it.each([
    ['std::net::TcpListener::bind("0.0.0.0:8080")', 8080, 'listen address'],
    ['let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;', 3000, 'listen address'],
    ['HttpServer::new(|| App::new()).bind(("0.0.0.0", 8081))?.run().await', 8081, 'listen address'],
    ['let addr = SocketAddr::from(([0, 0, 0, 0], 3000));', 3000, 'socket address'],
    ['warp::serve(routes).run(([0, 0, 0, 0], 3030)).await;', 3030, 'listen address'],
    ['let addr: SocketAddr = "0.0.0.0:4000".parse().unwrap();', 4000, 'listen address'],
    ['const PORT: u16 = 5050;', 5050, 'port constant'],
    ['let port = env::var("PORT").unwrap_or_else(|_| "8080".to_string());', 8080, 'environment fallback'],
    ['let port: u16 = std::env::var("APP_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(9000);', 9000, 'environment fallback'],
  ])('%s', (text, port, how) => {
    expect(find(text)).toMatchObject({ port, how });
  });

  it('names the environment variable that moves the port', () => {
    expect(find('let port = env::var("HTTP_PORT").unwrap_or("7000".into());')?.envVar).toBe('HTTP_PORT');
  });

  it('takes a fallback only for a port-like variable, not WORKERS or TIMEOUT', () => {
    expect(find('let timeout = env::var("TIMEOUT").unwrap_or("30".into());')).toBeNull();
  });

  it('flags a loopback bind, which the container would not answer on', () => {
    expect(find('TcpListener::bind("127.0.0.1:8080")')).toMatchObject({ port: 8080, loopbackOnly: true });
    expect(find('.bind(("127.0.0.1", 8080))')).toMatchObject({ loopbackOnly: true });
    expect(find('TcpListener::bind("0.0.0.0:8080")')).toMatchObject({ loopbackOnly: false });
  });

  it('tells an address variable (its fallback is host:port) from a port variable', () => {
    expect(find('env::var("ADDRESS").unwrap_or_else(|_| "127.0.0.1:8000".into())')).toMatchObject({ envVar: 'ADDRESS', envIsAddress: true, loopbackOnly: true });
    expect(find('env::var("PORT").unwrap_or_else(|_| "8080".into())')).toMatchObject({ envVar: 'PORT', envIsAddress: false });
  });

  it('ignores commented-out listeners', () => {
    expect(find('// TcpListener::bind("0.0.0.0:8080")\nfn main() {}')).toBeNull();
  });

  it('tells a server from a command-line program', () => {
    expect(servesNetwork([{ file: 'a.rs', text: 'axum::serve(listener, app)' }])).toBe(true);
    expect(servesNetwork([{ file: 'a.rs', text: 'println!("hi")' }])).toBe(false);
  });

  it.each([
    ['#[arg(short, long, default_value = "8080", env = "APP_PORT")]\npub port: u16,', 8080, 'APP_PORT', false],
    ['#[arg(\n    long = "port",\n    default_value_t = 9100\n)]\n/// documented\n#[serde(default)]\nport: u16,', 9100, null, false],
    ['#[clap(long, default_value = "127.0.0.1:7700", env = "APP_ADDR")]\npub http_addr: String,', 7700, 'APP_ADDR', true],
    ['#[arg(name = "SOCKET_ADDR", default_value = "0.0.0.0:3000")]\nsocket_addr: SocketAddr,', 3000, null, false],
    ['Arg::new("port")\n    .long("port")\n    .env("SHARE_PORT")\n    .default_value("8000")', 8000, 'SHARE_PORT', false],
    ['#[default(8536)]\npub port: u16,', 8536, null, false],
  ])('reads a command-line or settings default: %s', (text, port, envVar, envIsAddress) => {
    expect(find(text)).toMatchObject({ port, envVar, envIsAddress });
  });

  it('takes a default only for a field or argument that names a port or an address', () => {
    expect(find('#[arg(long, default_value = "8080")]\npub workers: usize,')).toBeNull();
    expect(find('Arg::new("threads").default_value("16")\nArg::new("port").long("port")')).toBeNull();
    expect(find('#[default(8536)]\npub retries: u16,')).toBeNull();
  });

  it('skips test modules and test functions: their listeners are not the program\'s', () => {
    const text = 'pub const PORT: u16 = 7400;\n#[cfg(test)]\n#[allow(unused)]\nmod tests {\n  #[test]\n  fn t() { TcpListener::bind("127.0.0.1:18085").unwrap(); }\n}\n';
    expect(find(text)).toMatchObject({ port: 7400, how: 'port constant' });
    expect(find('#[tokio::test]\nasync fn serves() { let l = TcpListener::bind("0.0.0.0:9999").await; }\nfn main() {}')).toBeNull();
    expect(withoutTests('a\n#[cfg(test)]\nmod t { fn f() { if x { y } } }\nb')).toBe('a\n\nb');
  });

  it('counts Rocket\'s rocket::custom and a tonic Server::builder as serving', () => {
    expect(servesNetwork([{ file: 'a.rs', text: 'let instance = rocket::custom(config);' }])).toBe(true);
    expect(servesNetwork([{ file: 'a.rs', text: 'tonic::transport::Server::builder().add_service(svc)' }])).toBe(true);
  });

  it('finds a loopback bind whose port is a variable, which the port patterns cannot', () => {
    const at = (text: string) => loopbackBind([{ file: 'src/bin/server.rs', text }]);
    expect(at('let listener = TcpListener::bind(&format!("127.0.0.1:{port}")).await?;')).toMatchObject({ file: 'src/bin/server.rs' });
    expect(at('HttpServer::new(app).bind(("localhost", config.port))?')).not.toBeNull();
    expect(at('TcpListener::bind(&format!("0.0.0.0:{port}"))')).toBeNull();
    expect(at('#[test]\nfn t() { TcpListener::bind(&format!("127.0.0.1:{}", 1)); }')).toBeNull();
  });
});
