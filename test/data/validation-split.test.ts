/**
 * data.validation: carved from the training split, seeded and stratified, disjoint from what is
 * left for training, and the test split exactly as it is without it.
 */
import { describe, expect, it } from "vitest";
import type { DataConfig } from "../../src/config/train-schema.js";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import type { Split } from "../../src/data/dataset.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { validationSize } from "../../src/data/validation-split.js";

const moons = (validation: number | null, normalize: "none" | "standard" = "none"): DataConfig => ({
  source: "synthetic",
  generator: "moons",
  samples: 200,
  features: 2,
  classes: 2,
  noise: 0.1,
  testFraction: 0.25,
  normalize,
  validation,
});
const load = (c: DataConfig, seed = 1) => loadDataset(c, Rng.fromSeed(seed), { cwd: "/" });
const perClass = (s: Split): number[] => [0, 1].map((c) => s.labels!.filter((l) => l === c).length);

describe("data.validation", () => {
  it("a fraction takes round(N·f) of the training samples, a count that many; each part keeps ≥ 1", () => {
    expect(validationSize(150, 0.2, "x")).toBe(30);
    expect(validationSize(150, 0.1, "x")).toBe(15);
    expect(validationSize(150, 40, "x")).toBe(40);
    expect(() => validationSize(150, 150, "moons")).toThrow(DataError);
    expect(() => validationSize(150, 0.001, "moons")).toThrow(
      "moons: data.validation 0.001 of 150 training samples leaves 150 for training and 0 for validation; " +
        "both need at least 1",
    );
  });

  it("moves 30 of the 150 training moons, 15 per class, disjoint from training; the test split is unchanged", () => {
    const plain = load(moons(null)),
      held = load(moons(0.2));
    expect(plain.validation).toBeUndefined();
    expect([held.train.n, held.validation!.n, held.test.n]).toEqual([120, 30, 50]);
    expect(perClass(plain.train)).toEqual([75, 75]);
    expect(perClass(held.train)).toEqual([60, 60]);
    expect(perClass(held.validation!)).toEqual([15, 15]);
    const train = new Set(held.train.sourceIndex),
      validation = new Set(held.validation!.sourceIndex);
    expect([...validation].filter((i) => train.has(i))).toEqual([]);
    expect(new Set([...train, ...validation])).toEqual(new Set(plain.train.sourceIndex));
    expect(Array.from(held.test.x)).toEqual(Array.from(plain.test.x));
    expect(Array.from(held.test.sourceIndex!)).toEqual(Array.from(plain.test.sourceIndex!));
  });

  it("is seeded: the same seed picks the same samples, another seed others", () => {
    const a = load(moons(0.2)).validation!.sourceIndex!,
      b = load(moons(0.2)).validation!.sourceIndex!,
      c = load(moons(0.2), 2).validation!.sourceIndex!;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("the normalization is fitted on what is left for training and applied to the validation split", () => {
    const d = load(moons(0.2, "standard"));
    const mean = (s: Split, j: number) => {
      let sum = 0;
      for (let i = 0; i < s.n; i++) sum += s.x[2 * i + j]!;
      return sum / s.n;
    };
    expect(Math.abs(mean(d.train, 0))).toBeLessThan(1e-12);
    expect(Math.abs(mean(d.validation!, 0))).toBeGreaterThan(1e-6);
    expect(Math.abs(mean(d.validation!, 0))).toBeLessThan(0.5);
  });

  it("splits regression data by a seeded permutation", () => {
    const sine: DataConfig = {
      source: "synthetic",
      generator: "sine",
      samples: 100,
      features: 1,
      classes: 2,
      noise: 0.05,
      testFraction: 0.2,
      normalize: "none",
      validation: 8,
    };
    const d = load(sine);
    expect([d.train.n, d.validation!.n, d.test.n]).toEqual([72, 8, 20]);
    expect(d.validation!.targets!.length).toBe(8);
  });
});
