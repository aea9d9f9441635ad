/**
 * The bench's ceiling section (perf/ceiling.ts): a step's multiply-adds counted per layer, and the
 * fastest step they allow at a given GFLOP/s with the measured fill and update added.
 */
import { describe, expect, it } from "vitest";
import { nonzerosPerRow, stepBounds, stepFlops } from "../../perf/ceiling.js";
import type { PhaseSplit } from "../../perf/train-bench.js";

const phase = (arch: string, threads: number, fill: number, gradient: number, update: number): PhaseSplit => ({
  arch,
  batchSize: 32,
  engine: "wasm-simd-fma",
  threads,
  steps: 500,
  fillMicros: fill,
  gradientMicros: gradient,
  forwardMicros: gradient / 2,
  updateMicros: update,
});

describe("a training step's multiply-adds and the fastest step they allow", () => {
  it("counts layer 1's forward and weight gradient over its nonzeros, and three products of every later layer", () => {
    // 784-256-128-10 at batch 32, 169.4 nonzeros a row: 2·2·32·169.4·256 + 3·2·32·(256·128 + 128·10)
    expect(stepFlops([784, 256, 128, 10], 32, 169.4)).toBeCloseTo(5_550_899.2 + 6_537_216, 3);
    // batch 1, one hidden layer: 2·2·1·150·128 + 3·2·1·128·10
    expect(stepFlops([784, 128, 10], 1, 150)).toBe(76_800 + 7_680);
  });

  it("adds the measured fill and update to the multiply-adds at the ceiling, for the one-thread splits only", () => {
    const bounds = stepBounds(
      [
        phase("784-128-10", 1, 5.5, 92.2, 8.2),
        phase("784-128-10", 2, 5.4, 58.6, 7.1),
        phase("784-256-128-10", 1, 5.6, 278.1, 19),
      ],
      63,
      169.4,
    );
    expect(bounds.map((b) => b.arch)).toEqual(["784-128-10", "784-256-128-10"]);
    const [small, big] = bounds;
    expect(small!.atCeilingMicros).toBeCloseTo(3_021_209.6 / 63_000, 6); // 47.96 µs
    expect(small!.boundMicros).toBeCloseTo(3_021_209.6 / 63_000 + 5.5 + 8.2, 6);
    expect(small!.boundSamplesPerSecond).toBeCloseTo(32e6 / (3_021_209.6 / 63_000 + 13.7), 3);
    expect(small!.measuredMicros).toBeCloseTo(105.9, 9);
    // 12.09 MFLOP at 63 GFLOP/s is 191.9 µs, 216.5 with fill and update: under 148,000 samples/s
    expect(big!.boundMicros).toBeCloseTo(12_088_115.2 / 63_000 + 24.6, 6);
    expect(big!.boundSamplesPerSecond).toBeLessThan(148_000);
    expect(big!.boundSamplesPerSecond).toBeGreaterThan(147_000);
  });

  it("averages a split's nonzero features per row", () => {
    const x = new Float32Array([0, 0.5, 0, 1, 0, 0, 0, 0, 0.25, 0, -0, 2]);
    const split = { n: 3, x, labels: null, targets: null, sourceIndex: new Int32Array([0, 1, 2]) };
    expect(nonzerosPerRow(split)).toBeCloseTo(4 / 3, 12); // −0 is zero
  });
});
