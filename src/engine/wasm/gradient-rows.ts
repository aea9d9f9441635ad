/**
 * Which rows of layer 1's weight gradient dWt[K×N] the sparse path last wrote, so that a step touches
 * only those rows, with the same bits as touching all of them:
 *   update  w ← w − γ·g  is w itself where g = +0  (w + (−γ)·(+0) = w + (−0) = w, −0 included):
 *           `sgdStep` runs `sgd` on the rest of the vector and `sgd_runs` on the recorded rows only;
 *   zeroing sparse_scatter starts dWt as memory.fill(+0), then adds x·dZ on the rows of X's nonzero
 *           columns: when only the rows of the last write can be nonzero, zero_runs on those gives
 *           the same +0 start (`clearRows`).
 * The rows are kept as runs of consecutive rows (an i32 pair each: first row, rows), one kernel call a
 * run. On MNIST that is ~150 of 784 rows in ~25 runs at batch 1 (the scatter) and ~460 in ~27 runs
 * at batch 32 (the column lists: rows of empty columns are written +0). The record is engine-wide
 * (any layer set of this engine may write any buffer; a buffer's address is its own for the engine's
 * life: the arena never frees) and names one dWt by address and shape.
 * When it holds — every gradient method (backprop, finite differences, path enumeration) starts a
 * gradient with the forward of layer 1 on its engine, which calls `forward()` here:
 *   the update:  from the write to the next sgdStep, with no layer-1 forward between;
 *   the zeroing: at the next write to the same dWt, with exactly one layer-1 forward since the last
 *                write (the new gradient's own: another method's gradient, or an evaluation, adds one);
 * and neither after a write this record does not describe (accumulated, or by column lists).
 * Otherwise sgdStep is the full `sgd` and the scatter fills all of dWt. Readers of dw always see the
 * whole gradient: nothing here changes it. Not seen: a write to dw from outside this engine between
 * its calls (JavaScript writing into the array, or another engine): none of sgd's paths does that.
 */
import type { Float } from "../../core/types.js";
import { checkSize, type WasmArena } from "./arena.js";
import type { KernelExports } from "./kernel-exports.js";

/** Which rows of which dWt the sparse path last wrote, and the update and zeroing that use it. */
export class GradientRows {
  private updatable = false;
  private clearable = false;
  /** byte address of dWt[K×N], its shape, and the byte address and count of its runs of rows */
  private dwt = 0;
  private K = 0;
  private N = 0;
  private runs = 0;
  private count = 0;
  /** layer-1 forwards on this engine so far, and at the last write */
  private forwards = 0;
  private forwardsAtWrite = 0;
  /** how often each path ran (tests and benchmarks read them) */
  rowUpdates = 0;
  fullUpdates = 0;
  rowClears = 0;

  constructor(
    private readonly arena: WasmArena,
    private readonly wasm: KernelExports,
  ) {}

  /** A layer-1 forward: a gradient by any method may follow. */
  forward(): void {
    this.updatable = false;
    this.forwards++;
  }

  /**
   * dWt[K×N] at byte address `dwt` was just written: +0 except on the rows of runs[0…count), i32 pairs
   * (first row, rows) at byte address `runs`, ascending and not overlapping.
   */
  wrote(dwt: number, K: number, N: number, runs: number, count: number): void {
    this.updatable = this.clearable = true;
    this.dwt = dwt;
    this.K = K;
    this.N = N;
    this.runs = runs;
    this.count = count;
    this.forwardsAtWrite = this.forwards;
  }

  /** dWt was written in a way this record does not describe. */
  forget(): void {
    this.updatable = this.clearable = false;
  }

  /**
   * Before a write of dWt[K×N] at `dwt` that starts from +0: zero the rows of the last write and
   * return true when they are the only ones that can be nonzero; else false (the caller fills it all).
   */
  clearRows(dwt: number, K: number, N: number): boolean {
    const clear =
      this.clearable && this.dwt === dwt && this.K === K && this.N === N && this.forwards === this.forwardsAtWrite + 1;
    this.updatable = this.clearable = false;
    if (!clear) return false;
    this.rowClears++;
    this.wasm.zero_runs(N, dwt, this.runs, this.count);
    return true;
  }

  /** w[0…n) ← w − lr·g: only the recorded rows of dWt when g holds it, else every float. */
  sgdStep(n: number, w: Float, g: Float, lr: number): void {
    checkSize(n, "sgdStep n");
    const pw = this.arena.addressOf(w, n, "sgdStep w"),
      pg = this.arena.addressOf(g, n, "sgdStep g");
    const from = (this.dwt - pg) / 4,
      to = from + this.K * this.N;
    const use = this.updatable && from >= 0 && to <= n;
    this.updatable = false;
    if (!use) {
      this.fullUpdates++;
      this.wasm.sgd(n, pw, pg, lr);
      return;
    }
    this.rowUpdates++;
    if (from > 0) this.wasm.sgd(from, pw, pg, lr);
    this.wasm.sgd_runs(this.count, this.N, pw + 4 * from, pg + 4 * from, this.runs, lr, 0, this.K);
    if (to < n) this.wasm.sgd(n - to, pw + 4 * to, pg + 4 * to, lr);
  }
}
