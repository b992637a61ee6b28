import { JAVA_RUNTIMES } from '../java/runtime.js';
import type { Answers, Question, Stack } from '../types.js';
import { defaultModule } from '../java/detect.js';
import { javaStack } from '../java/index.js';
import { nodeStack } from '../node/index.js';
import { detectThreeTier, type ThreeTierDetection } from './detect.js';
import { LAYOUTS, planThreeTier, servesStatic, type ThreeTierPlan } from './plan.js';

/**
 * The Java stack's questions (build tool, Java release, module, port) for the back end, plus the
 * Node major for the front end, asked under its own name so it does not collide with the Java release,
 * and the layout: one image serving pages and /api, or one image per tier.
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
    layoutQuestion(detection),
  ];
}

/** Quarkus (or anything but a jar) does not serve src/main/resources/static, so it defaults to separate images. */
function layoutQuestion(detection: ThreeTierDetection): Question {
  const module = defaultModule(detection.backend.tools[detection.backend.buildTool]!);
  const sameOriginWorks = !module || servesStatic(module.kind);
  return {
    name: 'layout',
    flag: 'layout',
    message: 'Layout: one image serving the pages and /api (same-origin), or an image per tier (separate)',
    type: 'select',
    choices: LAYOUTS.map((value) => ({
      value,
      name: value === 'same-origin'
        ? 'same-origin: the back end serves the built front end and /api (no CORS, one image)'
        : 'separate: the front end on distroless Node forwarding /api to the back end on distroless Java (two images)',
    })),
    default: sameOriginWorks ? 'same-origin' : 'separate',
    evidence: [
      ...detection.evidence.filter((line) => /API|\/api|hard-coded/.test(line)),
      ...(sameOriginWorks ? [] : [`${detection.backendDir}: ${module!.framework ?? module!.kind} does not serve static files from the class path: separate images`]),
    ],
  };
}

export const threeTierStack: Stack<ThreeTierDetection, ThreeTierPlan> = {
  id: 'three-tier',
  title: 'Three-tier (React + Java, with its database)',
  flags: [
    { name: 'node-version', help: 'the Node major that builds the front end (default: detected)' },
    { name: 'layout', help: 'same-origin (one image serves pages and API, default) or separate (a front-end image and a back-end image)' },
  ],
  markers: [{ name: 'a React package.json and a pom.xml/build.gradle in sub-folders (or the build at the root, the front end one level down)', project: false }],
  // Its tiers are found as the Node and Java projects they are.
  contextReason: 'the build needs both tiers',
  // Its compose file runs the database (and, in the separate layout, the web image) beside the app.
  companions: ['db', 'web'],
  group: { depth: 2, parts: (detection) => [detection.frontendDir, detection.backendDir] },
  runtimes: JAVA_RUNTIMES,
  detect: detectThreeTier,
  questions,
  plan: planThreeTier,
};
