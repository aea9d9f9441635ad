import { describe, expect, it } from "vitest";
import { CompareConfig } from "../../src/config/compare-schema.js";
import { runComparison } from "../../src/compare/compare-run.js";
import type { CaseResult } from "../../src/compare/compare-types.js";
import { FakeClock, fakeBackend, RATE, TEXTBOOK_COSTS } from "./fake-backend.js";

const depths = Array.from({ length: 20 }, (_, i) => i + 1);

function config(overrides: Record<string, unknown> = {}) {
  return CompareConfig.parse({
    depthSweep: { widths: [3], depths },
    widthSweep: { widths: [] },
    warmup: 1,
    warmupSeconds: 0,
    repeats: 5,
    minSampleSeconds: 0,
    budgetSeconds: 1,
    ...overrides,
  });
}

const method = (c: CaseResult, id: string) => c.methods.find((m) => m.method === id)!;

describe("runComparison with fake methods and a fake clock", () => {
  const clock = new FakeClock();
  const backend = fakeBackend({ clock, costs: TEXTBOOK_COSTS });
  const results = runComparison(config(), { backend, clock });
  const byDepth = (L: number) => results.cases.find((c) => c.depth === L)!;
  const sizes = (L: number) => [4, ...Array.from({ length: L }, () => 3), 2].join("-");

  it("runs path enumeration while 1000·3^L / 1e6 s ≤ 1 s (L ≤ 6) and never calls it beyond", () => {
    for (const L of depths) {
      const pe = method(byDepth(L), "path-enumeration");
      expect(pe.status).toBe(L <= 6 ? "ran" : "skipped");
      if (L > 6) expect(backend.calls.get(`${sizes(L)} path-enumeration`)).toBeUndefined();
    }
    // L = 6: 0.729 s per call → the plan (1 warm-up + 5) would take 4.4 s, so ⌊1/0.729⌋ = 1 repeat
    expect(method(byDepth(6), "path-enumeration").timing!.samples).toHaveLength(1);
    expect(method(byDepth(5), "path-enumeration").timing!.samples).toHaveLength(4);
  });

  it("records the skipped method's prediction: exact multiply-adds / the rate it showed at L = 6", () => {
    const pe20 = method(byDepth(20), "path-enumeration");
    expect(pe20.predicted.multiplyAdds).toBe(1000 * 3 ** 20);
    expect(pe20.predicted.seconds! / ((1000 * 3 ** 20) / RATE)).toBeCloseTo(1, 9);
    expect(pe20.predicted.rateSource).toBe("path-enumeration@L6-H3");
    expect(pe20.skipReason).toMatch(/^predicted .* per gradient > budget 1\.00 s$/);
    expect(pe20.timing).toBeNull();
  });

  it("times each method exactly (cost / rate) and reads its cost back", () => {
    const bp = method(byDepth(20), "backprop");
    expect(bp.timing!.median).toBeCloseTo(2000 / RATE, 12);
    expect(bp.cost).toEqual({ multiplyAdds: 2000, forwardPasses: 20 });
    expect(method(byDepth(20), "finite-difference-central").timing!.median).toBeCloseTo((50 * 400) / RATE, 12);
  });

  it("fits BP as linear, FD as degree 2 and path enumeration as base 3", () => {
    const fitOf = (m: string) => results.fits.find((f) => f.method === m && f.quantity === "seconds")!.fit!;
    expect(fitOf("backprop").best).toBe("linear");
    expect(fitOf("backprop").linear.b).toBeCloseTo(100 / RATE, 12);
    expect(fitOf("finite-difference-central").best).toBe("power");
    expect(fitOf("finite-difference-central").power.d).toBeCloseTo(2, 6);
    expect(fitOf("path-enumeration").best).toBe("exponential");
    expect(fitOf("path-enumeration").exponential.base).toBeCloseTo(3, 6);
    expect(fitOf("path-enumeration").points).toBe(6);
  });

  it("extrapolates path enumeration to L = 20 and sets it beside the tutorial", () => {
    const claim = results.claims[0]!;
    expect(claim.width).toBe(3);
    expect(claim.article).toBeCloseTo(Math.exp(20) / 20, 0);
    expect(claim.backpropSeconds).toEqual({ value: expect.closeTo(2000 / RATE, 12), extrapolated: false });
    const pe = claim.versus.find((v) => v.method === "path-enumeration")!;
    // t_PE(20) / t_BP(20) = (1000·3^20) / (100·20) = 3^20 / 2
    expect(pe.timeRatio!.extrapolated).toBe(true);
    expect(pe.timeRatio!.value / (3 ** 20 / 2)).toBeCloseTo(1, 6);
    expect(pe.multiplyAddRatio).toBe(3 ** 20 / 2);
    // deepest measured: L = 6, 1000·729 / 600
    expect(pe.deepestRun!.depth).toBe(6);
    expect(pe.deepestRun!.timeRatio).toBeCloseTo(729000 / 600, 6);
    const fd = claim.versus.find((v) => v.method === "finite-difference-central")!;
    expect(fd.timeRatio).toEqual({ value: expect.closeTo(10, 9), extrapolated: false });
  });

  it("passes the gradient check when every method returns backprop's gradient", () => {
    expect(results.check.passed).toBe(true);
    expect(results.check.worst!.agreement.maxAbsDiff).toBe(0);
  });

  it("lists methods in one fixed order whatever order they ran in", () => {
    expect(byDepth(20).methods.map((m) => m.method)).toEqual([
      "backprop",
      "finite-difference-central",
      "finite-difference-forward",
      "path-enumeration",
    ]);
  });
});

describe("the gradient check", () => {
  it("fails on a method off at one parameter and names it (layer, row, column)", () => {
    const clock = new FakeClock();
    const backend = fakeBackend({
      clock,
      costs: TEXTBOOK_COSTS,
      wrong: { method: "finite-difference-forward", index: 5, by: 100 },
    });
    const results = runComparison(config({ depthSweep: { widths: [3], depths: [1, 2] } }), { backend, clock });
    expect(results.check.passed).toBe(false);
    expect(results.check.failures.map((f) => f.method)).toEqual([
      "finite-difference-forward",
      "finite-difference-forward",
    ]);
    // w = [4×3 weights of layer 1 …]: index 5 = row 1, column 1 (row-major, 4 columns)
    expect(results.check.worst!.agreement.worst).toMatchObject({
      index: 5,
      layer: 1,
      kind: "weight",
      row: 1,
      column: 1,
    });
    expect(results.check.worst!.agreement.maxAbsDiff).toBeCloseTo(100, 9);
  });
});
