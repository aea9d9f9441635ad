import { describe, expect, it } from "vitest";
import { createTrainProgress, formatFinalTable, formatRowLine } from "../../src/report/train-progress.js";
import type { MetricsRow, TrainResult } from "../../src/train/state.js";
import { metricsRow } from "../train/metrics-row.js";

const row = (step: number, acc: number | null): MetricsRow =>
  metricsRow(step, {
    epoch: step / 100,
    samples: step * 32,
    train_loss: 0.5,
    test_loss: acc === null ? null : 0.4,
    test_accuracy: acc,
    elapsed_s: step / 1000,
    gradient_s: step / 2000,
  });

describe("training progress", () => {
  it("prints one plain line per row outside a terminal, with rate = samples / elapsed", () => {
    let text = "";
    const view = createTrainProgress({ write: (t) => (text += t), columns: 80 }, "lines");
    view.row(row(50, null), 200, 3200);
    view.row(row(100, 0.9123), 200, 3200);
    view.stop();
    expect(text.split("\n")).toEqual([
      "step 50/200 · epoch 0.50 · lr 0.05000 · loss 0.5000 · 32,000 samples/s",
      "step 100/200 · epoch 1.00 · lr 0.05000 · loss 0.5000 · test loss 0.4000 · acc 91.23% · 32,000 samples/s",
      "",
    ]);
  });

  it("the live bar keeps the last test accuracy on rows without an evaluation", () => {
    let text = "";
    const view = createTrainProgress({ write: (t) => (text += t), columns: 120 }, "bar");
    view.row(row(100, 0.875), 300, 3200);
    view.row(row(150, null), 300, 3200);
    view.stop();
    const last =
      text
        .split("\r")
        .filter((s) => s.includes("steps"))
        .at(-1) ?? text;
    expect(last).toContain("150/300 steps");
    expect(last).toContain("acc 87.50%");
  });

  it("prints nothing with --quiet", () => {
    let text = "";
    const view = createTrainProgress({ write: (t) => (text += t), columns: 80 }, "none");
    view.row(row(1, 0.5), 2, 10);
    view.stop();
    expect(text).toBe("");
  });

  it("the final table shows the gradient's share of the run", () => {
    const result: TrainResult = {
      status: "completed",
      steps: 10,
      epochs: 1,
      samples: 320,
      final: { train_loss: 0.25, test_loss: 0.5, test_accuracy: 0.9 },
      timing: { total_s: 4, gradient_s: 1, compute_s: 1.5, samples_per_s: 80 },
      divergence: null,
      best: null,
      trend: { initial: 0.7, smoothed: 0.26 },
    };
    const table = formatFinalTable(result);
    expect(table).toContain("test accuracy      90.00%");
    expect(table).toContain("gradient + update  1.50 s");
    expect(table).toContain("gradient time      1.00 s (25.0% of the run)");
    expect(formatRowLine(row(3, null), 9)).toBe("step 3/9 · epoch 0.03 · lr 0.05000 · loss 0.5000 · 32,000 samples/s");
  });
});
