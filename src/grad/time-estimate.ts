/**
 * How long one gradient of a method will take, predicted before running it (so a
 * finite-difference run that would take days is refused up front):
 *   seconds ≈ forward passes(method, B) · t(one forward pass + loss on the batch) / threads
 * The forward-pass count is exact (cost-model.ts: MACs(method) / MACs(forward)); the pass is timed
 * on the real batch and engine, so sparse inputs and fast kernels are priced as they will run.
 * Finite differences share their parameters over `threads`.
 */
import type { Engine } from "../engine/engine.js";
import { typescriptEngine } from "../engine/typescript/typescript-engine.js";
import { createWorkspace, forwardLoss, forwardMultiplyAdds } from "../model/mlp.js";
import type { NetworkSpec } from "../model/network-spec.js";
import { estimatedMultiplyAdds } from "./cost-model.js";
import type { Batch, Float } from "../core/types.js";
import type { GradientOptions } from "./gradient-options.js";

export interface GradientTimeEstimate {
  /** forward passes over the batch per gradient (2p + 1 for central differences; under 3 for the reverse pass) */
  forwardPasses: number;
  multiplyAdds: number;
  seconds: number;
}

/** Time per gradient of `options` on `batch` (w is read, never changed), on the run's `engine`. */
export function estimateGradientTime(
  spec: NetworkSpec,
  w: Float,
  batch: Batch,
  options: GradientOptions,
  clock: () => number,
  engine: Engine = typescriptEngine,
): GradientTimeEstimate {
  const B = batch.size;
  const ws = createWorkspace(spec, B, engine);
  let runs = 0,
    elapsed = 0;
  const start = clock();
  while (runs < 3 || (elapsed < 0.05 && runs < 10_000)) {
    forwardLoss(ws, w, batch);
    runs++;
    elapsed = clock() - start;
  }
  const macs = estimatedMultiplyAdds(options, spec, B);
  const forwardPasses = macs / forwardMultiplyAdds(spec, B);
  const threads = options.method === "finite-difference" ? Math.max(1, options.threads ?? 1) : 1;
  return { forwardPasses, multiplyAdds: macs, seconds: (forwardPasses * elapsed) / runs / threads };
}
