/**
 * How many points `sgd sweep` trains at once when --jobs is not given: the cores (capped by the
 * points) when every point holds enough work to pay for a worker thread, else one at a time.
 *   work of a point = parameters p × samples it trains on (steps × batch size)
 * Each worker thread warms its own code — V8 optimizes it on a background thread, which in a serial
 * sweep of small points keeps the second core busy as long as the points train (docs/performance.md,
 * "Parallel sweeps") — and a point's costs outside its training (data copied into its engine, files,
 * report) slow down beside another lane; measured on 2 cores (npm run bench:sweep,
 * 2026-12-03 06:34–06:36 UTC, 5 paired rounds a set, load 1.8–2.3), the README's 9-point moons grid
 * (p = 42, 3,000 samples a point at most: ≤ 1.3e5) ran 0.91–1.31× the serial time on --jobs 2
 * (medians 1.17, 1.12), the 6-point MNIST grid (p ≥ 50,890 × 16,000 samples ≥ 8e8) 0.76–0.96×
 * (medians 0.80, 0.83). The threshold sits between, at 1e8 (~0.1 s of gradients here).
 */
import type { Dataset } from "../data/dataset.js";
import { paramCount } from "../model/layout.js";
import { totalSteps } from "../train/train.js";
import { batchSizeFor, networkSpecFor } from "./experiment.js";
import type { PlannedPoint } from "./sweep-plan.js";

export const MIN_PARALLEL_POINT_WORK = 1e8;

/** p × samples of one point, or null when its data is not loaded (it then counts as big enough). */
export function pointWork(point: PlannedPoint, dataset: Dataset | undefined): number | null {
  if (dataset === undefined) return null;
  const { config } = point;
  const batch = batchSizeFor(config, dataset);
  const steps = totalSteps(dataset.train.n, batch, config.optimizer.epochs, config.optimizer.maxSteps);
  return paramCount(networkSpecFor(config, dataset)) * steps * batch;
}

/** --jobs given: it, capped by the points; else the cores when the smallest point pays for a worker, else 1. */
export function sweepJobs(
  requested: number | undefined,
  cores: number,
  points: readonly PlannedPoint[],
  datasetOf: (p: PlannedPoint) => Dataset | undefined,
): number {
  const cap = (k: number) => Math.max(1, Math.min(k, points.length));
  if (requested !== undefined) return cap(requested);
  const works = points.map((p) => pointWork(p, datasetOf(p)));
  const smallest = Math.min(...works.map((w) => w ?? Infinity));
  return smallest >= MIN_PARALLEL_POINT_WORK ? cap(cores) : 1;
}
