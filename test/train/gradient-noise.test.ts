/**
 * SGD's noise as measured in training (src/run/gradient-noise.ts): the probe's formulas on a fake method whose
 * per-sample gradients are known, and on real runs: B = 1 against B = 10 against the full batch at the same w,
 * and a run with the probe on training exactly as the run without it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { Rng } from "../../src/core/rng.js";
import type { Batch, Float } from "../../src/core/types.js";
import type { GradientMethod } from "../../src/grad/gradient-method.js";
import { noiseProbe } from "../../src/run/gradient-noise.js";
import { TIME_COLUMNS } from "../../src/train/state.js";
import { capturedIo } from "../cli/captured-io.js";

/** sample i's gradient is G[i] (2-D); a batch's is their mean, its loss the mean of i + 1 */
const G = [
  [1, 0],
  [0, 1],
  [3, 0],
  [0, 3],
];
function fakeMethod(): GradientMethod {
  return {
    name: "fake",
    compute(_w: Float, batch: Batch, dw: Float): number {
      dw.fill(0);
      let loss = 0;
      for (let b = 0; b < batch.size; b++) {
        const i = batch.labels[b]!;
        dw[0]! += G[i]![0]! / batch.size;
        dw[1]! += G[i]![1]! / batch.size;
        loss += (i + 1) / batch.size;
      }
      return loss;
    },
    lastCost: () => ({ multiplyAdds: 0, forwardPasses: 0 }),
  };
}

function probe(batchSize: number, minibatches: number, fullCapacity = batchSize) {
  const batch: Batch = {
    size: 0,
    x: new Float64Array(4),
    labels: new Int32Array(4),
    targets: new Float64Array(4),
    prepared: null,
  };
  const own = { method: fakeMethod(), batch, dw: new Float64Array(2), capacity: batchSize };
  const big = { ...own, method: fakeMethod(), dw: new Float64Array(2), capacity: fullCapacity };
  return noiseProbe({
    minibatch: own,
    full: fullCapacity === batchSize ? own : big,
    fillBatch: (b, order, start, count) => {
      b.size = count;
      for (let k = 0; k < count; k++) b.labels[k] = order[start + k]!;
    },
    n: 4,
    batchSize,
    minibatches,
    seed: 5,
    trainLoss: () => Number.NaN,
  });
}

describe("noiseProbe", () => {
  it("averages the chunks into ∇C = (1, 1), C = 2.5, and scores one drawn minibatch by hand", () => {
    const m = probe(2, 1)(new Float64Array(0), 40);
    expect(m.full_train_loss).toBeCloseTo(2.5, 12);
    expect(m.gradient_norm).toBeCloseTo(Math.SQRT2, 12);
    // the one minibatch: the first two of Rng(5·7919 + 40)'s permutation of 0…3
    const order = Rng.fromSeed(5 * 7919 + 40).permutation(4);
    const g = [0, 1].map((j) => (G[order[0]!]![j]! + G[order[1]!]![j]!) / 2);
    const cos = (g[0]! + g[1]!) / (Math.hypot(g[0]!, g[1]!) * Math.SQRT2);
    expect(m.minibatch_cosine).toBeCloseTo(cos, 12);
    expect(m.minibatch_spread).toBeCloseTo(Math.hypot(g[0]! - 1, g[1]! - 1) / Math.SQRT2, 12);
  });

  it("weights uneven chunks by their sizes: chunks of 3 (+1) give what chunks of 2 do", () => {
    const a = probe(2, 1)(new Float64Array(0), 40);
    const b = probe(2, 1, 3)(new Float64Array(0), 40);
    expect(b.full_train_loss).toBeCloseTo(a.full_train_loss!, 12);
    expect(b.gradient_norm).toBeCloseTo(a.gradient_norm!, 12);
    expect(b.minibatch_spread).toBeCloseTo(a.minibatch_spread!, 12);
  });

  it("gives cosine 1 and spread 0 when the batch is the training set", () => {
    expect(probe(4, 8)(new Float64Array(0), 1)).toEqual({
      full_train_loss: 2.5,
      gradient_norm: Math.SQRT2,
      minibatch_cosine: 1,
      minibatch_spread: 0,
    });
  });
});

describe("log.gradientNoise in real runs (moons, backprop)", () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-noise-"));
  const lastRow = (dir: string) => {
    const lines = fs
      .readFileSync(path.join(cwd, dir, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n");
    return JSON.parse(lines[lines.length - 1]!);
  };
  const train = async (dir: string, sets: string[]) => {
    const args = ["train", "--config", path.resolve("configs/moons-backprop.yaml"), "--out", dir, "--quiet"];
    expect(await run([...args, ...sets.flatMap((s) => ["--set", s])], capturedIo({ cwd }))).toBe(0);
  };

  it("shows the noisy estimate at one w: spread ∝ 1/√B, 0 for the full batch", async () => {
    // one step of γ = 1e-12: every run measures at the initial weights
    const at = ["optimizer.maxSteps=1", "optimizer.learningRate=1e-12", "log.gradientNoise=200"];
    for (const b of ["1", "10", "full"]) await train(`b${b}`, [...at, `optimizer.batchSize=${b}`]);
    const [one, ten, full] = ["b1", "b10", "bfull"].map(lastRow);
    expect(full.minibatch_cosine).toBe(1);
    expect(full.minibatch_spread).toBe(0);
    for (const r of [one, ten]) {
      expect(r.gradient_norm / full.gradient_norm).toBeCloseTo(1, 9);
      expect(r.full_train_loss / full.full_train_loss).toBeCloseTo(1, 9);
    }
    expect(one.minibatch_cosine).toBeLessThan(ten.minibatch_cosine);
    expect(ten.minibatch_cosine).toBeLessThan(1);
    // sampling without replacement from N = 150: E‖g_B − ∇C‖² = σ²/B · (N − B)/(N − 1)
    const expected = Math.sqrt((10 * (150 - 1)) / (150 - 10));
    expect(one.minibatch_spread / ten.minibatch_spread).toBeGreaterThan(expected / 1.5);
    expect(one.minibatch_spread / ten.minibatch_spread).toBeLessThan(expected * 1.5);
  });

  it("never changes the training: the other columns equal a run without it", async () => {
    await train("plain", []);
    await train("probed", ["log.gradientNoise=8", "log.fullTrainLoss=true"]);
    const rows = (dir: string) =>
      fs
        .readFileSync(path.join(cwd, dir, "metrics.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => {
          const r = JSON.parse(l);
          for (const c of [...TIME_COLUMNS, "full_train_loss", "gradient_norm", "minibatch_cosine", "minibatch_spread"])
            delete r[c];
          return r;
        });
    expect(rows("probed")).toEqual(rows("plain"));
    expect(lastRow("probed").minibatch_cosine).toBeGreaterThan(-1);
    expect(lastRow("plain").minibatch_cosine).toBeNull();
    const summary = JSON.parse(fs.readFileSync(path.join(cwd, "probed", "summary.json"), "utf8"));
    expect(summary.final.minibatch_spread).toBe(lastRow("probed").minibatch_spread);
    expect(summary.timing.compute_s).toBeGreaterThan(0);
    expect(summary.timing.compute_s).toBeLessThanOrEqual(summary.timing.total_s);
  });
});
