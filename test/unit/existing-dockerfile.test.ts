import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseImage, commandPorts, existingFacts, installedPackages, parseDockerfile, statedLanguage, type ImageVersion } from '../../generators/app/core/existing-dockerfile.js';
import { goImageVersion } from '../../generators/app/stacks/go/existing.js';
import { javaImageVersion } from '../../generators/app/stacks/java/existing.js';
import { nodeImageVersion } from '../../generators/app/stacks/node/existing.js';
import { pythonImageVersion } from '../../generators/app/stacks/python/existing.js';
import { Repo } from '../../generators/app/core/repo.js';
import { backupName, carriedEnv, describeExisting, envLine, keptCopies, lineDiff, upgradeNotes } from '../../generators/app/core/upgrade.js';
import { detectGo } from '../../generators/app/stacks/go/detect.js';
import { detectPython } from '../../generators/app/stacks/python/detect.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { detectJava } from '../../generators/app/stacks/java/detect.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

function tree(files: Record<string, string>): Repo {
  const dir = emptyDir('existing');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const NAIVE = [
  'ARG GO_VERSION=1.22',
  'FROM golang:${GO_VERSION} AS build',
  'RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \\',
  '    && rm -rf /var/lib/apt/lists/*',
  'RUN go build -o /bin/api ./cmd/api',
  'FROM debian:bookworm-slim',
  'RUN apt-get update && apt-get install -y libpq5=15.* curl',
  'COPY --from=build /bin/api /bin/api',
  'ENV APP_MODE=production PATH=/bin:$PATH DB_PASSWORD=hunter2',
  'ENV GREETING "hi there"',
  'EXPOSE 9090/tcp',
  'HEALTHCHECK CMD curl -f http://localhost:9090/ || exit 1',
  'ENTRYPOINT ["/docker-entrypoint.sh"]',
  'CMD ["/bin/api", "--port", "9191"]',
  '',
].join('\n');

describe('parseDockerfile', () => {
  const facts = parseDockerfile(NAIVE, 'Dockerfile');

  it('reads the final stage: image, user, command, env, ports, health check, each with its line', () => {
    expect(facts).toMatchObject({ stages: 2, image: 'debian:bookworm-slim', fromAt: 'Dockerfile:6', user: null });
    expect(facts.command).toEqual({ words: ['/docker-entrypoint.sh', '/bin/api', '--port', '9191'], text: 'ENTRYPOINT ["/docker-entrypoint.sh"] + CMD ["/bin/api", "--port", "9191"]', at: 'Dockerfile:14' });
    expect(facts.env).toEqual([
      { name: 'APP_MODE', value: 'production', at: 'Dockerfile:9' },
      { name: 'PATH', value: '/bin:$PATH', at: 'Dockerfile:9' },
      { name: 'DB_PASSWORD', value: 'hunter2', at: 'Dockerfile:9' },
      { name: 'GREETING', value: 'hi there', at: 'Dockerfile:10' },
    ]);
    expect(facts.exposes).toEqual([{ port: 9090, at: 'Dockerfile:11' }]);
    expect(facts.healthcheck).toEqual({ text: 'CMD curl -f http://localhost:9090/ || exit 1', at: 'Dockerfile:12' });
  });

  it('reads packages of every stage (marking the final one), build args and FROM versions through ARGs', () => {
    expect(facts.packages).toEqual([
      { name: 'libpq-dev', manager: 'apt', at: 'Dockerfile:3', final: false },
      { name: 'libpq5', manager: 'apt', at: 'Dockerfile:7', final: true },
      { name: 'curl', manager: 'apt', at: 'Dockerfile:7', final: true },
    ]);
    expect(facts.args).toEqual([{ name: 'GO_VERSION', value: '1.22', at: 'Dockerfile:1' }]);
    expect(facts.fromImages.map((from) => from.image)).toEqual(['golang:1.22', 'debian:bookworm-slim']);
  });

  it('unwraps `sh -c` and keeps a shell-form ENTRYPOINT alone, as Docker runs them', () => {
    expect(parseDockerfile('FROM python:3.12\nCMD sh -c "gunicorn -b :5000 app:app"\n', 'Dockerfile').command?.words).toEqual(['gunicorn', '-b', ':5000', 'app:app']);
    expect(parseDockerfile('FROM node:20\nENTRYPOINT node server.js\nCMD ["ignored"]\n', 'Dockerfile').command?.words).toEqual(['node', 'server.js']);
  });
});

describe('each stack reads its own base images', () => {
  it.each([
    ['python:3.12.7-slim', pythonImageVersion, '3.12'],
    ['golang:1.22-bookworm', goImageVersion, '1.22'],
    ['node:18-alpine', nodeImageVersion, '18'],
    ['eclipse-temurin:21-jre-alpine', javaImageVersion, '21'],
    ['maven:3.9-eclipse-temurin-17', javaImageVersion, '17'],
    ['gradle:8.5-jdk17', javaImageVersion, '17'],
    ['openjdk:8u292-jre', javaImageVersion, '8'],
  ])('%s -> %s', (image, versionOf, version) => {
    const base = baseImage(image, 'Dockerfile:1');
    expect(versionOf(base.name, base.tag)).toBe(version);
  });

  it('states nothing for a floating tag or another image', () => {
    const read = (versionOf: ImageVersion, image: string) => versionOf(baseImage(image, 'x').name, baseImage(image, 'x').tag);
    expect(read(nodeImageVersion, 'node:lts')).toBeNull();
    expect(read(pythonImageVersion, 'python:3')).toBeNull();
    expect(read(goImageVersion, 'python:3.12')).toBeNull();
    expect(read(javaImageVersion, 'debian:bookworm')).toBeNull();
  });
});

describe('start command ports and packages', () => {
  it.each([
    [['gunicorn', '--bind', '0.0.0.0:8000', 'app:app'], 8000],
    [['uvicorn', 'main:app', '--port=8001'], 8001],
    [['java', '-Dserver.port=8002', '-jar', 'app.jar'], 8002],
    [['env', 'PORT=8003', 'node', 'server.js'], 8003],
    [['gunicorn', '-b', ':$PORT', 'app:app'], null],
  ])('%j -> %s', (words, port) => {
    const found = commandPorts({ words: words as string[], text: '', at: 'Dockerfile:9' });
    expect(found[0]?.port ?? null).toBe(port);
  });

  it('leaves out comment lines inside a continued RUN, as Docker does', () => {
    const text = 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y \\\n    # the PDF export needs it\n    poppler-utils \\\n    libxslt1.1\n';
    expect(parseDockerfile(text, 'Dockerfile').packages.map((p) => p.name)).toEqual(['poppler-utils', 'libxslt1.1']);
  });

  it('reads apt, apk and dnf installs, dropping flags and versions', () => {
    expect(installedPackages('apt-get update && apt-get install -y --no-install-recommends libpq5=15.4 ca-certificates')).toEqual([
      { name: 'libpq5', manager: 'apt' },
      { name: 'ca-certificates', manager: 'apt' },
    ]);
    expect(installedPackages('apk add --no-cache libffi tzdata; dnf install -y openssl-libs')).toEqual([
      { name: 'libffi', manager: 'apk' },
      { name: 'tzdata', manager: 'apk' },
      { name: 'openssl-libs', manager: 'dnf' },
    ]);
  });
});

describe('existingFacts', () => {
  it('ranks the shipping Dockerfile first, skips our own output and dev files', () => {
    const repo = tree({
      'Dockerfile.dev': 'FROM python:3.13\nCMD ["flask", "run", "--debug"]\n',
      'Dockerfile.orig': 'FROM python:3.11-slim\nEXPOSE 7000\nCMD ["gunicorn", "app:app"]\n',
      Dockerfile: '# Generated by generator-multistage for a Python project.\nFROM python:3.13-slim AS runtime\n',
      'Dockerfile.dockerignore': 'node_modules\n',
    });
    const facts = existingFacts(repo);
    expect(facts.dockerfiles.map((d) => d.file)).toEqual(['Dockerfile.orig', 'Dockerfile.dev']);
    expect(facts.ports[0]).toEqual({ port: 7000, at: 'Dockerfile.orig:2', how: 'EXPOSE 7000' });
    expect(statedLanguage(facts, pythonImageVersion)).toMatchObject({ version: '3.11', image: 'python:3.11-slim' });
  });

  it("follows a compose file's build.dockerfile and reads the deployment manifests", () => {
    const repo = tree({
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: deploy/web.Dockerfile\n',
      'deploy/web.Dockerfile': 'FROM node:20-slim\nCMD ["node", "server.js"]\n',
      'fly.toml': 'app = "x"\n[http_service]\n  internal_port = 3000\n[processes]\n  app = "node server.js"\n',
      Procfile: 'release: npm run migrate\nweb: node server.js --port 5000\n',
      'railway.json': '{"deploy": {"startCommand": "node server.js"}}',
      'app.yaml': 'runtime: nodejs20\nentrypoint: node server.js\n',
    });
    const facts = existingFacts(repo);
    expect(facts.dockerfiles.map((d) => d.file)).toEqual(['deploy/web.Dockerfile']);
    expect(facts.commands.map((c) => c.at)).toEqual(['deploy/web.Dockerfile:2', 'Procfile:2', 'app.yaml', 'fly.toml', 'railway.json']);
    expect(facts.ports.map((p) => `${p.at} ${p.port}`)).toEqual(['fly.toml 3000', 'Procfile:2 5000']);
    expect(statedLanguage(facts, nodeImageVersion)).toEqual({ version: '20', image: 'node:20-slim', at: 'deploy/web.Dockerfile:1' });
    expect(statedLanguage(facts, pythonImageVersion)).toBeNull();
  });
});

describe('stacks read the existing Dockerfile', () => {
  it('Go: the main package it builds breaks the tie, its EXPOSE replaces the 8080 guess', () => {
    const detection = detectGo(Repo.open(fixturePath('go-naive-dockerfile')))!;
    expect(detection).toMatchObject({ entrypoint: './cmd/shelf', port: 9090 });
    expect(detection.evidence).toEqual(expect.arrayContaining(['Dockerfile:5: builds ./cmd/shelf into /app/shelf, the program Dockerfile:9 starts', 'Dockerfile:7: EXPOSE 9090, the port the existing setup uses']));
  });

  it('Go without go.mod: the golang tag is the minimum Go (raised to a supported line)', () => {
    const gopath = (tag: string) => detectGo(tree({ 'main.go': 'package main\n\nfunc main() {}\n', Dockerfile: `FROM golang:${tag}\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n` }));
    expect(gopath('1.27')).toMatchObject({ builderVersion: '1.27', builderWhy: expect.stringMatching(/^Dockerfile:1: FROM golang:1\.27: Go 1\.27/) });
    expect(gopath('1.21')).toMatchObject({ builderVersion: '1.26', builderWhy: expect.stringMatching(/^Dockerfile:1: FROM golang:1\.21: .*no longer gets security fixes: building with 1\.26/) });
  });

  it('Python: the CMD picks the app among two, with its port; FROM the Python line', () => {
    const detection = detectPython(Repo.open(fixturePath('python-naive-dockerfile')))!;
    expect(detection).toMatchObject({ entrypoint: 'catalog.web:app', port: 7000, pythonMinor: '3.13', server: 'uvicorn', native: [] });
  });

  it('Python: a shared library the Dockerfile installs with apt stays in the runtime; a -dev package or a tool does not', () => {
    const repo = tree({
      'requirements.txt': 'flask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      Dockerfile: 'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y libpq5 libpq-dev curl\nCMD ["gunicorn", "app:app"]\n',
    });
    expect(detectPython(repo)).toMatchObject({ pythonMinor: '3.11' });
    expect(detectPython(repo)?.native).toEqual([{ package: 'Dockerfile:2', build: [], runtime: ['libpq5'], why: 'installs them with apt' }]);
  });

  it('Python: a file that pins the version wins over the Dockerfile', () => {
    const repo = tree({ '.python-version': '3.12\n', 'requirements.txt': 'flask==3.1.3\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Dockerfile: 'FROM python:3.11-slim\nCMD ["gunicorn", "app:app"]\n' });
    expect(detectPython(repo)).toMatchObject({ pythonMinor: '3.12' });
  });
});

describe('Node and Java read the existing Dockerfile', () => {
  it('Node: the CMD names the entry package.json leaves open, EXPOSE the port, the node tag the nearest distroless major', () => {
    const detection = detectNode(Repo.open(fixturePath('node-naive-dockerfile')))!;
    expect(detection).toMatchObject({ entrypoint: 'src/server.js', port: 4000, languageVersion: '22' });
    expect(detection.evidence).toContain('Dockerfile:1: Node 18 has no distroless debian13 image; using 22, the oldest that has one and the range allows');
  });

  it('Node: .nvmrc and a start script win over the Dockerfile', () => {
    const repo = tree({
      'package.json': '{"name": "x", "scripts": {"start": "node app.js"}}',
      'app.js': 'require("http").createServer().listen(5050);\n',
      'lib/other.js': '',
      '.nvmrc': '24\n',
      Dockerfile: 'FROM node:22-slim\nEXPOSE 9999\nCMD ["node", "lib/other.js"]\n',
    });
    expect(detectNode(repo)).toMatchObject({ entrypoint: 'app.js', port: 5050, languageVersion: '24' });
  });

  it('Java: the release from the maven image tag and the port from EXPOSE, when the build names neither', () => {
    expect(detectJava(Repo.open(fixturePath('java-naive-dockerfile')))).toMatchObject({ languageVersion: '17', port: 8085 });
    // The pom's release wins.
    expect(detectJava(Repo.open(fixturePath('java-maven-plain')))).toMatchObject({ languageVersion: '21' });
  });
});

describe('upgrade helpers', () => {
  const facts = parseDockerfile(NAIVE, 'Dockerfile');

  it('describes the old file as the upgrade question shows it', () => {
    expect(describeExisting(facts)).toBe('2 stages, FROM debian:bookworm-slim, runs as root, has a shell');
    expect(describeExisting(parseDockerfile('FROM golang:1.22\nUSER app\n', 'Dockerfile'), '820 MB')).toBe('single-stage, FROM golang:1.22 (820 MB), runs as app, has a shell');
  });

  it('carries settings, never the image plumbing or a secret', () => {
    const env = carriedEnv(facts, 9090);
    expect(env.carried.map((e) => envLine(e.name, e.value))).toEqual(['APP_MODE=production', 'GREETING="hi there"']);
    expect(env.secrets.map((e) => e.name)).toEqual(['DB_PASSWORD']);
  });

  it('carries a port setting only when it agrees with the new port, and no empty value', () => {
    const old = parseDockerfile('FROM debian:trixie-slim\nENV ROCKET_PORT=80 HTTP_PORT=8085 DIR= MODE=prod\n', 'Dockerfile');
    const env = carriedEnv(old, 8085);
    expect(env.carried.map((e) => envLine(e.name, e.value))).toEqual(['HTTP_PORT=8085', 'MODE=prod']);
    expect(env.ports.map((e) => e.name)).toEqual(['ROCKET_PORT']);
    expect(upgradeNotes(old, env, { runtimeHasShell: false, packages: [] }).join('\n')).toMatch(/Dockerfile:2: ENV ROCKET_PORT=80 is not carried over: .* Fix: pass --port 80 to keep the old port\./);
  });

  it('names what the new image cannot do, each with a fix', () => {
    const notes = upgradeNotes(facts, carriedEnv(facts, 9090), { runtimeHasShell: false, packages: [] }).join('\n');
    expect(notes).toMatch(/Dockerfile:9: ENV DB_PASSWORD .* Fix: pass it at run time/);
    expect(notes).toMatch(/Dockerfile:14: starts through \/docker-entrypoint\.sh, a shell script; the new runtime has no shell.*Fix:/);
    expect(notes).toMatch(/Dockerfile:6: the old image ran as root.*Fix:/);
    expect(notes).toMatch(/Dockerfile:7: the old image installed libpq5, curl with apt.*Fix:/);
    expect(notes).toMatch(/Dockerfile:12: HEALTHCHECK .*curl.* Fix:/);
  });

  it('never overwrites a kept copy: .1, .2 beside it, nothing when an identical copy is kept', () => {
    const files: Record<string, string> = { 'Dockerfile.orig': 'first' };
    const read = (file: string) => files[file] ?? null;
    expect(backupName('Dockerfile.orig', read, 'second')).toBe('Dockerfile.orig.1');
    files['Dockerfile.orig.1'] = 'second';
    expect(backupName('Dockerfile.orig', read, 'third')).toBe('Dockerfile.orig.2');
    expect(backupName('Dockerfile.orig', read, 'second')).toBeNull();
    expect(backupName('Dockerfile.old', read, 'x')).toBe('Dockerfile.old');
  });

  it('lists the kept copies oldest first, for --build to take the newest', () => {
    const files: Record<string, string> = { 'Dockerfile.orig': 'a', 'Dockerfile.orig.1': 'b', 'Dockerfile.orig.3': 'stray' };
    expect(keptCopies('Dockerfile.orig', (file) => files[file] ?? null).map((copy) => copy.name)).toEqual(['Dockerfile.orig', 'Dockerfile.orig.1']);
  });

  it('shows the change line by line, folding long unchanged runs', () => {
    const before = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/x .\nA\nB\nC\nD\nE\nCMD ["/app/x"]\n';
    const after = 'FROM golang:1.26 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/x .\nA\nB\nC\nD\nE\nENTRYPOINT ["/app/x"]\n';
    expect(lineDiff(before, after).split('\n')).toEqual([
      '-FROM golang:1.22', '+FROM golang:1.26 AS build', ' WORKDIR /app', ' COPY . .', ' …', ' D', ' E', '-CMD ["/app/x"]', '+ENTRYPOINT ["/app/x"]',
    ]);
  });
});
