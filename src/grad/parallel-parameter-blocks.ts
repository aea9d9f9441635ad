/**
 * Finite differences handed out in blocks of 64 parameters from a shared counter: each thread
 * claims the next block (Atomics.add) until none is left, so a thread slowed by other load on the
 * machine simply does fewer. Which thread computes dw[j] does not change it: every block runs
 * finiteDifferenceRange, the serial formula, on the same numbers.
 */
import { finiteDifferenceRange, type LossOfWeights } from "./finite-difference.js";
import type { Float } from "../core/types.js";
import type { DifferenceScheme } from "./gradient-options.js";

export const PARAMETER_BLOCK = 64;

/** dw[j] for every j in the blocks this thread claims from next[0] (reset to 0 before each job). */
export function differenceClaimedBlocks(
  next: Int32Array,
  loss: LossOfWeights,
  w: Float,
  dw: Float,
  epsilon: number,
  scheme: DifferenceScheme,
  base: number,
): void {
  const p = w.length;
  for (let b = Atomics.add(next, 0, 1); b * PARAMETER_BLOCK < p; b = Atomics.add(next, 0, 1)) {
    finiteDifferenceRange(
      loss,
      w,
      dw,
      epsilon,
      scheme,
      base,
      b * PARAMETER_BLOCK,
      Math.min(p, (b + 1) * PARAMETER_BLOCK),
    );
  }
}
