import { UserError, ExitCode } from '../core/errors.js';
import type { Repo } from '../core/repo.js';
import { goStack } from './go/index.js';
import { nodeStack } from './node/index.js';
import { pythonStack } from './python/index.js';
import { threeTierStack } from './three-tier/index.js';
import { javaStack } from './java/index.js';
import { rustStack } from './rust/index.js';
import type { Detection, Stack, StackId } from './types.js';

/**
 * Stacks in the order they are tried; the first whose detector matches wins. A more specific
 * stack (a three-tier app contains a Node and a Java project) must come before the ones it contains.
 * A pom.xml or build.gradle marks a build root, so Java comes before Python and Node, whose manifests
 * often sit in Java repositories as tooling. Node is last: Go and Python repositories often keep a
 * package.json for front-end tooling.
 */
export const stacks: readonly Stack<any>[] = [goStack, threeTierStack, javaStack, rustStack, pythonStack, nodeStack];

export function findStack(id: string): Stack<any> {
  const stack = stacks.find((candidate) => candidate.id === id);
  if (stack) return stack;
  throw new UserError(`--stack ${id}: unknown stack. Fix: use one of ${stackIds().join(', ')}.`, ExitCode.usage);
}

/** The stacks' names in the order they are tried. */
export function stackIds(): string[] {
  return stacks.map((stack) => stack.id);
}

export interface DetectResult {
  stack: Stack<any>;
  detection: Detection;
}

/** The stacks a run tries: the one asked for (an unknown name is refused), or all of them. */
function candidates(only?: StackId): readonly Stack<any>[] {
  return only ? [findStack(only)] : stacks;
}

export function detectStack(repo: Repo, only?: StackId): DetectResult | null {
  for (const stack of candidates(only)) {
    const detection = stack.detect(repo);
    if (detection) return { stack, detection };
  }
  return null;
}

/** Evidence for a directory where no stack matched: what was looked for. */
export function nothingFoundEvidence(only?: StackId): string[] {
  return candidates(only).map((stack) => `${stack.id}: none of ${stack.markers.map((marker) => marker.name).join(', ')} found`);
}

/** Every marker file the tried stacks look for, for the "nothing found" message. */
export function markersLookedFor(only?: StackId): string[] {
  return candidates(only).flatMap((stack) => stack.markers.map((marker) => marker.name));
}

/** The files that make a folder one of this stack's projects in a monorepo scan: names, or `*` globs. */
export function projectFiles(stack: Stack<any>): string[] {
  return stack.markers.filter((marker) => marker.project).map((marker) => marker.name);
}
