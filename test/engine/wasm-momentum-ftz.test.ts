/**
 * The momentum kernel flushes subnormal velocities to zero (they made x86 ~80× slower on blank
 * MNIST pixels, whose velocity only decays); normal numbers follow v ← μv + g, w ← w − lr·v.
 */
import { describe, expect, it } from "vitest";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";

describe("wasm momentum step", () => {
  for (const variant of ["fma", "mul+add"] as const) {
    it(`${variant}: subnormal velocities become 0, normal ones are exact`, () => {
      const e = wasmTrainingEngine(2 ** 20, variant);
      const n = 9;
      const w = e.allocator.float32(n).fill(1),
        g = e.allocator.float32(n),
        v = e.allocator.float32(n);
      v.set([1e-39, -1e-39, 2 ** -126, 0.5, -0.25, 1e-30, 0, 3, 2 ** -125]);
      g.set([0, 0, 0, 0.5, 0.25, 0, 0, 0, 0]);
      e.update!.momentumStep(n, w, g, v, 0.5, 0.5);
      // v' = 0.5·v + g: 5e-40 and −5e-40 are subnormal → 0; 2^-127 is subnormal → 0; 0.75; 0.125; 5e-31; 0; 1.5; 2^-126 stays
      expect(Array.from(v)).toEqual([0, 0, 0, 0.75, 0.125, Math.fround(0.5 * Math.fround(1e-30)), 0, 1.5, 2 ** -126]);
      expect(Array.from(w)).toEqual([
        1,
        1,
        1,
        0.625,
        Math.fround(1 - 0.0625),
        Math.fround(1 - 0.5 * Math.fround(0.5 * Math.fround(1e-30))),
        1,
        0.25,
        1,
      ]);
    });
  }
});
