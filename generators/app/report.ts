import { defaultAnswers, tryPlan } from './core/answers.js';
import type { Repo } from './core/repo.js';
import { nothingFoundEvidence } from './stacks/registry.js';
import type { ScanResult } from './scan/scan.js';
import type { Answers, Detection, Stack, StackId } from './stacks/types.js';

/**
 * The documented `--detect` JSON: the detection's stable fields plus the images a --yes run would use.
 * Field order is part of the contract; the object literals below set it.
 */
export interface DetectionReport extends Omit<Detection, 'stack'> {
  stack: StackId | null;
  builderImage: string | null;
  runtimeImage: string | null;
}

export function detectionReport(stack: Stack<any>, detection: Detection, flagAnswers: Answers, repo: Repo): DetectionReport {
  // Images follow from the answers a --yes run would take. A project can be recognised yet not
  // buildable as it stands (a library, a war): report what was found, without images, and say why,
  // rather than failing the whole --detect.
  const { plan, refused } = tryPlan(stack, detection, defaultAnswers(stack, detection, flagAnswers).answers, repo);
  return {
    stack: detection.stack,
    languageVersion: detection.languageVersion,
    packageManager: detection.packageManager,
    framework: detection.framework,
    entrypoint: detection.entrypoint,
    port: detection.port,
    builderImage: plan?.builderImage ?? null,
    runtimeImage: plan?.runtimeImage ?? null,
    evidence: refused ? [...detection.evidence, `generate: ${refused}`] : detection.evidence,
  };
}

export function noStackReport(only?: StackId): DetectionReport {
  return {
    stack: null,
    languageVersion: null,
    packageManager: null,
    framework: null,
    entrypoint: null,
    port: null,
    builderImage: null,
    runtimeImage: null,
    evidence: nothingFoundEvidence(only),
  };
}

/** `--scan --detect`: every service found, where its Dockerfile goes and what it builds from. */
export interface ScanReport {
  services: Array<{
    dir: string;
    /** The compose service and image name. */
    name: string;
    context: string;
    stack: StackId;
    framework: string | null;
    hasDockerfile: boolean;
    generatedBefore: boolean;
    evidence: string[];
  }>;
  skipped: Array<{ dir: string; reason: string }>;
}

export function scanReport(scan: ScanResult): ScanReport {
  return {
    services: scan.services.map((service) => ({
      dir: service.dir,
      name: service.name,
      context: service.context,
      stack: service.stack.id,
      framework: service.framework,
      hasDockerfile: service.hasDockerfile,
      generatedBefore: service.generatedBefore,
      evidence: service.evidence,
    })),
    skipped: scan.skipped,
  };
}
