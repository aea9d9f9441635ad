/**
 * How fast a training step could be at all on this engine, from what the same bench run measured:
 * the one-core ceiling of 128-bit wasm SIMD (simd-peak.ts) and the step's multiply-adds, plus the
 * batch fill and update its phase split measured (they are memory-bound, not multiply-adds):
 *   multiply-adds of a step, batch B, layer 1 sparse with z nonzeros a row on average, sizes n_0…n_L:
 *     layer 1        forward and weight gradient  2 · 2·B·z·n_1        (no input gradient)
 *     layers l ≥ 2   forward, weight and input gradients  3 · 2·B·n_{l−1}·n_l
 *   bound µs = flops / ceiling + fill + update;   bound samples/s = B / bound µs
 * Against a target (1.2 × a peer's samples/s), a bound below it says the target cannot be reached by
 * any kernel of this engine on this core, whatever its code.
 */
import type { Split } from "../src/data/dataset.js";
import { measureDensity } from "../src/engine/dense-layers.js";
import type { SimdPeak } from "./simd-peak.js";
import type { PhaseSplit } from "./train-bench.js";

/** What `npm run bench` records of it (results.json: ceiling). */
export interface Ceiling extends SimdPeak {
  /** layer 1's nonzeros per row, on average over the bench's training digits */
  nonzerosPerRow: number;
  bounds: StepBound[];
}

export interface StepBound {
  arch: string;
  batchSize: number;
  /** multiply-add flops of one step (2 per multiply-add) */
  flops: number;
  /** µs: the flops at the ceiling, and that plus the measured fill and update */
  atCeilingMicros: number;
  boundMicros: number;
  boundSamplesPerSecond: number;
  /** µs of the measured step (fill + gradient + update) */
  measuredMicros: number;
}

/** Flops of one training step of a network of `sizes` [n_0, …, n_L] at batch B, layer 1 sparse (z nonzeros a row). */
export function stepFlops(sizes: readonly number[], batchSize: number, nonzerosPerRow: number): number {
  let flops = 2 * 2 * batchSize * nonzerosPerRow * sizes[1]!;
  for (let l = 2; l < sizes.length; l++) flops += 3 * 2 * batchSize * sizes[l - 1]! * sizes[l]!;
  return flops;
}

/** Nonzero features per row of `split`, on average (its density × its columns). */
export function nonzerosPerRow(split: Split): number {
  return split.n === 0 ? 0 : (measureDensity(split.x) * split.x.length) / split.n;
}

/** The ceiling section of a run: `peak`, and each 1-thread phase split's bound on `train`'s nonzeros. */
export function ceilingOf(peak: SimdPeak, phases: readonly PhaseSplit[], train: Split): Ceiling {
  const nonzeros = nonzerosPerRow(train);
  return { ...peak, nonzerosPerRow: nonzeros, bounds: stepBounds(phases, peak.gflops, nonzeros) };
}

/** The bound of each phase split's network on one thread (the ceiling is one core's), at `gflops`. */
export function stepBounds(phases: readonly PhaseSplit[], gflops: number, nonzerosPerRow: number): StepBound[] {
  return phases
    .filter((p) => p.threads === 1)
    .map((p) => {
      const sizes = p.arch.split("-").map(Number);
      const flops = stepFlops(sizes, p.batchSize, nonzerosPerRow);
      const atCeilingMicros = flops / (gflops * 1e3);
      const boundMicros = atCeilingMicros + p.fillMicros + p.updateMicros;
      return {
        arch: p.arch,
        batchSize: p.batchSize,
        flops,
        atCeilingMicros,
        boundMicros,
        boundSamplesPerSecond: (p.batchSize / boundMicros) * 1e6,
        measuredMicros: p.fillMicros + p.gradientMicros + p.updateMicros,
      };
    });
}

/** The section `npm run bench` prints after the phase split. */
export function printCeiling({ gflops, nonzerosPerRow, bounds }: Ceiling): void {
  console.log(
    `\nthe ceiling: one core issues ${gflops.toFixed(1)} GFLOP/s of f32x4 multiply-adds at most (perf/simd-peak.ts); ` +
      `a step's multiply-adds at it, plus its measured fill and update (layer 1: ${nonzerosPerRow.toFixed(1)} nonzeros a row):\n`,
  );
  console.log(
    "| network, batch | MFLOP a step | at the ceiling | + fill + update | fastest possible | measured step |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const b of bounds) {
    const rate = Math.round(b.boundSamplesPerSecond).toLocaleString("en-US");
    console.log(
      `| ${b.arch}, batch ${b.batchSize} | ${(b.flops / 1e6).toFixed(2)} | ${b.atCeilingMicros.toFixed(1)} µs | ` +
        `${b.boundMicros.toFixed(1)} µs | ${rate} samples/s | ${b.measuredMicros.toFixed(1)} µs |`,
    );
  }
}
