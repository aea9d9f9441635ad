import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DataConfig } from "../../src/config/train-schema.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { loadMnist, mnistDigitFile, readEmbeddedMnist } from "../../src/data/mnist.js";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";

type MnistConfig = Extract<DataConfig, { source: "mnist" }>;
const config = (train: number, test: number): MnistConfig => ({
  source: "mnist",
  train,
  test,
  normalize: "none",
  validation: null,
});
const perDigit = (labels: Int32Array): number[] => {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]! += 1;
  return counts;
};

describe("source: mnist (embedded digits)", () => {
  let pool: ReturnType<typeof readEmbeddedMnist>;
  /** the package's raw pixel arrays, read here independently of the loader */
  let raw: number[][];
  beforeAll(() => {
    pool = readEmbeddedMnist();
    raw = Array.from(
      { length: 10 },
      (_, d) => (JSON.parse(readFileSync(mnistDigitFile(d), "utf8")) as { data: number[] }).data,
    );
  });

  it("reads all 10,000 digits as a 10000×784 matrix in [0, 1]", () => {
    expect(pool.n).toBe(10000);
    expect(pool.inputs).toBe(784);
    expect(pool.x.length).toBe(10000 * 784);
    expect(perDigit(pool.labels!)).toEqual(raw.map((r) => r.length / 784));
    let lo = Infinity,
      hi = -Infinity;
    for (const v of pool.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
  });

  it("splits 8000/2000 stratified by digit with largest-remainder counts (worked by hand)", () => {
    const d = loadMnist(config(8000, 2000), Rng.fromSeed(1), pool);
    // digit counts 1001 1127 991 1032 980 863 1014 1070 944 978; 80 % = 800.8 901.6 792.8 825.6 784
    // 690.4 811.2 856 755.2 782.4 → floors sum 7996; the 4 extras go to .8 (digits 0, 2) then .6 (1, 3)
    expect(perDigit(d.train.labels!)).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
    expect(perDigit(d.test.labels!)).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    expect(d.inputs).toBe(784);
    expect(d.outputs).toBe(10);
    expect(d.classNames).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });

  it("a smaller request keeps each digit within one sample of its proportional share", () => {
    const d = loadMnist(config(1000, 500), Rng.fromSeed(3), pool);
    const counts = raw.map((r) => r.length / 784);
    perDigit(d.train.labels!).forEach((k, digit) =>
      expect(Math.abs(k - (1000 * counts[digit]!) / 10000)).toBeLessThan(1),
    );
    perDigit(d.test.labels!).forEach((k, digit) =>
      expect(Math.abs(k - (500 * counts[digit]!) / 10000)).toBeLessThan(2),
    );
    expect(d.train.n).toBe(1000);
    expect(d.test.n).toBe(500);
  });

  it("is disjoint, and each row is the package's image with its digit as label", () => {
    const d = loadMnist(config(3000, 1000), Rng.fromSeed(7), pool);
    const train = new Set(d.train.sourceIndex!);
    expect(train.size).toBe(3000);
    for (const i of d.test.sourceIndex!) expect(train.has(i)).toBe(false);
    const starts = [0];
    raw.forEach((r) => starts.push(starts.at(-1)! + r.length / 784));
    for (const r of [0, 1, 2999]) {
      const source = d.train.sourceIndex![r]!;
      const digit = starts.findIndex((s, k) => source >= s && source < starts[k + 1]!);
      expect(d.train.labels![r]).toBe(digit);
      const at = (source - starts[digit]!) * 784;
      expect(Array.from(d.train.x.subarray(r * 784, (r + 1) * 784))).toEqual(raw[digit]!.slice(at, at + 784));
    }
  });

  it("same seed ⇒ same indices; different seed ⇒ different", () => {
    const a = loadMnist(config(500, 100), Rng.fromSeed(11), pool);
    const b = loadMnist(config(500, 100), Rng.fromSeed(11), pool);
    const c = loadMnist(config(500, 100), Rng.fromSeed(12), pool);
    expect([...b.train.sourceIndex!]).toEqual([...a.train.sourceIndex!]);
    expect([...b.test.sourceIndex!]).toEqual([...a.test.sourceIndex!]);
    expect([...c.train.sourceIndex!]).not.toEqual([...a.train.sourceIndex!]);
  });

  it("asking for more than 10,000 is an exit-2 DataError that says how many exist", () => {
    const attempt = (): unknown => loadMnist(config(9000, 2000), Rng.fromSeed(1), pool);
    expect(attempt).toThrow(DataError);
    expect(attempt).toThrow(/9000 \+ 2000 = 11000.*only 10000 images/);
    try {
      attempt();
    } catch (e) {
      expect((e as DataError).exitCode).toBe(2);
    }
  });

  it("loadDataset(source: mnist) reads the package itself and applies defaults from the schema", () => {
    const d = loadDataset(DataConfig.parse({ source: "mnist", train: 100, test: 50 }), Rng.fromSeed(1), { cwd: "." });
    expect([d.train.n, d.test.n, d.train.x.length]).toEqual([100, 50, 100 * 784]);
    expect(d.normalization).toEqual({ kind: "none", offset: null, scale: null });
  });
});
