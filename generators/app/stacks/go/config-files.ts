import type { Repo } from '../../core/repo.js';
import type { GoSource } from './sources.js';

const CONFIG_FILE = /^(?:conf|config|configs)\/[^/]+\.(?:ini|toml|ya?ml|json|conf)$/;

/**
 * Config files the program opens by a path relative to its working folder (`ini.Load("conf/app.ini")`):
 * the image must hold them there, and they may set the port the code only reads.
 */
export function configFilesRead(repo: Repo, sources: GoSource[]): string[] {
  return repo.files().filter((file) => CONFIG_FILE.test(file) && sources.some((source) => source.text.includes(`"${file}"`)));
}

/** The folders holding those files (`conf`), copied into the runtime image's working folder. */
export function configFolders(files: string[]): string[] {
  return [...new Set(files.map((file) => file.split('/')[0]))];
}
