import { describe, expect, it } from "vitest";
import {
  describeCountFit,
  describeTimeFit,
  fitCount,
  fitTimeGrowth,
  leastSquaresLine,
  NOISE_FLOOR,
  weightedLeastSquares,
} from "../../src/compare/fit.js";
import { estimatedMultiplyAdds } from "../../src/grad/cost-model.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";

const depths = [1, 2, 3, 4, 5, 6];
const quiet = depths.map(() => 0);

describe("weightedLeastSquares (Householder QR)", () => {
  it("recovers y = 1 + 2x exactly and the textbook fit of (0,0),(1,1),(2,1)", () => {
    const line = leastSquaresLine([0, 1, 2], [1, 3, 5]);
    expect(line.intercept).toBeCloseTo(1, 12);
    expect(line.slope).toBeCloseTo(2, 12);
    // x̄ = 1, ȳ = 2/3, Sxy = 1, Sxx = 2 → slope 1/2, intercept 2/3 − 1/2 = 1/6
    const fit = leastSquaresLine([0, 1, 2], [0, 1, 1]);
    expect(fit.slope).toBeCloseTo(0.5, 12);
    expect(fit.intercept).toBeCloseTo(1 / 6, 12);
  });

  it("solves 1, L and 16^L together on L = 1…20 (columns 20 orders of magnitude apart)", () => {
    const L = Array.from({ length: 20 }, (_, i) => i + 1);
    const y = L.map((x) => 5 + 7 * x + 3 * 16 ** x);
    const x = weightedLeastSquares(
      L.map((l) => [1, l, 16 ** l]),
      y,
      y.map((v) => 1 / v),
    )!;
    expect(x[0]).toBeCloseTo(5, 6);
    expect(x[1]).toBeCloseTo(7, 6);
    expect(x[2]! / 3).toBeCloseTo(1, 12);
  });

  it("refuses a single x value and dependent columns", () => {
    expect(() => leastSquaresLine([2, 2], [1, 3])).toThrow(RangeError);
    expect(
      weightedLeastSquares(
        [
          [1, 2],
          [2, 4],
          [3, 6],
        ],
        [1, 2, 3],
        [1, 1, 1],
      ),
    ).toBeNull();
  });
});

describe("fitCount: exact fits of the closed-form counts", () => {
  // the real counts of I = 4 → 3 × L → 2, B = 8 (src/grad/cost-model.ts)
  const spec = (L: number): NetworkSpec => ({
    sizes: [4, ...Array.from({ length: L }, () => 3), 2],
    activation: "tanh",
    loss: "cross-entropy",
    precision: "float64",
  });
  const counts = (method: "backprop" | "central" | "path") =>
    depths.map((L) =>
      estimatedMultiplyAdds(
        method === "backprop"
          ? { method: "backprop" }
          : method === "central"
            ? { method: "finite-difference", scheme: "central" }
            : { method: "path-enumeration" },
        spec(L),
        8,
      ),
    );

  it("backprop is exactly a + b·L: 3F − B·n_1·n_0 with F = 8·(12 + 9(L − 1) + 6)", () => {
    const fit = fitCount(depths, counts("backprop"), { kind: "linear" })!;
    expect(fit.exact).toBe(true);
    // 3·8·(9 + 9L) − 8·12 = 120 + 216·L
    expect(fit.coefficients[0]).toBeCloseTo(120, 6);
    expect(fit.coefficients[1]).toBeCloseTo(216, 6);
    expect(describeCountFit(fit)).toBe("exact: 120 + 216·L");
  });

  it("central differences are exactly a + b·L + c·L², where a power law would read degree ≈ 1.4", () => {
    const fit = fitCount(depths, counts("central"), { kind: "quadratic" })!;
    expect(fit.exact).toBe(true);
    // (2p + 1)·F with p = 15 + 12(L − 1) + 8 = 11 + 12L and F = 72 + 72L: (23 + 24L)(72 + 72L)
    expect(fit.coefficients.map((c) => Math.round(c))).toEqual([23 * 72, 23 * 72 + 24 * 72, 24 * 72]);
    const line = fitCount(depths, counts("central"), { kind: "linear" })!;
    expect(line.exact).toBe(false);
    expect(line.maxRelResidual).toBeGreaterThan(0.01);
  });

  it("path enumeration is exactly a + b·L + c·3^L at H = 3", () => {
    const fit = fitCount(depths, counts("path"), { kind: "exponential", base: 3 })!;
    expect(fit.exact).toBe(true);
    expect(fit.form).toBe("a + b·L + c·3^L");
    expect(fit.maxRelResidual).toBeLessThan(1e-12);
  });

  it("needs as many depths as coefficients", () => {
    expect(fitCount([1, 2], [3, 5], { kind: "quadratic" })).toBeNull();
  });
});

describe("fitTimeGrowth: the simpler model unless a richer one is clearly better", () => {
  it("t = 2 + 3L is linear, with a = 2, b = 3", () => {
    const g = fitTimeGrowth(
      depths,
      depths.map((L) => 2 + 3 * L),
      quiet,
    )!;
    expect(g.model).toBe("linear");
    expect(g.words).toBe("linear");
    expect(g.fits.linear!.coefficients[0]).toBeCloseTo(2, 10);
    expect(g.fits.linear!.coefficients[1]).toBeCloseTo(3, 10);
    expect(describeTimeFit("linear", g.fits.linear!)).toMatch(/^t = 2\.00 \+ 3\.00·L \(log-RMS [0-9.e-]+\)$/);
    expect(g.fits.linear!.logRms).toBeLessThan(1e-12);
  });

  it("keeps linear for (1 + L) with ±8 % noise: no richer model halves its log-RMS", () => {
    const g = fitTimeGrowth(
      depths,
      depths.map((L, i) => (1 + L) * (i % 2 ? 1.08 : 0.92)),
      quiet,
    )!;
    expect(g.fits.linear!.logRms).toBeGreaterThan(NOISE_FLOOR);
    expect(g.model).toBe("linear");
  });

  it("reads t = 1 + L + L²/2 as quadratic and t = 2·3^L as exponential, base 3.00", () => {
    const quadratic = fitTimeGrowth(
      depths,
      depths.map((L) => 1 + L + 0.5 * L * L),
      quiet,
    )!;
    expect(quadratic.words).toBe("quadratic");
    expect(quadratic.fits.quadratic!.coefficients[2]).toBeCloseTo(0.5, 10);
    const exponential = fitTimeGrowth(
      depths,
      depths.map((L) => 2 * 3 ** L),
      quiet,
    )!;
    expect(exponential.words).toBe("exponential, base 3.00");
  });

  it("says 'not distinguishable' when quadratic and exponential fit 1 + 2^L on L = 1…4 about equally", () => {
    const L = [1, 2, 3, 4];
    const g = fitTimeGrowth(
      L,
      L.map((x) => 1 + 2 ** x),
      L.map(() => 0),
    )!;
    expect(g.model).toBeNull();
    expect(g.indistinguishable).toEqual(["quadratic", "exponential"]);
    expect(g.words).toBe("not distinguishable on L = 1…4: quadratic or exponential");
  });

  it("takes the noise from the repeats: a 30 % spread keeps linear even for mildly convex data", () => {
    const convex = depths.map((L) => 1 + L + 0.05 * L * L);
    expect(fitTimeGrowth(depths, convex, quiet)!.noise).toBe(NOISE_FLOOR);
    const noisy = fitTimeGrowth(
      depths,
      convex,
      depths.map(() => 0.15),
    )!;
    expect(noisy.noise).toBeCloseTo(0.3, 12);
    expect(noisy.model).toBe("linear");
  });

  it("finds no growth in falling times, and no fit with fewer than three depths", () => {
    expect(
      fitTimeGrowth(
        depths,
        depths.map((L) => 10 - L),
        quiet,
      )!.words,
    ).toBe("no growth measurable on L = 1…6");
    expect(fitTimeGrowth([1, 2], [1, 2], [0, 0])).toBeNull();
    expect(fitTimeGrowth([1, 2, 3], [1, 0, 2], [0, 0, 0])).toBeNull();
  });
});
