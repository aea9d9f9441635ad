/**
 * The learning-rate range test: the exponential γ sweep and the suggestion worked out by hand;
 * on f(w) = w² with SGD (w ← (1 − 2γ)w, which grows exactly when γ > 1) the test stops only past
 * γ = 1 and suggests a γ below it; then `sgd lr-find` end to end on the moons.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { Rng } from "../../src/core/rng.js";
import type { Batch, Float } from "../../src/core/types.js";
import type { GradientMethod } from "../../src/grad/gradient-method.js";
import { createSgd } from "../../src/optim/sgd.js";
import { lrRangeTest, rangeLearningRate, suggestion, type RangePoint } from "../../src/train/lr-range-test.js";
import { capturedIo } from "../cli/captured-io.js";
import { repo } from "./train-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-lr-find-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** C(w) = w², ∇C = 2w, whatever the batch. */
const square: GradientMethod = {
  name: "test-square",
  compute(w: Float, _batch: Batch, dw: Float): number {
    dw[0] = 2 * w[0]!;
    return w[0]! * w[0]!;
  },
  lastCost: () => ({ multiplyAdds: 1, forwardPasses: 1 }),
};

const point = (step: number, learning_rate: number, smoothed: number): RangePoint => ({
  step,
  learning_rate,
  loss: smoothed,
  smoothed,
});

describe("the range test", () => {
  it("sweeps γ exponentially: 1e-4 … 1 in 5 steps is 1e-4, 1e-3, 1e-2, 1e-1, 1", () => {
    const rates = [0, 1, 2, 3, 4].map((i) => rangeLearningRate(i, 5, 1e-4, 1));
    expect(rates.map((r) => Number(r.toPrecision(12)))).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it("suggests the minimum's γ / 10 and finds the steepest fall before it", () => {
    // smoothed loss 2, 2, 1.9, 1.5, 0.6, 0.5, 0.4, 0.7 at γ = 10^(i − 6): the minimum is at γ = 1e0 (i = 6);
    // the central slopes (s_{i+1} − s_{i−1}) / ln 100 are steepest at i = 3 (1.9 → 0.6), step 4
    const losses = [2, 2, 1.9, 1.5, 0.6, 0.5, 0.4, 0.7];
    const points = losses.map((l, i) => point(i + 1, 10 ** (i - 6), l));
    const s = suggestion(points, true);
    expect(s.minimum!.step).toBe(7);
    expect(s.suggested).toBeCloseTo(0.1, 15);
    expect(s.steepest!.step).toBe(4); // (0.6 − 1.9)/ln 100 < (0.5 − 1.5)/ln 100 (i = 4) < (0.4 − 0.6)/ln 100 (i = 5)
    expect(s.note).toBeNull();
  });

  it("says so when the loss never fell, or was still falling at the end", () => {
    const rising = [1, 1.1, 1.2, 1.3].map((l, i) => point(i + 1, 10 ** i, l));
    expect(suggestion(rising, false)).toMatchObject({ suggested: null, note: "the loss never fell: lower --min-lr" });
    const falling = [1, 0.9, 0.8, 0.7].map((l, i) => point(i + 1, 10 ** i, l));
    expect(suggestion(falling, false).note).toMatch(/still falling at --max-lr/);
    expect(suggestion(falling, false).suggested).toBeCloseTo(100, 12);
  });

  it("on w² from w = 3 with SGD, stops only past γ = 1 (where |1 − 2γ| > 1) and suggests a γ below 1", () => {
    const w = Float64Array.of(3);
    const optimizer = createSgd({ momentum: 0, nesterov: false, weightDecay: 0 });
    const batch: Batch = { size: 1, x: new Float64Array(1), labels: new Int32Array(1), targets: new Float64Array(1) };
    const result = lrRangeTest({
      method: square,
      optimizer,
      optimizerState: optimizer.init(1, (n) => new Float64Array(n)),
      w,
      dw: new Float64Array(1),
      batch,
      fillBatch: () => {},
      n: 10,
      batchSize: 1,
      shuffle: Rng.fromSeed(1).state(),
      minLearningRate: 1e-4,
      maxLearningRate: 100,
      steps: 120,
    });
    expect(result.stopped).toMatch(/passed 4 × its minimum/);
    const last = result.points.at(-1)!;
    expect(last.learning_rate).toBeGreaterThan(1);
    expect(result.minimum!.learning_rate).toBeLessThan(last.learning_rate);
    expect(result.suggested!).toBeLessThan(1);
    expect(result.suggested!).toBeGreaterThan(1e-3);
    // the recorded losses are those of the iterates: w_{i+1} = (1 − 2γ_i)·w_i
    let x = 3;
    for (const p of result.points.slice(0, 20)) {
      expect(p.loss).toBeCloseTo(x * x, 12);
      x *= 1 - 2 * p.learning_rate;
    }
  });
});

describe("sgd lr-find", () => {
  it("writes lr-find.json, lr-find.csv and report.html and suggests a γ within a decade of the moons' tuned 0.3", async () => {
    const out = path.join(tmp, "moons");
    const io = capturedIo({ cwd: repo });
    expect(await run(["lr-find", "--config", "configs/moons-backprop.yaml", "--out", out, "--json"], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc).toEqual(JSON.parse(fs.readFileSync(path.join(out, "lr-find.json"), "utf8")));
    expect([doc.format, doc.version, doc.steps, doc.min_lr, doc.max_lr]).toEqual(["sgd-lr-find", 1, 300, 1e-7, 10]);
    expect(doc.suggested).toBeGreaterThan(0.03);
    expect(doc.suggested).toBeLessThan(3);
    expect(doc.suggested).toBe(doc.minimum.learning_rate / 10);
    const csv = fs.readFileSync(path.join(out, "lr-find.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("step,learning_rate,loss,smoothed");
    expect(csv).toHaveLength(doc.points.length + 1);
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    expect(html).toContain("Loss against learning rate");
    expect(html).toContain(`suggested γ = ${Number(doc.suggested.toPrecision(3))}`);
    // same config and seed: the same sweep; without --json the suggestion is on stdout
    const again = capturedIo({ cwd: repo });
    const dir = path.join(tmp, "again");
    expect(await run(["lr-find", "--config", "configs/moons-backprop.yaml", "--out", dir], again)).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "lr-find.json"), "utf8")).points).toEqual(doc.points);
    expect(again.out()).toMatch(/suggested γ\s+[\d.]+ \(the minimum's γ \/ 10\): --set optimizer\.learningRate=/);
  });

  it.each([
    [["--min-lr", "1", "--max-lr", "0.1"], /--min-lr 1 and --max-lr 0\.1: expected 0 < min-lr < max-lr/],
    [["--steps", "2"], /--steps: expected an integer >= 3, found 2/],
    [["--max-lr", "ten"], /--max-lr: expected a number, found "ten"/],
  ])("refuses %j with exit 2", async (flags, message) => {
    const io = capturedIo({ cwd: repo });
    const out = path.join(tmp, "refused");
    expect(await run(["lr-find", "--config", "configs/moons-backprop.yaml", "--out", out, ...flags], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });
});
