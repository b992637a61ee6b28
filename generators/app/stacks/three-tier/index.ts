import type { Answers, Question, Stack } from '../types.js';
import { javaStack } from '../java/index.js';
import { nodeStack } from '../node/index.js';
import { detectThreeTier, type ThreeTierDetection } from './detect.js';
import { planThreeTier } from './plan.js';

/**
 * The Java stack's questions (build tool, Java release, module, port) for the back end, plus the
 * Node major for the front end, asked under its own name so it does not collide with the Java release.
 */
function questions(detection: ThreeTierDetection, answers: Answers): Question[] {
  const prefix = (lines: string[], dir: string) => lines.map((line) => `${dir}/${line}`);
  const java = javaStack.questions(detection.backend, answers).map((q) => ({ ...q, evidence: prefix(q.evidence, detection.backendDir) }));
  const nodeVersion = nodeStack.questions(detection.frontend, {}).find((q) => q.name === 'languageVersion')!;
  return [
    ...java.filter((q) => q.name !== 'port'),
    {
      ...nodeVersion,
      name: 'nodeVersion',
      flag: 'node-version',
      message: `Node major that builds the front end (${detection.frontendDir})`,
      evidence: prefix(nodeVersion.evidence, detection.frontendDir),
    },
    ...java.filter((q) => q.name === 'port'),
  ];
}

export const threeTierStack: Stack<ThreeTierDetection> = {
  id: 'three-tier',
  title: 'Three-tier (React + Spring Boot + MySQL)',
  markers: ['a React package.json and a pom.xml/build.gradle in sub-folders'],
  detect: detectThreeTier,
  questions,
  plan: planThreeTier,
};
