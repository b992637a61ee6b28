import type { IgnoreSection } from './dockerignore.js';

/**
 * A credential an install needs, handed to one RUN as a BuildKit secret: it is mounted for that
 * command only, so no layer, no build arg and no `docker history` line ever holds it.
 */
export interface BuildSecret {
  /** The secret's id: `docker build --secret id=<id>`, compose's secret name. */
  id: string;
  /** Where the tool reads it during the RUN (its user config file); null: /run/secrets/<id>, read into `env`. */
  target: string | null;
  /** The variable the install command reads the secret into (a ${VAR} the project's config names). */
  env: string | null;
  /** Where the build host has it: a file (`src=`) or an environment variable (`env=`). */
  source: { file: string } | { env: string };
  /** Without it the build stops at that RUN naming the secret; an optional one only helps when given. */
  required: boolean;
  /** Files of the repository that hold the credential: never copied, always in .dockerignore. */
  credentialFiles: string[];
  /** What it is, for the header and the notes ("file: why"). */
  why: string;
}

/** A secret the build host keeps in a variable, read into the same variable inside the install RUN only. */
export function envSecret(name: string, why: string): BuildSecret {
  return { id: name, target: null, env: name, source: { env: name }, required: true, credentialFiles: [], why };
}

/** Where the tools that read ~/.netrc (Go's module download, git over https, pip, uv) look for it: the builder runs as root. */
export const NETRC_TARGET = '/root/.netrc';

/** The build host's ~/.netrc, mounted for one RUN: the logins of hosts named without one. */
export function netrcSecret(required: boolean, why: string): BuildSecret {
  return { id: 'netrc', target: NETRC_TARGET, env: null, source: { file: '$HOME/.netrc' }, required, credentialFiles: [], why };
}

/** The `--mount=` value (without the prefix) of one secret. */
export function secretMount(secret: BuildSecret): string {
  return [`type=secret,id=${secret.id}`, ...(secret.target ? [`target=${secret.target}`] : []), ...(secret.required ? ['required=true'] : [])].join(',');
}

/** The flag `docker build` needs for it. */
export function secretFlag(secret: BuildSecret): string {
  return 'file' in secret.source ? `--secret id=${secret.id},src=${secret.source.file}` : `--secret id=${secret.id},env=${secret.source.env}`;
}

/** The build flags for every secret, each followed by a space (empty without secrets): for the header lines. */
export function secretFlags(secrets: BuildSecret[]): string {
  return secrets.map((secret) => `${secretFlag(secret)} `).join('');
}

/**
 * An install command that reads the ${VAR} secrets into their variables for this command only: the
 * shell expands them inside the RUN, so the Dockerfile (and so the image history) shows only the path.
 */
export function withSecretEnv(secrets: BuildSecret[], command: string): string {
  const envs = secrets.filter((secret) => secret.env);
  if (envs.length === 0) return command;
  return `${envs.map((secret) => `${secret.env}="$(cat /run/secrets/${secret.id})"`).join(' ')} ${command}`;
}

/** The .dockerignore section that keeps credential files out of every build context. */
export function credentialIgnore(secrets: BuildSecret[], always: string[] = []): IgnoreSection[] {
  const files = [...new Set([...always, ...secrets.flatMap((secret) => secret.credentialFiles)])];
  return files.length ? [{ why: 'Credentials the install reads: mounted as build secrets (RUN --mount=type=secret), never sent with COPY . .', patterns: files }] : [];
}

/** Notes lines: how to build, and why each secret is there. */
export function secretNotes(secrets: BuildSecret[]): string[] {
  if (secrets.length === 0) return [];
  return [
    `Build secrets: \`docker build ${secretFlags(secrets)}.\` (compose: build.secrets). Each is mounted only while the install runs: no layer, build arg or history line holds it.`,
    ...secrets.map((secret) => `Secret ${secret.id}: ${secret.why}`),
  ];
}

/**
 * A registry URL's host (`host`: with its port, as Go's and npm's netrc/config lookups want) or name
 * (`hostname`); null for text that is no URL.
 */
export function urlHost(url: string, part: 'host' | 'hostname'): string | null {
  try {
    return new URL(url)[part];
  } catch {
    return null;
  }
}
