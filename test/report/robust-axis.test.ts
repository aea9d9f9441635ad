/**
 * planAxis on the cases of issue #14, worked out by hand: a blown-up sweep point (losses of 0 and 31 among
 * eight runs between 0.1 and 0.7) no longer sets the axis; a learning curve from ln 10 down to 0.01 keeps
 * every point on a log axis; zeros on a log axis go to its bottom edge; nothing is clipped without reason.
 */
import { describe, expect, it } from "vitest";
import { planAxis } from "../../src/report/robust-axis.js";

describe("planAxis", () => {
  it("clips a blown-up run's 31 and keeps its zeros on a linear axis", () => {
    const good = Array.from({ length: 80 }, (_, k) => 0.1 + (0.6 * k) / 79); // eight runs × 10 rows
    const plan = planAxis([...good, 0, 31, 0, 0]);
    // positive values span 0.1 … 31 in log10: q1, q3 of the bulk are near 0.33 and 0.55, so 31 is beyond the
    // fence and 44 × the bulk's largest (0.7): clipped; the rest span 7× < 20: linear, zeros shown as they are
    expect(plan.kind).toBe("linear");
    expect(plan.clip).toEqual({ max: 0.7 });
    expect(plan.note).toBe("clipped: 1 value above 0.7 (largest 31)");
  });

  it("keeps a whole learning curve, from ln 10 to 0.01, on a log axis", () => {
    const curve = Array.from({ length: 60 }, (_, k) => Math.log(10) * 0.9 ** k); // 2.30 … 0.0047
    const plan = planAxis(curve);
    expect(plan.kind).toBe("log");
    expect(plan.clip).toBeUndefined();
    expect(plan.note).toBeUndefined();
  });

  it("puts zeros on a log axis's bottom edge and says so", () => {
    const plan = planAxis([0.001, 0.01, 0.1, 1, 0.5, 0.05, 0]);
    expect(plan.kind).toBe("log");
    expect(plan.clip).toEqual({ min: 0.001 });
    expect(plan.note).toBe("clipped: 1 value of 0 on the bottom edge (a log axis has no 0)");
  });

  it("clips far outliers below and above a signed bulk (linear)", () => {
    const bulk = Array.from({ length: 40 }, (_, k) => -1 + (2 * k) / 39);
    const plan = planAxis([...bulk, 50, -60]);
    expect(plan.kind).toBe("linear");
    expect(plan.clip).toEqual({ max: 1, min: -1 });
    expect(plan.note).toBe("clipped: 1 value above 1 (largest 50); 1 value below -1 (smallest -60)");
  });

  it("leaves few or plain values alone", () => {
    expect(planAxis([])).toEqual({ kind: "linear" });
    expect(planAxis([1, 1000])).toEqual({ kind: "log" });
    expect(planAxis([0.2, 0.3, 0.25, 0.4, 0.35])).toEqual({ kind: "linear" });
  });
});
