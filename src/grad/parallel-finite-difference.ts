/**
 * Finite differences across T threads: the main thread and T − 1 workers of a WorkerTeam, each
 * with its own copy of w to nudge, claim blocks of 64 parameters until all p are done
 * (parallel-parameter-blocks.ts): a job of T parts, each part "claim blocks until none is left":
 *   dw[j] ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε  for each j of a claimed block
 * Every dw[j] is computed by the same code on the same numbers as in FiniteDifference, so the
 * gradient is bit for bit the serial one whatever T; C(w) is evaluated once, on the main thread.
 * A worker's part the main thread takes back (the worker had not claimed it) finds no block left.
 */
import { WorkerTeam } from "../engine/threads/worker-team.js";
import type { Workspace } from "../model/mlp.js";
import { checkEpsilon, CountedLoss } from "./finite-difference.js";
import type { DifferenceTeam, FiniteDifferenceWorkerData } from "./finite-difference-worker.js";
import type { GradientCost, GradientMethod } from "./gradient-method.js";
import type { Batch, Float } from "../core/types.js";
import type { DifferenceScheme } from "./gradient-options.js";
import { differenceClaimedBlocks } from "./parallel-parameter-blocks.js";
import { createSharedBatchMemory, shareInputs, viewSharedBatch, type SharedBatch } from "./parallel-shared-batch.js";

/** A worker that has not started this long after the team was made is taken for one that never will. */
const START_TIMEOUT_MS = 60_000;

export class ParallelFiniteDifference implements GradientMethod {
  readonly name = "finite-difference";
  private readonly team: WorkerTeam<DifferenceTeam>;
  private readonly shared: SharedBatch;
  /** Float64 [1 + 2·workers]: C(w), then (multiply-adds, loss evaluations) per worker */
  private readonly results: Float64Array;
  /** Int32 [1]: the next parameter block to claim */
  private readonly next: Int32Array;
  private readonly loss: CountedLoss;
  /** the w of the call in progress (the main thread's parts nudge it) */
  private w: Float | null = null;
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
    const batch = createSharedBatchMemory(spec, capacity);
    const results = new SharedArrayBuffer(8 * (1 + 2 * (threads - 1))),
      next = new SharedArrayBuffer(4);
    this.shared = viewSharedBatch(batch, spec);
    this.results = new Float64Array(results);
    this.next = new Int32Array(next);
    const data: FiniteDifferenceWorkerData = {
      spec,
      capacity,
      recipe: ws.engine.recipe,
      epsilon,
      scheme,
      batch,
      results,
      next,
    };
    this.team = new WorkerTeam<DifferenceTeam>({
      name: "finite-difference-worker",
      script: "finite-difference-worker",
      base: import.meta.url,
      helpers: threads - 1,
      functions: ["blocks"],
      own: { blocks: () => this.differenceBlocks() },
      data,
      // a part is a whole share of the gradient (milliseconds to minutes): sleep while waiting
      idleSpinMs: 0,
      wait: { spinMs: 0, startTimeoutMs: START_TIMEOUT_MS, partTimeoutMs: Infinity },
    });
  }

  compute(w: Float, batch: Batch, dw: Float): number {
    const loss = this.loss,
      team = this.team;
    loss.reset(batch);
    const base = loss.of(w);
    shareInputs(this.shared, w, batch, loss.ws.spec);
    this.results.fill(0);
    this.results[0] = base;
    Atomics.store(this.next, 0, 0);
    this.w = w;
    // until every worker runs, a part is left to its worker (it claims it once set up): taken back
    // instead, it would find no block left, and the worker would set itself up during later calls
    const takeBack = this.mainThreadShares && team.threads > 1;
    for (let t = 1; t < this.threads; t++) team.post(t, "blocks", batch.size);
    team.start(this.threads);
    try {
      if (this.mainThreadShares) this.differenceBlocks();
    } finally {
      team.join(takeBack);
      this.w = null;
      loss.batch = null;
    }
    dw.set(this.shared.dw);
    this.count();
    return base;
  }

  lastCost(): GradientCost {
    return { multiplyAdds: this.multiplyAdds, forwardPasses: this.passes };
  }

  /** Loss evaluations each thread made in the last call, the main thread first (how the blocks fell). */
  lastShares(): number[] {
    const shares = [this.loss.passes];
    for (let k = 0; k < this.threads - 1; k++) shares.push(this.results[2 + 2 * k]!);
    return shares;
  }

  /** Ends the worker threads (they never keep the process alive, but hold memory until then). */
  dispose(): Promise<void> {
    return this.team.dispose();
  }

  /** The main thread's part: blocks claimed from the shared counter, differenced on its own workspace. */
  private differenceBlocks(): void {
    const { loss, next, epsilon, scheme } = this;
    differenceClaimedBlocks(next, loss.of, this.w!, this.shared.dw, epsilon, scheme, this.results[0]!);
  }

  /** The last call's counts: the main thread's, plus each worker's (0 for a worker whose part was taken back). */
  private count(): void {
    this.multiplyAdds = this.loss.ws.multiplyAdds;
    this.passes = this.loss.passes;
    for (let k = 0; k < this.threads - 1; k++) {
      this.multiplyAdds += this.results[1 + 2 * k]!;
      this.passes += this.results[2 + 2 * k]!;
    }
  }
}
