import path from 'node:path';
import { credentialIgnore, secretMount, secretNotes, withSecretEnv } from '../../core/secrets.js';
import { COMMON_IGNORE, readByBuild, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import { image, imageRef } from '../../core/images.js';
import { Repo } from '../../core/repo.js';
import type { Answers, Plan } from '../types.js';
import type { PythonDetection } from './detect.js';
import { readToml, table } from './manifests.js';
import { admitsMinor, minorOf } from './specifier.js';
import { groupByFolder, standardOutputs } from '../common.js';
import { ADDED_SERVER, knownConfigEnv, runsFile, serverCommand, type Server } from './servers.js';
import { chosenUvMember, forUvMember, uvServices, type UvMember } from './workspace.js';

export const PYTHON_RUNTIMES = ['distroless', 'slim'] as const;

/** gcr.io/distroless/python3-debian13 ships Debian 13's python3.13 and no other Python. */
export const DISTROLESS_PYTHON = '3.13';

/**
 * Build tools installed from the package index in the builder (pinned: the lock decides the app's
 * versions, these decide how it is read). Bumped by hand: they are pip packages, not images.
 */
const TOOLS: Record<string, { arg: string; version: string }> = {
  uv: { arg: 'UV_VERSION', version: '0.11.7' },
  poetry: { arg: 'POETRY_VERSION', version: '2.2.1' },
  pipenv: { arg: 'PIPENV_VERSION', version: '2025.0.4' },
};

const PYTHON_IGNORE: IgnoreSection[] = [
  {
    why: 'Virtualenvs and caches: made for this machine; the image builds its own.',
    patterns: ['**/.venv', '**/venv', '**/__pycache__', '**/*.py[cod]', '**/.pytest_cache', '**/.mypy_cache', '**/.ruff_cache', '**/.tox', '**/.nox'],
  },
  { why: 'Build, test and coverage output.', patterns: ['build', 'dist', '**/*.egg-info', '.coverage', '.coverage.*', 'htmlcov', 'coverage.xml'] },
  { why: 'Local databases: development data, never image content.', patterns: ['**/*.sqlite3'] },
  { why: 'Documentation the app never reads, so editing it does not rebuild (kept when the build needs it).', patterns: ['docs', '**/*.md'] },
  { why: 'Other stacks\' dependency folders that a Python build never reads.', patterns: ['**/node_modules'] },
];

export function defaultPythonVersion(detection: PythonDetection): string {
  return detection.pythonMinor ?? imageRef('python-builder').tag.split('-')[0];
}

/** Distroless only where it can run the app: Python 3.13 and no system libraries beyond glibc. */
export function distrolessBlocker(detection: PythonDetection, version: string): string | null {
  if (minorOf(version) !== DISTROLESS_PYTHON) return `distroless python3 ships only Python ${DISTROLESS_PYTHON} and this project uses ${version}`;
  const libraries = detection.native.filter((need) => need.runtime.length > 0);
  if (libraries.length > 0) {
    return `${libraries.map((need) => `${need.package} needs ${need.runtime.join(', ')}`).join('; ')}, which distroless python3 does not have`;
  }
  return null;
}

function checkVersion(version: string, detection: PythonDetection): string {
  if (!/^3\.\d+(\.\d+)?$/.test(version)) {
    throw new UserError(`--language-version: "${version}" is not a Python version like 3.13 or 3.12.8.`, ExitCode.usage);
  }
  const excluding = detection.constraints.find((c) => !admitsMinor(c.constraint, minorOf(version)!));
  if (excluding) {
    throw new UserError(`--language-version ${version}: ${excluding.source} "${excluding.text}" excludes it. Fix: pick a version it admits.`, ExitCode.usage);
  }
  return version;
}

/** `module:attr` or `module:factory()` for a server, `path/to/script.py` for a program; the file must exist. */
function checkEntrypoint(target: string, detection: PythonDetection, repo: Repo): void {
  const fix = `Fix: pass --main module:app (served by ${detection.server ?? 'gunicorn or uvicorn'}) or --main script.py.`;
  if (target.endsWith('.py')) {
    if (!repo.exists(target)) throw new UserError(`--main ${target}: no such file. ${fix}`, ExitCode.usage);
    return;
  }
  const match = /^([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(\))?$/.exec(target);
  if (!match) throw new UserError(`--main ${target}: not a module:app target or a .py script. ${fix}`, ExitCode.usage);
  const base = match[1].replace(/\./g, '/');
  if (!repo.exists(`${base}.py`) && !repo.exists(`${base}/__init__.py`)) {
    throw new UserError(`--main ${target}: no ${base}.py or ${base}/__init__.py here. ${fix}`, ExitCode.usage);
  }
  if (!detection.server) throw new UserError(`--main ${target}: no web framework was detected, so there is no server to run it. ${fix}`, ExitCode.usage);
}

/** The command line: the project's server bound to every interface, or the script. */
function command(python: string, target: string, detection: PythonDetection, port: number): string[] {
  if ((target.endsWith('.py') && !runsFile(detection.server)) || !detection.server) return [python, target];
  return serverCommand(python, detection.server, target, { port, iface: detection.serverInterface ?? 'wsgi', config: detection.serverConfig, configBinds: detection.configBinds });
}

/** `$(VARS)` a uwsgi ini reads whose values the image knows (the others are named in the evidence). */
function configEnv(detection: PythonDetection, port: number): Array<[string, string]> {
  const known = knownConfigEnv(port);
  return detection.configEnv.filter((name) => known[name]).map((name) => [name, known[name]]);
}

/** Named after the project (pyproject), else the module or script it runs, else the folder. */
function imageName(repo: Repo, target: string): string {
  const pyproject = repo.exists('pyproject.toml') ? readToml(repo, 'pyproject.toml') : null;
  const fromTarget = target.endsWith('.py') ? path.posix.basename(target, '.py') : target.split(/[.:]/)[0];
  const name = table(pyproject?.project).name ?? table(table(pyproject?.tool).poetry).name ?? (fromTarget || path.basename(repo.root));
  return String(name).toLowerCase().replace(/[^a-z0-9._-]/g, '-') || 'app';
}

/**
 * A workspace member run on its own folder: planned as the workspace root would plan it, written
 * here, built from the root (the header says how). Its ignore file sits beside the Dockerfile
 * (`Dockerfile.dockerignore`, which BuildKit reads before the context's .dockerignore).
 */
function planEnclosedMember(detection: PythonDetection, answers: Answers): PythonPlan {
  const { rootPath, toRoot, memberDir, root } = detection.enclosingWorkspace!;
  const plan = planProject(root, { ...answers, workspace: memberDir }, Repo.open(rootPath));
  return {
    ...plan,
    files: plan.files.map((file) => (file.destination === '.dockerignore' ? { ...file, destination: 'Dockerfile.dockerignore' } : file)),
    notes: [`Build from ${toRoot}: \`docker build -f ${memberDir}/Dockerfile .\` there; Dockerfile.dockerignore beside this Dockerfile applies to that context.`, ...plan.notes],
    buildContext: { dir: toRoot, dockerfile: `${memberDir}/Dockerfile`, why: "uv installs from the workspace's single lock file at its root" },
  };
}

export function planPython(root: PythonDetection, answers: Answers, repo: Repo): PythonPlan {
  return root.enclosingWorkspace ? planEnclosedMember(root, answers) : planProject(root, answers, repo);
}

function planProject(root: PythonDetection, answers: Answers, repo: Repo) {
  // A uv workspace member builds from the root (its lock) but runs from, and is checked in, its own folder.
  const member: UvMember | null = answers.workspace ? chosenUvMember(root, answers.workspace) : null;
  const detection = member ? forUvMember(root, member) : root;
  const appRepo = member ? repo.sub(member.dir) : repo;
  const services = uvServices(root.workspace);
  if (!member && services.length > 0 && !(answers.entrypoint ?? root.entrypoint)) {
    throw new UserError(`pyproject.toml: a uv workspace root with no app of its own. Fix: pass --workspace ${services.map((m) => m.dir).join(' or ')}.`, ExitCode.usage);
  }
  const version = checkVersion(answers.languageVersion ?? defaultPythonVersion(detection), detection);
  const minor = minorOf(version)!;
  const target = answers.entrypoint ?? detection.entrypoint;
  if (!target) {
    throw new UserError(
      `No Python entrypoint found (${detection.targets.length > 1 ? `several: ${detection.targets.join(', ')}` : 'no app object and no `if __name__ == "__main__":` script'}). Fix: pass --main module:app or --main script.py.`,
    );
  }
  checkEntrypoint(target, detection, appRepo);
  const runsServer = !target.endsWith('.py') || runsFile(detection.server);
  const missing: Server | null = runsServer && !detection.serverInstalled && detection.server ? detection.server : null;
  if (missing && answers.addServer !== 'yes') {
    throw new UserError(`${missing} is not a dependency of this project, and ${detection.framework} needs it to serve ${target}. Fix: add ${missing} to your dependencies (and lock them), or pass --add-server to install it in the image.`);
  }
  const addServer = missing ? `${missing}==${ADDED_SERVER[detection.serverInterface ?? 'wsgi'].version}` : null;
  if (detection.depsSource === 'pyproject' && Number(minor.split('.')[1]) < 11) {
    throw new UserError(`pyproject.toml: the dependency step reads [project].dependencies with tomllib, which Python ${minor} lacks. Fix: use Python 3.11 or newer, or add a requirements.txt.`);
  }

  const blocker = distrolessBlocker(detection, version);
  const runtime = answers.runtime ?? (blocker ? 'slim' : 'distroless');
  if (!(PYTHON_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new UserError(`--runtime ${runtime}: the Python stack offers ${PYTHON_RUNTIMES.join(' or ')}.`, ExitCode.usage);
  }
  if (runtime === 'distroless' && blocker) throw new UserError(`--runtime distroless: ${blocker}. Fix: use --runtime slim.`, ExitCode.usage);
  const distroless = runtime === 'distroless';

  const builderTag = imageRef('python-builder').tag.replace(/^[\d.]+/, version);
  const builderImage = `python:${builderTag}`;
  const runtimeImage = distroless ? image('python3') : builderImage;
  const port = answers.port === undefined ? detection.port : answers.port;
  const python = distroless ? `/usr/bin/python${DISTROLESS_PYTHON}` : '/opt/venv/bin/python';
  // A server must listen somewhere even when nothing is published (--port none).
  const entrypoint = command(python, target, detection, port ?? 8000);

  // Every member's package build reads its readme, so none of them may be ignored.
  const readmes = member ? root.workspace!.members.flatMap((m) => (m.readme ? [m.readme] : [])) : detection.readme ? [detection.readme] : [];
  // A uv workspace member's sync installs the workspace packages from their folders and reads the root's
  // configuration (.python-version, TOML/cfg settings); a project of its own reads its whole folder.
  const rootFiles = repo.files().filter((file) => !file.includes('/') && /^\.python-version$|\.(toml|lock|cfg|ini)$/.test(file));
  const buildReads = member ? [...new Set([...rootFiles, ...detection.dependencyFiles, ...readmes, ...root.workspace!.members.map((m) => m.dir)])] : ['.'];
  const needed = [...repo.filesEndingWith('.py').filter(readByBuild(buildReads)), ...detection.dependencyFiles, ...readmes];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...credentialIgnore(detection.secrets), ...PYTHON_IGNORE], needed);
  const tool = TOOLS[detection.packageManager];

  const notes = planNotes({ detection, answers, builderImage, runtimeImage, distroless, blocker, entrypoint, addServer, runsServer, target, port });
  if (member) {
    notes.unshift(`Context: the workspace root, not ${member.dir}: uv installs ${member.name} from the root uv.lock, which needs every member's pyproject.toml (${root.workspace!.members.length} members), so \`docker build\` runs from the root. Only ${member.dir} and the venv reach the runtime; the workspace libraries it uses are installed into the venv, not editable.`);
  }
  notes.push(...dockerignore.dropped.map((entry) => `.dockerignore: left out ${entry}.`));
  notes.push(...secretNotes(detection.secrets));

  return {
    builderImage,
    runtimeImage,
    ...standardOutputs('python'),
    notes,
    buildReads,
    stackTitle: 'Python',
    imageName: imageName(appRepo, target),
    port,
    ignoreSections: dockerignore.sections,
    secrets: detection.secrets,
    runtimeHasShell: false,
    runtimePackages: [...new Set(detection.native.flatMap((need) => need.runtime))],
    context: {
      pythonVersion: version,
      builderSuffix: builderTag.slice(version.length),
      manager: detection.packageManager,
      tool: tool ? { name: detection.packageManager, ...tool } : null,
      depsSource: detection.depsSource,
      dependencyCopies: groupByFolder(detection.dependencyFiles),
      requirementsFile: detection.dependencyFiles[0] ?? null,
      installProject: detection.installProject,
      collectstatic: detection.collectstatic,
      addServer,
      buildPackages: detection.native.some((need) => need.build.length > 0) ? ['build-essential', ...new Set(detection.native.flatMap((need) => need.build))] : [],
      distroless,
      runtimeImage,
      debugImage: distroless ? image('python3-debug') : null,
      distrolessPython: `/usr/bin/python${DISTROLESS_PYTHON}`,
      sitePackages: `/opt/venv/lib/python${DISTROLESS_PYTHON}/site-packages`,
      blocker,
      entrypoint,
      naiveEntrypoint: command('/opt/venv/bin/python', target, detection, port ?? 8000),
      runtimeEnv: runsServer ? configEnv(detection, port ?? 8000) : [],
      // The install steps mount the secrets and read the ${VAR} ones into their variables.
      secretMounts: detection.secrets.map(secretMount),
      secretEnv: withSecretEnv(detection.secrets, ''),
      // uv workspace member: `uv sync --package` selects it, and the app runs from its folder.
      uvPackage: member?.name ?? null,
      memberDir: member?.dir ?? null,
      appDir: member ? `/app/${member.dir}` : '/app',
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type PythonContext = ReturnType<typeof planProject>['context'];
export type PythonPlan = Plan<PythonContext>;

interface NoteFacts {
  detection: PythonDetection;
  answers: Answers;
  builderImage: string;
  runtimeImage: string;
  distroless: boolean;
  blocker: string | null;
  entrypoint: string[];
  addServer: string | null;
  runsServer: boolean;
  target: string;
  port: number | null;
}

/** Why each notable choice was made, printed after writing. */
function planNotes({ detection, answers, builderImage, runtimeImage, distroless, blocker, entrypoint, addServer, runsServer, target, port }: NoteFacts): string[] {
  const notes = [
    `Builder: ${builderImage} (${answers.languageVersion && answers.languageVersion !== defaultPythonVersion(detection) ? 'chosen with --language-version' : detection.pythonFromRange ? `a line the project's range admits${minorOf(builderImage.replace(/^python:/, '')) === DISTROLESS_PYTHON ? `, ${DISTROLESS_PYTHON} being the line distroless python3 ships` : ''}` : detection.pythonMinor ? 'the Python the project states' : 'the default: the project states no Python version'}); dependencies go into /opt/venv with ${detection.packageManager}${detection.depsSource === 'lock' ? ' from the lock' : ''}.`,
    distroless
      ? `Runtime: ${runtimeImage}: Python ${DISTROLESS_PYTHON}, glibc and the nonroot user, no shell or pip. Its python is /usr/bin/python${DISTROLESS_PYTHON}; the venv's bin/python points at the builder's /usr/local/bin, so the venv's site-packages go on PYTHONPATH instead.`
      : `Runtime: ${runtimeImage}, not distroless: ${blocker ?? 'chosen with --runtime slim'}. It has a shell and apt, so it is bigger and less locked down; the app still runs as 65532:65532.`,
    ...(runsServer && runsFile(detection.server)
      ? [`Start: ${detection.server} running ${target} (${entrypoint.join(' ')}), its web UI on 0.0.0.0:${port ?? 8000} where a test is started. For a headless run, append locust's options to the image's command: \`docker run IMAGE --headless --host URL -u USERS -r RATE -t 10m\` (no web UI, so nothing to publish).`]
      : []),
    ...(runsServer && !runsFile(detection.server) ? [`Start: ${detection.server} serving ${target}${port === null ? '' : ` on 0.0.0.0:${port}`} (${entrypoint.map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ')}), bound to every interface (servers and Flask default to 127.0.0.1, unreachable from outside a container).`] : []),
    ...(addServer ? [`${addServer} was added in the image (--add-server, which --yes answers yes): the project depends on no server, and this is the version this generator pins; add it to your dependencies so the lock decides.`] : []),
    ...(detection.collectstatic ? ['Django: collectstatic runs in the builder; the collected files ship in /app (serve them with whitenoise or a CDN).'] : []),
    ...(!runsServer ? [`Signals: python ${target} runs as PID 1, where SIGTERM does nothing unless the script handles it; use \`docker run --init\` or handle SIGTERM.`] : []),
    `Debug: \`docker build --target debug\` gives the same app ${distroless ? 'on a :debug-nonroot image with a busybox shell' : '(this runtime image already has a shell)'}.`,
  ];
  if (detection.loopbackOnly && !runsServer) notes.push(`Warning: the program binds to loopback only; from outside the container port ${port} will not answer. Bind "0.0.0.0".`);
  return notes;
}
