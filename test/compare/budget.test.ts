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

describe("RateBook: the rate behind every prediction", () => {
  const at = (id: string, depth: number) => ({ id, family: id.split("-")[1]!, depth });

  it("uses the method's deepest run of the same width, else its latest, else the warm-up's, else the slowest", () => {
    const rates = new RateBook();
    expect(rates.estimate("path-enumeration", "H2")).toBeNull();
    rates.record("backprop", at("L1-H2", 1), 2000, 0.001); // 2e6 /s
    rates.record("finite-difference-central", at("L1-H2", 1), 1000, 0.001); // 1e6 /s
    expect(rates.estimate("path-enumeration", "H2")).toEqual({ rate: 1e6, source: "finite-difference-central@L1-H2" });
    rates.record("path-enumeration", at("L3-H2", 3), 500, 0.001);
    rates.record("path-enumeration", at("L2-H3", 2), 900, 0.001);
    // width 2: its own deepest run (L3), not the later one at width 3
    expect(rates.estimate("path-enumeration", "H2")).toEqual({ rate: 5e5, source: "path-enumeration@L3-H2" });
    // width 8 never ran it: the latest rate anywhere
    expect(rates.estimate("path-enumeration", "H8")).toEqual({ rate: 9e5, source: "path-enumeration@L2-H3" });
    rates.record("path-enumeration", at("L4-H2", 4), 0, 0.001); // nothing counted: ignored
    expect(rates.estimate("path-enumeration", "H2")!.rate).toBe(5e5);
    expect(rates.rows().map((r) => `${r.method}@${r.caseId}`)).toEqual([
      "backprop@L1-H2",
      "finite-difference-central@L1-H2",
      "path-enumeration@L3-H2",
      "path-enumeration@L2-H3",
    ]);
  });

  it("falls back to the warm-up's rates for a method that has not run yet", () => {
    const warm = new RateBook();
    warm.record("path-enumeration", { id: "article:warm-up", family: "article", depth: 12 }, 3e6, 0.03);
    const rates = new RateBook(warm);
    rates.record("backprop", { id: "article", family: "article", depth: 20 }, 456, 1e-5);
    expect(rates.estimate("path-enumeration", "article")).toEqual({
      rate: 1e8,
      source: "path-enumeration@article:warm-up",
    });
  });
});
