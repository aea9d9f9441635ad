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

  it("fits BP's time as linear, FD's as quadratic and path enumeration's as base 3; counts exactly", () => {
    const time = (m: string) => results.fits.find((f) => f.method === m && f.quantity === "seconds")!.time!;
    const count = (m: string) => results.fits.find((f) => f.method === m && f.quantity === "multiplyAdds")!.count!;
    expect(time("backprop").words).toBe("linear");
    expect(time("backprop").fits.linear!.coefficients[1]).toBeCloseTo(100 / RATE, 12);
    expect(time("finite-difference-central").words).toBe("quadratic");
    expect(time("finite-difference-central").fits.quadratic!.coefficients[2]).toBeCloseTo(50 / RATE, 12);
    expect(time("path-enumeration").words).toBe("exponential, base 3.00");
    expect(time("path-enumeration").depths).toEqual([1, 2, 3, 4, 5, 6]);
    // 100·L, 50·L², 1000·3^L: exact on their closed forms' bases, over all 20 depths (skipped ones predicted)
    expect(count("backprop").exact).toBe(true);
    expect(count("backprop").coefficients[1]).toBeCloseTo(100, 6);
    expect(count("finite-difference-central").coefficients[2]).toBeCloseTo(50, 6);
    expect(count("path-enumeration").coefficients[2]! / 1000).toBeCloseTo(1, 9);
  });

  it("warms every method up on the first three networks before the first timed case", () => {
    // timed pass only: 1 warm-up call, then 5 samples of one call each (minSampleSeconds 0)
    expect(backend.calls.get(`${sizes(4)} backprop`)).toBe(6);
    // L1–L3 also ran the warm-up plan: ≥ 0.01 s of calls of 1e-4 … 3e-4 s each, then 3 samples of ≥ 1 ms
    for (const L of [1, 2, 3]) expect(backend.calls.get(`${sizes(L)} backprop`)).toBeGreaterThan(6 + 0.01 / (L * 1e-4));
  });

  it("uses one extrapolation rule: the claim's L = 20 time is the case's recorded prediction", () => {
    const pe20 = method(byDepth(20), "path-enumeration");
    const claim = results.claims[0]!.versus.find((v) => v.method === "path-enumeration")!;
    expect(claim.seconds).toEqual({ value: pe20.predicted.seconds, extrapolated: true });
    expect(claim.rateRatio).toBeCloseTo(1, 9); // every fake method runs at RATE
  });

  it("states the verdict in words with the measured numbers", () => {
    expect(results.verdict[0]).toMatch(/^Against finite differences backprop's speed-up is ≈ p/);
    // FD central on L20-H3: 50·400 / (100·20) = 10
    expect(results.verdict[0]).toContain("Measured on L20-H3 (p = 251): 10 times faster than central differences");
    // path enumeration ran up to L6: 1000·3^6 / (100·6) = 1215
    expect(results.verdict[1]).toContain(
      "measured on L6-H3 (486 paths per first-layer weight), backprop is 1220 times",
    );
    expect(results.verdict[3]).toContain(
      "the time ratio 1.74e9 (extrapolated) is the exact multiply-add ratio 1.74e9 × 1",
    );
    expect(results.verdict[2]).toContain("4.59e8 ≈ 0.946·e^20 paths per first-layer weight");
    // the fake costs read (L, H) = (20, 3): 1000·3^20 multiply-adds at the 1e6/s path enumeration showed on L6-H3
    expect(results.verdict[2]).toContain(
      "This run measured no network with ≈ e^20 paths per weight; --article measures one (3.49e12 path-enumeration " +
        "multiply-adds for one gradient, about 3.49e+6 s (40 days) at the rate of path-enumeration@L6-H3).",
    );
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

describe("listed networks and the article's network", () => {
  const clock = new FakeClock();
  const costs = { ...TEXTBOOK_COSTS, "path-enumeration": () => 2e7 };
  const backend = fakeBackend({ clock, costs });
  const results = runComparison(
    config({
      inputs: 1,
      outputs: 3,
      batchSize: 1,
      depthSweep: { widths: [] },
      networks: [{ name: "article", hidden: [3, 3, 3, 2], repeat: 5 }],
      budgetSeconds: 100,
    }),
    { backend, clock },
  );

  it("builds [I, hidden × repeat, O] and counts the paths of a first-layer weight", () => {
    const c = results.cases[0]!;
    expect(c.id).toBe("article");
    expect(c.sweeps).toEqual(["network"]);
    expect(c.width).toBeNull();
    expect(c.sizes).toEqual([1, ...Array.from({ length: 5 }, () => [3, 3, 3, 2]).flat(), 3]);
    // 3·3·2 · (3·3·3·2)^4 · 3
    expect(c.pathsPerWeight).toBe(18 * 54 ** 4 * 3);
    expect(results.fits).toEqual([]);
    expect(results.claims).toEqual([]);
  });

  it("measures path enumeration on it and sets the ratio beside the tutorial's 2.43e7", () => {
    expect(results.cases[0]!.methods.every((m) => m.status === "ran")).toBe(true);
    const sentence = results.verdict.find((s) => s.startsWith("Measured on article"))!;
    // 2e7 / (100·20) = 1e4
    expect(sentence).toContain("(20 hidden layers, 4.59e8 paths per first-layer weight, B = 1)");
    expect(sentence).toContain("backprop is 10000 times faster, beside the tutorial's 2.43e7");
  });
});
