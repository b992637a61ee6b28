import path from 'node:path';
import type { Repo } from '../../core/repo.js';

/** How a Dropwizard jar is started: `server <config.yml>`, with the config (and the files it names) beside it. */
export interface DropwizardLaunch {
  args: string[];
  /** Files (relative to the module) the runtime needs in its working directory: the config, and keystores it names. */
  files: string[];
  port: number | null;
  evidence: string[];
}

/**
 * A Dropwizard application reads its configuration from the file named after the `server` command, so
 * the image must hold that file and pass both in CMD. The config is a YAML file in the module's folder
 * with a top-level `server:` block; its first application connector gives the port.
 */
export function dropwizardLaunch(repo: Repo, dir: string): DropwizardLaunch {
  const prefix = dir ? `${dir}/` : '';
  const configs = repo
    .files()
    .filter((file) => path.posix.dirname(file) === (dir || '.') && /\.ya?ml$/.test(file))
    .filter((file) => /^server:/m.test(repo.read(file)))
    .sort();
  if (!configs.length) {
    return { args: ['server'], files: [], port: 8080, evidence: [`${prefix || './'}: Dropwizard, but no YAML with a top-level server: block beside the pom: started as \`server\` with the defaults (port 8080)`] };
  }
  const config = configs[0];
  const name = path.posix.basename(config);
  const text = repo.read(config);
  const evidence = [`${config}: Dropwizard configuration (top-level server:): the image holds it and runs \`server ${name}\`${configs.length > 1 ? `; others ignored: ${configs.slice(1).join(', ')}` : ''}`];
  // Files the config names by a relative path (keystores, templates) must sit beside it in /app.
  const named = [...text.matchAll(/^[ \t-]*[\w.]+:\s*["']?([\w./-]+\.[\w]+)["']?\s*$/gm)]
    .map((match) => match[1])
    .filter((value) => !value.startsWith('/') && !value.includes('..') && repo.exists(`${prefix}${value}`) && !repo.isDirectory(`${prefix}${value}`));
  const files = [name, ...new Set(named)];
  if (named.length) evidence.push(`${config}: names ${[...new Set(named)].join(', ')}: copied beside it`);
  const connectors = /^\s*applicationConnectors:\s*\n((?:[ \t]+.*\n?)*)/m.exec(text)?.[1] ?? /^\s*connector:\s*\n((?:[ \t]+.*\n?)*)/m.exec(text)?.[1] ?? '';
  const port = /^\s*-?\s*port:\s*(\d+)/m.exec(connectors)?.[1];
  if (port) evidence.push(`${config}: the first application connector listens on ${port}`);
  return { args: ['server', name], files, port: port ? Number(port) : 8080, evidence };
}
