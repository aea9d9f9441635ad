import { describe, expect, it } from "vitest";
import { decide, RateBook } from "../../src/compare/budget.js";

const plan = { warmup: 1, warmupSeconds: 0, repeats: 5, minSampleSeconds: 0 };

describe("decide: budget against predicted seconds per gradient", () => {
  it("runs the full plan when warm-up + repeats fit", () => {
    // 1 warm-up + 5 timed calls of 0.1 s = 0.6 s ≤ 1 s
    expect(decide(0.1, plan, 1)).toEqual({ run: true, plan, reduced: false });
  });

  it("runs fewer repeats, without warm-up, when one call fits but the plan does not", () => {
    // 0.3 s per call: 6 calls = 1.8 s > 1 s; ⌊1 / 0.3⌋ = 3 repeats
    expect(decide(0.3, plan, 1)).toEqual({
      run: true,
      plan: { warmup: 0, warmupSeconds: 0, repeats: 3, minSampleSeconds: 0 },
      reduced: true,
    });
  });

  it("skips a method whose single gradient would overrun, recording why", () => {
    const d = decide(3.5e6, plan, 4);
    expect(d.run).toBe(false);
    if (!d.run) expect(d.reason).toMatch(/^predicted 3\.50e\+6 s \(41 days\) per gradient > budget 4\.00 s$/);
  });

  it("always runs when nothing has been measured yet (no prediction)", () => {
    expect(decide(null, plan, 1e-9).run).toBe(true);
  });
});

describe("RateBook", () => {
  it("predicts from the method's own last rate, else the slowest rate seen", () => {
    const rates = new RateBook();
    expect(rates.estimate("path-enumeration")).toBeNull();
    rates.record("backprop", "L1-H2", 2000, 0.001); // 2e6 /s
    rates.record("finite-difference-central", "L1-H2", 1000, 0.001); // 1e6 /s
    expect(rates.estimate("path-enumeration")).toEqual({ rate: 1e6, source: "finite-difference-central@L1-H2" });
    rates.record("path-enumeration", "L2-H2", 500, 0.001);
    expect(rates.estimate("path-enumeration")).toEqual({ rate: 5e5, source: "path-enumeration@L2-H2" });
    rates.record("path-enumeration", "L3-H2", 0, 0.001); // nothing counted: ignored
    expect(rates.estimate("path-enumeration")!.rate).toBe(5e5);
  });
});
