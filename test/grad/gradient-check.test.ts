/**
 * The three methods agree on random networks (depth 1–4, widths 1–8, every activation × both
 * losses, and mse with a sigmoid output layer, batch 1 and 5), measured with relErr
 * (random-networks.ts: per-tensor ‖a−b‖∞/‖·‖∞):
 *   backprop vs central differences (ε = 1e-5, 1e-4 with a sigmoid output; float64): ≤ 1e-7 smooth,
 *   ≤ 1e-5 ReLU-family
 *   backprop vs path enumeration: ≤ 1e-12 (the same sums in another order)
 *   float32 backprop vs float64 backprop: ≤ 1e-4
 */
import { describe, expect, it } from "vitest";
import { createGradientMethod } from "../../src/grad/index.js";
import type { GradientOptions } from "../../src/grad/gradient-options.js";
import { paramCount } from "../../src/model/layout.js";
import type { LossName, OutputActivation } from "../../src/model/network-spec.js";
import { ACTIVATIONS, LOSSES, caseOffTheKink, inPrecision, relErr, type Case } from "./random-networks.js";

function gradient(c: Case, options: GradientOptions): { loss: number; dw: Float64Array } {
  const method = createGradientMethod(options, c.spec, c.batch.size);
  const dw =
    c.spec.precision === "float32" ? new Float32Array(paramCount(c.spec)) : new Float64Array(paramCount(c.spec));
  const loss = method.compute(c.w, c.batch, dw);
  return { loss, dw: Float64Array.from(dw) };
}

const NETWORKS: [string, LossName, OutputActivation][] = [
  ...LOSSES.map((loss): [string, LossName, OutputActivation] => [loss, loss, "linear"]),
  ["mse with a sigmoid output", "mse", "sigmoid"],
];

describe.each(NETWORKS)("%s", (_, loss, outputActivation) => {
  describe.each(ACTIVATIONS)("%s", (activation) => {
    const kinked = activation === "relu" || activation === "leaky-relu";
    for (const depth of [1, 2, 3, 4]) {
      for (const B of [1, 5]) {
        it(`depth ${depth}, batch ${B}`, () => {
          const seed = 1000 * depth + 10 * B + activation.length + (outputActivation === "sigmoid" ? 7 : 0);
          const drawn = caseOffTheKink(seed, depth, activation, loss, B);
          const c: Case = { ...drawn, spec: { ...drawn.spec, outputActivation } };
          // a sigmoid output scales the earlier layers' gradients by σ' ≤ ¼ once more (to ~3e-3 at depth 4 with
          // sigmoid hidden layers), where the loss's rounding error over 2ε weighs more: ε = 1e-4 balances it
          const epsilon = outputActivation === "sigmoid" ? 1e-4 : 1e-5;
          const bp = gradient(c, { method: "backprop" });
          const wBefore = Float64Array.from(c.w);

          const fd = gradient(c, { method: "finite-difference", epsilon, scheme: "central" });
          expect(Array.from(c.w)).toEqual(Array.from(wBefore)); // restored exactly
          expect(fd.loss).toBe(bp.loss);
          const fdErr = relErr(c.spec, bp.dw, fd.dw);
          expect(fdErr).toBeLessThanOrEqual(kinked ? 1e-5 : 1e-7);

          const path = gradient(c, { method: "path-enumeration" });
          expect(path.loss).toBe(bp.loss);
          const pathErr = relErr(c.spec, bp.dw, path.dw);
          expect(pathErr).toBeLessThanOrEqual(1e-12);

          const f32 = gradient(inPrecision(c, "float32"), { method: "backprop" });
          const f32Err = relErr(c.spec, bp.dw, f32.dw);
          expect(f32Err).toBeLessThanOrEqual(1e-4);
          expect(Math.abs(f32.loss - bp.loss) / Math.max(1e-12, Math.abs(bp.loss))).toBeLessThanOrEqual(1e-4);
        });
      }
    }
  });
});
