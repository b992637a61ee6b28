import { compareEntrypoint, compareLanguageVersion, comparePackageManager, comparePort, compareRuntime, compareStack, imageFamily, parseVersionTruth, truthFamilies } from '../../bench/eval/compare.js';

describe('language version against the stated truth', () => {
  test('a plain version matches on major.minor, whatever the patch', () => {
    expect(compareLanguageVersion('1.25', '1.25.0').status).toBe('ok');
    expect(compareLanguageVersion('1.25.6', '1.25.0 (go.mod; other text)').status).toBe('ok');
    expect(compareLanguageVersion('1.24', '1.25.0').status).toBe('wrong');
  });

  test('a major-only truth (Java, Node) matches any minor of that major', () => {
    expect(compareLanguageVersion('17', '17 (Gradle toolchain languageVersion 17)').status).toBe('ok');
    expect(compareLanguageVersion('24', '24 (.node-version); engines.node >=22.0.0').status).toBe('ok');
    expect(compareLanguageVersion('21', 'backend Java 17 (java.version); frontend none').status).toBe('wrong');
  });

  test("Java's 1.8 is 8 (and Go's 1.25 stays 1.25)", () => {
    expect(compareLanguageVersion('1.8', '8').status).toBe('ok');
    expect(compareLanguageVersion('1.25', '25').status).toBe('wrong');
  });

  test('a range is checked with semver, including caret, >= and ==x.*', () => {
    expect(compareLanguageVersion('24', '>=10 (engines.node)').status).toBe('ok');
    expect(compareLanguageVersion('20.3', '>= 20.4.0 (engines.node)').status).toBe('wrong');
    expect(compareLanguageVersion('3.13', '^3.10 (pyproject python = "^3.10")').status).toBe('ok');
    expect(compareLanguageVersion('3.13', '3.13 (requires-python ==3.13.*)').status).toBe('ok');
    expect(parseVersionTruth('==3.13.*')).toEqual({ kind: 'range', range: '3.13.x', text: '==3.13.*' });
  });

  test('any version the statement names is acceptable (go line or toolchain)', () => {
    expect(compareLanguageVersion('1.26.0', 'go 1.25.0 + toolchain go1.26.0 (GO_VERSION file: 1.26.0)').status).toBe('ok');
    expect(compareLanguageVersion('1.25', 'go 1.25.0 + toolchain go1.26.0').status).toBe('ok');
  });

  test('no stated version is not judged; a stated one with nothing detected is wrong', () => {
    expect(compareLanguageVersion('3.13', null).status).toBe('n/a');
    expect(compareLanguageVersion(null, '3.12 (.python-version)')).toEqual({ status: 'wrong', got: null, want: '3.12' });
  });
});

describe('package manager', () => {
  test('the family named outside the explanations', () => {
    expect(comparePackageManager('go mod', 'go modules + committed vendor/').status).toBe('ok');
    expect(comparePackageManager('pip', 'pip (requirements.txt -> base.txt; the Dockerfile installs them with uv pip)').status).toBe('ok');
    expect(comparePackageManager('uv', 'pip (requirements.txt -> base.txt; the Dockerfile installs them with uv pip)').status).toBe('wrong');
    expect(comparePackageManager('yarn-berry', 'yarn berry 4.11.0 (packageManager field)').status).toBe('ok');
  });

  test('either of two the truth allows; a monorepo front end may add one', () => {
    expect(comparePackageManager('yarn', 'ambiguous: both package-lock.json and yarn.lock committed').status).toBe('ok');
    expect(comparePackageManager('gradle (wrapper)', 'gradle wrapper (gradle 9.3.1) and maven wrapper (Maven 3.9.11) both present').status).toBe('ok');
    expect(comparePackageManager('npm + maven', 'backend/: maven (no wrapper); frontend/: npm (package-lock.json)').status).toBe('ok');
    expect(comparePackageManager('poetry', 'poetry (poetry.lock); frontend: yarn v1 (frontend/yarn.lock)').status).toBe('ok');
  });

  test('nothing detected, or a manager the truth does not name, is wrong', () => {
    expect(comparePackageManager(null, 'npm (no lockfile)').status).toBe('wrong');
    expect(comparePackageManager('npm', 'pnpm (pnpm-lock.yaml)').status).toBe('wrong');
  });
});

describe('entrypoint', () => {
  test('a token of the truth: path, module:app, script', () => {
    expect(compareEntrypoint('./cmd/skopeo', 'cmd/skopeo (CLI)').status).toBe('ok');
    expect(compareEntrypoint('app:app', 'gunicorn app:app').status).toBe('ok');
    expect(compareEntrypoint('server/server.js', 'node server/server.js (npm start -> start-server)').status).toBe('ok');
    expect(compareEntrypoint('index', 'node index.js start (npm start = node index start)').status).toBe('ok');
  });

  test('the root package or a jar built at the root, when the truth names no other folder', () => {
    expect(compareEntrypoint('.', '. (package main in run/helloworld/main.go)').status).toBe('ok');
    expect(compareEntrypoint('.', 'Spring Boot executable jar (com.example.restservice.RestServiceApplication)').status).toBe('ok');
    expect(compareEntrypoint('.', 'api/services/sales (other mains: api/services/auth)').status).toBe('wrong');
  });

  test('a three-tier truth is judged on its backend clause, the tier the detection names', () => {
    expect(compareEntrypoint('.', 'backend: Spring Boot jar built at repo root; frontend: webpack bundle client/public (npm run build:prod)').status).toBe('ok');
    expect(compareEntrypoint('.', 'backend: jar of the api/server module; frontend: client/build').status).toBe('wrong');
    expect(compareEntrypoint('backend', 'backend: Spring Boot app com.company.project.Application; frontend: static CRA build').status).toBe('ok');
  });

  test("a WSGI module named alone means its `application`; a jar's module folder when the truth names none", () => {
    expect(compareEntrypoint('gettingstarted.wsgi:application', 'gunicorn --config gunicorn.conf.py gettingstarted.wsgi').status).toBe('ok');
    expect(compareEntrypoint('bakerydemo.wsgi:application', 'uwsgi etc/uwsgi.ini (wsgi-file=bakerydemo/wsgi.py)').status).toBe('ok');
    expect(compareEntrypoint('bakerydemo.wsgi:app', 'uwsgi etc/uwsgi.ini (wsgi-file=bakerydemo/wsgi.py)').status).toBe('wrong');
    expect(compareEntrypoint('springboot-backend', 'backend: Spring Boot jar (net.example.App); frontend: static build/').status).toBe('ok');
    expect(compareEntrypoint('orders', 'Spring Boot jar built in services/billing').status).toBe('wrong');
  });

  test('a different app object or a missing answer is wrong', () => {
    expect(compareEntrypoint('app:create_app()', 'gunicorn microblog:app (microblog.py: app = create_app())').status).toBe('wrong');
    expect(compareEntrypoint(null, '. (node_exporter.go)').status).toBe('wrong');
  });

  test('a site the truth calls static is right when a static server serves it', () => {
    expect(compareEntrypoint('Caddyfile', 'static SPA: react-scripts build -> build/ (no server code)', { staticSite: true }).status).toBe('ok');
    expect(compareEntrypoint('index.js', 'static SPA: react-scripts build -> build/', { staticSite: false }).status).toBe('wrong');
  });
});

describe('port', () => {
  test('equal numbers; no stated port is not judged', () => {
    expect(comparePort(8080, 8080).status).toBe('ok');
    expect(comparePort(6060, 8080)).toEqual({ status: 'wrong', got: '6060', want: '8080' });
    expect(comparePort(8000, null).status).toBe('n/a');
  });
});

describe('runtime family', () => {
  test('images map to families without their versions', () => {
    expect(imageFamily('gcr.io/distroless/java17-debian13:nonroot')).toBe('distroless-java');
    expect(imageFamily('gcr.io/distroless/static-debian13:nonroot')).toBe('distroless-static');
    expect(imageFamily('python:3.12-slim-trixie')).toBe('python-slim');
    expect(imageFamily('eclipse-temurin:11-jre')).toBe('temurin-jre');
    expect(imageFamily('scratch')).toBe('scratch');
  });

  test('a truth may name several acceptable families, outside its explanations', () => {
    expect(truthFamilies('distroless-static when built with CGO_ENABLED=0; otherwise debian:13-slim with libgpgme11 (distroless has no gpgme)').sort()).toEqual(['debian-slim', 'distroless-static']);
    expect(truthFamilies('distroless-java17 (Java 11 bytecode; no java11 distroless)')).toEqual(['distroless-java']);
    expect(truthFamilies('nginx (e.g. nginxinc/nginx-unprivileged on 8080) serving build/')).toEqual(['static-server']);
  });

  test('compare', () => {
    expect(compareRuntime('gcr.io/distroless/java17-debian13:nonroot', 'distroless-java17 (Java 11 bytecode)').status).toBe('ok');
    expect(compareRuntime('eclipse-temurin:11-jre', 'distroless-java17 (Java 11 bytecode)').status).toBe('wrong');
    expect(compareRuntime(null, 'distroless-nodejs22').status).toBe('wrong');
    expect(compareRuntime('x', 'none: the generator should report that no deployable application was found').status).toBe('n/a');
  });
});

describe('stack', () => {
  test('a single stack by name', () => {
    expect(compareStack({ detected: 'go' }, 'go').status).toBe('ok');
    expect(compareStack({ detected: 'java' }, 'three-tier').status).toBe('wrong');
  });

  test('a monorepo: no stack at the root and a scan with several services', () => {
    expect(compareStack({ detected: null, services: 5 }, 'monorepo').status).toBe('ok');
    expect(compareStack({ detected: 'go', services: 5 }, 'monorepo').status).toBe('wrong');
    expect(compareStack({ detected: null, services: 1 }, 'monorepo').status).toBe('wrong');
  });

  test('nothing to deploy: no stack and no service', () => {
    expect(compareStack({ detected: null, services: 0 }, 'none').status).toBe('ok');
    expect(compareStack({ detected: null, services: 1 }, 'none').status).toBe('wrong');
  });
});

describe('runtime: a static server on distroless static', () => {
  test('Caddy on distroless static is a static server; a Go binary on it is not', () => {
    expect(compareRuntime('gcr.io/distroless/static-debian13:nonroot', 'nginx serving build/ with SPA fallback', { staticServer: true }).status).toBe('ok');
    expect(compareRuntime('gcr.io/distroless/static-debian13:nonroot', 'nginx serving build/ with SPA fallback').status).toBe('wrong');
    expect(compareRuntime('gcr.io/distroless/static-debian13:nonroot', 'distroless-static (CGO_ENABLED=0)', { staticServer: false }).status).toBe('ok');
  });
});
