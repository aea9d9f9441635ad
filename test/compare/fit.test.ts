import { describe, expect, it } from "vitest";
import { evaluateGrowth, fitGrowth, leastSquaresLine } from "../../src/compare/fit.js";

const depths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("leastSquaresLine", () => {
  it("recovers y = 1 + 2x exactly and the textbook fit of (0,0),(1,1),(2,1)", () => {
    expect(leastSquaresLine([0, 1, 2], [1, 3, 5])).toEqual({ intercept: 1, slope: 2 });
    // x̄ = 1, ȳ = 2/3, Sxy = 1, Sxx = 2 → slope 1/2, intercept 2/3 − 1/2 = 1/6
    const fit = leastSquaresLine([0, 1, 2], [0, 1, 1]);
    expect(fit.slope).toBeCloseTo(0.5, 12);
    expect(fit.intercept).toBeCloseTo(1 / 6, 12);
  });

  it("refuses a single x value", () => {
    expect(() => leastSquaresLine([2, 2], [1, 3])).toThrow(RangeError);
  });
});

describe("fitGrowth", () => {
  it("t = 3·L is linear: a = 0, b = 3", () => {
    const fit = fitGrowth(
      depths,
      depths.map((L) => 3 * L),
    )!;
    expect(fit.best).toBe("linear");
    expect(Math.abs(fit.linear.a)).toBeLessThan(1e-6);
    expect(Math.abs(fit.linear.b - 3)).toBeLessThan(1e-6);
    expect(fit.linear.logRms).toBeLessThan(1e-12);
    // the power law reads the same data as degree 1, and an exponential fits worse
    expect(Math.abs(fit.power.d - 1)).toBeLessThan(1e-6);
    expect(fit.exponential.logRms).toBeGreaterThan(0.05);
  });

  it("t = 0.5·L² is a power law of degree 2, c = 0.5", () => {
    const fit = fitGrowth(
      depths,
      depths.map((L) => 0.5 * L * L),
    )!;
    expect(fit.best).toBe("power");
    expect(Math.abs(fit.power.c - 0.5)).toBeLessThan(1e-6);
    expect(Math.abs(fit.power.d - 2)).toBeLessThan(1e-6);
    expect(fit.linear.logRms).toBeGreaterThan(0.05);
  });

  it("t = 2·3^L is exponential with base 3, c = 2", () => {
    const fit = fitGrowth(
      depths,
      depths.map((L) => 2 * 3 ** L),
    )!;
    expect(fit.best).toBe("exponential");
    expect(Math.abs(fit.exponential.c - 2)).toBeLessThan(1e-6);
    expect(Math.abs(fit.exponential.base - 3)).toBeLessThan(1e-6);
    expect(fit.power.logRms).toBeGreaterThan(0.05);
    expect(evaluateGrowth(fit, "exponential", 20) / (2 * 3 ** 20)).toBeCloseTo(1, 6);
  });

  it("scores a linear fit that predicts t ≤ 0 as infinitely bad in log space", () => {
    // steep, convex data: the least-squares line goes negative at L = 1
    const fit = fitGrowth([1, 2, 3, 4], [1, 10, 100, 1000])!;
    expect(fit.linear.a + fit.linear.b).toBeLessThan(0);
    expect(fit.linear.logRms).toBe(Number.POSITIVE_INFINITY);
    expect(fit.best).toBe("exponential");
  });

  it("has no fit with fewer than two depths or a non-positive value", () => {
    expect(fitGrowth([3], [1])).toBeNull();
    expect(fitGrowth([1, 2], [1, 0])).toBeNull();
  });
});
