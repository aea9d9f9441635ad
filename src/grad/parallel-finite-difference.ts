/**
 * Finite differences across T threads: the main thread and T − 1 workers, each with its own copy
 * of w to nudge, claim blocks of 64 parameters until all p are done (parallel-parameter-blocks.ts):
 *   dw[j] ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε  for each j of a claimed block
 * Every dw[j] is computed by the same code on the same numbers as in FiniteDifference, so the
 * gradient is bit for bit the serial one whatever T; C(w) is evaluated once, on the main thread.
 */
import type { Workspace } from "../model/mlp.js";
import { checkEpsilon, CountedLoss } from "./finite-difference.js";
import type { FiniteDifferenceWorkerData } from "./finite-difference-worker.js";
import type { GradientCost, GradientMethod } from "./gradient-method.js";
import type { Batch, Float } from "../core/types.js";
import type { DifferenceScheme } from "./gradient-options.js";
import { differenceClaimedBlocks } from "./parallel-parameter-blocks.js";
import { WorkerPool } from "./parallel-pool.js";
import { createSharedBatchMemory, shareInputs, viewSharedBatch, type SharedBatch } from "./parallel-shared-batch.js";

export class ParallelFiniteDifference implements GradientMethod {
  readonly name = "finite-difference";
  private readonly pool: WorkerPool;
  private readonly shared: SharedBatch;
  /** Float64 [1 + 2·workers]: C(w), then (multiply-adds, loss evaluations) per worker */
  private readonly results: Float64Array;
  /** Int32 [1]: the next parameter block to claim */
  private readonly next: Int32Array;
  private readonly loss: CountedLoss;
  private passes = 0;
  private multiplyAdds = 0;

  constructor(
    ws: Workspace,
    readonly epsilon: number,
    readonly scheme: DifferenceScheme,
    readonly threads: number,
    /** the main thread claims blocks too (false: it computes C(w) only, the workers do every block) */
    readonly mainThreadShares = true,
  ) {
    checkEpsilon(epsilon);
    if (!Number.isInteger(threads) || threads < 2)
      throw new RangeError(`parallel finite differences need 2 or more threads, got ${threads}`);
    const { spec, capacity } = ws;
    this.loss = new CountedLoss(ws);
    const recipe = ws.engine.recipe,
      batch = createSharedBatchMemory(spec, capacity);
    const results = new SharedArrayBuffer(8 * (1 + 2 * (threads - 1))),
      next = new SharedArrayBuffer(4);
    this.shared = viewSharedBatch(batch, spec);
    this.results = new Float64Array(results);
    this.next = new Int32Array(next);
    this.pool = new WorkerPool(
      "finite-difference-worker",
      threads - 1,
      (k, pool): FiniteDifferenceWorkerData => ({
        index: k,
        pool,
        spec,
        capacity,
        recipe,
        epsilon,
        scheme,
        batch,
        results,
        next,
      }),
    );
  }

  compute(w: Float, batch: Batch, dw: Float): number {
    const loss = this.loss;
    loss.reset(batch);
    const base = loss.of(w);
    shareInputs(this.shared, w, batch, loss.ws.spec);
    this.results[0] = base;
    Atomics.store(this.next, 0, 0);
    this.pool.start(batch.size);
    try {
      if (this.mainThreadShares)
        differenceClaimedBlocks(this.next, loss.of, w, this.shared.dw, this.epsilon, this.scheme, base);
    } finally {
      loss.batch = null;
      this.pool.finish();
    }
    dw.set(this.shared.dw);
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

  /** Loss evaluations each thread made in the last call, the main thread first (how the blocks fell). */
  lastShares(): number[] {
    const shares = [this.loss.passes];
    for (let k = 0; k < this.pool.size; k++) shares.push(this.results[2 + 2 * k]!);
    return shares;
  }

  /** Ends the worker threads (they never keep the process alive, but hold memory until then). */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
