/**
 * Finite differences across T threads: the p parameters are split into T contiguous ranges, the
 * main thread takes the first and T − 1 workers the others, each with its own copy of w to nudge:
 *   dw[j] ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε  for j in [⌊kp/T⌋, ⌊(k+1)p/T⌋) on thread k
 * Every dw[j] is computed by the same code on the same numbers as in FiniteDifference, so the
 * gradient is bit for bit the serial one whatever T; C(w) is evaluated once, on the main thread.
 */
import { paramCount } from "../model/layout.js";
import type { Workspace } from "../model/mlp.js";
import { checkEpsilon, CountedLoss, finiteDifferenceRange } from "./finite-difference.js";
import type { FiniteDifferenceWorkerData } from "./finite-difference-worker.js";
import type { Batch, Float, GradientCost, GradientMethod } from "./gradient-method.js";
import type { DifferenceScheme } from "./gradient-options.js";
import { engineRecipe } from "./parallel-engine.js";
import { WorkerPool } from "./parallel-pool.js";
import { createSharedBatchMemory, shareInputs, viewSharedBatch, type SharedBatch } from "./parallel-shared-batch.js";

/** Start of thread k's range when p parameters are split over T threads. */
export function rangeStart(k: number, p: number, T: number): number {
  return Math.floor((k * p) / T);
}

export class ParallelFiniteDifference implements GradientMethod {
  readonly name = "finite-difference";
  private readonly pool: WorkerPool;
  private readonly shared: SharedBatch;
  /** Float64 [1 + 2·workers]: C(w), then (multiply-adds, loss evaluations) per worker */
  private readonly results: Float64Array;
  /** the main thread's range is [0, mainEnd); the workers' part of the shared gradient */
  private readonly mainEnd: number;
  private readonly workerDw: Float;
  private readonly loss: CountedLoss;
  private passes = 0;
  private multiplyAdds = 0;

  constructor(
    ws: Workspace,
    readonly epsilon: number,
    readonly scheme: DifferenceScheme,
    readonly threads: number,
  ) {
    checkEpsilon(epsilon);
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`parallel finite differences need 2 or more threads, got ${threads}`);
    const { spec, capacity } = ws;
    this.loss = new CountedLoss(ws);
    const p = paramCount(spec), recipe = engineRecipe(ws.engine, spec, capacity);
    const batch = createSharedBatchMemory(spec, capacity);
    const results = new SharedArrayBuffer(8 * (1 + 2 * (threads - 1)));
    this.shared = viewSharedBatch(batch, spec);
    this.results = new Float64Array(results);
    this.mainEnd = rangeStart(1, p, threads);
    this.workerDw = this.shared.dw.subarray(this.mainEnd);
    this.pool = new WorkerPool("finite-difference-worker", threads - 1, (k, pool): FiniteDifferenceWorkerData => ({
      index: k, pool, spec, capacity, recipe, epsilon, scheme, batch, results,
      from: rangeStart(k + 1, p, threads), to: rangeStart(k + 2, p, threads),
    }));
  }

  compute(w: Float, batch: Batch, dw: Float): number {
    const loss = this.loss;
    loss.reset(batch);
    const base = loss.of(w);
    shareInputs(this.shared, w, batch, loss.ws.spec);
    this.results[0] = base;
    this.pool.start(batch.size);
    try {
      finiteDifferenceRange(loss.of, w, dw, this.epsilon, this.scheme, base, 0, this.mainEnd);
    } finally {
      loss.batch = null;
      this.pool.finish();
    }
    dw.set(this.workerDw, this.mainEnd);
    this.multiplyAdds = loss.ws.multiplyAdds;
    this.passes = loss.passes;
    for (let k = 0; k < this.pool.size; k++) {
      this.multiplyAdds += this.results[1 + 2 * k]!;
      this.passes += this.results[2 + 2 * k]!;
    }
    return base;
  }

  lastCost(): GradientCost {
    return { multiplyAdds: this.multiplyAdds, forwardPasses: this.passes };
  }

  /** Ends the worker threads (they never keep the process alive, but hold memory until then). */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
