import type { Answers, Member, Question, Stack } from '../types.js';
import { detectGo, NO_MAIN_PACKAGE, type GoDetection } from './detect.js';
import { GO_RUNTIMES, planGo, type GoPlan } from './plan.js';
import { auxiliaryReason } from './mains.js';
import { portQuestion } from '../common.js';

/** A --main choice that says what it is: its port, or that it is a helper. */
function mainChoice(detection: GoDetection, pkg: string) {
  const port = detection.mains[pkg]?.port;
  const about = [port ? `port ${port}` : 'no port'];
  if (!detection.servicePackages.includes(pkg)) about.push(`helper ${auxiliaryReason(pkg)}`);
  return { value: pkg, name: `${pkg} (${about.join(', ')})` };
}

function questions(detection: GoDetection, answers: Answers): Question[] {
  const main = answers.entrypoint ? detection.mains[answers.entrypoint] : undefined;
  const port = main ? main.port : detection.port;
  const cgo = main ? Boolean(main.cgo) : detection.cgo;
  // The runtime fallback's libraries, from the chosen main package (or the one detection chose).
  const libraries = (main ?? (detection.entrypoint ? detection.mains[detection.entrypoint] : undefined))?.cgoNeeds?.runtime ?? [];
  const versionEvidence = [
    ...detection.evidence.filter((line) => /^go\.(mod|work): (go|toolchain) /.test(line)),
    ...(detection.evidence.includes(detection.builderWhy) ? [] : [detection.builderWhy]),
  ];
  return [
    {
      name: 'languageVersion',
      flag: 'language-version',
      message: 'Go version for the builder image',
      type: 'input',
      default: detection.builderVersion,
      evidence: versionEvidence,
    },
    {
      name: 'entrypoint',
      flag: 'main',
      message: 'Main package to build',
      type: 'select',
      choices: detection.mainPackages.map((pkg) => mainChoice(detection, pkg)),
      noChoice: NO_MAIN_PACKAGE,
      // Several plausible services and no way to tell which: the user must pick.
      default: detection.entrypoint ?? undefined,
      evidence: detection.evidence.filter((line) => /package main|main packages/.test(line)),
    },
    portQuestion(port, detection.evidence),
    {
      name: 'runtime',
      flag: 'runtime',
      message: 'Runtime image',
      type: 'select',
      choices: libraries.length
        ? [{ value: 'distroless', name: `debian:trixie-slim with ${libraries.join(', ')}: no distroless image has ${libraries.length > 1 ? 'them' : 'it'} (has a shell)` }]
        : cgo
        ? [{ value: 'distroless', name: 'distroless base (glibc, needed by cgo)' }]
        : [
            { value: 'distroless', name: 'distroless static: CA certs, tzdata, nonroot user (recommended)' },
            { value: 'scratch', name: 'scratch: nothing but the binary, certificates and zoneinfo' },
          ],
      default: GO_RUNTIMES[0],
      evidence: cgo ? [main?.cgo ?? detection.evidence.find((line) => line.includes('cgo'))!] : ['CGO_ENABLED=0: the binary is static'],
    },
  ];
}

/**
 * A go.work workspace, or a module with several plausible services, holds one service per main
 * package, each built from this root (the workspace's modules or the shared module are needed).
 * Tools, examples and test helpers are not services.
 */
function members(detection: GoDetection): Member[] {
  if (detection.layout !== 'workspace' && detection.servicePackages.length < 2) return [];
  return detection.servicePackages.map((pkg) => ({
    dir: pkg.replace(/^\.\/?/, '') || '.',
    answers: { entrypoint: pkg },
    evidence: [`${pkg}: package main, built with the ${detection.layout === 'workspace' ? 'go.work workspace' : 'module'} at the root${detection.mains[pkg]?.port ? ` (port ${detection.mains[pkg].port})` : ''}`],
  }));
}

export const goStack: Stack<GoDetection, GoPlan> = {
  id: 'go',
  title: 'Go',
  flags: [{ name: 'main', help: 'the main package to build, e.g. ./cmd/api' }],
  markers: [{ name: 'go.mod', project: true }, { name: 'go.work', project: true }, { name: '*.go with package main', project: false }],
  contextReason: 'the build needs go.work (or the shared go.mod) and every module it uses',
  runtimes: GO_RUNTIMES,
  detect: detectGo,
  questions,
  plan: planGo,
  members,
  // go.work modules (go.mod files other than the root's).
  ownedFolders: (detection) => detection.moduleFiles.filter((file) => file.endsWith('/go.mod')).map((file) => file.slice(0, -'/go.mod'.length)),
};
