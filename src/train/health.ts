/**
 * The health verdict of a finished run: a run can fail without diverging (a γ so large that the
 * minibatch losses run at 10–30 while the last interval happens to be small). "unstable" when
 *   diverged                     (also exit 3, as before)
 *   smoothed loss > C(w₀)        the smoothed training loss ends above the initial loss, where
 *                                smoothed = a_n / (1 − β^n),  a_n = β·a_{n−1} + (1 − β)·loss_n, β = 0.98
 *                                (bias-corrected moving average of the minibatch losses, as fastai's),
 *                                C(w₀) = the loss of the initial weights on the whole training split
 *   accuracy ≤ chance + (1 − chance)/10    for a classifier, on the validation split (else the
 *                                test split), chance = the share of the split's most common class
 * "healthy" otherwise. With the reasons comes a hint. The verdict never changes the exit code.
 */
import type { TrainResult } from "./state.js";

export const LOSS_SMOOTHING = 0.98;

/** The bias-corrected moving average after `steps` steps of the raw average `average`. */
export function smoothedLoss(average: number, steps: number): number | null {
  return steps > 0 ? average / (1 - LOSS_SMOOTHING ** steps) : null;
}

export interface Health {
  verdict: "healthy" | "unstable";
  reasons: string[];
  hint: string | null;
}

export interface HealthFacts {
  result: Pick<TrainResult, "status" | "divergence" | "trend">;
  /** the accuracy judged, the split it is of, and that split's chance level (null for regression) */
  accuracy: { split: "validation" | "test"; value: number | null; chance: number | null };
  learningRate: number;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
/** 4 significant digits, no trailing zeros: 0.7459, 16.48, 0.3, 3.7e-8 */
const num = (x: number): string => String(Number(x.toPrecision(4)));

/** The accuracy at or below which a classifier counts as "at chance". */
export function chanceThreshold(chance: number): number {
  return chance + (1 - chance) / 10;
}

export function assessHealth(facts: HealthFacts): Health {
  const { result, accuracy } = facts;
  const reasons: string[] = [];
  if (result.status === "diverged" && result.divergence !== null) {
    reasons.push(`diverged at step ${result.divergence.step}: ${result.divergence.reason}`);
  }
  const { initial, smoothed } = result.trend;
  if (initial !== null && smoothed !== null && smoothed > initial) {
    reasons.push(`the smoothed training loss ends at ${num(smoothed)}, above the initial ${num(initial)}`);
  }
  if (accuracy.value !== null && accuracy.chance !== null && accuracy.value <= chanceThreshold(accuracy.chance)) {
    reasons.push(
      `${accuracy.split} accuracy ${pct(accuracy.value)} is at chance ` +
        `(the most common class is ${pct(accuracy.chance)} of the ${accuracy.split} split)`,
    );
  }
  if (reasons.length === 0) return { verdict: "healthy", reasons, hint: null };
  const smaller = num(facts.learningRate / 10);
  return {
    verdict: "unstable",
    reasons,
    hint:
      `try a smaller learning rate (optimizer.learningRate=${smaller}, a tenth of ${num(facts.learningRate)}), ` +
      "a larger optimizer.batchSize, or sgd lr-find to choose one",
  };
}

/** The share of the most common class among `labels` (0 for none). */
export function majorityShare(labels: Int32Array, classes: number): number {
  if (labels.length === 0) return 0;
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]! += 1;
  return Math.max(...counts) / labels.length;
}
