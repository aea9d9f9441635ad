/** finiteDifferenceGradient knows nothing but a function of w: checked on C(w) = Σ_j w_j³ (∇ = 3w²). */
import { describe, expect, it } from "vitest";
import { finiteDifferenceGradient } from "../../src/grad/finite-difference.js";
import type { Float } from "../../src/core/types.js";

const cubeSum = (w: Float): number => {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j]! ** 3;
  return s;
};

describe("finite differences of C(w) = Σ w³", () => {
  const w0 = [0.5, -1, 2];

  it("central: error ε² (the third derivative 6 over 6) per component", () => {
    const w = new Float64Array(w0),
      dw = new Float64Array(3),
      eps = 1e-3;
    const loss = finiteDifferenceGradient(cubeSum, w, dw, eps, "central");
    expect(loss).toBeCloseTo(0.125 - 1 + 8, 14);
    // ((w+ε)³ − (w−ε)³)/2ε = 3w² + ε² exactly
    w0.forEach((v, j) => expect(dw[j]).toBeCloseTo(3 * v * v + eps * eps, 9));
  });

  it("forward: error 3wε + ε² per component", () => {
    const w = new Float64Array(w0),
      dw = new Float64Array(3),
      eps = 1e-3;
    finiteDifferenceGradient(cubeSum, w, dw, eps, "forward");
    // ((w+ε)³ − w³)/ε = 3w² + 3wε + ε²
    w0.forEach((v, j) => expect(dw[j]).toBeCloseTo(3 * v * v + 3 * v * eps + eps * eps, 8));
  });

  it("restores every float32 parameter bit for bit and divides by the step actually taken", () => {
    const w = new Float32Array([0.1, 1e4, -3.3]),
      before = Float32Array.from(w),
      dw = new Float32Array(3);
    const linear = (v: Float): number => 2 * v[0]! - 5 * v[1]! + 0.5 * v[2]!;
    finiteDifferenceGradient(linear, w, dw, 1e-3, "central");
    expect(Array.from(w)).toEqual(Array.from(before));
    // 1e4 ± 1e-3 rounds to 1e4 ± 0.0009765625 in float32; dividing by that step keeps the slope exact
    expect(Array.from(dw)).toEqual([2, -5, 0.5].map(Math.fround));
  });
});
