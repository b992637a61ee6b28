import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRUNED_DIRS, Repo, SCAN_PRUNED_DIRS } from '../../generators/app/core/repo.js';
import { scanServices } from '../../generators/app/scan/scan.js';
import { copyFixture, fixturePath } from '../support/fixtures.js';

const scanRepo = (dir: string) => Repo.open(dir, [...PRUNED_DIRS, ...SCAN_PRUNED_DIRS]);

describe('a monorepo scan of a cargo workspace', () => {
  it('makes each member with a binary a service built from the workspace root, and the library none', () => {
    const { services } = scanServices(scanRepo(fixturePath('rust-workspace')));
    expect(services.map((s) => [s.dir, s.context, s.stack.id, s.fixedAnswers])).toEqual([
      ['crates/api', '.', 'rust', { entrypoint: 'api' }],
      ['crates/worker', '.', 'rust', { entrypoint: 'worker' }],
    ]);
  });

  it('finds a crate of its own beside other stacks\' services, and skips a library crate', () => {
    const dir = copyFixture('mono-mixed');
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('services/ledger/Cargo.toml', '[package]\nname = "ledger"\nversion = "0.1.0"\nedition = "2021"\n');
    write('services/ledger/src/main.rs', 'fn main() { std::net::TcpListener::bind("0.0.0.0:9400").unwrap(); }\n');
    write('libs/money/Cargo.toml', '[package]\nname = "money"\nversion = "0.1.0"\nedition = "2021"\n');
    write('libs/money/src/lib.rs', 'pub fn cents() -> i64 { 0 }\n');
    const { services, skipped } = scanServices(scanRepo(dir));
    expect(services.find((s) => s.dir === 'services/ledger')).toMatchObject({ context: 'services/ledger', stack: { id: 'rust' } });
    expect(services.some((s) => s.dir === 'libs/money')).toBe(false);
    expect(skipped.find((s) => s.dir === 'libs/money')?.reason).toMatch(/a library/);
  });
});
