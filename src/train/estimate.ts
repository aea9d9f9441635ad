/**
 * How long a run will take, predicted before it starts (so a finite-difference run that would
 * take days is refused up front). Cost model: time = multiply-adds / rate, where the
 * multiply-adds per step are the method's exact closed form and the rate is measured by timing
 * a cheap gradient (the reference reverse pass) on a real batch of the same size.
 *   seconds ≈ steps · MACs(method, B) · t(reference) / MACs(reference, B) / threads
 * (finite differences split their parameters over `options.threads`; other methods run on one).
 */
import type { Dataset } from "../data/dataset.js";
import { createGradientMethod, estimatedMultiplyAdds, type GradientOptions } from "../grad/index.js";
import { fillBatch } from "../model/batch.js";
import { forwardMultiplyAdds } from "../model/mlp.js";
import type { Experiment } from "./experiment.js";

export interface RunEstimate {
  /** forward passes over the batch per step (2p + 1 for central differences; under 3 for the reverse pass) */
  forwardPassesPerStep: number;
  multiplyAddsPerStep: number;
  secondsPerStep: number;
  totalSeconds: number;
}

const REFERENCE: GradientOptions = { method: "backprop" };

export function estimateRun(exp: Experiment, options: GradientOptions, dataset: Dataset, clock: () => number): RunEstimate {
  const B = exp.batchSize;
  const reference = createGradientMethod(REFERENCE, exp.spec, B);
  const count = Math.min(B, dataset.train.n);
  fillBatch(exp.batch, dataset.train, exp.spec, null, 0, count);
  const scratch = exp.dw.slice();
  let runs = 0;
  const start = clock();
  let elapsed = 0;
  while (runs < 3 || (elapsed < 0.05 && runs < 1000)) {
    reference.compute(exp.w, exp.batch, scratch);
    runs++;
    elapsed = clock() - start;
  }
  const rate = (estimatedMultiplyAdds(REFERENCE, exp.spec, count) * runs) / Math.max(elapsed, 1e-9);
  const macs = estimatedMultiplyAdds(options, exp.spec, B);
  const threads = options.method === "finite-difference" ? Math.max(1, options.threads ?? 1) : 1;
  const secondsPerStep = macs / rate / threads;
  return {
    forwardPassesPerStep: macs / forwardMultiplyAdds(exp.spec, B),
    multiplyAddsPerStep: macs,
    secondsPerStep,
    totalSeconds: secondsPerStep * exp.totalSteps,
  };
}
