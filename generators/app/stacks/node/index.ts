import type { Answers, Member, Question, Stack } from '../types.js';
import { DEFAULT_NODE_MAJOR, detectNode, DISTROLESS_NODE_MAJORS, type NodeDetection } from './detect.js';
import { isExactRelease } from './version.js';
import { defaultNodeVersion, planNode, type NodePlan } from './plan.js';
import type { NodeMemberPlan } from './plan-member.js';
import { portQuestion } from '../common.js';
import { forMember, serviceMembers, serviceReason } from './workspace.js';
import { parsePackageJson } from './package.js';

/** A workspace root asks which member to ship first; the other questions then follow that member. */
function workspaceQuestion(detection: NodeDetection): Question | null {
  const services = serviceMembers(detection.workspace);
  if (services.length === 0) return null;
  const choices = services.map((member) => ({ value: member.dir, name: `${member.dir} (${member.name ?? 'no name'}: ${member.service})` }));
  // The root itself may be the app, with the members as its libraries.
  if (detection.workspace!.rootIsApp) choices.unshift({ value: '.', name: '. (the root package)' });
  return {
    name: 'workspace',
    flag: 'workspace',
    message: 'Workspace member to ship (built with the workspace root as the context)',
    type: 'select',
    choices,
    default: choices.length === 1 ? choices[0].value : undefined,
    evidence: detection.evidence.filter((line) => /workspaces|^[^:]+\/package\.json: /.test(line)),
  };
}

/** The detection the remaining questions read: the chosen member's, or the root's. */
function selected(detection: NodeDetection, answers: Answers): NodeDetection {
  const member = answers.workspace && answers.workspace !== '.' ? serviceMembers(detection.workspace).find((m) => m.dir === answers.workspace) : undefined;
  return member ? forMember(detection, member) : detection;
}

function questions(root: NodeDetection, answers: Answers): Question[] {
  const detection = selected(root, answers);
  const versionEvidence = detection.evidence.filter((line) => /engines\.node|(^|\/)\.nvmrc|(^|\/)\.node-version/.test(line));
  const startEvidence = detection.evidence.filter((line) => /scripts\.(start|build)|: main |: bin |entry file|Caddyfile/.test(line));
  const workspace = workspaceQuestion(root);
  return [
    ...(workspace ? [workspace] : []),
    {
      name: 'languageVersion',
      flag: 'language-version',
      message: 'Node major for the builder and the distroless runtime',
      type: 'select',
      choices: [
        // The exact release engines stops at comes first: it is the detected answer, on the official slim image.
        ...(detection.nodeMajor && isExactRelease(detection.nodeMajor) ? [{ value: detection.nodeMajor, name: `Node ${detection.nodeMajor} (node:${detection.nodeMajor}-trixie-slim: engines excludes the release distroless ships)` }] : []),
        ...DISTROLESS_NODE_MAJORS.map((major) => ({ value: major, name: `Node ${major} (gcr.io/distroless/nodejs${major}-debian13)` })),
      ],
      default: defaultNodeVersion(detection) ?? undefined,
      evidence: versionEvidence.length ? versionEvidence : [`package.json: no engines.node, .nvmrc or .node-version: Node ${DEFAULT_NODE_MAJOR}, the default line (templates/images.Dockerfile)`],
    },
    {
      name: 'entrypoint',
      flag: 'main',
      message: `Script node runs at start (relative to ${detection === root ? 'the project' : answers.workspace}, after the build)`,
      type: 'input',
      // Until a member is chosen a workspace root has no script of its own; --yes then names --workspace alone.
      default: detection.entrypoint ?? (root.workspace && !root.workspace.rootIsApp && detection === root ? null : undefined),
      evidence: startEvidence,
    },
    portQuestion(detection.port, detection.evidence),
  ];
}

/** Monorepo scan: one service per member that is an app; libraries are only evidence. */
function members(detection: NodeDetection): Member[] {
  // A root that starts an app itself is a service too, built like its members from the root.
  const root: Member[] = detection.workspace?.rootIsApp
    ? [{ dir: '.', answers: { workspace: '.' }, evidence: [`package.json: the workspace root is an app too (${detection.entrypoint ?? 'start script'})`], framework: detection.framework }]
    : [];
  return [...root, ...serviceMembers(detection.workspace).map((member) => ({
    dir: member.dir,
    answers: { workspace: member.dir },
    evidence: [`${member.dir}/package.json: ${member.service}`, ...member.evidence],
    framework: member.facts?.framework ?? null,
  }))];
}

export const nodeStack: Stack<NodeDetection, NodePlan | NodeMemberPlan> = {
  id: 'node',
  title: 'Node.js',
  flags: [{ name: 'workspace', help: 'the npm/yarn/pnpm workspace member folder to ship, built from the workspace root, e.g. packages/api' }],
  markers: [{ name: 'package.json', project: true }],
  contextReason: "the install needs the workspace's root lockfile and every member's package.json",
  runtimes: ['distroless'],
  detect: detectNode,
  questions,
  plan: planNode,
  ownedFolders: (detection) => detection.workspace?.members.map((member) => member.dir) ?? [],
  // Judged like a workspace member: a start script, an SPA build or a server framework with an entry file.
  notAService: (detection, repo) => {
    if (detection.workspace) return null;
    return serviceReason(repo, parsePackageJson(repo)) ? null : 'a library (no start script, SPA build or server framework with an entry file), not a service. Fix: add a start script, or generate it with --path DIR --main FILE';
  },
  members,
};
