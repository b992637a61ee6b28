import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { configFilePort } from '../../generators/app/stacks/rust/config-port.js';
import { emptyDir, fixturePath } from '../support/fixtures.js';

function repoWith(files: Record<string, string>): Repo {
  const dir = emptyDir('rust-config');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}
const source = (text: string) => [{ file: 'src/main.rs', text }];

describe('Rust settings-file port', () => {
  it('reads the first port key of the settings file the code compiles in', () => {
    const repo = Repo.open(fixturePath('rust-config-file'));
    expect(configFilePort(repo, '.', source(repo.read('src/settings.rs')), false)).toEqual({ file: 'config/config.yaml', port: 8460, line: 'http_port: 8460' });
  });

  it('takes a file only when the sources name it, so a stray example config is no evidence', () => {
    const repo = repoWith({ 'config/config.yaml': 'port: 7000\n' });
    expect(configFilePort(repo, '.', source('fn main() {}'), false)).toBeNull();
    expect(configFilePort(repo, '.', source('config::File::with_name("config/config")'), false)).toMatchObject({ port: 7000 });
    expect(configFilePort(repo, '.', source('let name = "app_config";'), false)).toBeNull();
  });

  it('reads Rocket.toml for a Rocket app, which Rocket loads by itself', () => {
    const repo = repoWith({ 'Rocket.toml': '[default]\n# port = 9000\naddress = "0.0.0.0"\nport = 8010\n' });
    expect(configFilePort(repo, '.', source('rocket::build()'), true)).toMatchObject({ file: 'Rocket.toml', port: 8010 });
    expect(configFilePort(repo, '.', source('fn main() {}'), false)).toBeNull();
  });
});
