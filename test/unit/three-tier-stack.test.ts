import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { parse } from 'yaml';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { templatesDir } from '../../generators/app/core/paths.js';
import { Repo } from '../../generators/app/core/repo.js';
import { detectJava } from '../../generators/app/stacks/java/detect.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { stacks } from '../../generators/app/stacks/registry.js';
import { detectThreeTier } from '../../generators/app/stacks/three-tier/detect.js';
import { threeTierStack } from '../../generators/app/stacks/three-tier/index.js';
import { planThreeTier, secretSource } from '../../generators/app/stacks/three-tier/plan.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';
import { expectGolden } from '../support/golden.js';
import { runGenerator } from '../support/run-generator.js';
import { withCommands } from '../../generators/app/core/commands.js';
import { templateData } from '../../generators/app/core/render.js';

const detect = (fixture: string) => detectThreeTier(Repo.open(fixturePath(fixture)));
const plan = (fixture: string, answers: Answers = {}) => {
  const repo = Repo.open(fixturePath(fixture));
  return planThreeTier(detectThreeTier(repo)!, answers, repo);
};
const render = (template: string, data: Record<string, unknown>) => ejs.renderFile(path.join(templatesDir, template), data) as Promise<string>;

describe('detectThreeTier', () => {
  it('frontend/ + backend/ (Maven) with MySQL: finds both tiers by content and reports every piece of evidence', () => {
    const detection = detect('three-tier-maven')!;
    expect(detection).toMatchObject({ stack: 'three-tier', frontendDir: 'frontend', backendDir: 'backend', apiAccess: 'same-origin', languageVersion: '21', port: 8080 });
    expect(detection.database).toMatchObject({ kind: 'mysql', mysqlCompatible: true, name: 'shop', user: 'shop' });
    expect(detection.evidence).toEqual(expect.arrayContaining([
      'backend/pom.xml: MySQL JDBC driver (mysql-connector)',
      'backend/src/main/resources/application.properties: datasource jdbc:mysql://localhost:3306/shop',
      'frontend/src/App.jsx: calls the API with relative /api paths: same origin, served by the back end with the front end',
    ]));
  });

  it('client/ + server/ (Gradle): any folder names; an API env var and an existing compose MySQL service are evidence', () => {
    const detection = detect('three-tier-gradle')!;
    expect(detection).toMatchObject({ frontendDir: 'client', backendDir: 'server', apiAccess: 'env', apiEnvVars: ['REACT_APP_API_BASE_URL'] });
    expect(detection.backend.buildTool).toBe('gradle');
    expect(detection.database).toMatchObject({ kind: 'mysql', name: 'notes', user: 'notes' });
    expect(detection.evidence.join('\n')).toMatch(/docker-compose\.yml: mysql:8\.0 service/);
  });

  it('a hard-coded http://localhost:8080 is a warning; MariaDB counts as MySQL-compatible', () => {
    const detection = detect('three-tier-hardcoded')!;
    expect(detection.apiAccess).toBe('hard-coded');
    expect(detection.hardCodedUrls).toEqual(['web/src/main.jsx: http://localhost:8080/api']);
    expect(detection.evidence.join('\n')).toMatch(/http:\/\/localhost:8080\/api is hard-coded: warning/);
    expect(detection.database).toMatchObject({ kind: 'mariadb', mysqlCompatible: true });
  });

  it('PostgreSQL: says the database tier is not MySQL', () => {
    const detection = detect('three-tier-postgres')!;
    expect(detection.database).toMatchObject({ kind: 'postgres', mysqlCompatible: false });
    expect(detection.evidence.join('\n')).toMatch(/the database tier is not MySQL \(PostgreSQL\)/);
  });

  it('returns null for a Java-only or Node-only project, or a root-level project', () => {
    expect(detect('java-spring-boot-maven')).toBeNull();
    expect(detect('node-vite')).toBeNull();
    expect(detect('node-express')).toBeNull();
  });

  it('the sub-folders are still what the Java and Node detectors see', () => {
    const repo = Repo.open(fixturePath('three-tier-maven'));
    expect(detectJava(Repo.open(repo.abs('backend')))?.framework).toBe('spring-boot');
    expect(detectNode(Repo.open(repo.abs('frontend')))?.kind).toBe('spa');
  });
});

describe('questions', () => {
  it('asks the Java release, the front end\'s Node major and the port, with detected defaults', () => {
    const detection = detect('three-tier-gradle')!;
    const questions = threeTierStack.questions(detection, {});
    expect(questions.map((q) => [q.name, q.flag, q.default])).toEqual([
      ['languageVersion', 'language-version', '21'],
      ['runtime', 'runtime', 'distroless'],
      ['nodeVersion', 'node-version', '24'],
      ['port', 'port', 8080],
      ['layout', 'layout', 'same-origin'],
    ]);
    expect(questions.at(-1)!.choices!.map((c) => c.value)).toEqual(['same-origin', 'separate']);
  });
});

describe('planThreeTier', () => {
  it('MySQL: Dockerfile, .dockerignore and compose.yaml, plus .env (created) and a .gitignore append', () => {
    const result = plan('three-tier-maven');
    expect(result.files.map((f) => f.destination)).toEqual(['Dockerfile', '.dockerignore', 'compose.yaml']);
    expect(result.runtimeImage).toBe('gcr.io/distroless/java21-debian13:nonroot');
    expect(result.extraFiles?.map((f) => [f.destination, Boolean(f.append)])).toEqual([['.env', false], ['.gitignore', true]]);
    expect(result.extraFiles![0].content).toMatch(/^# .*\nMYSQL_PASSWORD=[\w-]{32}\nMYSQL_ROOT_PASSWORD=[\w-]{32}\n$/);
  });

  it('PostgreSQL: the app tiers only (no compose.yaml, no .env)', () => {
    const result = plan('three-tier-postgres');
    expect(result.files.map((f) => f.destination)).toEqual(['Dockerfile', '.dockerignore']);
    expect(result.extraFiles).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/postgres, not MySQL: only the app tiers/);
  });

  it('an existing .env keeps its values and gains only missing keys; a .gitignore that already ignores .env is left alone', () => {
    const dir = copyFixture('three-tier-maven');
    writeFileSync(path.join(dir, '.env'), 'MYSQL_PASSWORD=kept\n');
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.env\n');
    const repo = Repo.open(dir);
    const result = planThreeTier(detectThreeTier(repo)!, {}, repo);
    expect(result.extraFiles).toEqual([{ destination: '.env', content: expect.stringMatching(/^MYSQL_ROOT_PASSWORD=[\w-]+\n$/), append: true }]);
  });

  it('no .gitignore: one is created with .env', () => {
    const result = plan('three-tier-gradle');
    expect(result.extraFiles?.find((f) => f.destination === '.gitignore')).toEqual({ destination: '.gitignore', content: expect.stringContaining('\n.env\n') });
  });

  it('a plain (shaded) jar back end: packaged like the Java stack does, with the front end on its class path', () => {
    const result = plan('three-tier-plain');
    expect(result.context).toMatchObject({ kind: 'jar', boot: false, sameOrigin: true, backendTitle: 'Java', entrypoint: ['/usr/bin/java', '-jar', '/app/app.jar'] });
    expect(result.notes[0]).toMatch(/not Spring Boot, so the app itself must serve static\/ from its class path/);
    expect(result.context.jdbcUrl).toBe('jdbc:mariadb://db:3306/bookshelf');
  });

  it('a back end that cannot serve static files (Quarkus) is refused for same-origin and accepted as separate images', () => {
    const dir = emptyDir('three-tier-quarkus');
    mkdirSync(path.join(dir, 'ui', 'src'), { recursive: true });
    mkdirSync(path.join(dir, 'svc'), { recursive: true });
    writeFileSync(path.join(dir, 'ui', 'package.json'), JSON.stringify({ scripts: { build: 'vite build' }, dependencies: { react: '19' }, devDependencies: { vite: '7' } }));
    writeFileSync(path.join(dir, 'ui', 'package-lock.json'), '{}');
    writeFileSync(path.join(dir, 'svc', 'pom.xml'), '<project><artifactId>svc</artifactId><properties><maven.compiler.release>21</maven.compiler.release></properties><dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest</artifactId></dependency></dependencies></project>');
    const repo = Repo.open(dir);
    const detection = detectThreeTier(repo)!;
    expect(() => planThreeTier(detection, {}, repo)).toThrow(/does not serve files from src\/main\/resources\/static.*--layout separate/);
    expect(threeTierStack.questions(detection, {}).find((q) => q.name === 'layout')!.default).toBe('separate');
    expect(planThreeTier(detection, { layout: 'separate' }, repo).context).toMatchObject({ kind: 'quarkus-app', sameOrigin: false });
  });

  it('--layout must be same-origin or separate', () => {
    expect(() => plan('three-tier-maven', { layout: 'split' })).toThrow(/--layout split: not one of same-origin, separate/);
  });

  it('--layout separate: a web target (Caddy on distroless static) with a Caddyfile next to the front end, and compose gets web + app + db', () => {
    const result = plan('three-tier-maven', { layout: 'separate' });
    expect(result.files.map((f) => f.destination)).toEqual(['Dockerfile', '.dockerignore', 'frontend/Caddyfile', 'compose.yaml']);
    expect(result.runtimeImage).toBe('gcr.io/distroless/java21-debian13:nonroot (app) + gcr.io/distroless/static-debian13:nonroot with Caddy (web)');
    expect(result.notes[0]).toMatch(/^Layout separate: one Dockerfile, two images/);
  });
});

describe.each(['three-tier-maven', 'three-tier-gradle', 'three-tier-hardcoded', 'three-tier-postgres', 'three-tier-root'])('%s templates', (fixture) => {
  let context: Record<string, unknown>;
  let withDb: boolean;
  beforeAll(() => {
    const result = plan(fixture);
    context = templateData(withCommands(result));
    withDb = result.files.some((f) => f.destination === 'compose.yaml');
  });

  it('the Dockerfile matches its golden file and passes the project rules', async () => {
    const dockerfile = await render('three-tier/Dockerfile.ejs', context);
    expectGolden(fixture, 'Dockerfile', dockerfile);
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toMatch(/^FROM \S+ AS frontend$/m);
    expect(dockerfile).toMatch(/^FROM \S+ AS backend$/m);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/java\d+-debian13:debug-nonroot AS debug$/m);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/java\d+-debian13:nonroot AS runtime$/m);
    expect(dockerfile).toMatch(/^COPY --from=frontend \S+ \.\/src\/main\/resources\/static\/$/m);
    expect(dockerfile).not.toMatch(/^(ARG|ENV) \S*PASSWORD|^HEALTHCHECK/m);
  });

  it('the .dockerignore keeps .env, dependencies and build output out', async () => {
    const dockerignore = await render('_shared/dockerignore.ejs', context);
    expectGolden(fixture, '.dockerignore', dockerignore);
    for (const pattern of ['**/.env', '**/node_modules', '**/target', '**/build', '**/mysql-data']) expect(dockerignore.split('\n')).toContain(pattern);
  });

  it('compose.yaml (MySQL only) is valid YAML with the expected structure', async () => {
    if (!withDb) return;
    const text = await render('three-tier/compose.yaml.ejs', context);
    expectGolden(fixture, 'compose.yaml', text);
    const compose = parse(text);
    expect(Object.keys(compose.services)).toEqual(['app', 'db']);
    expect(compose.services.app).toMatchObject({ build: '.', depends_on: { db: { condition: 'service_healthy' } } });
    expect(compose.services.app.healthcheck).toBeUndefined();
    expect(Object.keys(compose.services.app.environment)).toEqual(['SPRING_DATASOURCE_URL', 'SPRING_DATASOURCE_USERNAME', 'SPRING_DATASOURCE_PASSWORD']);
    expect(compose.services.app.environment.SPRING_DATASOURCE_URL).toMatch(/^jdbc:(mysql|mariadb):\/\/db:3306\/\w+$/);
    expect(compose.services.db.image).toBe('mysql:8.4');
    expect(compose.services.db.healthcheck.test).toEqual(['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent']);
    expect(compose.services.db.volumes).toEqual(['db-data:/var/lib/mysql']);
    expect(compose.volumes).toHaveProperty('db-data');
    // Passwords only as ${VAR} references to .env, never as values.
    for (const value of [compose.services.app.environment.SPRING_DATASOURCE_PASSWORD, compose.services.db.environment.MYSQL_PASSWORD, compose.services.db.environment.MYSQL_ROOT_PASSWORD]) {
      expect(value).toMatch(/^\$\{MYSQL_\w*PASSWORD:\?/);
    }
    expect(text).toMatch(/not distroless/);
  });
});

describe('three-tier-separate templates (three-tier-maven with --layout separate)', () => {
  let context: Record<string, unknown>;
  beforeAll(() => {
    context = templateData(withCommands(plan('three-tier-maven', { layout: 'separate' })));
  });

  it('the Dockerfile has a web target (Caddy on distroless static) and the back end without the front end inside', async () => {
    const dockerfile = await render('three-tier/Dockerfile.ejs', context);
    expectGolden('three-tier-separate', 'Dockerfile', dockerfile);
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toMatch(/^FROM caddy:\d+\.\d+ AS caddy$/m);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/static-debian13:nonroot AS web$/m);
    expect(dockerfile).toMatch(/^COPY --from=caddy \/caddy \/usr\/bin\/caddy$/m);
    expect(dockerfile).toMatch(/^COPY frontend\/Caddyfile \/etc\/caddy\/Caddyfile$/m);
    expect(dockerfile).not.toMatch(/src\/main\/resources\/static/);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/java21-debian13:nonroot AS runtime$/m);
    // Both final stages run as 65532.
    expect(dockerfile.match(/^USER 65532:65532$/gm)).toHaveLength(3);
  });

  it('compose.yaml: web (target web, published on loopback, API_UPSTREAM) + app (target runtime, not published) + db', async () => {
    const text = await render('three-tier/compose.yaml.ejs', context);
    expectGolden('three-tier-separate', 'compose.yaml', text);
    const compose = parse(text);
    expect(Object.keys(compose.services)).toEqual(['web', 'app', 'db']);
    expect(compose.services.web).toMatchObject({ build: { context: '.', target: 'web' }, image: 'shop-web', ports: ['127.0.0.1:8080:8080'], environment: { API_UPSTREAM: 'http://app:8080' }, depends_on: ['app'] });
    expect(compose.services.app).toMatchObject({ build: { context: '.', target: 'runtime' }, image: 'shop', depends_on: { db: { condition: 'service_healthy' } } });
    expect(compose.services.app.ports).toBeUndefined();
    expect(compose.name).toBeUndefined();
  });

  // What the file does is proven on a real Caddy by the e2e suite (three-tier.test.ts, separate layout).
  it('the Caddyfile forwards /api (and only /api) to API_UPSTREAM, defaulting to compose\'s app service', async () => {
    const caddyfile = await render('node/Caddyfile.ejs', context);
    expectGolden('three-tier-separate', 'Caddyfile', caddyfile);
    expect(caddyfile).toMatch(/^\t@api path \/api \/api\/\*$/m);
    expect(caddyfile).toMatch(/^\t\treverse_proxy \{\$API_UPSTREAM:http:\/\/app:8080\}$/m);
    // The proxy is its own handle block: the SPA fallback's rewrite never sees /api paths.
    expect(caddyfile.indexOf('handle @api')).toBeLessThan(caddyfile.indexOf('rewrite @route /index.html'));
    expect(caddyfile).toMatch(/^:\{\$PORT:8080\} \{$/m);
  });
});

// Runs the whole generator through the registry, so the stack must be registered (before java and node).
describe('generator run (three-tier-maven)', () => {
  it('is registered before the java and node stacks', () => {
    const order = stacks.map((stack) => stack.id);
    expect(order.indexOf('three-tier')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('three-tier')).toBeLessThan(order.indexOf('java'));
    expect(order.indexOf('three-tier')).toBeLessThan(order.indexOf('node'));
  });

  const real = secretSource.next;
  afterAll(() => {
    secretSource.next = real;
  });

  it('writes .env with the injected secrets and appends .env to the existing .gitignore', async () => {
    let n = 0;
    secretSource.next = () => `secret${++n}`;
    const result = await runGenerator({ fixture: 'three-tier-maven', flags: { yes: true } });
    expect(readFileSync(path.join(result.cwd, '.env'), 'utf8')).toMatch(/\nMYSQL_PASSWORD=secret1\nMYSQL_ROOT_PASSWORD=secret2\n$/);
    expect(readFileSync(path.join(result.cwd, '.gitignore'), 'utf8')).toBe('node_modules/\ntarget/\n# Database passwords (generator-multistage)\n.env\n');
    expect(readFileSync(path.join(result.cwd, 'compose.yaml'), 'utf8')).toBe(readFileSync(fixturePath('../golden/three-tier-maven/compose.yaml'), 'utf8'));
  });
});
