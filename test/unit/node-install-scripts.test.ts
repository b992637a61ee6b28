import { withoutScripts } from '../../generators/app/stacks/node/install.js';

test('install scripts are skipped with the flag each manager accepts (yarn 2+ rejects --ignore-scripts)', () => {
  expect(withoutScripts('npm', 'npm ci')).toBe('npm ci --ignore-scripts');
  expect(withoutScripts('pnpm', 'pnpm install --frozen-lockfile')).toBe('pnpm install --frozen-lockfile --ignore-scripts');
  expect(withoutScripts('yarn', 'yarn install --frozen-lockfile')).toBe('yarn install --frozen-lockfile --ignore-scripts');
  expect(withoutScripts('yarn-berry', 'yarn workspaces focus --all --production')).toBe('YARN_ENABLE_SCRIPTS=false yarn workspaces focus --all --production');
});
