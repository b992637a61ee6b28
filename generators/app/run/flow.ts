import type { IgnoreSection } from '../core/dockerignore.js';
import type { GuideInput } from '../core/guide.js';
import type { StackId } from '../stacks/types.js';
import type { Target } from './state.js';

/**
 * What differs between a normal run (one project) and a scan (every service of a monorepo); the
 * steps they share (writing, guides, pin, verify, upgrade, conflicts) run the same for both.
 */
export interface Flow {
  /** Picks the targets and fills their answers. */
  prompt(): Promise<void>;
  /** Sets target.plan, placed where this run writes it, and stores the target's answers. */
  plan(target: Target): void;
  /** Files beside a scan's root compose file (.env), written after each target's own. */
  writeRootFiles?(target: Target): void;
  /** Ignore sections keeping other services nested in a shared build context out of it. */
  nestedIgnore?(context: string, built: Set<StackId>): IgnoreSection[];
  /** A scan's root compose file. */
  compose?(): Promise<void>;
  /** The compose file that runs a target, for its README.Docker.md. */
  guideCompose(target: Target): GuideInput['compose'];
  /** A scan's README.Docker.md at the root, listing every service. */
  rootGuide?(): void;
  /** What was written, and what happens after. */
  end(): Promise<void>;
}
