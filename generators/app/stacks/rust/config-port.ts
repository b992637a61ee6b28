import path from 'node:path';
import type { Repo } from '../../core/repo.js';
import type { RustSource } from './ports.js';

/** Where a configuration file gives the listen port: the file, the port and the line. */
export interface ConfigPort {
  file: string;
  port: number;
  line: string;
}

// The usual homes of a server's default settings, beside its Cargo.toml or at the repository root.
const CANDIDATES = ['Rocket.toml', ...['config/config', 'config/default', 'config/app', 'config', 'settings', 'app'].flatMap((stem) => ['yaml', 'yml', 'toml'].map((ext) => `${stem}.${ext}`))];
// A port key in YAML or TOML, uncommented: `http_port: 6333`, `port = 8000`.
const PORT_KEY = /^[ \t]*(?:http_port|listen_port|server_port|port)[ \t]*[:=][ \t]*"?(\d{2,5})\b/m;

/**
 * A port from the settings file the program reads, for a server whose code names none (the port is a
 * field filled from the file): the file must be one the sources name (`include_str!("../config/config.yaml")`,
 * `File::with_name("config/config")`), or Rocket.toml, which Rocket reads by itself.
 */
export function configFilePort(repo: Repo, packageDir: string, sources: RustSource[], rocket: boolean): ConfigPort | null {
  const dirs = [...new Set([packageDir, '.'])];
  for (const dir of dirs) {
    for (const name of CANDIDATES) {
      const file = dir === '.' ? name : `${dir}/${name}`;
      const text = repo.readIfExists(file);
      if (text === null) continue;
      const ext = path.posix.extname(name);
      const stem = name.slice(0, -ext.length).replace(/[.]/g, '\\.');
      // The name as the end of a string literal, with or without its extension: "../config/config.yaml", "config/config".
      const named = new RegExp(`["/]${stem}(?:\\${ext})?"`);
      const read = name === 'Rocket.toml' ? rocket : sources.some((source) => named.test(source.text));
      if (!read) continue;
      const match = PORT_KEY.exec(text);
      const port = match ? Number(match[1]) : 0;
      if (port > 0 && port <= 65535) return { file, port, line: match![0].trim() };
    }
  }
  return null;
}
