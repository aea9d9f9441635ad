/**
 * The default of `sgd sweep --jobs`: the cores when every point holds ≥ MIN_PARALLEL_POINT_WORK
 * parameter-samples (p × steps × batch), else one at a time; a given --jobs is only capped by the points.
 */
import { describe, expect, it } from "vitest";
import { TrainConfig } from "../../src/config/train-schema.js";
import type { Dataset } from "../../src/data/dataset.js";
import { MIN_PARALLEL_POINT_WORK, pointWork, sweepJobs } from "../../src/run/sweep-jobs.js";
import type { PlannedPoint } from "../../src/run/sweep-plan.js";

const point = (hidden: number[], epochs: number, batchSize: number | "full"): PlannedPoint =>
  ({
    point: { index: 0, assignments: [] },
    name: "0",
    config: TrainConfig.parse({ model: { hidden }, optimizer: { epochs, batchSize } }),
  }) as unknown as PlannedPoint;

const data = (n: number, inputs: number, outputs: number) =>
  ({ inputs, outputs, train: { n }, test: { n: 10 } }) as unknown as Dataset;

describe("sweep --jobs default", () => {
  const moons = data(150, 2, 2),
    mnist = data(8000, 784, 10);

  it("works out p × samples: 2-8-2 (p = 42) over 20 epochs of 150 samples is 126,000, whatever the batch", () => {
    for (const b of [1, 10, "full"] as const) expect(pointWork(point([8], 20, b), moons)).toBe(42 * 3000);
    // 784-64-10: p = 64·785 + 10·65 = 50,890; 2 epochs of 8,000 at batch 32 = 500 steps × 32
    expect(pointWork(point([64], 2, 32), mnist)).toBe(50_890 * 16_000);
    expect(pointWork(point([64], 2, 32), undefined)).toBeNull();
  });

  it("runs small points one at a time and big ones on every core, capped by the points", () => {
    const tiny = [point([8], 20, 10), point([8], 20, 1)];
    expect(sweepJobs(undefined, 2, tiny, () => moons)).toBe(1);
    const big = [point([64], 2, 32), point([128], 2, 32), point([64, 64], 2, 32)];
    expect(50_890 * 16_000).toBeGreaterThan(MIN_PARALLEL_POINT_WORK);
    expect(sweepJobs(undefined, 2, big, () => mnist)).toBe(2);
    expect(sweepJobs(undefined, 8, big, () => mnist)).toBe(3);
    // the smallest point decides: one small point among big ones keeps the sweep serial
    expect(sweepJobs(undefined, 2, [...big, tiny[0]!], (p) => (p === tiny[0] ? moons : mnist))).toBe(1);
    // --jobs given wins, capped by the points
    expect(sweepJobs(2, 2, tiny, () => moons)).toBe(2);
    expect(sweepJobs(5, 2, big, () => mnist)).toBe(3);
  });
});
