import { ExitCode, UserError } from './errors.js';
import type { Stack } from '../stacks/types.js';

/**
 * `--runtime` must name one of the chosen stack's runtime families: a value the stack has no use
 * for would otherwise be dropped without a word. Each stack lists its own (Stack.runtimes).
 */
export function checkRuntimeFlag(stack: Stack<any>, value: string | undefined): void {
  if (value === undefined || stack.runtimes.includes(value)) return;
  const message =
    stack.runtimes.length === 1
      ? `--runtime: "${value}" is not a runtime of the ${stack.id} stack, which has only ${stack.runtimes[0]}. Fix: leave --runtime out.`
      : `--runtime: "${value}" is not one of ${stack.runtimes.join(', ')} (the ${stack.id} stack's runtimes). Fix: pass one of them.`;
  throw new UserError(message, ExitCode.usage);
}
