import { findListenPort, servesNetwork } from '../../generators/app/stacks/rust/ports.js';

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
});
