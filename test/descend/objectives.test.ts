import { describe, expect, it } from "vitest";
import {
  BEALE,
  centralDifferenceGradient,
  HIMMELBLAU,
  quadratic,
  ROSENBROCK,
  type Objective,
} from "../../src/descend/objectives.js";
import { gradientDescent } from "../../src/descend/gradient-descent.js";

const at = (o: Objective, p: number[]): { f: number; d: number[] } => {
  const x = Float64Array.from(p);
  const d = new Float64Array(p.length);
  o.gradient(x, d);
  return { f: o.value(x), d: Array.from(d) };
};

describe("hand-written gradients at hand-computed points", () => {
  it("rosenbrock at (2, 1): y−x² = −3, f = 1 + 900, ∂x = −2(1−2) − 400·2·(−3) = 2402, ∂y = 200·(−3)", () => {
    const { f, d } = at(ROSENBROCK, [2, 1]);
    expect(f).toBe(901);
    expect(d).toEqual([2402, -600]);
  });

  it("rosenbrock at (-1, 1): on the valley floor y = x², so ∂x = −2(1−(−1)) = −4 and ∂y = 0", () => {
    const { f, d } = at(ROSENBROCK, [-1, 1]);
    expect(f).toBe(4);
    expect(d[0]).toBe(-4);
    expect(d[1]).toBeCloseTo(0, 15);
  });

  it("himmelblau at (0, 0): u = −11, v = −7, f = 170, ∇f = (2v, 2u) = (−14, −22)", () => {
    expect(at(HIMMELBLAU, [0, 0])).toEqual({ f: 170, d: [-14, -22] });
  });

  it("beale at (1, 1): t = (1.5, 2.25, 2.625), ∂x = 0, ∂y = 2·1.5 + 2·2.25·2 + 2·2.625·3 = 27.75", () => {
    const { f, d } = at(BEALE, [1, 1]);
    expect(f).toBeCloseTo(1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2, 13);
    expect(d[0]).toBeCloseTo(0, 14);
    expect(d[1]).toBeCloseTo(27.75, 13);
  });

  it("vanishes at the known minima: rosenbrock (1,1), himmelblau (3,2), beale (3, 0.5)", () => {
    for (const [o, p] of [
      [ROSENBROCK, [1, 1]],
      [HIMMELBLAU, [3, 2]],
      [BEALE, [3, 0.5]],
    ] as const) {
      const { f, d } = at(o, [...p]);
      expect(f, o.name).toBeCloseTo(0, 14);
      expect(Math.hypot(...d), o.name).toBeCloseTo(0, 12);
    }
  });
});

describe("central differences", () => {
  const points = [
    [-1.2, 1],
    [0.3, -0.7],
    [2.1, 1.4],
  ];
  it.each([ROSENBROCK, HIMMELBLAU, BEALE, quadratic(3)])("agree with the exact gradient of $name", (o) => {
    const fd = centralDifferenceGradient((x) => o.value(x), 1e-6);
    for (const p of points) {
      const x = Float64Array.from(p);
      const exact = new Float64Array(2),
        approx = new Float64Array(2);
      o.gradient(x, exact);
      fd(x, approx);
      expect(Array.from(x), "x is restored").toEqual(p);
      for (let i = 0; i < 2; i++)
        expect(Math.abs(approx[i]! - exact[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(exact[i]!)));
    }
  });

  it("give the same GD iterates as the exact gradient on a quadratic, within 1e-6", () => {
    const o = quadratic(2.5);
    const value = (x: Float64Array): number => o.value(x);
    const exact = gradientDescent(value, o.gradient, [-3, 1.5, 0.25], 0.15, 30);
    const approx = gradientDescent(value, centralDifferenceGradient(value, 1e-6), [-3, 1.5, 0.25], 0.15, 30);
    expect(approx.length).toBe(exact.length);
    exact.forEach((it, k) => {
      it.x.forEach((xi, i) => expect(Math.abs(approx[k]!.x[i]! - xi)).toBeLessThan(1e-6));
    });
    // and the iterates are the closed form x_n = (1 − 2·2.5·0.15)^n·x_0 = 0.25^n·x_0
    expect(exact[3]!.x[0]).toBeCloseTo(-3 * 0.25 ** 3, 14);
  });
});
