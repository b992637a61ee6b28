import type { Answers, Question, Stack } from '../types.js';
import { detectNode, DISTROLESS_NODE_MAJORS, type NodeDetection } from './detect.js';
import { defaultNodeVersion, planNode } from './plan.js';
import { portQuestion } from '../common.js';

function questions(detection: NodeDetection, _answers: Answers): Question[] {
  const versionEvidence = detection.evidence.filter((line) => /engines\.node|^\.nvmrc|^\.node-version/.test(line));
  const startEvidence = detection.evidence.filter((line) => /scripts\.(start|build)|: main |: bin |entry file|serve-static/.test(line));
  return [
    {
      name: 'languageVersion',
      flag: 'language-version',
      message: 'Node major for the builder and the distroless runtime',
      type: 'select',
      choices: DISTROLESS_NODE_MAJORS.map((major) => ({ value: major, name: `Node ${major} (gcr.io/distroless/nodejs${major}-debian13)` })),
      default: defaultNodeVersion(detection) ?? undefined,
      evidence: versionEvidence.length ? versionEvidence : [`package.json: no engines.node, .nvmrc or .node-version: Node ${DISTROLESS_NODE_MAJORS[0]}, the newest distroless major`],
    },
    {
      name: 'entrypoint',
      flag: 'main',
      message: 'Script node runs at start (relative to the project, after the build)',
      type: 'input',
      default: detection.entrypoint ?? undefined,
      evidence: startEvidence,
    },
    portQuestion(detection.port, detection.evidence),
  ];
}

export const nodeStack: Stack<NodeDetection> = {
  id: 'node',
  title: 'Node.js',
  markers: ['package.json'],
  detect: detectNode,
  questions,
  plan: planNode,
};
