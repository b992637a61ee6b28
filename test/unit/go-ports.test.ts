import { findListenPort } from '../../generators/app/stacks/go/ports.js';
import { parseImports } from '../../generators/app/stacks/go/imports.js';
import type { GoSource } from '../../generators/app/stacks/go/sources.js';

const source = (text: string, file = 'main.go'): GoSource => ({
  file,
  dir: file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '',
  packageName: /^package\s+(\w+)/m.exec(text)?.[1] ?? null,
  imports: parseImports(text),
  text,
});
const port = (text: string) => findListenPort([source(`package main\n${text}`)], '');

describe('findListenPort', () => {
  it.each([
    ['flag.String("addr", ":9000", "listen")', 9000, 'flag default'],
    ['flag.Int("port", 8080, "port")', 8080, 'flag default'],
    ['flag.IntVar(&port, "http-port", 7070, "port")', 7070, 'flag default'],
    ['cmd.Flags().StringVarP(&addr, "listen", "l", "0.0.0.0:8443", "addr")', 8443, 'flag default'],
    ['flag.StringVar(&port, "port", envOr("APP_PORT", "80"), "port")', 80, 'flag default from an environment helper'],
    ['kingpin.Flag("web.listen-address", "Address").Default(":9100").String()', 9100, 'flag default'],
    ['toolkitFlags := kingpinflag.AddFlags(kingpin.CommandLine, ":9100")', 9100, 'flag default'],
    ['var f = &cli.StringFlag{\n\tName: "listener",\n\tValue: "0.0.0.0:8080",\n}', 8080, 'flag default'],
    ['port := getEnv("PORT", "8081")', 8081, 'environment fallback'],
    ['port := os.Getenv("PORT")\nif port == "" {\n\tport = "8082"\n}', 8082, 'environment fallback'],
    ['type C struct {\n\tAPIHost string `conf:"default:0.0.0.0:3000"`\n}', 3000, 'config default'],
    ['type C struct {\n\tPort int `env:"PORT" envDefault:"8083"`\n}', 8083, 'config default'],
    ['type C struct {\n\tListenPort int `default:"8084"`\n}', 8084, 'config default'],
    ['c := Config{Server: Server{Port: 80}}', 80, 'config default'],
  ])('%s -> %i', (text, expected, how) => {
    expect(port(text)).toMatchObject({ port: expected, how });
  });

  it('names the environment variable that overrides the port', () => {
    expect(port('flag.StringVar(&port, "port", envOr("APP_PORT", "80"), "port")')?.envVar).toBe('APP_PORT');
    expect(port('type C struct {\n\tPort int `env:"HTTP_PORT" envDefault:"8083"`\n}')?.envVar).toBe('HTTP_PORT');
  });

  it('skips profiler and debug listeners for the service port', () => {
    const text = 'if profile {\n\t// pprof endpoint\n\tgo http.ListenAndServe(":6060", nil)\n}\naddr := flag.String("addr", ":9000", "listen")';
    expect(port(text)?.port).toBe(9000);
    expect(port('type C struct {\n\tDebugHost string `conf:"default:0.0.0.0:3010"`\n\tAPIHost string `conf:"default:0.0.0.0:3000"`\n}')?.port).toBe(3000);
    expect(port('flag.String("debug-addr", ":6060", "pprof")')).toBeNull();
  });

  it('skips the ports of what the service connects to, and a TLS twin', () => {
    expect(port('c := Config{DBPort: 5432, RedisPort: 6379, SSLPort: 443, Port: 8080}')?.port).toBe(8080);
    expect(port('flag.Int("db-port", 5432, "database port")')).toBeNull();
  });

  it('ignores flags that are not addresses', () => {
    expect(port('flag.Int("workers", 16, "pool size")')).toBeNull();
  });

  it('prefers the main package over the packages it imports', () => {
    const found = findListenPort([source('package web\nvar addr = ":7000"\nfunc f() { http.ListenAndServe(":7000", nil) }', 'web/web.go'), source('package main\nflag.String("addr", ":9000", "")')], '');
    expect(found).toMatchObject({ port: 9000, file: 'main.go' });
  });

  it('reports a loopback-only default', () => {
    expect(port('var f = &cli.StringFlag{Name: "listener", Value: "127.0.0.1:8080"}')).toMatchObject({ port: 8080, loopbackOnly: true });
  });
});
