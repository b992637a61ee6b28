import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { envSecret, NETRC_TARGET, netrcSecret, urlHost, type BuildSecret } from '../../core/secrets.js';
import type { PackageManager } from './dependencies.js';
import { table, type Table } from './manifests.js';

/** Indexes anyone can read: naming one of these needs no credential. */
const PUBLIC_INDEXES = new Set(['pypi.org', 'pypi.python.org', 'files.pythonhosted.org', 'test.pypi.org', 'download.pytorch.org']);
const ENV_REFERENCE = /\$\{([A-Z0-9_]+)\}/g;
/** pip's user config for root: it overrides the builder's global one, as a developer's own would. */
const PIP_USER_CONFIG = '/root/.config/pip/pip.conf';

interface IndexReference {
  /** "requirements.txt", "pyproject.toml [[tool.uv.index]]"... */
  where: string;
  url: string;
  /** The source's name (Poetry reads its credentials from variables named after it). */
  name: string | null;
}

/** `--index-url URL`, `-i URL`, `--extra-index-url=URL` lines of the requirements files pip reads. */
function requirementIndexes(repo: Repo, files: string[]): IndexReference[] {
  return files.flatMap((file) =>
    [...(repo.readIfExists(file) ?? '').matchAll(/^\s*(?:--index-url|--extra-index-url|-i)(?:\s*=\s*|\s+)(\S+)/gm)].map((match) => ({ where: file, url: match[1], name: null })),
  );
}

function tableIndexes(entries: unknown, where: string): IndexReference[] {
  return (Array.isArray(entries) ? entries : [])
    .map((entry) => table(entry))
    .filter((entry) => typeof entry.url === 'string')
    .map((entry) => ({ where, url: String(entry.url), name: typeof entry.name === 'string' ? entry.name : null }));
}

/** Poetry takes a source's login from POETRY_HTTP_BASIC_<NAME>_USERNAME / _PASSWORD. */
function poetryVariable(source: string, part: 'USERNAME' | 'PASSWORD'): string {
  return `POETRY_HTTP_BASIC_${source.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${part}`;
}


/**
 * The credentials a Python install needs. A URL with a password written in it is refused: the file
 * holding it (requirements, pyproject, Pipfile) is copied for the install. A ${VAR} in the URL (pip and
 * pipenv expand them) comes from a secret of that name. A private index with no login in its URL gets
 * the build host's ~/.netrc (pip and uv read it), or Poetry's login variables. A pip.conf in the
 * repository that holds a login is itself the secret, mounted as pip's user config.
 */
export function pythonCredentials(repo: Repo, manager: PackageManager, requirementFiles: string[], pyproject: Table | null, pipfile: Table | null, evidence: string[]): BuildSecret[] {
  const tool = table(pyproject?.tool);
  const references = [
    ...requirementIndexes(repo, requirementFiles),
    ...(manager === 'uv' ? tableIndexes(table(tool.uv).index, 'pyproject.toml [[tool.uv.index]]') : []),
    ...(manager === 'poetry' ? tableIndexes(table(tool.poetry).source, 'pyproject.toml [[tool.poetry.source]]') : []),
    ...(manager === 'pipenv' ? tableIndexes(pipfile?.source, 'Pipfile [[source]]') : []),
  ];
  const secrets: BuildSecret[] = [];
  const add = (secret: BuildSecret) => {
    if (!secrets.some((known) => known.id === secret.id)) secrets.push(secret);
  };
  for (const reference of references) {
    const host = urlHost(reference.url.replace(ENV_REFERENCE, 'x'), 'hostname');
    if (!host || PUBLIC_INDEXES.has(host)) continue;
    const userinfo = /^[a-z+]+:\/\/([^/@]+)@/i.exec(reference.url)?.[1] ?? null;
    const variables = [...(userinfo ?? '').matchAll(ENV_REFERENCE)].map((match) => match[1]);
    if (userinfo && userinfo.includes(':') && variables.length === 0) {
      throw new UserError(
        `${reference.where}: the index URL for ${host} has a password written in it, and the build copies that file into the image. Fix: write it as \${VARIABLE} (\`https://user:\${PIP_INDEX_PASSWORD}@${host}/...\`) and set the variable on the build host, or drop the login and keep it in $HOME/.netrc; the install then gets it as a build secret.`,
      );
    }
    if (variables.length > 0) {
      evidence.push(`${reference.where}: the index ${host} takes its login from ${variables.map((name) => `\${${name}}`).join(', ')}: the install reads ${variables.length > 1 ? 'them from the build secrets of those names' : `it from the build secret ${variables[0]}`}`);
      for (const name of variables) add(envSecret(name, `${reference.where} names \${${name}} in the index URL for ${host}; the install gets ${name} from this secret (set it on the build host).`));
    } else if (manager === 'poetry' && reference.name) {
      const [user, password] = [poetryVariable(reference.name, 'USERNAME'), poetryVariable(reference.name, 'PASSWORD')];
      evidence.push(`${reference.where}: source ${reference.name} is ${host}, a private index: poetry gets its login from the build secrets ${user} and ${password}`);
      for (const name of [user, password]) add(envSecret(name, `the login of Poetry's source ${reference.name} (${host}); set ${name} on the build host.`));
    } else {
      evidence.push(`${reference.where}: ${host} is a private index and its URL carries no login: the install mounts $HOME/.netrc as the optional build secret netrc`);
      add(netrcSecret(false, `${host} (${reference.where}) is a private index; pip${manager === 'uv' ? ' and uv read' : ' reads'} its login (\`machine ${host} login … password …\`) from your $HOME/.netrc, mounted at ${NETRC_TARGET} for the install only (optional: an index without login builds without it).`));
    }
  }
  const pipConf = repo.readIfExists('pip.conf');
  if (pipConf !== null && /^\s*(extra-)?index-url\s*=\s*\S*:\/\/[^/@\s]+:[^/@\s]+@/m.test(pipConf)) {
    evidence.push('pip.conf: an index URL with a login: the install mounts pip.conf as the build secret pipconf (pip\'s user config) and it is never copied; warning: it is in the repository, so rotate the password');
    add({
      id: 'pipconf',
      target: PIP_USER_CONFIG,
      env: null,
      source: { file: 'pip.conf' },
      required: true,
      credentialFiles: ['pip.conf'],
      why: `pip.conf holds an index login; it is mounted as pip's user config (${PIP_USER_CONFIG}) for the install only, and .dockerignore keeps it out of COPY . .`,
    });
  }
  return secrets;
}
