import type { DockerfileFacts } from './existing-dockerfile.js';

/** The name the previous Dockerfile is kept under when replaced (`--keep-as` overrides it). */
export const DEFAULT_BACKUP = 'Dockerfile.orig';

/** Images that hold no shell: distroless (but its :debug tags), scratch, Chainguard's static. */
const SHELL_LESS = /^(scratch|gcr\.io\/distroless\/(?!.*:debug)|cgr\.dev\/chainguard\/static)/;

export function imageHasShell(image: string): boolean {
  return !SHELL_LESS.test(image);
}

/** "single-stage, FROM golang:1.22, runs as root, has a shell": the old file as the upgrade question shows it. */
export function describeExisting(dockerfile: DockerfileFacts, imageSize?: string): string {
  const root = dockerfile.user === null || /^(root|0)(:|$)/.test(dockerfile.user);
  return [
    dockerfile.stages > 1 ? `${dockerfile.stages} stages` : 'single-stage',
    `FROM ${dockerfile.image}${imageSize ? ` (${imageSize})` : ''}`,
    root ? 'runs as root' : `runs as ${dockerfile.user}`,
    imageHasShell(dockerfile.image) ? 'has a shell' : 'no shell',
  ].join(', ');
}

/** The copies kept so far, oldest first: `wanted`, `wanted.1`, `wanted.2`… while they exist. */
export function keptCopies(wanted: string, existing: (file: string) => string | null): Array<{ name: string; content: string }> {
  const copies: Array<{ name: string; content: string }> = [];
  for (let index = 0; ; index++) {
    const name = index === 0 ? wanted : `${wanted}.${index}`;
    const content = existing(name);
    if (content === null) return copies;
    copies.push({ name, content });
  }
}

/**
 * Where the previous file goes: `wanted`, or `wanted.1`, `.2`… when a copy is already there, so a
 * second upgrade never overwrites the first one's backup. null: an identical copy is already kept.
 */
export function backupName(wanted: string, existing: (file: string) => string | null, content: string): string | null {
  const copies = keptCopies(wanted, existing);
  if (copies.some((copy) => copy.content === content)) return null;
  return copies.length === 0 ? wanted : `${wanted}.${copies.length}`;
}

/**
 * The old and new file line by line (`-` only in yours, `+` only in the new one), unchanged runs
 * longer than a few lines folded: what the upgrade question shows. A longest-common-subsequence
 * table is plenty for files of a few dozen lines.
 */
export function lineDiff(before: string, after: string, context = 2): string {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const lines: Array<{ mark: string; text: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) lines.push({ mark: ' ', text: a[i++] }), j++;
    else if (i < a.length && (j >= b.length || common[i + 1][j] >= common[i][j + 1])) lines.push({ mark: '-', text: a[i++] });
    else lines.push({ mark: '+', text: b[j++] });
  }
  const near = (index: number) => lines.slice(Math.max(0, index - context), index + context + 1).some((line) => line.mark !== ' ');
  const shown: string[] = [];
  lines.forEach((line, index) => {
    if (near(index)) shown.push(`${line.mark}${line.text}`);
    else if (shown[shown.length - 1] !== ' …') shown.push(' …');
  });
  return shown.join('\n');
}

/** Variables the old image set for its own tooling or layout (paths, versions, package managers): the new image sets its own. */
const IMAGE_ENV = /^(PATH|HOME|LANG|LANGUAGE|LC_\w+|TERM|DEBIAN_FRONTEND|TZ|PYTHON\w*|PIP_\w+|POETRY_\w+|PIPENV_\w+|UV_\w+|VIRTUAL_ENV|GO\w*|CGO_\w+|NODE_OPTIONS|NODE_PATH|NPM_\w+|YARN_\w+|PNPM_\w+|COREPACK_\w+|JAVA_\w+|JDK_\w+|JRE_\w+|MAVEN_\w+|GRADLE_\w+|LD_LIBRARY_PATH|\w+_VERSION|\w+_HOME|\w+PATH)$/;
const SECRET = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

export interface CarriedEnv {
  /** Set in the new runtime stage, as the old final stage set them. */
  carried: Array<{ name: string; value: string; at: string }>;
  /** Secret-looking names: never baked into the new image. */
  secrets: Array<{ name: string; at: string }>;
  /** Port settings the new image's port replaces (the old image listened elsewhere). */
  ports: Array<{ name: string; value: string; at: string }>;
}

/** A variable that sets the port the app listens on (PORT, ROCKET_PORT, SERVER_PORT). */
const PORT_ENV = /(^|_)PORT$/;

/**
 * The old final stage's ENV the app may need at run time: settings, not the image's own plumbing or
 * secrets. A port setting that disagrees with the new image's port is left out: carried over, the app
 * would listen on the old port while the image EXPOSEs (and compose publishes) the new one.
 */
export function carriedEnv(dockerfile: DockerfileFacts, port: number | null): CarriedEnv {
  const last = new Map<string, { name: string; value: string; at: string }>();
  for (const env of dockerfile.env) last.set(env.name, env);
  const carried: CarriedEnv['carried'] = [];
  const secrets: CarriedEnv['secrets'] = [];
  const ports: CarriedEnv['ports'] = [];
  for (const env of last.values()) {
    if (SECRET.test(env.name)) secrets.push(env);
    else if (PORT_ENV.test(env.name) && /^\d+$/.test(env.value) && Number(env.value) !== port) ports.push(env);
    // A value built from other variables ($HOME/app) names the old image's layout; an empty one sets nothing.
    else if (!IMAGE_ENV.test(env.name) && !env.value.includes('$') && env.value !== '') carried.push(env);
  }
  return { carried, secrets, ports };
}

/** A value as an ENV line writes it: quoted (JSON escapes) when it has blanks or quotes. */
export function envLine(name: string, value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? `${name}=${value}` : `${name}=${JSON.stringify(value)}`;
}

interface NewImage {
  runtimeHasShell: boolean;
  /** Runtime packages the new image installs (slim runtimes), to tell which old ones it keeps. */
  packages: string[];
}

/**
 * What the old file does that the new image cannot, each with the fix; and what was carried over.
 */
export function upgradeNotes(dockerfile: DockerfileFacts, env: CarriedEnv, image: NewImage): string[] {
  const notes: string[] = [];
  const where = dockerfile.file;
  if (env.carried.length) notes.push(`${where}: ENV ${env.carried.map((e) => e.name).join(', ')} carried over into the runtime stage (the app read ${env.carried.length > 1 ? 'them' : 'it'} there before).`);
  for (const moved of env.ports) notes.push(`${moved.at}: ENV ${moved.name}=${moved.value} is not carried over: the new image listens on its detected port, which it EXPOSEs. Fix: pass --port ${moved.value} to keep the old port.`);
  for (const secret of env.secrets) notes.push(`${secret.at}: ENV ${secret.name} was baked into the old image; the new one leaves it out. Fix: pass it at run time (\`docker run -e ${secret.name}\`, compose \`environment:\` or a secret).`);
  const command = dockerfile.command;
  const script = command?.words.find((word, index) => index === 0 && /\.sh$/.test(word)) ?? (command && /\b(sh|bash)\b/.test(command.words[0] ?? '') ? command.words[0] : null);
  if (command && script && !image.runtimeHasShell) {
    notes.push(`${command.at}: starts through ${script}, a shell script; the new runtime has no shell to run it. Fix: do its steps in the app at start-up or as a one-off job (\`docker compose run\`, a Kubernetes init container); the new ENTRYPOINT starts the app directly.`);
  }
  if (dockerfile.user === null || /^(root|0)(:|$)/.test(dockerfile.user)) {
    notes.push(`${dockerfile.fromAt}: the old image ran as root; the new one runs as 65532:65532. Fix: if the app writes files, give it a writable volume (owned by 65532) or /tmp; it cannot bind ports below 1024 unless its port setting moves.`);
  }
  const runtimeTools = dockerfile.packages.filter((p) => p.final && !image.packages.includes(p.name));
  if (runtimeTools.length) {
    const names = [...new Set(runtimeTools.map((p) => p.name))];
    notes.push(`${runtimeTools[0].at}: the old image installed ${names.join(', ')} with ${runtimeTools[0].manager}; the new runtime has no package manager and does not keep ${names.length > 1 ? 'them' : 'it'}. Fix: if the app calls ${names.length > 1 ? 'one' : 'it'} at run time, run with --runtime slim where the stack offers it, or add it to the runtime stage by hand.`);
  }
  if (command && /\b(apt-get|apt|apk|yum|dnf|pip|npm)\s+(install|add)\b/.test(command.words.join(' '))) {
    notes.push(`${command.at}: the old start command installs packages when the container starts; the new image installs everything at build time and has no package manager. Fix: list them as dependencies so the build installs them.`);
  }
  if (dockerfile.healthcheck && /\b(curl|wget|sh|bash|nc)\b/.test(dockerfile.healthcheck.text)) {
    notes.push(`${dockerfile.healthcheck.at}: HEALTHCHECK ${dockerfile.healthcheck.text} needs a tool the new runtime lacks. Fix: probe from outside (compose \`healthcheck\` against a sidecar, a Kubernetes httpGet probe) or build a small health-check command into the app.`);
  }
  const args = dockerfile.args.filter((arg) => !/(_VERSION|^TARGET|^BUILD)/.test(arg.name));
  if (args.length) notes.push(`${args[0].at}: build arg${args.length > 1 ? 's' : ''} ${args.map((a) => a.name).join(', ')} of the old file ${args.length > 1 ? 'are' : 'is'} not declared in the new one; add an ARG where the build needs ${args.length > 1 ? 'them' : 'it'}.`);
  return notes;
}
