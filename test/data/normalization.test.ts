import { describe, expect, it } from "vitest";
import { DataConfig } from "../../src/config/train-schema.js";
import type { Dataset, Split } from "../../src/data/dataset.js";
import { applyNormalization, fitNormalization, loadDataset } from "../../src/data/load-dataset.js";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";

// blobs in 3-D: columns with means far from 0 and spreads far from 1 before normalization
const load = (normalize: string): Dataset =>
  loadDataset(
    DataConfig.parse({
      source: "synthetic",
      generator: "blobs",
      samples: 500,
      features: 3,
      classes: 3,
      noise: 2,
      normalize,
    }),
    Rng.fromSeed(9),
    { cwd: "." },
  );

function column(s: Split, inputs: number, j: number): number[] {
  return Array.from({ length: s.n }, (_, r) => s.x[r * inputs + j]!);
}
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]): number => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

describe("normalization", () => {
  const raw = load("none");

  it("standard: train columns get mean 0 and std 1; the test columns do not (fitted on train only)", () => {
    const d = load("standard");
    expect([...d.train.sourceIndex!]).toEqual([...raw.train.sourceIndex!]);
    for (let j = 0; j < 3; j++) {
      const train = column(d.train, 3, j),
        test = column(d.test, 3, j);
      expect(mean(train)).toBeCloseTo(0, 12);
      expect(std(train)).toBeCloseTo(1, 12);
      expect(Math.abs(mean(test))).toBeGreaterThan(1e-3);
      expect(d.normalization.offset![j]).toBeCloseTo(mean(column(raw.train, 3, j)), 12);
      expect(d.normalization.scale![j]).toBeCloseTo(std(column(raw.train, 3, j)), 12);
      // the test split used the train offset/scale: raw test value → (x − offset)/scale
      expect(test[0]).toBeCloseTo(
        (column(raw.test, 3, j)[0]! - d.normalization.offset![j]!) / d.normalization.scale![j]!,
        12,
      );
    }
  });

  it("minmax: train columns span exactly [0, 1]; test values are mapped with the train min and range", () => {
    const d = load("minmax");
    for (let j = 0; j < 3; j++) {
      const train = column(d.train, 3, j);
      expect(Math.min(...train)).toBe(0);
      expect(Math.max(...train)).toBeCloseTo(1, 14);
      const rawTrain = column(raw.train, 3, j);
      expect(d.normalization.offset![j]).toBe(Math.min(...rawTrain));
      expect(d.normalization.scale![j]).toBe(Math.max(...rawTrain) - Math.min(...rawTrain));
      expect(mean(column(d.test, 3, j))).not.toBeCloseTo(mean(train), 6);
    }
  });

  it("works by hand: offset [1, 2], scale [2, 4] maps rows (3, 10) and (1, 2) to (1, 2) and (0, 0), in place", () => {
    const x = Float64Array.from([3, 10, 1, 2]);
    const out = applyNormalization({ kind: "standard", offset: [1, 2], scale: [2, 4] }, x, 2, 2);
    expect(out).toBe(x);
    expect([...x]).toEqual([1, 2, 0, 0]);
  });

  it("fits by hand, and a constant column keeps scale 1", () => {
    // column 0: 1, 3, 5 (mean 3, population std √(8/3), min 1, range 4); column 1 constant 7
    const x = Float64Array.from([1, 7, 3, 7, 5, 7]);
    expect(fitNormalization("minmax", x, 3, 2)).toEqual({ kind: "minmax", offset: [1, 7], scale: [4, 1] });
    const s = fitNormalization("standard", x, 3, 2);
    expect(s.offset).toEqual([3, 7]);
    expect(s.scale![0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(s.scale![1]).toBe(1);
    expect(fitNormalization("none", x, 3, 2)).toEqual({ kind: "none", offset: null, scale: null });
  });

  it("refuses data with another column count", () => {
    expect(() =>
      applyNormalization({ kind: "minmax", offset: [0, 0], scale: [1, 1] }, new Float64Array(3), 1, 3),
    ).toThrow(DataError);
  });
});
