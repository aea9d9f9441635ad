import { describe, expect, it } from "vitest";
import { Rng } from "../src/core/rng.js";

describe("Rng (xoshiro128**)", () => {
  it("is determined by its seed and differs across seeds", () => {
    const a = Rng.fromSeed(42),
      b = Rng.fromSeed(42),
      c = Rng.fromSeed(43);
    const xa = [a.nextUint32(), a.nextUint32(), a.nextUint32()];
    expect([b.nextUint32(), b.nextUint32(), b.nextUint32()]).toEqual(xa);
    expect([c.nextUint32(), c.nextUint32(), c.nextUint32()]).not.toEqual(xa);
  });

  it("restores exactly from a saved state", () => {
    const a = Rng.fromSeed(7);
    a.uniform();
    const saved = a.state();
    const next = [a.uniform(), a.normal(), a.int(10)];
    const b = Rng.fromState(saved);
    expect([b.uniform(), b.normal(), b.int(10)]).toEqual(next);
  });

  it("uniform() lies in [0,1) with mean ≈ 1/2 and normal() has mean ≈ 0, variance ≈ 1", () => {
    const r = Rng.fromSeed(1);
    let s = 0,
      m = 0,
      v = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      const z = r.normal();
      m += z;
      v += z * z;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(m / n).toBeCloseTo(0, 1);
    expect(v / n).toBeCloseTo(1, 1);
  });

  it("int(n) covers 0..n-1 uniformly and permutation() is a permutation", () => {
    const r = Rng.fromSeed(3);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[r.int(5)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
    const p = Array.from(r.permutation(100)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
