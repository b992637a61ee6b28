import { assignNames, safeName } from '../../generators/app/scan/names.js';
import { buildCompose, readCompose } from '../../generators/app/scan/compose.js';
import { parse } from 'yaml';
import { findStack } from '../../generators/app/stacks/registry.js';

// The registry's stack: it says which companions (a three-tier group's -db, -web) its compose file adds.
const service = (dir: string, stack = 'go', context = dir) => ({ dir, context, stack: findStack(stack) });

describe('compose names', () => {
  it('are valid service and image names whatever the folder is called', () => {
    expect(safeName('_greeter')).toBe('greeter');
    expect(safeName('My Api..v2')).toBe('my-api-v2');
    expect(safeName('--')).toBe('');
  });

  it('stay unique: the folder name, else the whole path, else a number, counting a three-tier group\'s companions', () => {
    const names = assignNames([service('services/api'), service('apps/api'), service('shop', 'three-tier'), service('services/shop-db'), service('x/_'), service('y/_')]);
    expect(Object.fromEntries(names)).toEqual({
      'apps/api': 'api',
      'services/api': 'services-api',
      shop: 'shop',
      'services/shop-db': 'services-shop-db',
      'x/_': 'x',
      'y/_': 'y',
    });
  });

  it('keep the name an existing compose file builds the service under, and avoid every name it uses', () => {
    const existing = readCompose('services:\n  backend:\n    build: {context: services/api}\n  api:\n    image: redis:7\n', 'compose.yaml');
    const names = assignNames([service('services/api'), service('apps/api')], existing);
    expect(Object.fromEntries(names)).toEqual({ 'services/api': 'backend', 'apps/api': 'apps-api' });
  });
});

describe('an existing compose file', () => {
  it('that is not valid YAML is refused, naming the file and the fix', () => {
    expect(() => readCompose('services:\n  web: [\n', 'docker-compose.yml')).toThrow(/^docker-compose\.yml: not valid YAML .*Fix: correct it/);
  });

  it('whose services are a list is refused rather than replaced', () => {
    expect(() => readCompose('services:\n  - db\n  - cache\n', 'compose.yaml')).toThrow(/compose\.yaml: "services" is not a mapping/);
  });

  it('keeps its host ports, long syntax and ranges included: new services get others', () => {
    const existing = readCompose('services:\n  a:\n    image: x\n    ports:\n      - target: 80\n        published: "3000"\n      - "8000-8001:80-81"\n', 'compose.yaml');
    const result = buildCompose(existing, [
      { name: 'web', context: 'web', dockerfile: 'Dockerfile', port: 3000, comment: 'web' },
      { name: 'quotes', context: 'quotes', dockerfile: 'Dockerfile', port: 8000, comment: 'quotes' },
    ]);
    const services = (parse(result.text) as { services: Record<string, { ports?: string[] }> }).services;
    expect(services.web.ports).toEqual(['127.0.0.1:3001:3000']);
    expect(services.quotes.ports).toEqual(['127.0.0.1:8002:8000']);
  });

  it('a stack\'s own compose file joins under the service name, list-form depends_on included', () => {
    const own = 'services:\n  web:\n    build: {context: ., target: web}\n    image: x-web\n    depends_on: [app]\n    environment: {API_UPSTREAM: "http://app:8080"}\n  app:\n    build: {context: ., target: runtime}\n    image: x\n';
    const result = buildCompose(null, [{ name: 'shop', context: 'shop', dockerfile: 'Dockerfile', port: 8080, comment: 'shop', ownCompose: own }]);
    const services = (parse(result.text) as { services: Record<string, any> }).services;
    expect(services['shop-web'].depends_on).toEqual(['shop']);
    expect(services['shop-web'].environment.API_UPSTREAM).toBe('http://shop:8080');
    expect(services.shop.build).toEqual({ context: 'shop', dockerfile: 'Dockerfile', target: 'runtime' });
  });
});

describe('an existing compose file, more shapes', () => {
  it('whose top level is not a mapping is refused', () => {
    expect(() => readCompose('- a\n', 'compose.yaml')).toThrow(/compose\.yaml: not a compose file/);
    expect(() => readCompose('hello\n', 'compose.yaml')).toThrow(/compose\.yaml: not a compose file/);
  });

  it('knows a service by its build folder however the path is written, and by its default target', () => {
    const existing = readCompose('services:\n  py:\n    build: ./py/\n  shop-web:\n    build: {context: shop, target: web}\n  shop:\n    build: {context: shop, target: runtime}\n', 'compose.yaml');
    const names = assignNames([service('py', 'python'), service('shop', 'three-tier')], existing);
    expect(Object.fromEntries(names)).toEqual({ py: 'py', shop: 'shop' });
  });
});

describe('build secrets in the root compose file', () => {
  it('are passed to the build and declared once at the top level, from a file or a variable', () => {
    const secrets = [{ name: 'npmrc', file: 'web/.npmrc' }, { name: 'NPM_TOKEN', environment: 'NPM_TOKEN' }];
    const { text } = buildCompose(null, [
      { name: 'web', context: 'web', dockerfile: 'Dockerfile', port: 3000, comment: 'web', secrets },
      { name: 'admin', context: 'admin', dockerfile: 'Dockerfile', port: 3001, comment: 'admin', secrets: [secrets[1]] },
      { name: 'api', context: 'api', dockerfile: 'Dockerfile', port: 8080, comment: 'api' },
    ]);
    const compose = parse(text);
    expect(compose.services.web.build).toEqual({ context: 'web', dockerfile: 'Dockerfile', secrets: ['npmrc', 'NPM_TOKEN'] });
    expect(compose.services.admin.build.secrets).toEqual(['NPM_TOKEN']);
    expect(compose.services.api.build).toEqual({ context: 'api', dockerfile: 'Dockerfile' });
    expect(compose.secrets).toEqual({ npmrc: { file: 'web/.npmrc' }, NPM_TOKEN: { environment: 'NPM_TOKEN' } });
  });

  it('leave a secret the file already declares as the user wrote it', () => {
    const existing = readCompose('services: {}\nsecrets:\n  npmrc:\n    file: ./ci/npmrc\n', 'compose.yaml');
    const { text } = buildCompose(existing, [{ name: 'web', context: '.', dockerfile: 'Dockerfile', port: 3000, comment: 'web', secrets: [{ name: 'npmrc', file: '.npmrc' }] }]);
    expect(parse(text).secrets).toEqual({ npmrc: { file: './ci/npmrc' } });
    expect(parse(text).services.web.build).toEqual({ context: '.', dockerfile: 'Dockerfile', secrets: ['npmrc'] });
  });
});
