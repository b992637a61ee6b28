import type { Answers, Member, Question, Stack } from '../types.js';
import { detectPython, PYTHON_MARKERS, type PythonDetection } from './detect.js';
import { defaultPythonVersion, DISTROLESS_PYTHON, distrolessBlocker, planPython, PYTHON_RUNTIMES, type PythonPlan } from './plan.js';
import { portQuestion } from '../common.js';
import { forUvMember, uvServices } from './workspace.js';
import { ADDED_SERVER, runsFile } from './servers.js';

const VERSION_SOURCES = /^(\.python-version|runtime\.txt|Pipfile: \[requires\]|pyproject\.toml: (requires-python|\[tool\.poetry\.dependencies\] python))/;

/** A uv workspace root asks which member to ship first; the other questions then follow that member. */
function workspaceQuestion(detection: PythonDetection): Question | null {
  const services = uvServices(detection.workspace);
  if (services.length === 0) return null;
  return {
    name: 'workspace',
    flag: 'workspace',
    message: 'uv workspace member to ship (built with the workspace root as the context)',
    type: 'select',
    choices: services.map((member) => ({ value: member.dir, name: `${member.dir} (${member.name}: ${member.detection!.framework ?? 'script'})` })),
    default: services.length === 1 ? services[0].dir : undefined,
    evidence: detection.evidence.filter((line) => /uv workspace|^[^:]+\/pyproject\.toml: /.test(line)),
  };
}

function questions(root: PythonDetection, answers: Answers): Question[] {
  const member = answers.workspace ? uvServices(root.workspace).find((m) => m.dir === answers.workspace) : undefined;
  const detection = member ? forUvMember(root, member) : root;
  const version = answers.languageVersion ?? defaultPythonVersion(detection);
  const blocker = distrolessBlocker(detection, version);
  const versionEvidence = detection.evidence.filter((line) => VERSION_SOURCES.test(line));
  const workspace = workspaceQuestion(root);
  const list: Question[] = [
    ...(workspace ? [workspace] : []),
    {
      name: 'languageVersion',
      flag: 'language-version',
      message: 'Python version for the builder image',
      type: 'input',
      default: defaultPythonVersion(detection),
      evidence: versionEvidence.length ? versionEvidence : ['no Python version stated: using the default Python image'],
    },
    {
      name: 'entrypoint',
      flag: 'main',
      message: runsFile(detection.server) ? `File for ${detection.server} to run (${detection.server} -f FILE.py)` : detection.server ? `App to serve with ${detection.server} (module:app), or a script (main.py)` : 'Script to run (main.py)',
      type: 'input',
      choices: detection.targets.map((target) => ({ value: target, name: target })),
      // Several apps and no way to tell which one is served: the user must pick. A workspace root
      // has no app of its own until a member is chosen; --yes then names --workspace alone.
      default: detection.entrypoint ?? (uvServices(root.workspace).length && !member ? null : undefined),
      evidence: detection.evidence.filter((line) => /application (object|factory)|WSGI|script run with|a locustfile/.test(line)),
    },
  ];
  const target = answers.entrypoint ?? detection.entrypoint;
  if (detection.server && !detection.serverInstalled && !target?.endsWith('.py')) {
    list.push({
      name: 'addServer',
      flag: 'add-server',
      message: `${detection.server} is not a dependency; install it in the image?`,
      type: 'select',
      choices: [
        { value: 'yes', name: `yes: pip install ${detection.server}==${ADDED_SERVER[detection.serverInterface ?? 'wsgi'].version} in the builder` },
        { value: 'no', name: `no: stop; I will add ${detection.server} to my dependencies` },
      ],
      // A framework app cannot run without a server: yes is the answer that builds, and the notes say it was added.
      default: 'yes',
      evidence: detection.evidence.filter((line) => line.includes(`${detection.server} is not a dependency`)),
    });
  }
  list.push(
    portQuestion(detection.port, detection.evidence),
    {
      name: 'runtime',
      flag: 'runtime',
      message: 'Runtime image',
      type: 'select',
      choices: [
        { value: 'distroless', name: blocker ? `distroless python3 (not possible: ${blocker})` : `distroless python3: Python ${DISTROLESS_PYTHON}, no shell, nonroot (recommended)` },
        { value: 'slim', name: `python:${version}-slim-trixie with a non-root user: has a shell and apt` },
      ],
      default: blocker ? 'slim' : 'distroless',
      evidence: blocker ? [`runtime: ${blocker}`] : [`runtime: Python ${DISTROLESS_PYTHON} and no extra system libraries, so distroless runs it`],
    },
  );
  return list;
}

/** Monorepo scan: one service per uv workspace member with an app or a script; libraries are only evidence. */
function members(detection: PythonDetection): Member[] {
  return uvServices(detection.workspace).map((member) => ({
    dir: member.dir,
    answers: { workspace: member.dir },
    evidence: [`${member.dir}/pyproject.toml: ${member.detection!.framework ? `${member.detection!.framework} app` : 'script'} ${member.detection!.targets.join(', ')}`, ...member.evidence],
    framework: member.detection!.framework,
  }));
}

export const pythonStack: Stack<PythonDetection, PythonPlan> = {
  id: 'python',
  title: 'Python',
  flags: [
    { name: 'main', help: 'the app to serve (module:app) or script (main.py)' },
    { name: 'add-server', boolean: true, help: 'install a pinned gunicorn/uvicorn in the image when the project depends on no server (the default under --yes)' },
    { name: 'workspace', help: 'the uv workspace member folder to ship, built from the workspace root, e.g. packages/api' },
  ],
  markers: PYTHON_MARKERS,
  contextReason: "uv installs from the workspace's single lock file at its root",
  runtimes: PYTHON_RUNTIMES,
  detect: detectPython,
  questions,
  plan: planPython,
  ownedFolders: (detection) => detection.workspace?.members.map((member) => member.dir) ?? [],
  members,
};
