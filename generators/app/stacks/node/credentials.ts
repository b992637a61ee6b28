import { UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import { envSecret, urlHost, type BuildSecret } from '../../core/secrets.js';

/** Registries anyone can read without logging in: a project that names only these needs no secret. */
const PUBLIC_REGISTRIES = new Set(['registry.npmjs.org', 'registry.yarnpkg.com']);

/** npm's own user config for root in the builder: settings and tokens there apply to every install. */
const NPM_USER_CONFIG = '/root/.npmrc';

/** .npmrc keys that authenticate (`//host/:_authToken`, `_auth`, `_password`); `username` alone is not secret. */
const NPM_AUTH_KEY = /(^|:)(_authToken|_auth|_password)$/;
const YARN_AUTH_KEY = /^\s*(npmAuthToken|npmAuthIdent|npmAuthPassword):\s*["']?([^"'\s#]+)/gm;
const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}$/;

interface NpmrcLine {
  key: string;
  value: string;
}

function npmrcLines(text: string): NpmrcLine[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith(';') && line.includes('='))
    .map((line) => {
      const at = line.indexOf('=');
      return { key: line.slice(0, at).trim(), value: line.slice(at + 1).trim().replace(/^["']|["']$/g, '') };
    });
}

/** Hosts of the registries the project's .npmrc configures (the default one and each scope's). */
function registriesOf(lines: NpmrcLine[]): Array<{ key: string; host: string }> {
  return lines
    .filter((line) => /^(@[^:]+:)?registry$/.test(line.key))
    .map((line) => ({ key: line.key, host: urlHost(line.value, 'host') }))
    .filter((registry): registry is { key: string; host: string } => registry.host !== null);
}

export function npmrcRegistryHosts(repo: Repo): string[] {
  return registriesOf(npmrcLines(repo.readIfExists('.npmrc') ?? '')).map((registry) => registry.host);
}

/** A ${VAR} token in a config file: the install reads the variable from a secret of that name. */
function tokenVariable(name: string, file: string, key: string): BuildSecret {
  return envSecret(name, `${file} reads ${key} from \${${name}}; the install gets ${name} from this secret (set it on the build host), and ${file} itself, holding no credential, is copied with the manifests.`);
}

/**
 * The credentials a Node install needs, from the project's .npmrc (npm, pnpm and yarn 1 read it) and
 * .yarnrc.yml (yarn 2+). A token written in the file makes the file itself the secret: mounted as
 * npm's user config for the install, kept out of every COPY. A ${VAR} token stays in the (harmless)
 * file and the variable comes from a secret. A private registry with no token here most likely takes
 * its token from the developer's own ~/.npmrc (where `npm login` writes it): that file is mounted when given.
 */
export function nodeCredentials(repo: Repo, evidence: string[]): BuildSecret[] {
  const secrets: BuildSecret[] = [];
  const npmrc = repo.readIfExists('.npmrc');
  if (npmrc !== null) {
    const lines = npmrcLines(npmrc);
    const auth = lines.filter((line) => NPM_AUTH_KEY.test(line.key));
    const literal = auth.filter((line) => !ENV_REFERENCE.test(line.value));
    const registries = registriesOf(lines).filter((registry) => !PUBLIC_REGISTRIES.has(registry.host));
    if (literal.length > 0) {
      evidence.push(`.npmrc: ${literal.map((line) => line.key).join(', ')} holds a credential: the install mounts .npmrc as the build secret npmrc (npm's user config, ${NPM_USER_CONFIG}) and it is never copied; warning: it is in the repository, so rotate it and keep it in $HOME/.npmrc`);
      secrets.push({
        id: 'npmrc',
        target: NPM_USER_CONFIG,
        env: null,
        source: { file: '.npmrc' },
        required: true,
        credentialFiles: ['.npmrc'],
        why: `.npmrc holds ${literal.map((line) => line.key).join(', ')}; it is mounted as npm's user config (${NPM_USER_CONFIG}) for the installs only, and .dockerignore keeps it out of COPY . .`,
      });
    } else if (auth.length > 0) {
      for (const line of auth) {
        const name = ENV_REFERENCE.exec(line.value)![1];
        evidence.push(`.npmrc: ${line.key} comes from \${${name}}: the install reads ${name} from the build secret ${name}`);
        if (!secrets.some((secret) => secret.id === name)) secrets.push(tokenVariable(name, '.npmrc', line.key));
      }
    } else if (registries.length > 0) {
      const named = registries.map((registry) => `${registry.key} ${registry.host}`).join(', ');
      evidence.push(`.npmrc: ${named} is not the public registry and .npmrc holds no token for it: the install mounts $HOME/.npmrc (where npm login writes tokens) as the optional build secret npmrc`);
      secrets.push({
        id: 'npmrc',
        target: NPM_USER_CONFIG,
        env: null,
        source: { file: '$HOME/.npmrc' },
        required: false,
        credentialFiles: [],
        why: `.npmrc names ${named}; a token for it is read from your $HOME/.npmrc, mounted as npm's user config (${NPM_USER_CONFIG}) for the installs only (optional: a registry that needs no login builds without it).`,
      });
    }
  }
  const yarnrc = repo.readIfExists('.yarnrc.yml');
  if (yarnrc !== null) {
    for (const [, key, value] of yarnrc.matchAll(YARN_AUTH_KEY)) {
      const reference = ENV_REFERENCE.exec(value);
      if (!reference) {
        // yarn 2+ reads .yarnrc.yml for every command and the build copies it (nodeLinker, yarnPath): a token there would ship.
        throw new UserError(`.yarnrc.yml: ${key} holds a credential, and the build copies .yarnrc.yml into the image. Fix: write \`${key}: "\${NPM_AUTH_TOKEN:-}"\` and set NPM_AUTH_TOKEN on the build host; the install then gets it as a build secret.`);
      }
      const name = reference[1];
      evidence.push(`.yarnrc.yml: ${key} comes from \${${name}}: the install reads ${name} from the build secret ${name}${reference[2] ? '' : `; warning: write \${${name}:-} so yarn commands without it (the build step) do not stop`}`);
      if (!secrets.some((secret) => secret.id === name)) secrets.push(tokenVariable(name, '.yarnrc.yml', key));
    }
  }
  return secrets;
}
