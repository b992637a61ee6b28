import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { fixturePath } from '../support/fixtures.js';
import { expectGolden } from '../support/golden.js';
import { runGenerator } from '../support/run-generator.js';
import { writtenFiles } from '../support/tree.js';

interface ComposeFile {
  services: Record<string, { build: string | { context: string; dockerfile: string }; ports?: string[]; image?: string }>;
}

function keepCopy(dir: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ms-scan-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const composeOf = (dir: string) => parse(read(dir, 'compose.yaml')) as ComposeFile;

/** Monorepo fixtures: `--scan --yes` writes these files, pinned as golden files under scan-<fixture>/. */
const SCANS = [
  { fixture: 'mono-mixed', written: ['compose.yaml', 'services/greeter/Dockerfile', 'services/greeter/.dockerignore', 'services/quotes/Dockerfile', 'services/quotes/.dockerignore', 'web/Dockerfile', 'web/.dockerignore', 'README.Docker.md', 'services/greeter/README.Docker.md', 'services/quotes/README.Docker.md', 'web/README.Docker.md'] },
  { fixture: 'mono-go-work', written: ['compose.yaml', 'billing/Dockerfile', 'billing/Dockerfile.dockerignore', 'shipping/Dockerfile', 'shipping/Dockerfile.dockerignore', '.dockerignore', 'README.Docker.md', 'billing/README.Docker.md', 'shipping/README.Docker.md'] },
  { fixture: 'mono-maven', written: ['compose.yaml', 'orders/Dockerfile', 'orders/Dockerfile.dockerignore', 'inventory/Dockerfile', 'inventory/Dockerfile.dockerignore', '.dockerignore', 'README.Docker.md', 'orders/README.Docker.md', 'inventory/README.Docker.md'] },
  { fixture: 'mono-gradle', written: ['compose.yaml', 'api/Dockerfile', 'api/Dockerfile.dockerignore', 'worker/Dockerfile', 'worker/Dockerfile.dockerignore', '.dockerignore', 'README.Docker.md', 'api/README.Docker.md', 'worker/README.Docker.md'] },
  { fixture: 'node-workspaces', written: ['compose.yaml', 'packages/api/Dockerfile', 'packages/api/Dockerfile.dockerignore', 'packages/web/Dockerfile', 'packages/web/Dockerfile.dockerignore', 'packages/web/Caddyfile', '.dockerignore', 'README.Docker.md', 'packages/api/README.Docker.md', 'packages/web/README.Docker.md'] },
  { fixture: 'mono-maven-beside', written: ['compose.yaml', 'ledger/postings/Dockerfile', 'ledger/postings/Dockerfile.dockerignore', 'ledger/balances/Dockerfile', 'ledger/balances/Dockerfile.dockerignore', '.dockerignore', 'notifier/Dockerfile', 'notifier/.dockerignore', 'README.Docker.md', 'ledger/postings/README.Docker.md', 'ledger/balances/README.Docker.md', 'notifier/README.Docker.md'] },
  { fixture: 'python-uv-workspace', written: ['compose.yaml', 'packages/api/Dockerfile', 'packages/api/Dockerfile.dockerignore', '.dockerignore', 'README.Docker.md', 'packages/api/README.Docker.md'] },
];

describe.each(SCANS)('--scan --yes on $fixture', ({ fixture, written }) => {
  let cwd: string;
  let files: string[];

  beforeAll(async () => {
    ({ cwd } = await runGenerator({ fixture, flags: { scan: true, yes: true } }));
    files = writtenFiles(fixturePath(fixture), cwd).filter((file) => !file.endsWith('.yo-rc.json'));
  });

  it('writes one Dockerfile per service (with its own ignore file when it shares its build context), a .dockerignore per build context and the root compose.yaml', () => {
    expect(files.sort()).toEqual([...written].sort());
  });

  it('matches the golden files', () => {
    for (const file of files) expectGolden(`scan-${fixture}`, file, read(cwd, file));
  });

  it('every Dockerfile passes dockerfile-utils and the project rules', () => {
    for (const file of files.filter((f) => f.endsWith('Dockerfile'))) {
      const text = read(cwd, file);
      expect(validate(text)).toEqual([]);
      expect(lintDockerfile(text)).toEqual([]);
    }
  });

  it('compose.yaml builds every service from a context holding its Dockerfile, on distinct loopback ports', () => {
    const compose = composeOf(cwd);
    const hostPorts: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      const build = typeof service.build === 'string' ? { context: service.build, dockerfile: 'Dockerfile' } : service.build;
      expect(existsSync(path.join(cwd, build.context, build.dockerfile))).toBe(true);
      expect(service.image).toBe(name);
      for (const port of service.ports ?? []) {
        expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
        hostPorts.push(port.split(':')[1]);
      }
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('states a build context other than the service folder in the Dockerfile and in compose.yaml', () => {
    const compose = composeOf(cwd);
    for (const file of files.filter((f) => f.endsWith('Dockerfile'))) {
      const dir = path.posix.dirname(file);
      const entry = Object.values(compose.services).find((service) => typeof service.build !== 'string' && path.posix.join(service.build.context, service.build.dockerfile) === file);
      expect(entry).toBeDefined();
      const context = (entry!.build as { context: string }).context;
      if (context !== dir) expect(read(cwd, file)).toContain(`docker build -f ${path.posix.relative(context, file)} `);
      else expect(read(cwd, file)).toContain('# Build:  docker build -t ');
    }
  });

  it('stores each service\'s answers next to its Dockerfile', () => {
    for (const file of files.filter((f) => f.endsWith('Dockerfile'))) {
      const stored = JSON.parse(read(cwd, path.posix.join(path.posix.dirname(file), '.yo-rc.json')))['generator-multistage'];
      expect(stored.stack).toBeDefined();
      expect(stored.buildContext).toBeDefined();
    }
  });
});

describe('--scan on a mixed repository', () => {
  it('leaves a folder with its own Dockerfile alone but lists it in compose.yaml', async () => {
    const { cwd } = await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true } });
    expect(read(cwd, 'legacy/Dockerfile')).toBe(read(fixturePath('mono-mixed'), 'legacy/Dockerfile'));
    expect(existsSync(path.join(cwd, 'legacy/.dockerignore'))).toBe(false);
    const legacy = composeOf(cwd).services.legacy;
    expect(legacy.build).toEqual({ context: 'legacy', dockerfile: 'Dockerfile' });
    expect(read(cwd, 'compose.yaml')).toMatch(/# Python service in legacy\/.*its own Dockerfile \(not generated\)/);
  });

  it('asks with a checkbox: new services ticked, the one with a Dockerfile not; only the ticked ones are written', async () => {
    let offered: Array<{ value: string; checked?: boolean }> = [];
    const { cwd } = await runGenerator({
      fixture: 'mono-mixed',
      flags: { scan: true },
      answers: { services: ['web'] },
      onQuestion: (name, question) => {
        if (name === 'services') offered = question.choices as typeof offered;
      },
    });
    expect(offered.map((choice) => [choice.value, Boolean(choice.checked)])).toEqual([
      ['legacy', false],
      ['services/greeter', true],
      ['services/quotes', true],
      ['web', true],
    ]);
    expect(writtenFiles(fixturePath('mono-mixed'), cwd).filter((f) => !f.endsWith('.yo-rc.json')).sort()).toEqual(['README.Docker.md', 'compose.yaml', 'web/.dockerignore', 'web/Dockerfile', 'web/README.Docker.md']);
    expect(Object.keys(composeOf(cwd).services).sort()).toEqual(['legacy', 'web']);
  });

  it("asks each service's questions with that service's defaults: a module's own Java release", async () => {
    const offered: Record<string, unknown> = {};
    const { cwd } = await runGenerator({
      fixture: 'mono-maven',
      flags: { scan: true },
      answers: { services: ['inventory'] },
      prepare: (dir) => {
        const pom = path.join(dir, 'inventory', 'pom.xml');
        writeFileSync(pom, readFileSync(pom, 'utf8').replace('<packaging>jar</packaging>', '<packaging>jar</packaging>\n  <properties>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>'));
      },
      onQuestion: (name, question) => {
        offered[name] = question.default;
      },
    });
    expect(offered.languageVersion).toBe('17');
    expect(read(cwd, 'inventory/Dockerfile')).toContain('ARG JAVA_VERSION=17');
  });

  it('a re-run after a service is added generates only that one and adds it to compose.yaml, keeping hand edits', async () => {
    // yeoman-test removes a run's folder when the next run starts: keep a copy of the first result.
    const first = keepCopy((await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true } })).cwd);
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(first, dir, { recursive: true });
        writeFileSync(path.join(dir, 'compose.yaml'), read(dir, 'compose.yaml').replace('    image: web\n', '    image: web\n    environment:\n      GREETING: hand edited\n'));
        mkdirSync(path.join(dir, 'services/clock'));
        writeFileSync(path.join(dir, 'services/clock/go.mod'), 'module example.com/acme/clock\n\ngo 1.24\n');
        writeFileSync(path.join(dir, 'services/clock/main.go'), read(dir, 'services/greeter/main.go'));
      },
    });
    const changed = writtenFiles(first, cwd).filter((f) => !f.endsWith('.yo-rc.json')).sort();
    expect(changed).toEqual(['README.Docker.md', 'compose.yaml', 'services/clock/.dockerignore', 'services/clock/Dockerfile', 'services/clock/README.Docker.md', 'services/clock/go.mod', 'services/clock/main.go']);
    const compose = composeOf(cwd);
    expect(Object.keys(compose.services)).toEqual(['legacy', 'greeter', 'quotes', 'web', 'clock']);
    expect(read(cwd, 'compose.yaml')).toContain('GREETING: hand edited');
    // greeter and clock both listen on 8081: the newcomer gets the next free host port.
    expect(compose.services.clock.ports).toEqual(['127.0.0.1:8082:8081']);
  });

  it('refuses a per-service flag, which would apply to every service', async () => {
    await expect(runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true, port: '9000' } })).rejects.toThrow(/--port answers for one service.*--path DIR/);
  });

  it('scans by itself when no stack matches at the root', async () => {
    const { cwd } = await runGenerator({ fixture: 'mono-mixed', flags: { yes: true } });
    expect(existsSync(path.join(cwd, 'compose.yaml'))).toBe(true);
    expect(existsSync(path.join(cwd, 'web/Dockerfile'))).toBe(true);
  });
});

describe('a root whose own build holds several services, with other services beside it', () => {
  it('--yes scans it: the build\'s modules and the services outside it', async () => {
    const { cwd } = await runGenerator({ fixture: 'mono-maven-beside', flags: { yes: true } });
    for (const file of ['compose.yaml', 'ledger/postings/Dockerfile', 'ledger/balances/Dockerfile', 'notifier/Dockerfile']) expect(existsSync(path.join(cwd, file))).toBe(true);
    expect(Object.keys(composeOf(cwd).services).sort()).toEqual(['balances', 'notifier', 'postings']);
  });

  it('--module picks one module of it, as at a plain multi-module root', async () => {
    const { cwd } = await runGenerator({ fixture: 'mono-maven-beside', flags: { yes: true, module: 'ledger/postings' } });
    expect(existsSync(path.join(cwd, 'compose.yaml'))).toBe(false);
    expect(existsSync(path.join(cwd, 'notifier/Dockerfile'))).toBe(false);
  });
});

describe('answers stored by a scan', () => {
  it('are reused for the service on the next scan, and ignored by a --path run of the member folder alone', async () => {
    const first = keepCopy((await runGenerator({ fixture: 'mono-go-work', flags: { scan: true, yes: true } })).cwd);
    const stored = JSON.parse(read(first, 'billing/.yo-rc.json'))['generator-multistage'];
    expect(stored).toMatchObject({ stack: 'go', buildContext: '..', entrypoint: './billing', port: 8080 });

    // billing/ on its own is a Go module whose main package is "."; the scan's "./billing" must not leak in.
    const alone = await runGenerator({
      flags: { path: 'billing', yes: true, force: true },
      prepare: (dir) => cpSync(first, dir, { recursive: true }),
    });
    expect(read(alone.cwd, 'billing/Dockerfile')).toContain('go build -trimpath -ldflags="-s -w" -o /out/billing .\n');
  });
});

describe('--scan with a three-tier group', () => {
  const prepare = (dir: string) => {
    cpSync(fixturePath('three-tier-maven'), path.join(dir, 'shop'), { recursive: true });
    cpSync(fixturePath('go-stdlib'), path.join(dir, 'tools/greeter'), { recursive: true });
  };

  it('puts the group\'s app and its MySQL service in the root compose.yaml under the group\'s name, with passwords in a root .env', async () => {
    const { cwd } = await runGenerator({ flags: { scan: true, yes: true }, prepare });
    const compose = parse(read(cwd, 'compose.yaml')) as { services: Record<string, any>; volumes: Record<string, unknown> };
    expect(Object.keys(compose.services).sort()).toEqual(['greeter', 'shop', 'shop-db']);
    expect(compose.services.shop.build).toEqual({ context: 'shop', dockerfile: 'Dockerfile' });
    expect(compose.services.shop.environment.SPRING_DATASOURCE_URL).toBe('jdbc:mysql://shop-db:3306/shop');
    expect(compose.services.shop.depends_on).toEqual({ 'shop-db': { condition: 'service_healthy' } });
    expect(compose.services['shop-db'].image).toBe('mysql:8.4');
    expect(compose.services['shop-db'].volumes).toEqual(['shop-db-data:/var/lib/mysql']);
    expect(Object.keys(compose.volumes)).toEqual(['shop-db-data']);
    expect(read(cwd, 'compose.yaml')).toContain('MySQL is not distroless');
    expect(read(cwd, '.env')).toMatch(/^MYSQL_PASSWORD=\S{32}$/m);
    expect(read(cwd, '.gitignore')).toMatch(/^\.env$/m);
    expect(existsSync(path.join(cwd, 'shop/compose.yaml'))).toBe(false);
    expect(existsSync(path.join(cwd, 'shop/.env'))).toBe(false);
  });

  it('a rewritten compose.yaml gets the db back from the group\'s stored answers, and .env keeps its passwords', async () => {
    const first = keepCopy((await runGenerator({ flags: { scan: true, yes: true }, prepare })).cwd);
    const passwords = read(first, '.env');
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(first, dir, { recursive: true });
        writeFileSync(path.join(dir, 'compose.yaml'), 'services: {}\n');
      },
    });
    expect(Object.keys(composeOf(cwd).services).sort()).toEqual(['greeter', 'shop', 'shop-db']);
    expect(read(cwd, '.env')).toBe(passwords);
  });
});

describe('--scan writes root files once', () => {
  it('does not repeat .env in a root .gitignore that already ignores it', async () => {
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(fixturePath('three-tier-maven'), path.join(dir, 'shop'), { recursive: true });
        writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.env\n');
      },
    });
    expect(read(cwd, '.gitignore')).toBe('node_modules\n.env\n');
  });
});

describe('--scan with a three-tier group stored as two images', () => {
  it('keeps each build target and points the web tier at the renamed API service', async () => {
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(fixturePath('three-tier-plain'), path.join(dir, 'shop'), { recursive: true });
        writeFileSync(path.join(dir, 'shop/.yo-rc.json'), JSON.stringify({ 'generator-multistage': { stack: 'three-tier', layout: 'separate' } }));
      },
    });
    const compose = parse(read(cwd, 'compose.yaml')) as { services: Record<string, any> };
    expect(Object.keys(compose.services).sort()).toEqual(['shop', 'shop-db', 'shop-web']);
    expect(compose.services['shop-web'].build).toEqual({ context: 'shop', dockerfile: 'Dockerfile', target: 'web' });
    expect(compose.services.shop.build).toEqual({ context: 'shop', dockerfile: 'Dockerfile', target: 'runtime' });
    expect(compose.services['shop-web'].image).toBe('shop-web');
    expect(JSON.stringify(compose.services['shop-web'].environment)).toContain('http://shop:');
    expect(JSON.stringify(compose)).not.toMatch(/\/\/(app|db):/);
  });
});

describe('--scan --yes --force', () => {
  it('regenerates the Dockerfiles this generator wrote, and still never a hand-written one', async () => {
    const first = keepCopy((await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true } })).cwd);
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true, force: true },
      prepare: (dir) => {
        cpSync(first, dir, { recursive: true });
        writeFileSync(path.join(dir, 'web/Dockerfile'), `${read(dir, 'web/Dockerfile')}# stale line\n`);
      },
    });
    expect(read(cwd, 'web/Dockerfile')).toBe(read(first, 'web/Dockerfile'));
    expect(read(cwd, 'legacy/Dockerfile')).toBe(read(fixturePath('mono-mixed'), 'legacy/Dockerfile'));
  });
});

describe('--scan and the files beside compose.yaml', () => {
  it('writes the root .env even when the group folder has its own, and ignores the root one', async () => {
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(fixturePath('three-tier-maven'), path.join(dir, 'shop'), { recursive: true });
        writeFileSync(path.join(dir, 'shop/.env'), 'MYSQL_PASSWORD=a\nMYSQL_ROOT_PASSWORD=b\n');
        writeFileSync(path.join(dir, 'shop/.gitignore'), '.env\n');
      },
    });
    expect(read(cwd, '.env')).toMatch(/^MYSQL_PASSWORD=\S{32}\nMYSQL_ROOT_PASSWORD=\S{32}$/m);
    expect(read(cwd, '.gitignore')).toMatch(/^\.env$/m);
  });

  it('adds to an existing docker-compose.yml instead of writing a second compose file beside it', async () => {
    const { cwd } = await runGenerator({
      fixture: 'mono-mixed',
      flags: { scan: true, yes: true },
      prepare: (dir) => writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  cache:\n    image: redis:7\n    ports: ["127.0.0.1:8081:6379"]\n'),
    });
    expect(existsSync(path.join(cwd, 'compose.yaml'))).toBe(false);
    const services = (parse(read(cwd, 'docker-compose.yml')) as ComposeFile).services;
    expect(Object.keys(services)).toEqual(['cache', 'legacy', 'greeter', 'quotes', 'web']);
    expect(services.greeter.ports).toEqual(['127.0.0.1:8082:8081']);
  });

  it('refuses an existing compose file it could only damage, and writes nothing', async () => {
    await expect(runGenerator({
      fixture: 'mono-mixed',
      flags: { scan: true, yes: true },
      prepare: (dir) => writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  - db\n'),
    })).rejects.toThrow(/compose\.yaml: "services" is not a mapping/);
  });

  it('gives a separate-layout group without MySQL its web and app services', async () => {
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(fixturePath('three-tier-postgres'), path.join(dir, 'shop'), { recursive: true });
        writeFileSync(path.join(dir, 'shop/.yo-rc.json'), JSON.stringify({ 'generator-multistage': { stack: 'three-tier', layout: 'separate' } }));
      },
    });
    const services = (parse(read(cwd, 'compose.yaml')) as { services: Record<string, any> }).services;
    expect(Object.keys(services).sort()).toEqual(['shop', 'shop-web']);
    expect(services.shop.build.target).toBe('runtime');
    expect(services['shop-web'].depends_on).toEqual(['shop']);
    expect(existsSync(path.join(cwd, '.env'))).toBe(false);
  });
});

describe('--scan with a service at the root', () => {
  it('leaves services of other stacks below it out of the root image\'s context', async () => {
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true },
      prepare: (dir) => {
        cpSync(fixturePath('go-stdlib'), dir, { recursive: true });
        cpSync(fixturePath('mono-mixed/web'), path.join(dir, 'tools/status'), { recursive: true });
      },
    });
    expect(read(cwd, '.dockerignore')).toMatch(/# Other services of this repository[^\n]*\ntools\/status\n/);
    expect(Object.keys(composeOf(cwd).services).sort()).toEqual(['app', 'status']);
  });
});

describe('--scan --stack', () => {
  it('generates only that stack\'s services', async () => {
    const { cwd } = await runGenerator({ fixture: 'mono-mixed', flags: { scan: true, yes: true, stack: 'go' } });
    expect(writtenFiles(fixturePath('mono-mixed'), cwd).filter((f) => !f.endsWith('.yo-rc.json')).sort()).toEqual(['README.Docker.md', 'compose.yaml', 'services/greeter/.dockerignore', 'services/greeter/Dockerfile', 'services/greeter/README.Docker.md']);
  });
});

describe('--scan --stack and the root image', () => {
  it('still leaves the other stacks\' services out of the root service\'s context', async () => {
    const { cwd } = await runGenerator({
      flags: { scan: true, yes: true, stack: 'go' },
      prepare: (dir) => {
        cpSync(fixturePath('go-stdlib'), dir, { recursive: true });
        cpSync(fixturePath('mono-mixed/web'), path.join(dir, 'tools/status'), { recursive: true });
      },
    });
    expect(read(cwd, '.dockerignore')).toMatch(/\ntools\/status\n/);
    expect(existsSync(path.join(cwd, 'tools/status/Dockerfile'))).toBe(false);
  });
});
