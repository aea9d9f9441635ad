/**
 * Plain SGD that visits only the rows of layer 1's weight gradient the sparse path just wrote:
 *   w ← w − γ·g  leaves w bit for bit unchanged where g = +0  (w + (−γ)·(+0) = w + (−0) = w, −0 included)
 * and sparse_scatter (sparse-input.ts) writes dWt[K×N] as memory.fill(+0), then += x·dZ on the rows of
 * X's nonzero columns only. So right after it, the rows of dWt outside that list are +0, and an
 * update of them can be skipped: `sgdStep` runs `sgd` on the rest of the vector and `sgd_rows` on
 * the listed rows of layer 1 (at batch 1 on MNIST, ~150 of 784 rows).
 * The record is engine-wide (any layer set of this engine may write any buffer) and lasts from the
 * write to the next sgdStep. It is dropped when the engine is asked for anything that can come before
 * another write of a gradient — a layer-1 forward or a new sparse input (every gradient method,
 * backprop, finite differences and path enumeration alike, starts a gradient with the forward of
 * layer 1 on its engine) — and when the gradient is accumulated into; without a record, or when g is
 * not the buffer holding the recorded dWt, sgdStep is the full `sgd`. Readers of dw see the whole
 * gradient: nothing here changes it.
 */
import type { Float } from "../../core/types.js";
import { checkSize, type WasmArena } from "./arena.js";
import type { KernelExports } from "./kernel-exports.js";

/** Which rows of which dWt the sparse path last wrote, and the update that uses it. */
export class GradientRows {
  private armed = false;
  /** byte address of dWt[K×N], and of the i32 row numbers (stride bytes apart) */
  private dwt = 0;
  private floats = 0;
  private N = 0;
  private list = 0;
  private count = 0;
  private stride = 4;
  /** updates that used the record, and full ones (tests and benchmarks read them) */
  rowUpdates = 0;
  fullUpdates = 0;

  constructor(
    private readonly arena: WasmArena,
    private readonly wasm: KernelExports,
  ) {}

  /**
   * dWt [K×N] at byte address `dwt` was just written: +0 except on rows list[i·stride] (i < count, byte
   * address `list`), which must stay unchanged until the update.
   */
  wrote(dwt: number, K: number, N: number, list: number, count: number, stride: number): void {
    this.armed = true;
    this.dwt = dwt;
    this.floats = K * N;
    this.N = N;
    this.list = list;
    this.count = count;
    this.stride = stride;
  }

  /** Something may write a gradient next without the sparse path: the record no longer holds. */
  forget(): void {
    this.armed = false;
  }

  /** w[0…n) ← w − lr·g: only the recorded rows of dWt when g holds it, else every float. */
  sgdStep(n: number, w: Float, g: Float, lr: number): void {
    checkSize(n, "sgdStep n");
    const pw = this.arena.addressOf(w, n, "sgdStep w"),
      pg = this.arena.addressOf(g, n, "sgdStep g");
    const from = (this.dwt - pg) / 4,
      to = from + this.floats;
    const use = this.armed && from >= 0 && to <= n;
    this.armed = false;
    if (!use) {
      this.fullUpdates++;
      this.wasm.sgd(n, pw, pg, lr);
      return;
    }
    this.rowUpdates++;
    if (from > 0) this.wasm.sgd(from, pw, pg, lr);
    this.wasm.sgd_rows(this.count, this.N, pw + 4 * from, pg + 4 * from, this.list, this.stride, lr);
    if (to < n) this.wasm.sgd(n - to, pw + 4 * to, pg + 4 * to, lr);
  }
}
