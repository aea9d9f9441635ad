import { describe, expect, it } from "vitest";
import { DataConfig, SYNTHETIC_CLASSIFICATION, SYNTHETIC_REGRESSION } from "../../src/config/train-schema.js";
import type { Dataset } from "../../src/data/dataset.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { ConfigError, DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";

const load = (data: Record<string, unknown>, seed = 1): Dataset =>
  loadDataset(DataConfig.parse({ source: "synthetic", ...data }), Rng.fromSeed(seed), { cwd: "." });

/** Both splits back in one list of rows (x row, label or target). */
function rows(d: Dataset): { x: number[]; label: number; y: number }[] {
  const out: { x: number[]; label: number; y: number }[] = [];
  for (const s of [d.train, d.test]) {
    for (let r = 0; r < s.n; r++) {
      out.push({
        x: Array.from(s.x.subarray(r * d.inputs, (r + 1) * d.inputs)),
        label: s.labels?.[r] ?? -1,
        y: s.targets?.[r] ?? NaN,
      });
    }
  }
  return out;
}
const countLabels = (labels: Int32Array, classes: number): number[] => {
  const c = new Array<number>(classes).fill(0);
  for (const l of labels) c[l]! += 1;
  return c;
};

describe("source: synthetic", () => {
  it.each([...SYNTHETIC_REGRESSION, ...SYNTHETIC_CLASSIFICATION])(
    "%s: same seed ⇒ identical data, other seed ⇒ different",
    (generator) => {
      const a = load({ generator, samples: 200 }, 4),
        b = load({ generator, samples: 200 }, 4),
        c = load({ generator, samples: 200 }, 5);
      expect(rows(b)).toEqual(rows(a));
      expect(rows(c)).not.toEqual(rows(a));
    },
  );

  it.each([
    ["linear", 5, 5, 1, "regression"],
    ["sine", 3, 3, 1, "regression"],
    ["polynomial", 4, 4, 1, "regression"],
    ["blobs", 6, 6, 4, "classification"],
    ["moons", 2, 2, 2, "classification"],
    ["spirals", 2, 2, 4, "classification"],
    ["xor", 2, 2, 2, "classification"],
  ] as const)(
    "%s: features %i → inputs %i, outputs %i, task %s; 250 samples → 200 train / 50 test",
    (generator, features, inputs, outputs, task) => {
      const classes = generator === "moons" || generator === "xor" ? 2 : 4;
      const d = load({ generator, samples: 250, features, classes, testFraction: 0.2 });
      expect([d.inputs, d.outputs, d.task, d.train.n, d.test.n]).toEqual([inputs, outputs, task, 200, 50]);
      expect(d.train.x.length).toBe(200 * inputs);
      expect(d.classNames).toEqual(
        task === "classification" ? Array.from({ length: outputs }, (_, c) => String(c)) : null,
      );
    },
  );

  it("classes are balanced ⌊n/C⌋ (+1 for the first n mod C) and the split is stratified (worked by hand)", () => {
    // 1000 samples, 3 classes: 334, 333, 333. Train 800: 267.2, 266.4, 266.4 → 267, 266, 266 (+1 to the
    // largest remainder .4, class 1) = 267, 267, 266; test is the rest: 67, 66, 67.
    for (const generator of ["blobs", "spirals"]) {
      const d = load({ generator, samples: 1000, classes: 3 });
      expect(countLabels(d.train.labels!, 3)).toEqual([267, 267, 266]);
      expect(countLabels(d.test.labels!, 3)).toEqual([67, 66, 67]);
    }
    const moons = load({ generator: "moons", samples: 1001 });
    expect(countLabels(moons.train.labels!, 2).map((k, c) => k + countLabels(moons.test.labels!, 2)[c]!)).toEqual([
      501, 500,
    ]);
  });

  /** Least squares w for y ≈ X w (normal equations by Gaussian elimination), and the residuals. */
  function residuals(data: { x: number[]; y: number }[]): number[] {
    const I = data[0]!.x.length;
    const A = Array.from({ length: I }, (_, a) =>
      Array.from({ length: I + 1 }, (_, b) => data.reduce((s, r) => s + r.x[a]! * (b < I ? r.x[b]! : r.y), 0)),
    );
    for (let p = 0; p < I; p++)
      for (let q = p + 1; q < I; q++) {
        const f = A[q]![p]! / A[p]![p]!;
        for (let b = p; b <= I; b++) A[q]![b]! -= f * A[p]![b]!;
      }
    const w = new Array<number>(I).fill(0);
    for (let p = I - 1; p >= 0; p--)
      w[p] = (A[p]![I]! - A[p]!.slice(p + 1, I).reduce((s, v, k) => s + v * w[p + 1 + k]!, 0)) / A[p]![p]!;
    return data.map((r) => r.y - r.x.reduce((s, v, j) => s + v * w[j]!, 0));
  }

  it("linear: y = X w exactly without noise, and the residual has the noise's std with it", () => {
    const exact = residuals(rows(load({ generator: "linear", samples: 500, features: 3, noise: 0 })));
    expect(Math.max(...exact.map(Math.abs))).toBeLessThan(1e-9);
    const noisy = residuals(rows(load({ generator: "linear", samples: 4000, features: 3, noise: 0.05 })));
    const rms = Math.sqrt(noisy.reduce((s, e) => s + e * e, 0) / noisy.length);
    expect(rms).toBeGreaterThan(0.047);
    expect(rms).toBeLessThan(0.053);
  });

  it("sine: y = mean of sin(x_j) with x in [−π, π)", () => {
    for (const r of rows(load({ generator: "sine", samples: 300, features: 2, noise: 0 }))) {
      expect(r.y).toBeCloseTo((Math.sin(r.x[0]!) + Math.sin(r.x[1]!)) / 2, 12);
      for (const v of r.x) expect(v >= -Math.PI && v < Math.PI).toBe(true);
    }
  });

  it("polynomial (1 feature): a cubic through the origin — the cubic through 4 points predicts all others and y(0) = 0", () => {
    const data = rows(load({ generator: "polynomial", samples: 100, features: 1, noise: 0 }));
    const knots = data.slice(0, 4);
    const lagrange = (t: number): number =>
      knots.reduce(
        (s, k, a) => s + k.y * knots.reduce((p, o, b) => (a === b ? p : (p * (t - o.x[0]!)) / (k.x[0]! - o.x[0]!)), 1),
        0,
      );
    for (const r of data.slice(4)) expect(lagrange(r.x[0]!)).toBeCloseTo(r.y, 8);
    expect(lagrange(0)).toBeCloseTo(0, 8);
  });

  it("moons without noise: class 0 on the upper unit arc, class 1 on the lower arc centred at (1, ½)", () => {
    for (const {
      x: [a = 0, b = 0],
      label,
    } of rows(load({ generator: "moons", samples: 200, noise: 0 }))) {
      const [cx, cy] = label === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(a - cx, b - cy)).toBeCloseTo(1, 12);
      expect(label === 0 ? b >= -1e-12 : b <= 0.5 + 1e-12).toBe(true);
    }
  });

  it("spirals without noise: radius r in (0, 1] and angle 2πc/C + 4r", () => {
    for (const {
      x: [a = 0, b = 0],
      label,
    } of rows(load({ generator: "spirals", samples: 300, classes: 3, noise: 0 }))) {
      const r = Math.hypot(a, b);
      expect(r > 0 && r <= 1 + 1e-12).toBe(true);
      const theta = (2 * Math.PI * label) / 3 + 4 * r;
      expect(a).toBeCloseTo(r * Math.cos(theta), 12);
      expect(b).toBeCloseTo(r * Math.sin(theta), 12);
    }
  });

  it("xor without noise: label 1 exactly when x1·x2 < 0, points in the square [−1, 1]²", () => {
    for (const {
      x: [a = 0, b = 0],
      label,
    } of rows(load({ generator: "xor", samples: 400, noise: 0 }))) {
      expect(label).toBe(a * b < 0 ? 1 : 0);
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(1);
    }
  });

  it("blobs: one point per class without noise; with noise the class spread is the noise", () => {
    const flat = rows(load({ generator: "blobs", samples: 90, features: 3, classes: 3, noise: 0 }));
    for (let c = 0; c < 3; c++) expect(new Set(flat.filter((r) => r.label === c).map((r) => r.x.join())).size).toBe(1);
    const noisy = rows(load({ generator: "blobs", samples: 6000, features: 2, classes: 2, noise: 0.3 })).filter(
      (r) => r.label === 0,
    );
    const mean = noisy.reduce((s, r) => s + r.x[0]!, 0) / noisy.length;
    const std = Math.sqrt(noisy.reduce((s, r) => s + (r.x[0]! - mean) ** 2, 0) / noisy.length);
    expect(std).toBeGreaterThan(0.28);
    expect(std).toBeLessThan(0.32);
  });

  it.each([
    [
      { generator: "moons", features: 3 },
      "features",
      /data\.features: moons makes 2-D points: features must be 2, got 3/,
    ],
    [{ generator: "spirals", features: 5 }, "features", /data\.features: spirals makes 2-D points/],
    [{ generator: "xor", classes: 3 }, "classes", /data\.classes: xor has exactly 2 classes/],
  ] as const)("%o is rejected naming data.%s (by the schema and by the loader)", (over, key, message) => {
    const parsed = DataConfig.safeParse({ source: "synthetic", ...over });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([key]);
    const unchecked = { ...DataConfig.parse({ source: "synthetic", generator: "blobs" }), ...over } as DataConfig;
    expect(() => loadDataset(unchecked, Rng.fromSeed(1), { cwd: "." })).toThrow(ConfigError);
    expect(() => loadDataset(unchecked, Rng.fromSeed(1), { cwd: "." })).toThrow(message);
  });

  it("too few samples to hold any out is a DataError", () => {
    expect(() => load({ generator: "linear", samples: 2, testFraction: 0.2 })).toThrow(DataError);
    expect(() => load({ generator: "linear", samples: 2, testFraction: 0.2 })).toThrow(
      /2 samples with testFraction 0.2 leave 2 for training and 0 for testing/,
    );
  });

  it("a caller expecting another task gets a DataError", () => {
    const config = DataConfig.parse({ source: "synthetic", generator: "moons" });
    expect(() => loadDataset(config, Rng.fromSeed(1), { cwd: ".", task: "regression" })).toThrow(
      /synthetic:moons is a classification dataset, but a regression dataset was expected/,
    );
  });
});
