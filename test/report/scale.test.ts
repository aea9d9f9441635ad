import { describe, expect, it } from "vitest";
import { logTicks, makeScale, niceLinearTicks, niceStep } from "../../src/report/scale.js";

/** is v one of 1, 2, 5 times a power of ten? */
const isNice = (v: number): boolean => {
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-12);
  return [1, 2, 5].some((n) => Math.abs(m - n) < 1e-9);
};

describe("linear ticks", () => {
  it("step up to the next of 1, 2, 5 × 10^k", () => {
    expect([0.3, 1, 1.2, 2.1, 3e-7, 70, 700].map(niceStep)).toEqual([0.5, 1, 2, 5, 5e-7, 100, 1000]);
  });

  it("cover [0.13, 0.87] with 0, 0.2, …, 1 (raw step 0.74/5 = 0.148 → 0.2) and [-3, 17] with steps of 5", () => {
    expect(niceLinearTicks(0.13, 0.87)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceLinearTicks(-3, 17)).toEqual([-5, 0, 5, 10, 15, 20]);
  });

  it.each([
    [0, 1],
    [0.0012, 0.0047],
    [-250, 3],
    [1e5, 1.3e5],
    [2.3, 2.30001],
    [-1e-9, 1e-9],
  ])("cover [%d, %d] with 3–11 equally spaced nice ticks", (min, max) => {
    const ticks = niceLinearTicks(min, max);
    expect(ticks[0]!).toBeLessThanOrEqual(min);
    expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(max);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(11);
    const step = ticks[1]! - ticks[0]!;
    expect(isNice(step)).toBe(true);
    for (let k = 1; k < ticks.length; k++) expect(ticks[k]! - ticks[k - 1]!).toBeCloseTo(step, 12);
  });

  it("widen a single value instead of dividing by zero", () => {
    expect(niceLinearTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    const t = niceLinearTicks(4, 4);
    expect(t[0]!).toBeLessThan(4);
    expect(t[t.length - 1]!).toBeGreaterThan(4);
  });
});

describe("log ticks", () => {
  it("are the powers of ten around the data", () => {
    expect(logTicks(0.003, 450)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(10, 1000)).toEqual([10, 100, 1000]);
    expect(logTicks(20, 80)).toEqual([10, 100]);
  });

  it("keep every 3rd decade over 19 decades (1e-7 … 1e12 → 1e-9 … 1e12)", () => {
    expect(logTicks(1e-7, 1e12)).toEqual([1e-9, 1e-6, 1e-3, 1, 1e3, 1e6, 1e9, 1e12]);
  });
});

describe("makeScale", () => {
  it("log scale maps 10, 100, 1000 to equally spaced pixels", () => {
    const s = makeScale("log", [10, 1000], [40, 340]);
    expect([10, 100, 1000].map(s.map)).toEqual([40, 190, 340]);
    expect(s.map(Math.sqrt(10) * 10)).toBeCloseTo(115, 10); // half a decade = half of 150 px
  });

  it("linear scale maps the widened domain onto the range, reversed for SVG y", () => {
    const s = makeScale("linear", [0.13, 0.87], [300, 0]);
    expect(s.domain).toEqual([0, 1]);
    expect(s.map(0)).toBe(300);
    expect(s.map(0.25)).toBe(225);
    expect(s.map(1)).toBe(0);
  });

  it("ignores what it cannot show when fitting the domain, and says so", () => {
    const s = makeScale("log", [0, -5, NaN, Infinity, 2, 50], [0, 100]);
    expect(s.domain).toEqual([1, 100]);
    expect([0, -5, NaN, Infinity, 2].map(s.accepts)).toEqual([false, false, false, false, true]);
    const lin = makeScale("linear", [NaN, -Infinity, 3, 7], [0, 100], [0]);
    expect(lin.domain[0]).toBe(0); // the included baseline
    expect(lin.accepts(-2)).toBe(true);
  });

  it("has minor ticks 2…9 × 10^k on a log scale of few decades", () => {
    expect(makeScale("log", [1, 100], [0, 1]).minorTicks).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
    expect(makeScale("linear", [1, 100], [0, 1]).minorTicks).toEqual([]);
  });
});
