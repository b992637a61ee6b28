import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { rustStack } from '../../generators/app/stacks/rust/index.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

const repo = (name: string) => Repo.open(fixturePath(name));
const plan = (name: string, answers: Answers = {}) => rustStack.plan(rustStack.detect(repo(name))!, answers, repo(name));

describe('planRust', () => {
  it('builds glibc binaries on distroless cc, and musl ones on distroless static', () => {
    expect(plan('rust-std-server')).toMatchObject({ builderImage: 'rust:1.96-slim-trixie', runtimeImage: 'gcr.io/distroless/cc-debian13:nonroot', port: 8080, imageName: 'greeter' });
    expect(plan('rust-std-server', { runtime: 'static' })).toMatchObject({ runtimeImage: 'gcr.io/distroless/static-debian13:nonroot', context: { musl: true } });
  });

  it('names the Debian 12 image for releases before 1.90, which have no Debian 13 variant', () => {
    expect(plan('rust-toolchain').builderImage).toBe('rust:1.85.1-slim-bookworm');
    expect(plan('rust-std-server', { languageVersion: '1.90' }).builderImage).toBe('rust:1.90-slim-trixie');
  });

  it('refuses a musl build of a crate that links the system OpenSSL, naming the vendored way out', () => {
    expect(() => plan('rust-openssl', { runtime: 'static' })).toThrow(/^--runtime static: openssl-sys links the system OpenSSL.*Fix: the `vendored` feature of openssl/);
  });

  it('installs the -dev packages in the builder and moves to Debian slim for a library distroless lacks', () => {
    const openssl = plan('rust-openssl');
    expect([openssl.runtimeImage, openssl.context.devPackages, openssl.runtimePackages]).toEqual(['gcr.io/distroless/cc-debian13:nonroot', ['libssl-dev', 'pkg-config'], []]);
    const sqlite = plan('rust-sqlite');
    expect([sqlite.runtimeImage, sqlite.runtimePackages]).toEqual(['debian:trixie-slim', ['libsqlite3-0']]);
    expect(sqlite.notes.join('\n')).toMatch(/the `bundled` feature of rusqlite/);
  });

  it('refuses an unknown binary, runtime or version, naming the flag', () => {
    expect(() => plan('rust-workspace', { entrypoint: 'nope' })).toThrow('--main nope: not a binary target here. Fix: use one of api, worker.');
    const commands = emptyDir('rust');
    mkdirSync(path.join(commands, 'src/bin'), { recursive: true });
    writeFileSync(path.join(commands, 'Cargo.toml'), '[package]\nname = "tools"\nversion = "0.1.0"\nedition = "2021"\n');
    for (const bin of ['import', 'export']) writeFileSync(path.join(commands, `src/bin/${bin}.rs`), 'fn main() {}\n');
    const detection = rustStack.detect(Repo.open(commands))!;
    expect(() => rustStack.plan(detection, {}, Repo.open(commands))).toThrow(/Several binaries could be the service \(export, import\)\. Fix: pass --main/);
    expect(() => plan('rust-std-server', { runtime: 'scratch' })).toThrow('--runtime scratch: the Rust stack offers distroless or static.');
    expect(() => plan('rust-std-server', { languageVersion: 'stable' })).toThrow('--language-version stable: not a Rust release like 1.85 or 1.85.1.');
  });

  it('stubs every target of every workspace package, and builds from the root reading only the manifests and members', () => {
    const result = plan('rust-workspace', { entrypoint: 'api' });
    expect(result.context.stubSteps).toEqual([
      'mkdir -p crates/api/src crates/quotes/src crates/worker/src',
      "echo 'fn main() {}' > crates/api/src/main.rs",
      ': > crates/quotes/src/lib.rs',
      "echo 'fn main() {}' > crates/worker/src/main.rs",
    ]);
    expect(result.buildReads).toEqual(['Cargo.toml', 'Cargo.lock', 'crates/api', 'crates/quotes', 'crates/worker']);
  });

  it('writes no mkdir when every target sits at the package root', () => {
    const dir = emptyDir('rust-flat');
    writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "flat"\nversion = "0.1.0"\n\n[[bin]]\nname = "flat"\npath = "main.rs"\n');
    writeFileSync(path.join(dir, 'main.rs'), 'fn main() {}\n');
    const flat = Repo.open(dir);
    expect(rustStack.plan(rustStack.detect(flat)!, {}, flat).context.stubSteps).toEqual(["echo 'fn main() {}' > main.rs"]);
  });

  it('says when there is no Cargo.lock, and then builds without --locked', () => {
    const dir = emptyDir('rust-unlocked');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "loose"\nversion = "0.1.0"\n');
    writeFileSync(path.join(dir, 'src/main.rs'), 'fn main() {}\n');
    const loose = Repo.open(dir);
    const result = rustStack.plan(rustStack.detect(loose)!, {}, loose);
    expect(result.context.locked).toBe(false);
    expect(result.notes.join('\n')).toMatch(/there is no Cargo\.lock.*Commit Cargo\.lock for repeatable images/);
  });

  it('installs the tools the build runs in the deps stage, but a glibc linker setting not for a musl build', () => {
    const linked = plan('rust-cargo-linker');
    expect(linked.context.devPackages).toEqual(['clang', 'lld']);
    expect(linked.notes).toContain('Builder: apt installs clang, which the official image lacks: .cargo/config.toml links x86_64-unknown-linux-gnu with clang.');
    expect(plan('rust-cargo-linker', { runtime: 'static' }).context.devPackages).toEqual([]);
  });

  it('enables a binary\'s required-features in both builds, named through its package', () => {
    const result = plan('rust-required-features');
    expect(result.context.features).toBe('probe/http');
    expect(result.notes).toContain('Features: probe-http declares required-features (http), without which cargo refuses to build it: both builds pass --features probe/http.');
    expect(plan('rust-std-server').context.features).toBe('');
  });
});
