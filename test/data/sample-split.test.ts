import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { largestRemainder, stratifiedIndices } from "../../src/data/sample-split.js";

describe("largestRemainder", () => {
  it("gives floors, then one extra to the largest remainders (worked by hand)", () => {
    // 10 of [3, 3, 4] (N = 10): exact shares 3, 3, 4
    expect(largestRemainder(10, [3, 3, 4])).toEqual([3, 3, 4]);
    // 5 of [3, 3, 4]: 1.5, 1.5, 2 → floors 1, 1, 2 (sum 4); remainders .5, .5, 0 → tie goes to class 0
    expect(largestRemainder(5, [3, 3, 4])).toEqual([2, 1, 2]);
    // 7 of [1, 1, 1, 1, 6]: 0.7 ×4, 4.2 → floors 0,0,0,0,4; three extras to the .7s in class order
    expect(largestRemainder(7, [1, 1, 1, 1, 6])).toEqual([1, 1, 1, 0, 4]);
    expect(largestRemainder(0, [5, 5])).toEqual([0, 0]);
  });

  it("refuses more than is available", () => {
    expect(() => largestRemainder(11, [5, 5])).toThrow(RangeError);
  });
});

describe("stratifiedIndices", () => {
  // 30 samples: label i % 3 → 10 per class
  const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);

  it("is disjoint, stratified, and seeded", () => {
    const a = stratifiedIndices(labels, 3, 12, 6, Rng.fromSeed(5));
    const all = new Set([...a.train, ...a.test]);
    expect(all.size).toBe(18);
    const count = (idx: Int32Array, c: number): number => [...idx].filter((i) => labels[i] === c).length;
    expect([0, 1, 2].map((c) => count(a.train, c))).toEqual([4, 4, 4]);
    expect([0, 1, 2].map((c) => count(a.test, c))).toEqual([2, 2, 2]);
    const b = stratifiedIndices(labels, 3, 12, 6, Rng.fromSeed(5));
    expect([...b.train]).toEqual([...a.train]);
    const c = stratifiedIndices(labels, 3, 12, 6, Rng.fromSeed(6));
    expect([...c.train]).not.toEqual([...a.train]);
  });
});
