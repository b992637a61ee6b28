import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectRust } from '../../generators/app/stacks/rust/detect.js';
import { rustStack } from '../../generators/app/stacks/rust/index.js';
import { detectStack } from '../../generators/app/stacks/registry.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (fixture: string) => detectRust(Repo.open(fixturePath(fixture)));

/** A throwaway crate: file -> text. */
function crate(files: Record<string, string>): string {
  const dir = emptyDir('rust');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
const detectIn = (files: Record<string, string>) => detectRust(Repo.open(crate(files)));
const PACKAGE = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n';

describe('detectRust', () => {
  it.each([
    ['rust-std-server', { entrypoint: 'greeter', binNames: ['greeter'], port: 8080, builderVersion: '1.96', locked: true, layout: 'package', native: [] }],
    ['rust-toolchain', { languageVersion: '1.85.1', builderVersion: '1.85.1', entrypoint: 'clock-service', port: 7070, toolchainFile: 'rust-toolchain.toml' }],
    ['rust-several-bins', { entrypoint: 'ledger', binNames: ['ledger', 'ledger-admin', 'migrate', 'report'], port: 9400 }],
    ['rust-workspace', { layout: 'workspace', rootPackage: null, entrypoint: 'api', binNames: ['api', 'worker'], builderVersion: '1.96' }],
    ['rust-server-and-cli', { entrypoint: 'tally-server', binNames: ['tally-cli', 'tally-server'], port: 7400 }],
    ['rust-workspace-libs', { layout: 'workspace', entrypoint: 'gateway', binNames: ['gateway', 'gatewayctl'], port: 8640 }],
    ['rust-clap-port', { entrypoint: 'fileshelf', port: 8150, framework: null }],
    ['rust-required-features', { entrypoint: 'probe-http', port: 8330, bins: { 'probe-http': { requiredFeatures: ['http'] } } }],
    ['rust-openssl', { framework: 'axum', port: 8000, remoteCrates: 6 }],
    ['rust-sqlite', { framework: 'actix-web', port: 8081, builderVersion: '1.96' }],
  ])('%s', (fixture, expected) => {
    expect(detect(fixture)).toMatchObject(expected);
  });

  it('is the stack the registry finds for a Cargo.toml, and nothing without one', () => {
    expect(detectStack(Repo.open(fixturePath('rust-std-server')))?.stack.id).toBe('rust');
    expect(detectRust(Repo.open(emptyDir()))).toBeNull();
  });

  it('finds [[bin]] paths, src/bin/NAME.rs and src/bin/NAME/main.rs, and stubs each with the library and build script', () => {
    const detection = detect('rust-several-bins')!;
    expect(Object.fromEntries(detection.binNames.map((name) => [name, detection.bins[name].path]))).toEqual({
      ledger: 'src/main.rs',
      'ledger-admin': 'tools/admin.rs',
      migrate: 'src/bin/migrate/main.rs',
      report: 'src/bin/report.rs',
    });
    expect(detection.packages[0].stubs).toEqual(expect.arrayContaining([
      { path: 'src/lib.rs', main: false },
      { path: 'tools/admin.rs', main: true },
      { path: 'build.rs', main: true },
    ]));
  });

  it('reads the workspace members and their targets, with the path dependency as a library', () => {
    const detection = detect('rust-workspace')!;
    expect(detection.packages.map((pkg) => [pkg.dir, pkg.hasLib])).toEqual([['crates/api', false], ['crates/quotes', true], ['crates/worker', false]]);
    expect(detection.bins.api).toMatchObject({ dir: 'crates/api', port: 3000 });
    expect(detection.bins.worker.port).toBeNull();
    expect(detection.evidence).toContain('Cargo.toml: [workspace] of crates/api, crates/quotes, crates/worker');
  });

  it('gives a workspace one service per member with a binary, owns every member, and calls a library no service', () => {
    const detection = detect('rust-workspace')!;
    expect(rustStack.members!(detection).map((m) => [m.dir, m.answers])).toEqual([['crates/api', { entrypoint: 'api' }], ['crates/worker', { entrypoint: 'worker' }]]);
    expect(rustStack.ownedFolders!(detection)).toEqual(['crates/api', 'crates/quotes', 'crates/worker']);
    expect(rustStack.notAService!(detection, Repo.open(fixturePath('rust-workspace')))).toBeNull();
    const lib = detectIn({ 'Cargo.toml': PACKAGE, 'src/lib.rs': 'pub fn f() {}\n' })!;
    expect(rustStack.notAService!(lib, Repo.open(emptyDir()))).toMatch(/^Cargo\.toml: a library/);
  });

  it('leaves a cdylib without binaries (a Python or Node extension module) to other stacks', () => {
    expect(detectIn({ 'Cargo.toml': `${PACKAGE}\n[lib]\ncrate-type = ["cdylib"]\n`, 'src/lib.rs': '' })).toBeNull();
  });

  it('refuses a WASI app (tokio_wasi and its like build for wasm32-wasi only), naming the crates', () => {
    const dir = crate({ 'Cargo.toml': `${PACKAGE}\n[dependencies]\ntokio_wasi = "1"\nserde = "1"\n`, 'src/main.rs': 'fn main() {}' });
    const detection = detectRust(Repo.open(dir))!;
    expect(detection.wasi).toBe('Cargo.toml: depends on tokio_wasi, which build for wasm32-wasi only: a WebAssembly app for a Wasm runtime (WasmEdge), not a Linux binary');
    expect(() => rustStack.plan(detection, {}, Repo.open(dir))).toThrow(/^Cargo\.toml: depends on tokio_wasi.*Fix: this generator writes Linux images/);
    expect(rustStack.notAService!(detection, Repo.open(dir))).toBe(detection.wasi);
  });

  it('asks for the binary when several could be the service and none is the package\'s own', () => {
    const detection = detectIn({ 'Cargo.toml': PACKAGE, 'src/bin/a.rs': 'fn main() {}', 'src/bin/b.rs': 'fn main() {}' })!;
    expect(detection.entrypoint).toBeNull();
    expect(detection.evidence).toContain('Cargo.toml: several binaries could be the service: a, b');
  });

  it('honours autobins = false', () => {
    const detection = detectIn({ 'Cargo.toml': `${PACKAGE}autobins = false\n\n[[bin]]\nname = "only"\npath = "src/only.rs"\n`, 'src/main.rs': 'fn main() {}', 'src/only.rs': 'fn main() {}' })!;
    expect(detection.binNames).toEqual(['only']);
  });

  describe('builder version', () => {
    it('takes rust-version from [workspace.package] through rust-version.workspace = true', () => {
      const detection = detectIn({
        'Cargo.toml': '[workspace]\nmembers = ["app"]\n\n[workspace.package]\nrust-version = "1.91"\n',
        'app/Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\nrust-version.workspace = true\n',
        'app/src/main.rs': 'fn main() {}',
      })!;
      expect(detection.builderVersion).toBe('1.96');
      expect(detection.evidence).toContain("Cargo.toml: rust-version 1.91 is the oldest Rust the package supports, not the one to build with: 1.96, the newest Rust release this generator knows (locked dependencies may need more than the package's own minimum) (rust:1.96-slim-trixie)");
    });

    it('builds an old rust-version with the newest release, and a rust-version above it with that release', () => {
      const old = detectIn({ 'Cargo.toml': `${PACKAGE.replace('2021', '2024')}rust-version = "1.70"\n`, 'Cargo.lock': 'version = 4\n', 'src/main.rs': 'fn main() {}' })!;
      expect(old.builderVersion).toBe('1.96');
      expect(old.builderWhy).toMatch(/^Cargo\.toml: rust-version 1\.70 is the oldest Rust the package supports, not the one to build with: 1\.96/);
      const newer = detectIn({ 'Cargo.toml': `${PACKAGE}rust-version = "1.98"\n`, 'src/main.rs': 'fn main() {}' })!;
      expect(newer.builderVersion).toBe('1.98');
      expect(newer.builderWhy).toBe('Cargo.toml: rust-version 1.98, the oldest Rust the package supports, newer than 1.96, the newest release this generator knows');
    });

    it('reads a bare channel from the legacy rust-toolchain file, and names a nightly channel it cannot honour', () => {
      expect(detectIn({ 'Cargo.toml': PACKAGE, 'rust-toolchain': '1.89.0\n', 'src/main.rs': 'fn main() {}' })!.builderVersion).toBe('1.89.0');
      const nightly = detectIn({ 'Cargo.toml': PACKAGE, 'rust-toolchain.toml': '[toolchain]\nchannel = "nightly-2025-06-01"\n', 'src/main.rs': 'fn main() {}' })!;
      expect(nightly.builderVersion).toBe('1.96');
      expect(nightly.builderUnmet).toBe('rust-toolchain.toml: channel nightly-2025-06-01: the official rust image has stable releases only');
    });
  });

  describe('system libraries', () => {
    it('needs OpenSSL for openssl-sys in Cargo.lock, not with the vendored copy (openssl-src)', () => {
      expect(detect('rust-openssl')!.native.map((need) => [need.crate, need.dev, need.runtime])).toEqual([['openssl-sys', ['libssl-dev', 'pkg-config'], []]]);
      const vendored = detectIn({ 'Cargo.toml': PACKAGE, 'Cargo.lock': 'version = 4\n[[package]]\nname = "openssl-sys"\n[[package]]\nname = "openssl-src"\n', 'src/main.rs': 'fn main() {}' })!;
      expect(vendored.native).toEqual([]);
    });

    it('needs SQLite at run time unless a dependency turns on bundled', () => {
      expect(detect('rust-sqlite')!.native.map((need) => need.runtime)).toEqual([['libsqlite3-0']]);
      const bundled = detectIn({ 'Cargo.toml': `${PACKAGE}\n[dependencies]\nrusqlite = { version = "0.37", features = ["bundled"] }\n`, 'src/main.rs': 'fn main() {}' })!;
      expect(bundled.native).toEqual([]);
    });

    it('without Cargo.lock, judges from direct dependencies (reqwest\'s default TLS is OpenSSL)', () => {
      const defaults = detectIn({ 'Cargo.toml': `${PACKAGE}\n[dependencies]\nreqwest = "0.12"\n`, 'src/main.rs': 'fn main() {}' })!;
      expect(defaults.native.map((need) => need.evidence)).toEqual(['Cargo.toml: openssl-sys links the system OpenSSL (no vendored or bundled copy)']);
      const rustls = detectIn({ 'Cargo.toml': `${PACKAGE}\n[dependencies]\nreqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\n`, 'src/main.rs': 'fn main() {}' })!;
      expect(rustls.native).toEqual([]);
    });
  });

  describe('bad input', () => {
    it('names the file, line and fix for a Cargo.toml that is not TOML', () => {
      expect(() => detectIn({ 'Cargo.toml': '[package\nname = "x"\n' })).toThrow(/^Cargo\.toml:1:\d+: not valid TOML .*Fix: repair the file; `cargo metadata --no-deps` shows the same error\.$/);
    });

    it('names a field of the wrong type', () => {
      expect(() => detectIn({ 'Cargo.toml': '[workspace]\nmembers = "crates/*"\n' })).toThrow('Cargo.toml: "workspace.members" should be a list of strings, not a string. Fix: correct the file (cargo expects that type too).');
    });

    it('names a broken Cargo.lock and how to regenerate it', () => {
      expect(() => detectIn({ 'Cargo.toml': PACKAGE, 'Cargo.lock': '<<<<<<< HEAD\n', 'src/main.rs': 'fn main() {}' })).toThrow(/^Cargo\.lock:1:1: not valid TOML\. Fix: .*cargo generate-lockfile/);
    });

    it('refuses a [[bin]] without a name', () => {
      expect(() => detectIn({ 'Cargo.toml': `${PACKAGE}\n[[bin]]\npath = "src/x.rs"\n` })).toThrow('Cargo.toml: a [[bin]] without a name. Fix: add name = "..." (cargo refuses it too).');
    });
  });

  it('builds the only binary that serves the network when none is the package\'s own, and says why', () => {
    const detection = detect('rust-server-and-cli')!;
    expect(detection.bins['tally-server'].serves).toBe('file');
    expect(detection.bins['tally-cli'].serves).toBeNull();
    expect(detection.evidence).toContain('Cargo.toml: binaries tally-cli, tally-server; tally-server is the only one that serves the network (in its own file: src/bin/server.rs); the others are commands');
    // The server in the package's library, main.rs only calling it: the package tier decides.
    expect(detect('rust-workspace-libs')!.bins.gateway.serves).toBe('package');
  });

  it('takes the root package\'s default-run over the other binaries', () => {
    const detection = detectIn({
      'Cargo.toml': `${PACKAGE}default-run = "web"\n`,
      'src/bin/web.rs': 'fn main() {}\n',
      'src/bin/admin.rs': 'fn main() { std::net::TcpListener::bind("0.0.0.0:9000").unwrap(); }\n',
    })!;
    expect(detection.entrypoint).toBe('web');
  });

  it('leaves the choice open when several binaries serve, or none does', () => {
    const two = (main: string) => detectIn({ 'Cargo.toml': PACKAGE, 'src/bin/a.rs': main, 'src/bin/b.rs': main })!.entrypoint;
    expect(two('fn main() { std::net::TcpListener::bind("0.0.0.0:9000").unwrap(); }\n')).toBeNull();
    expect(two('fn main() { println!("hi"); }\n')).toBeNull();
  });

  it('looks for a binary\'s port only in what it compiles: a client address in another member\'s library is not its port', () => {
    const detection = detect('rust-workspace-libs')!;
    expect(detection.bins.gateway.evidence[0]).toMatch(/^crates\/settings\/src\/lib\.rs: listens on port 8640/);
    expect(detection.bins.gatewayctl.port).toBeNull();
  });

  it('builds a package a member inherits from [workspace.dependencies] though the workspace does not list it', () => {
    expect(detect('rust-workspace-libs')!.packages.map((pkg) => pkg.dir)).toEqual(['crates/client', 'crates/gateway', 'crates/gatewayctl', 'crates/settings']);
  });

  it('names the framework a manifest depends on, not one Cargo.lock holds for an optional or transitive crate', () => {
    const lock = 'version = 4\n\n[[package]]\nname = "svc"\nversion = "0.1.0"\n\n[[package]]\nname = "axum"\nversion = "0.7.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n';
    expect(detectIn({ 'Cargo.toml': PACKAGE, 'Cargo.lock': lock, 'src/main.rs': 'fn main() {}\n' })!.framework).toBeNull();
    const direct = detectIn({ 'Cargo.toml': `${PACKAGE}\n[dependencies]\naxum = "0.7"\n`, 'Cargo.lock': lock, 'src/main.rs': 'fn main() {}\n' })!;
    expect([direct.framework, direct.evidence.at(-1)]).toEqual(['axum', 'Cargo.toml: axum']);
  });

  it('gives Rocket\'s default port to a server started with rocket::custom', () => {
    const detection = detectIn({ 'Cargo.toml': `${PACKAGE}\n[dependencies]\nrocket = "0.5"\n`, 'src/main.rs': 'async fn main() { rocket::custom(config()).launch().await; }\n' })!;
    expect(detection).toMatchObject({ rocket: true, port: 8000 });
  });

  it('flags a loopback bind when the port itself comes from a constant', () => {
    const detection = detectIn({
      'Cargo.toml': PACKAGE,
      'src/main.rs': 'const PORT: u16 = 6500;\nfn main() { std::net::TcpListener::bind(&format!("127.0.0.1:{PORT}")).unwrap(); }\n',
    })!;
    expect(detection.bins.svc).toMatchObject({ port: 6500, loopbackOnly: true });
    expect(detection.evidence).toContain('src/main.rs: binds to loopback only (fn main() { std::net::TcpListener::bind(&format!("127.0.0.1:{PORT}")).…), unreachable from outside a container; bind 0.0.0.0 instead');
  });

  it('reads no vendored copy into a Windows-only dependency: Cargo.lock\'s openssl-src is then not the Linux build\'s', () => {
    const lock = ['openssl', 'openssl-sys', 'openssl-src'].map((name) => `[[package]]\nname = "${name}"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`).join('\n');
    const manifest = `${PACKAGE}\n[target.'cfg(not(windows))'.dependencies]\nopenssl = "0.10"\n\n[target.'cfg(windows)'.dependencies]\nopenssl = { version = "0.10", features = ["vendored"] }\n`;
    const detection = detectIn({ 'Cargo.toml': manifest, 'Cargo.lock': `version = 4\n\n${lock}`, 'src/main.rs': 'fn main() {}\n' })!;
    expect(detection.native.map((need) => need.crate)).toEqual(['openssl-sys']);
    const linuxVendored = manifest.replace("[target.'cfg(windows)'.dependencies]", "[target.'cfg(unix)'.dependencies]").replace('openssl = "0.10"\n', '');
    expect(detectIn({ 'Cargo.toml': linuxVendored, 'Cargo.lock': `version = 4\n\n${lock}`, 'src/main.rs': 'fn main() {}\n' })!.native).toEqual([]);
  });
});
