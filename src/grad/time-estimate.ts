/**
 * How long one gradient of a method will take, predicted before running it (so a
 * finite-difference run that would take days is refused up front). Cost model:
 *   seconds ≈ MACs(method, B) · t(reference) / MACs(reference, B) / threads
 * MACs are the exact closed-form counts (cost-model.ts); the rate is measured by timing the cheap
 * reverse pass on the real batch. Finite differences share their parameters over `threads`.
 */
import type { Engine } from "../kernels/engine.js";
import { forwardMultiplyAdds } from "../model/mlp.js";
import type { NetworkSpec } from "../model/network-spec.js";
import { estimatedMultiplyAdds } from "./cost-model.js";
import type { Batch, Float } from "./gradient-method.js";
import type { GradientOptions } from "./gradient-options.js";
import { createGradientMethod } from "./index.js";

export interface GradientTimeEstimate {
  /** forward passes over the batch per gradient (2p + 1 for central differences; under 3 for the reverse pass) */
  forwardPasses: number;
  multiplyAdds: number;
  seconds: number;
}

const REFERENCE: GradientOptions = { method: "backprop" };

/** Time per gradient of `options` on `batch` (w is read, never changed). */
export function estimateGradientTime(
  spec: NetworkSpec, w: Float, batch: Batch, options: GradientOptions, clock: () => number, engine?: Engine,
): GradientTimeEstimate {
  const B = batch.size;
  const reference = createGradientMethod(REFERENCE, spec, B, engine);
  const scratch = w.slice();
  let runs = 0, elapsed = 0;
  const start = clock();
  while (runs < 3 || (elapsed < 0.05 && runs < 1000)) {
    reference.compute(w, batch, scratch);
    runs++;
    elapsed = clock() - start;
  }
  const rate = (estimatedMultiplyAdds(REFERENCE, spec, B) * runs) / Math.max(elapsed, 1e-9);
  const macs = estimatedMultiplyAdds(options, spec, B);
  const threads = options.method === "finite-difference" ? Math.max(1, options.threads ?? 1) : 1;
  return { forwardPasses: macs / forwardMultiplyAdds(spec, B), multiplyAdds: macs, seconds: macs / rate / threads };
}
