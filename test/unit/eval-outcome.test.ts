import { classifyBuildLog } from '../../bench/eval/build-log.js';
import { classifyRun, judgeQuestion } from '../../bench/eval/outcome.js';

describe('fair questions', () => {
  test('several plausible candidates are a fair question', () => {
    const q = judgeQuestion('- Main package to build (found: ./api/services/auth, ./api/services/sales, ./api/tooling/admin): pass --main');
    expect(q).toMatchObject({ flag: '--main', fair: true, why: '2 plausible candidates' });
  });

  test('one plausible candidate among tooling, examples and tests is not', () => {
    const q = judgeQuestion('- Main package to build (found: ., ./tools, ./plugin/example/echo, ./internal/gen): pass --main');
    expect(q).toMatchObject({ fair: false, why: 'only . of 4 is plausibly the app' });
  });

  test('a yes/no, or a value with no candidates, is not', () => {
    expect(judgeQuestion('- gunicorn is not a dependency; install it in the image? (found: yes, no): pass --add-server')?.fair).toBe(false);
    expect(judgeQuestion('- Script node runs at start: pass --main')).toMatchObject({ fair: false, candidates: [] });
  });

  test('a line without a flag is no question', () => {
    expect(judgeQuestion('  - main.go: package main')).toBeNull();
  });
});

describe('a --yes run', () => {
  const ourError = 'Node.js project detected:\n  - package.json: x\n\u001b[31m✖\u001b[39m An error occured while running multistage:app#configuring\ngenerator-multistage: package.json: no lockfile. Fix: run `npm install`.\n';

  test('exit 0 is generated', () => {
    expect(classifyRun(0, 'create Dockerfile', '').kind).toBe('generated');
  });

  test("an error is our message, not the evidence before it; yeoman's red line is noted, not a crash", () => {
    expect(classifyRun(1, '', ourError)).toMatchObject({ kind: 'error', message: 'package.json: no lockfile. Fix: run `npm install`.', noisy: true });
  });

  test('exit 2 naming a flag is a question, judged', () => {
    const outcome = classifyRun(2, '', 'generator-multistage: Some answers could not be detected:\n- Main package to build (found: ., ./tools): pass --main\n');
    expect(outcome.kind).toBe('question');
    expect(outcome.questions).toEqual([expect.objectContaining({ flag: '--main', fair: false })]);
  });

  test('a stack trace or an uncaught TypeError is a crash, whatever the exit code', () => {
    const trace = 'generator-multistage: TypeError: Invalid Version: 3.6\n    at new SemVer (/x/node_modules/semver/classes/semver.js:56:13)\n';
    expect(classifyRun(1, '', trace)).toMatchObject({ kind: 'crash', message: 'TypeError: Invalid Version: 3.6' });
    expect(classifyRun(139, '', '').kind).toBe('crash');
  });

  test('exit 3 is right only for an entry with no app', () => {
    expect(classifyRun(3, '', 'generator-multistage: No service found under x').kind).toBe('error');
    expect(classifyRun(3, '', 'generator-multistage: No service found under x', true).kind).toBe('no-app');
  });
});

describe('offline or broken: read from the build log', () => {
  test('a Go module the proxy would serve', () => {
    const log = '#12 0.512 go: github.com/gin-gonic/gin@v1.9.1: Get "https://proxy.golang.org/github.com/gin-gonic/gin/@v/v1.9.1.mod": dial tcp: lookup proxy.golang.org on 10.0.0.1:53: no such host';
    expect(classifyBuildLog(log).offline).toBe('Go module github.com/gin-gonic/gin@v1.9.1 (module proxy)');
  });

  test('a trixie package on the bookworm-inside python:3.11-slim-trixie stand-in; the same miss on a faithful image is ours', () => {
    const log = '#4 [runtime 1/4] FROM docker.io/library/python:3.11-slim-trixie\n#7 1.2 E: Unable to locate package libldap2';
    expect(classifyBuildLog(log).offline).toBe('Debian trixie package libldap2 (the python:3.11-slim-trixie stand-in is bookworm inside)');
    expect(classifyBuildLog(log.replace('3.11-slim-trixie', '3.13-slim-trixie')).offline).toBeNull();
  });

  test('a Python distribution missing from the local mirror', () => {
    const log = '#9 3.1 ERROR: Could not find a version that satisfies the requirement Flask==3.1.0\n#9 3.1 ERROR: No matching distribution found for Flask==3.1.0';
    expect(classifyBuildLog(log).offline).toBe('Python package Flask==3.1.0 (not in the local PyPI mirror)');
  });

  test('a Maven artifact and a wrapper distribution', () => {
    expect(classifyBuildLog('[ERROR] Plugin org.springframework.boot:spring-boot-maven-plugin:3.2.1 or one of its dependencies could not be resolved').offline).toBe(
      'Maven plugin org.springframework.boot:spring-boot-maven-plugin:3.2.1 (not in the local Maven mirror)',
    );
    expect(classifyBuildLog('Downloading https://services.gradle.org/distributions/gradle-8.5-bin.zip\nException in thread "main" java.net.UnknownHostException: services.gradle.org').offline).toBe(
      'Gradle distribution https://services.gradle.org/distributions/gradle-8.5-bin.zip',
    );
  });

  test('a download from a release page (node-pre-gyp, curl)', () => {
    expect(classifyBuildLog('node-pre-gyp WARN request to https://github.com/x/y/releases/download/v5/z.tar.gz failed, reason: getaddrinfo ENOTFOUND github.com').offline).toBe('download from github.com');
    expect(classifyBuildLog('curl: (6) Could not resolve host: deb.nodesource.com').offline).toBe('download from deb.nodesource.com');
  });

  test('a base image with no stand-in', () => {
    expect(classifyBuildLog('no stand-in for image golang:1.13').offline).toBe('base image golang:1.13 (registry)');
  });

  test("the machine's own mirrors are never the network's fault", () => {
    expect(classifyBuildLog('curl: (7) Could not resolve host: localhost').offline).toBeNull();
  });

  test('anything else is the Dockerfile: the error lines are kept', () => {
    const failure = classifyBuildLog('#14 [build 4/6] RUN go build -o /out/app .\n#14 0.9 main.go:5:2: undefined: foo\n#14 ERROR: process "/bin/sh -c go build" did not complete successfully: exit code: 1');
    expect(failure.offline).toBeNull();
    expect(failure.reason).toContain('did not complete successfully');
  });
});
