/** Command-line options, as data: every question has a flag, so any run can be made non-interactive. */
export const CLI_OPTIONS = [
  { name: 'yes', alias: 'y', type: Boolean, description: 'Never prompt: take detected (or stored) answers; fail naming the flag when one is missing' },
  { name: 'stack', type: String, description: 'Stack to generate for: go, python, java, node, three-tier (default: detected)' },
  { name: 'path', type: String, description: 'Project folder to read and write (default: current directory)' },
  { name: 'port', type: String, description: 'Port the app listens on, or "none" (default: detected)' },
  { name: 'runtime', type: String, description: 'Runtime image family, per stack (Go: distroless or scratch; Python: distroless or slim)' },
  { name: 'main', type: String, description: 'Go: the main package to build, e.g. ./cmd/api; Python: the app to serve (module:app) or script (main.py)' },
  { name: 'add-server', type: Boolean, description: 'Python: install gunicorn/uvicorn in the image when the project does not depend on it' },
  { name: 'language-version', type: String, description: 'Language version for the builder image (default: detected)' },
  { name: 'force', alias: 'f', type: Boolean, description: 'Overwrite an existing Dockerfile/.dockerignore without asking' },
  { name: 'detect', type: Boolean, description: 'Print the detection as JSON on stdout and write nothing (exit 3: no stack)' },
  { name: 'build', type: Boolean, description: 'After writing, build the image and a naive single-stage one with Docker and compare them' },
] as const;

export interface CliFlags {
  yes?: boolean;
  stack?: string;
  path?: string;
  port?: string;
  runtime?: string;
  main?: string;
  addServer?: boolean;
  languageVersion?: string;
  force?: boolean;
  detect?: boolean;
  build?: boolean;
}

/** yeoman passes parsed flags in kebab case from the command line and as given from code/tests. */
export function readFlags(options: Record<string, unknown>): CliFlags {
  const pick = (kebab: string, camel = kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())) => {
    const value = options[camel] ?? options[kebab];
    return value === undefined || value === null || value === '' ? undefined : value;
  };
  return {
    yes: Boolean(pick('yes') ?? pick('y')),
    stack: pick('stack') as string | undefined,
    path: pick('path') as string | undefined,
    port: pick('port') === undefined ? undefined : String(pick('port')),
    runtime: pick('runtime') as string | undefined,
    main: pick('main') as string | undefined,
    addServer: pick('add-server') as boolean | undefined,
    languageVersion: pick('language-version') === undefined ? undefined : String(pick('language-version')),
    force: Boolean(pick('force')),
    detect: Boolean(pick('detect')),
    build: Boolean(pick('build')),
  };
}
