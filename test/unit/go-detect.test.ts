import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectGo } from '../../generators/app/stacks/go/detect.js';
import { detectStack } from '../../generators/app/stacks/registry.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (fixture: string) => detectGo(Repo.open(fixturePath(fixture)));

describe('detectGo', () => {
  it.each([
    ['go-stdlib', { languageVersion: '1.24', entrypoint: '.', port: 8080, cgo: false, vendored: false, layout: 'module', moduleFiles: ['go.mod', 'go.sum'] }],
    ['go-flag-port', { entrypoint: '.', mainPackages: ['.', './tools/gencerts'], servicePackages: ['.'], port: 9000 }],
    ['go-low-port', { port: 80, mains: { '.': expect.objectContaining({ portEnv: 'APP_PORT' }) } }],
    ['go-legacy-vendor', { languageVersion: '1.13', builderVersion: '1.26', vendored: true, cgo: false, port: 8000, mains: { '.': expect.objectContaining({ configFolders: ['conf'] }) } }],
    ['go-patch-line', { languageVersion: '1.26.3', builderVersion: '1.26.3', port: null }],
    ['go-services', { entrypoint: null, servicePackages: ['./api/services/billing', './api/services/orders'], mainPackages: ['./api/services/billing', './api/services/orders', './api/tooling/migrate'] }],
    ['go-cmd-layout', { languageVersion: '1.23.0', entrypoint: null, mainPackages: ['./cmd/api', './cmd/worker'], port: 9090 }],
    ['go-no-gosum', { moduleFiles: ['go.mod'], port: 3000 }],
    ['go-vendor', { vendored: true, port: 8081 }],
    ['go-cgo', { cgo: true, port: 8082 }],
    ['go-no-module', { layout: 'no-module', languageVersion: null, packageManager: null, port: null, entrypoint: '.' }],
    ['go-toolchain', { languageVersion: '1.24.4', goDirective: '1.23', toolchain: '1.24.4', builderVersion: '1.24.4' }],
    ['go-workspace', { layout: 'workspace', packageManager: 'go work', entrypoint: './api', moduleFiles: ['go.work', 'api/go.mod', 'lib/go.mod'] }],
  ])('%s', (fixture, expected) => {
    expect(detect(fixture)).toMatchObject(expected);
  });

  it('finds embedded files so .dockerignore keeps them', () => {
    expect(detect('go-stdlib')?.embeds).toEqual(['static', 'static/**']);
  });

  it('returns null where there is no Go', () => {
    expect(detectGo(Repo.open(emptyDir()))).toBeNull();
  });

  it('returns null for Go files without a main package and without go.mod', () => {
    const dir = emptyDir('lib');
    writeFileSync(path.join(dir, 'lib.go'), 'package lib\n');
    expect(detectGo(Repo.open(dir))).toBeNull();
  });

  it('treats an imported cgo module as cgo even without import "C"', () => {
    const dir = copyFixture('go-no-gosum');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/ping\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n');
    writeFileSync(path.join(dir, 'db.go'), 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n');
    const detection = detectGo(Repo.open(dir));
    expect(detection?.cgo).toBe(true);
    expect(detection?.evidence).toContain('db.go: imports github.com/mattn/go-sqlite3 (cgo; its bundled SQLite, compiled in): glibc at run time');
  });

  it('does not treat a cgo module that go.mod lists but nothing imports as cgo', () => {
    const dir = copyFixture('go-no-gosum');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/ping\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.22 // indirect\n');
    expect(detectGo(Repo.open(dir))?.cgo).toBe(false);
  });

  it.each(['modernc.org/sqlite', 'github.com/glebarez/sqlite'])('treats the pure-Go driver %s as static', (driver) => {
    const dir = copyFixture('go-no-gosum');
    writeFileSync(path.join(dir, 'go.mod'), `module example.com/ping\n\ngo 1.26\n\nrequire ${driver} v1.0.0\n`);
    writeFileSync(path.join(dir, 'db.go'), `package main\n\nimport _ "${driver}"\n`);
    expect(detectGo(Repo.open(dir))?.cgo).toBe(false);
  });

  it('finds cgo through a wrapper (gorm\'s sqlite driver) in an imported package of the module', () => {
    const detection = detect('go-gorm-sqlite');
    expect(detection).toMatchObject({ cgo: true, entrypoint: '.', port: 80 });
    expect(detection?.evidence).toContain('internal/store/store.go: imports gorm.io/driver/sqlite, which imports github.com/mattn/go-sqlite3 (cgo; its bundled SQLite, compiled in): glibc at run time');
  });

  it('counts cgo only in what the main package compiles: not a package only another main imports, nor a file for another OS', () => {
    const dir = copyFixture('go-cmd-layout');
    mkdirSync(path.join(dir, 'internal/native'), { recursive: true });
    writeFileSync(path.join(dir, 'internal/native/native.go'), 'package native\n\n// #include <stdio.h>\nimport "C"\n');
    writeFileSync(path.join(dir, 'internal/jobs/jobs_darwin.go'), 'package jobs\n\nimport "C"\n');
    writeFileSync(path.join(dir, 'cmd/worker/native.go'), 'package main\n\nimport _ "example.com/shop/internal/native"\n');
    const detection = detectGo(Repo.open(dir))!;
    expect(detection.mains['./cmd/api'].cgo).toBeNull();
    expect(detection.mains['./cmd/worker'].cgo).toBe('internal/native/native.go: import "C" (cgo), so the binary needs glibc at run time');
  });

  it('reads cgo packages a vendored build compiles from vendor/modules.txt', () => {
    const dir = copyFixture('go-vendor');
    writeFileSync(path.join(dir, 'vendor/modules.txt'), '# example.org/greet v1.0.0\nexample.org/greet\n# github.com/mattn/go-sqlite3 v1.14.22\ngithub.com/mattn/go-sqlite3\n');
    expect(detectGo(Repo.open(dir))?.cgo).toBe(true);
  });

  it('warns when the program binds to loopback only', () => {
    const dir = copyFixture('go-no-gosum');
    writeFileSync(path.join(dir, 'main.go'), 'package main\nimport "net/http"\nfunc main() { http.ListenAndServe("127.0.0.1:7000", nil) }\n');
    const detection = detectGo(Repo.open(dir));
    expect(detection).toMatchObject({ port: 7000, loopbackOnly: true });
  });

  it('assumes 8080 for a network program with no literal port, and says so', () => {
    const dir = copyFixture('go-no-gosum');
    writeFileSync(path.join(dir, 'main.go'), 'package main\nimport ("net/http"; "os")\nfunc main() { http.ListenAndServe(os.Getenv("ADDR"), nil) }\n');
    const detection = detectGo(Repo.open(dir));
    expect(detection?.port).toBe(8080);
    expect(detection?.evidence.join('\n')).toMatch(/assuming 8080 \(--port to change\)/);
  });

  it('picks the service among helper main packages and says why', () => {
    const detection = detect('go-flag-port')!;
    expect(detection.evidence).toContain('main.go: package main, the service (the other main packages are helpers under tools/: ./tools/gencerts)');
  });

  it('gives each plausible service its own port from its config tags, skipping the debug listener', () => {
    const detection = detect('go-services')!;
    expect(detection.mains['./api/services/orders'].port).toBe(3000);
    expect(detection.mains['./api/services/billing'].port).toBe(4000);
    expect(detection.mains['./api/tooling/migrate'].port).toBeNull();
  });

  it('does not claim a repository whose only Go is a helper deep in another project', () => {
    const dir = emptyDir('node-with-go-helper');
    writeFileSync(path.join(dir, 'package.json'), '{"name":"site","scripts":{"start":"node server.js"}}\n');
    mkdirSync(path.join(dir, 'extra/healthcheck'), { recursive: true });
    writeFileSync(path.join(dir, 'extra/healthcheck/main.go'), 'package main\nimport "net/http"\nfunc main() { http.Get("http://localhost:3000") }\n');
    expect(detectGo(Repo.open(dir))).toBeNull();
    expect(detectStack(Repo.open(dir))?.stack.id).not.toBe('go');
  });

  it('still claims GOPATH-style code with a main package at the root or under cmd/', () => {
    const dir = emptyDir('gopath-cmd');
    mkdirSync(path.join(dir, 'cmd/tool'), { recursive: true });
    writeFileSync(path.join(dir, 'cmd/tool/main.go'), 'package main\nfunc main() {}\n');
    expect(detectGo(Repo.open(dir))?.entrypoint).toBe('./cmd/tool');
  });
});
