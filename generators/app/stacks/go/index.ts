import type { Answers, Member, Question, Stack } from '../types.js';
import { detectGo, type GoDetection } from './detect.js';
import { defaultGoVersion, GO_RUNTIMES, planGo } from './plan.js';
import { portQuestion } from '../common.js';

function questions(detection: GoDetection, answers: Answers): Question[] {
  const port = answers.entrypoint ? detection.portsByMain[answers.entrypoint] ?? null : detection.port;
  const versionEvidence = detection.evidence.filter((line) => /^go\.(mod|work): (go|toolchain) /.test(line));
  return [
    {
      name: 'languageVersion',
      flag: 'language-version',
      message: 'Go version for the builder image',
      type: 'input',
      default: defaultGoVersion(detection),
      evidence: versionEvidence.length ? versionEvidence : ['no go line found: using the default Go image'],
    },
    {
      name: 'entrypoint',
      flag: 'main',
      message: 'Main package to build',
      type: 'select',
      choices: detection.mainPackages.map((pkg) => ({ value: pkg, name: pkg })),
      // Several commands and no way to tell which is the service: the user must pick.
      default: detection.mainPackages.length === 1 ? detection.mainPackages[0] : undefined,
      evidence: detection.evidence.filter((line) => line.includes('package main')),
    },
    portQuestion(port, detection.evidence),
    {
      name: 'runtime',
      flag: 'runtime',
      message: 'Runtime image',
      type: 'select',
      choices: detection.cgo
        ? [{ value: 'distroless', name: 'distroless base (glibc, needed by cgo)' }]
        : [
            { value: 'distroless', name: 'distroless static: CA certs, tzdata, nonroot user (recommended)' },
            { value: 'scratch', name: 'scratch: nothing but the binary, certificates and zoneinfo' },
          ],
      default: GO_RUNTIMES[0],
      evidence: detection.cgo ? detection.evidence.filter((line) => line.includes('cgo')) : ['CGO_ENABLED=0: the binary is static'],
    },
  ];
}

/**
 * A go.work workspace, or a module with several main packages, holds one service per main package,
 * each built from this root (the workspace's modules or the shared module are needed).
 */
function members(detection: GoDetection): Member[] {
  if (detection.layout !== 'workspace' && detection.mainPackages.length < 2) return [];
  return detection.mainPackages.map((pkg) => ({
    dir: pkg.replace(/^\.\/?/, '') || '.',
    answers: { entrypoint: pkg },
    evidence: [`${pkg}: package main, built with the ${detection.layout === 'workspace' ? 'go.work workspace' : 'module'} at the root${detection.portsByMain[pkg] ? ` (port ${detection.portsByMain[pkg]})` : ''}`],
  }));
}

export const goStack: Stack<GoDetection> = {
  id: 'go',
  title: 'Go',
  markers: ['go.mod', 'go.work', '*.go with package main'],
  runtimes: GO_RUNTIMES,
  detect: detectGo,
  questions,
  plan: planGo,
  members,
  // go.work modules (go.mod files other than the root's).
  ownedFolders: (detection) => detection.moduleFiles.filter((file) => file.endsWith('/go.mod')).map((file) => file.slice(0, -'/go.mod'.length)),
};
