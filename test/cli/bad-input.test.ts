import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stackIds } from '../../generators/app/stacks/registry.js';
import { runCli } from '../support/cli.js';
import { copyFixture, emptyDir, snapshotTree } from '../support/fixtures.js';

/** Runs the CLI in `dir` and checks the contract for bad input: a clear message, a code, no files. */
function expectRefusal(dir: string, args: string[], code: number, message: RegExp) {
  const before = snapshotTree(dir);
  const result = runCli(['--path', dir, ...args]);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  expect(result.code).toBe(code);
  expect(snapshotTree(dir)).toEqual(before);
}

describe('bad input: clear message, non-zero exit, nothing written', () => {
  it('empty folder', () => {
    expectRefusal(emptyDir(), ['--yes'], 3, /No supported stack found in .*Fix: run in the project's folder/);
  });

  it('missing --path folder', () => {
    const result = runCli(['--yes', '--path', '/nonexistent/project']);
    expect(result.stderr).toMatch(/--path \/nonexistent\/project: no such directory/);
    expect(result.code).toBe(1);
  });

  it('unknown stack', () => {
    expectRefusal(copyFixture('go-stdlib'), ['--yes', '--stack', 'cobol'], 2, new RegExp(`--stack cobol: unknown stack\\. Fix: use one of ${stackIds().join(', ')}\\.`));
  });

  it('a known stack that is not in this folder', () => {
    expectRefusal(emptyDir(), ['--yes', '--stack', 'go'], 3, /No go project found/);
  });

  it('garbage go.mod names the file, the line and the fix', () => {
    const dir = copyFixture('go-stdlib');
    writeFileSync(path.join(dir, 'go.mod'), 'module github.com/acme/greeter\n\nthis is not go.mod syntax\n');
    expectRefusal(dir, ['--yes'], 1, /go\.mod:3: "this is not go\.mod syntax" is not a go\.mod directive\. Fix:/);
  });

  it('go.mod with a bad go version', () => {
    const dir = copyFixture('go-stdlib');
    writeFileSync(path.join(dir, 'go.mod'), 'module x\n\ngo banana\n');
    expectRefusal(dir, ['--yes'], 1, /go\.mod:3: "go banana" is not a Go version/);
  });

  it('go.mod without a module line', () => {
    const dir = copyFixture('go-stdlib');
    writeFileSync(path.join(dir, 'go.mod'), 'go 1.24\n');
    expectRefusal(dir, ['--yes'], 1, /go\.mod: no "module" line.*Fix: add "module/);
  });

  it('unreadable go.mod (a folder where the file should be)', () => {
    const dir = emptyDir('unreadable');
    mkdirSync(path.join(dir, 'go.mod'));
    writeFileSync(path.join(dir, 'main.go'), 'package main\nfunc main() {}\n');
    expectRefusal(dir, ['--yes'], 1, /go\.mod: is a directory, expected a file\. Fix:/);
  });

  it('go.mod that is a symlink loop', () => {
    const dir = emptyDir('loop');
    symlinkSync('go.mod', path.join(dir, 'go.mod'));
    expectRefusal(dir, ['--yes'], 1, /go\.mod: the symbolic link points back at itself \(ELOOP\)\. Fix:/);
  });

  it('a folder symlink loop does not trap the scan', () => {
    const dir = copyFixture('go-no-gosum');
    symlinkSync('.', path.join(dir, 'loop'));
    const result = runCli(['--detect', '--path', dir]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).entrypoint).toBe('.');
  });

  it('existing Dockerfile with --yes and no --force: names the conflicts, leaves them alone', () => {
    const dir = copyFixture('go-stdlib');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.24\n');
    expectRefusal(dir, ['--yes'], 4, /Dockerfile already exists .*nothing was written\. Fix: re-run with --force/);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM golang:1.24\n');
  });

  it('--force overwrites the existing Dockerfile', () => {
    const dir = copyFixture('go-stdlib');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.24\n');
    const result = runCli(['--path', dir, '--yes', '--force']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('AS runtime');
  });

  it('--yes with several main packages names the flag to pick one', () => {
    expectRefusal(copyFixture('go-cmd-layout'), ['--yes'], 2, /Main package to build \(found: \.\/cmd\/api, \.\/cmd\/worker\): pass --main/);
  });

  it('invalid flag values name the flag', () => {
    const dir = copyFixture('go-stdlib');
    expectRefusal(dir, ['--yes', '--port', 'http'], 2, /--port: "http" is not a port/);
    expectRefusal(dir, ['--yes', '--runtime', 'alpine'], 2, /--runtime: "alpine" is not one of distroless, scratch/);
    expectRefusal(dir, ['--yes', '--language-version', '1.20'], 2, /--language-version 1\.20 is older than "go 1\.24" in go\.mod/);
    expectRefusal(copyFixture('go-cgo'), ['--yes', '--runtime', 'scratch'], 2, /"scratch" is not one of distroless/);
  });
});
