/**
 * Numbers a run is checked against or started with, kept apart from the modules that use them so
 * the CLI can quote them in its help without loading those modules (src/cli loads a command's
 * modules only when it runs):
 *   SLOW_RUN_SECONDS   a finite-difference run predicted longer than this needs --allow-slow (prepare-run.ts)
 *   LR_FIND_DEFAULTS   the range test's steps and first and last γ (lr-find-run.ts)
 */

/** A finite-difference run predicted to take longer than this needs allowSlow (--allow-slow). */
export const SLOW_RUN_SECONDS = 3600;

export const LR_FIND_DEFAULTS = { steps: 300, minLearningRate: 1e-7, maxLearningRate: 10 } as const;
