import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { detectGo } from '../../generators/app/stacks/go/detect.js';
import { matchesModuleGlobs } from '../../generators/app/stacks/go/credentials.js';
import { goStack } from '../../generators/app/stacks/go/index.js';
import { emptyDir } from '../support/fixtures.js';

const GO_MOD = 'module example.com/svc\n\ngo 1.24\n\nrequire (\n\tgit.corp.example/platform/logging v1.2.0\n\tgithub.com/google/uuid v1.6.0\n)\n';

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('go-credentials');
  const all = { 'go.mod': GO_MOD, 'go.sum': '', 'main.go': 'package main\n\nfunc main() {}\n', ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const detect = (files: Record<string, string>) => detectGo(project(files))!;

describe('Go private module sources', () => {
  it('turns GOPRIVATE in a Makefile into the deps stage ENV and a required netrc secret when go.mod requires a match', () => {
    const repo = project({ Makefile: 'export GOPRIVATE := git.corp.example/*\n\nbuild:\n\tgo build ./...\n' });
    const detection = detectGo(repo)!;
    expect(detection.moduleSettings).toEqual([{ name: 'GOPRIVATE', value: 'git.corp.example/*', file: 'Makefile' }]);
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'netrc', target: '/root/.netrc', source: { file: '$HOME/.netrc' }, required: true, credentialFiles: [] })]);
    expect(detection.evidence.join('\n')).toContain('Makefile: GOPRIVATE=git.corp.example/*: private module sources');
    expect(detection.evidence.join('\n')).toContain('required: go.mod requires git.corp.example/platform/logging');
    const plan = goStack.plan(detection, {}, repo);
    expect(plan.context.moduleEnv).toEqual(['GOPRIVATE=git.corp.example/*']);
    expect(plan.context.secretMounts).toEqual(['type=secret,id=netrc,target=/root/.netrc,required=true']);
  });

  it('reads .envrc, go.env, a `go env -w` script, CI workflow env and an existing Dockerfile ENV, naming each file', () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ '.envrc': 'export GONOSUMDB=git.corp.example\n' }, '.envrc', 'GONOSUMDB'],
      [{ 'go.env': 'GONOPROXY=git.corp.example/platform\n' }, 'go.env', 'GONOPROXY'],
      [{ 'scripts/setup.sh': '#!/bin/sh\ngo env -w GOPRIVATE=git.corp.example/* GOFLAGS=-mod=mod\n' }, 'scripts/setup.sh', 'GOPRIVATE'],
      [{ '.github/workflows/ci.yml': 'env:\n  GOPRIVATE: "git.corp.example/*"\njobs: {}\n' }, '.github/workflows/ci.yml', 'GOPRIVATE'],
      [{ Dockerfile: 'FROM golang:1.24\nENV GOPRIVATE=git.corp.example/* CGO_ENABLED=0\n' }, 'Dockerfile', 'GOPRIVATE'],
    ];
    for (const [files, file, name] of cases) {
      const detection = detect(files);
      expect(detection.moduleSettings).toEqual([expect.objectContaining({ name, file })]);
      expect(detection.secrets[0]?.required).toBe(true);
    }
  });

  it('makes the secret optional when no requirement matches the globs, and for a private GOPROXY alone', () => {
    expect(detect({ '.envrc': 'export GOPRIVATE=other.example/*\n' }).secrets[0].required).toBe(false);
    const proxy = detect({ Makefile: 'export GOPROXY=https://goproxy.corp.example:8443,direct\n' });
    expect(proxy.moduleSettings).toEqual([{ name: 'GOPROXY', value: 'https://goproxy.corp.example:8443,direct', file: 'Makefile' }]);
    expect(proxy.secrets[0]).toEqual(expect.objectContaining({ required: false }));
    expect(proxy.secrets[0].why).toContain('machine goproxy.corp.example:8443 login');
  });

  it('declares nothing for public proxies, variables, or no declaration at all (a module path alone says nothing)', () => {
    expect(detect({ Makefile: 'export GOPROXY=https://proxy.golang.org,direct\n' }).secrets).toEqual([]);
    expect(detect({ '.envrc': 'export GOPRIVATE=${COMPANY_GLOBS}\n' }).secrets).toEqual([]);
    expect(detect({ '.github/workflows/ci.yml': 'env:\n  GOPRIVATE: ${{ vars.GOPRIVATE }}\n' }).secrets).toEqual([]);
    const plain = detect({});
    expect(plain.secrets).toEqual([]);
    expect(plain.moduleSettings).toEqual([]);
  });

  it('refuses a login written in a GOPROXY URL, naming the file and the fix', () => {
    expect(() => detect({ '.envrc': 'export GOPROXY=https://ci:hunter2@goproxy.corp.example\n' })).toThrow(
      /^\.envrc: GOPROXY has a login written in its URL for goproxy\.corp\.example.*Fix: drop it from the URL.*\$HOME\/\.netrc/,
    );
  });

  it('matches module globs as Go does: each pattern against a prefix of the path, element by element', () => {
    expect(matchesModuleGlobs('git.corp.example', 'git.corp.example/a/b')).toBe(true);
    expect(matchesModuleGlobs('*.corp.example', 'git.corp.example/a')).toBe(true);
    expect(matchesModuleGlobs('git.corp.example/team-*', 'git.corp.example/team-x/lib')).toBe(true);
    expect(matchesModuleGlobs('git.corp.example/team-*', 'git.corp.example/other/lib')).toBe(false);
    expect(matchesModuleGlobs('corp.example', 'git.corp.example/a')).toBe(false);
    expect(matchesModuleGlobs('other.example, git.corp.example/a/b/c', 'git.corp.example/a')).toBe(false);
  });
});
