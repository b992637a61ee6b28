/** Command-line options, as data: every question has a flag, so any run can be made non-interactive. */
export const CLI_OPTIONS = [
  { name: 'yes', alias: 'y', type: Boolean, description: 'Never prompt: take detected (or stored) answers; fail naming the flag when one is missing' },
  { name: 'stack', type: String, description: 'Stack to generate for: go, python, java, node, three-tier (default: detected)' },
  { name: 'path', type: String, description: 'Project folder to read and write (default: current directory)' },
  { name: 'port', type: String, description: 'Port the app listens on, or "none" (default: detected)' },
  { name: 'runtime', type: String, description: 'Runtime image family, per stack (Go: distroless or scratch; Python: distroless or slim; Java: distroless or temurin)' },
  { name: 'main', type: String, description: 'Go: the main package to build, e.g. ./cmd/api; Python: the app to serve (module:app) or script (main.py)' },
  { name: 'add-server', type: Boolean, description: 'Python: install a pinned gunicorn/uvicorn in the image when the project depends on no server (the default under --yes)' },
  { name: 'language-version', type: String, description: 'Language version for the builder image (default: detected)' },
  { name: 'force', alias: 'f', type: Boolean, description: 'Overwrite an existing Dockerfile/.dockerignore without asking' },
  { name: 'detect', type: Boolean, description: 'Print the detection as JSON on stdout and write nothing (exit 3: no stack)' },
  { name: 'build', type: Boolean, description: 'After writing, build the image and a naive single-stage one with Docker and compare them' },
  { name: 'build-tool', type: String, description: 'Java: maven or gradle, when the project has both (default: detected)' },
  { name: 'module', type: String, description: 'Java: the module folder to ship from a multi-module build, e.g. app' },
  { name: 'node-version', type: String, description: 'Three-tier: the Node major that builds the front end (default: detected)' },
  { name: 'layout', type: String, description: 'Three-tier: same-origin (one image serves pages and API, default) or separate (a front-end image and a back-end image)' },
  { name: 'workspace', type: String, description: 'npm/yarn/pnpm/uv workspaces: the member folder to ship, built from the workspace root, e.g. packages/api' },
  { name: 'scan', type: Boolean, description: 'Monorepo: list every service under the folder, ask which to generate (--yes: all), and write a root compose.yaml' },
] as const;

export interface CliFlags {
  yes?: boolean;
  stack?: string;
  path?: string;
  force?: boolean;
  detect?: boolean;
  build?: boolean;
  scan?: boolean;
}

/** A flag's value as given: yeoman passes kebab case from the command line, tests may use camel case. */
function pickOption(options: Record<string, unknown>, kebab: string): unknown {
  const value = options[kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] ?? options[kebab];
  return value === undefined || value === null || value === '' ? undefined : value;
}

/**
 * The text of the flag that answers a question (booleans as "yes"/"no"), so a stack's new question
 * needs only its entry in CLI_OPTIONS.
 */
export function answerFlag(options: Record<string, unknown>, flag: string): string | undefined {
  const value = pickOption(options, flag);
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function readFlags(options: Record<string, unknown>): CliFlags {
  const pick = (kebab: string) => pickOption(options, kebab);
  return {
    yes: Boolean(pick('yes') ?? pick('y')),
    stack: pick('stack') as string | undefined,
    path: pick('path') as string | undefined,
    force: Boolean(pick('force')),
    detect: Boolean(pick('detect')),
    build: Boolean(pick('build')),
    scan: Boolean(pick('scan')),
  };
}
