import { existingFacts, statedLanguage, statedPort, type ImageVersion } from '../../core/existing-dockerfile.js';
import type { Repo } from '../../core/repo.js';

/** `node:18-alpine` -> 18 (a floating `node:lts` states nothing). */
export const nodeImageVersion: ImageVersion = (name, tag) => (/(^|\/)node$/.test(name) ? /^(\d{1,2})(?:\.|-|$)/.exec(tag)?.[1] ?? null : null);

/**
 * The file the project's own Dockerfile or Procfile/fly.toml runs with node (`CMD ["node", "src/server.js"]`):
 * package.json names none, so this is how the project starts. Its arguments come along.
 */
export function statedEntry(repo: Repo): { file: string; args: string[]; evidence: string } | null {
  for (const command of existingFacts(repo).commands) {
    const words = command.words[0] === 'exec' ? command.words.slice(1) : command.words;
    if (!/^(\/usr\/(local\/)?bin\/)?(node|nodejs)$/.test(words[0] ?? '')) continue;
    const at = words.findIndex((word, index) => index > 0 && !word.startsWith('-'));
    if (at < 0) continue;
    const file = words[at].replace(/^\.\//, '').replace(/^\/(app|usr\/src\/app|home\/node\/app|srv|opt\/app)\//, '');
    if (!repo.exists(file)) continue;
    return { file, args: words.slice(at + 1), evidence: `${command.at}: runs ${file} with node (${command.text})` };
  }
  return null;
}

/** The existing setup's port, when the code shows none. */
export function statedNodePort(repo: Repo): { port: number; evidence: string } | null {
  return statedPort(existingFacts(repo));
}

/** `FROM node:18-alpine` -> 18, read as a version file when package.json, .nvmrc and .node-version name none. */
export function statedNodeMajor(repo: Repo): { major: string; source: string } | null {
  const stated = statedLanguage(existingFacts(repo), nodeImageVersion);
  return stated ? { major: stated.version, source: stated.at } : null;
}
