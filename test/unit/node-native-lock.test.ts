import { lockedNativeAddons } from '../../generators/app/stacks/node/native.js';

const lock = (packages: Record<string, unknown>) => JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, ...packages } });

test('a dependency of a dependency with an install script and a binding helper is a native addon', () => {
  const text = lock({
    'node_modules/@acme/profiler': { version: '1.0.0', dependencies: { 'cpu-sampler': '^2.0.0' } },
    'node_modules/cpu-sampler': { version: '2.0.0', hasInstallScript: true, dependencies: { bindings: '^1.5.0', nan: '^2.17.0' } },
    'node_modules/@acme/profiler/node_modules/napi-thing': { version: '1.0.0', hasInstallScript: true, dependencies: { 'node-addon-api': '^7.0.0' } },
    'node_modules/bindings': { version: '1.5.0' },
  });
  expect(lockedNativeAddons(text)).toEqual(['cpu-sampler', 'napi-thing']);
});

test('an install script without a binding helper needs no compiler (a postinstall banner, a binary download)', () => {
  const text = lock({
    'node_modules/protobufjs': { version: '7.2.0', hasInstallScript: true, dependencies: { long: '^5.0.0' } },
    'node_modules/esbuild': { version: '0.21.0', hasInstallScript: true, optionalDependencies: { '@esbuild/linux-x64': '0.21.0' } },
  });
  expect(lockedNativeAddons(text)).toEqual([]);
});

test('a known addon counts by name; an unreadable lock is no evidence', () => {
  expect(lockedNativeAddons(lock({ 'node_modules/bcrypt': { version: '5.1.1', hasInstallScript: true } }))).toEqual(['bcrypt']);
  expect(lockedNativeAddons('{ "packages": ')).toEqual([]);
});
