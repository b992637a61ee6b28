import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectGo } from '../../generators/app/stacks/go/detect.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

const detect = (fixture: string) => detectGo(Repo.open(fixturePath(fixture)));

describe('detectGo', () => {
  it.each([
    ['go-stdlib', { languageVersion: '1.24', entrypoint: '.', port: 8080, cgo: false, vendored: false, layout: 'module', moduleFiles: ['go.mod', 'go.sum'] }],
    ['go-cmd-layout', { languageVersion: '1.23.0', entrypoint: null, mainPackages: ['./cmd/api', './cmd/worker'], port: 9090 }],
    ['go-no-gosum', { moduleFiles: ['go.mod'], port: 3000 }],
    ['go-vendor', { vendored: true, port: 8081 }],
    ['go-cgo', { cgo: true, port: 8082 }],
    ['go-no-module', { layout: 'no-module', languageVersion: null, packageManager: null, port: null, entrypoint: '.' }],
    ['go-toolchain', { languageVersion: '1.24.4', goDirective: '1.23', toolchain: '1.24.4' }],
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

  it('treats a known cgo module as cgo even without import "C"', () => {
    const dir = copyFixture('go-no-gosum');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/ping\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n');
    const detection = detectGo(Repo.open(dir));
    expect(detection?.cgo).toBe(true);
    expect(detection?.evidence).toContain('go.mod: requires github.com/mattn/go-sqlite3, which needs cgo and glibc at run time');
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
});
