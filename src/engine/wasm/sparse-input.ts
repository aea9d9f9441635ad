/**
 * The exact sparse path of the first layer, for weights stored transposed, Wt[I×O]:
 *   forward         Z[B×O]   = X[B×I]·Wt + b       = b + Σ_{k: X[b,k] ≠ 0} X[b,k]·Wt[k,:]
 *   weightGradient  dWt[I×O] (+)= α·X[B×I]ᵀ·dZ[B×O]   row k: Σ_{b: X[b,k] ≠ 0} X[b,k]·dZ[b,:]
 * A SparseInput holds X's nonzeros by row (built by `load`, once per batch) and, when the
 * gradient is summed per column, by column too, in wasm memory. Same sums as dense, zeros skipped.
 */
import type { Float } from "../../core/types.js";
import type { BatchIndex } from "./row-index.js";
import { checkSize, type WasmArena } from "./arena.js";
import type { GradientRows } from "./gradient-rows.js";
import type { KernelExports } from "./kernel-exports.js";

/** The nonzeros of one batch X[rows×cols], with room for maxRows rows. */
export class SparseInput {
  rows = 0;
  nonzeros = 0;
  private byColumn = false;
  /** byte addresses of the row lists in use: this input's own (load) or a batch's (adopt) */
  private rowPtr = 0;
  private rowEntries = 0;
  /** rows: entries of row i are [ptr[i], ptr[i+1]) of `entries`, each (i32 column, f32 value) */
  private readonly ptr: Int32Array;
  private readonly entries: Int32Array;
  /** columns: the same nonzeros as (i32 row, f32 value), column k at [cptr[k], cptr[k+1]) */
  private readonly cptr: Int32Array;
  private readonly cursor: Int32Array;
  private readonly centries: Int32Array;
  /**
   * The rows of dWt the last write left nonzero, as runs (i32 pairs: first row, rows) for the engine's
   * record (gradient-rows.ts); for a scatter, its distinct columns in the order met and a stamp per column.
   */
  private readonly runs: Int32Array;
  private readonly built: Int32Array;
  private readonly distinct: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  /** the whole memory as i32s, to read the lists */
  private readonly words: Int32Array;

  constructor(
    private readonly arena: WasmArena,
    private readonly wasm: KernelExports,
    readonly maxRows: number,
    readonly cols: number,
    private readonly written: GradientRows | null = null,
  ) {
    checkSize(maxRows, "sparse input maxRows");
    checkSize(cols, "sparse input cols");
    const capacity = maxRows * cols;
    this.ptr = arena.int32(maxRows + 1);
    this.entries = arena.int32(2 * capacity);
    this.cptr = arena.int32(cols + 1);
    this.cursor = arena.int32(cols);
    this.centries = arena.int32(2 * capacity);
    this.runs = arena.int32(2 * Math.ceil(cols / 2));
    this.built = new Int32Array(this.runs.length);
    this.distinct = new Int32Array(cols);
    this.seen = new Int32Array(cols);
    this.words = new Int32Array(arena.memory.buffer);
  }

  /** Index the nonzeros of x[rows×cols] (a float32 view in this engine's memory); returns their count. */
  load(rows: number, x: Float): number {
    checkSize(rows, "sparse load rows");
    if (rows > this.maxRows)
      throw new RangeError(`sparse load: ${rows} rows, but this input was made for at most ${this.maxRows}`);
    const a = this.arena.addressOf(x, rows * this.cols, "sparse load x");
    this.written?.forward();
    this.rows = rows;
    this.rowPtr = this.ptr.byteOffset;
    this.rowEntries = this.entries.byteOffset;
    this.nonzeros = this.wasm.csr_build(rows, this.cols, a, this.rowPtr, this.rowEntries);
    this.byColumn = false;
    return this.nonzeros;
  }

  /**
   * Use row lists gathered already (a batch's index, in this engine's memory) instead of building them;
   * returns their count.
   */
  adopt(index: BatchIndex): number {
    if (index.rows > this.maxRows)
      throw new RangeError(`sparse adopt: ${index.rows} rows, but this input was made for at most ${this.maxRows}`);
    this.written?.forward();
    this.rows = index.rows;
    this.rowPtr = this.arena.addressOf(index.ptr, index.rows + 1, "sparse adopt ptr");
    this.rowEntries = this.arena.addressOf(index.entries, 2 * index.nonzeros, "sparse adopt entries");
    this.nonzeros = index.nonzeros;
    this.byColumn = false;
    return this.nonzeros;
  }

  /** Fraction of the loaded entries that are nonzero. */
  get density(): number {
    return this.rows === 0 ? 0 : this.nonzeros / (this.rows * this.cols);
  }

  /** Z[rows×N] = X·Wt[cols×N] + bias, then ReLU when asked. */
  forward(N: number, wt: Float, bias: Float | null, out: Float, relu: boolean): void {
    checkSize(N, "sparse forward N");
    const arena = this.arena;
    this.wasm.sparse_rows(
      this.rows,
      N,
      this.rowPtr,
      this.rowEntries,
      arena.addressOf(wt, this.cols * N, "sparse forward Wt"),
      arena.addressOf(out, this.rows * N, "sparse forward out"),
      0,
      bias === null ? 0 : arena.addressOf(bias, N, "sparse forward bias"),
      relu ? 1 : 0,
      1,
    );
  }

  /**
   * dWt[cols×N] = α·Xᵀ·dZ[rows×N], or += when accumulate. Few nonzeros per column (MNIST: batch
   * ≲ 10) go straight from the row lists; more are summed per column after a counting sort. Both
   * add each dWt[k, j]'s terms in increasing row order: equal bits when α = 1, not accumulating.
   */
  weightGradient(N: number, dZ: Float, dWt: Float, accumulate: boolean, alpha = 1): void {
    if (this.nonzeros < SCATTER_NONZEROS_PER_COLUMN * this.cols) this.scatterGradient(N, dZ, dWt, accumulate, alpha);
    else this.columnGradient(N, dZ, dWt, accumulate, alpha);
  }

  /**
   * weightGradient from the row lists: dWt zeroed (unless accumulate), then dWt[k,:] += α·x·dZ[b,:] per
   * entry. Zeroed means only the rows the engine's last write left nonzero, when it knows them (gradient-rows.ts).
   */
  scatterGradient(N: number, dZ: Float, dWt: Float, accumulate: boolean, alpha = 1): void {
    const [dz, dwt] = this.gradientAddresses(N, dZ, dWt);
    const written = this.written;
    const cleared = !accumulate && written !== null && written.clearRows(dwt, this.cols, N);
    const add = accumulate || cleared ? 1 : 0;
    this.wasm.sparse_scatter(this.rows, N, this.cols, this.rowPtr, this.rowEntries, dz, dwt, add, alpha);
    if (accumulate || this.nonzeros > this.cols) written?.forget();
    else this.recordRows(dwt, N);
  }

  /**
   * Tell the engine which rows of dWt the scatter just wrote (the rest are +0): the batch's distinct
   * columns, as runs — from the list when it came out ascending (one row), else from the stamps.
   */
  private recordRows(dwt: number, N: number): void {
    if (this.written === null) return;
    const { distinct, seen, words, runs } = this;
    this.stamp = (this.stamp + 1) | 0;
    if (this.stamp === 0) {
      seen.fill(0); // every stamp used once: start again from 1
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let count = 0,
      ascending = true;
    const first = words[this.rowPtr >> 2]!;
    for (let e = (this.rowEntries >> 2) + 2 * first, end = e + 2 * this.nonzeros; e < end; e += 2) {
      const k = words[e]!;
      if (seen[k] !== stamp) {
        seen[k] = stamp;
        if (count > 0 && k < distinct[count - 1]!) ascending = false;
        distinct[count++] = k;
      }
    }
    const built = this.built;
    let r = 0;
    if (ascending) for (let i = 0; i < count; i++) r = addToRuns(built, r, distinct[i]!);
    else for (let k = 0; k < this.cols; k++) if (seen[k] === stamp) r = addToRuns(built, r, k);
    for (let i = 0; i < r; i++) runs[i] = built[i]!; // into wasm memory once: its views are slow to read back
    this.written.wrote(dwt, this.cols, N, runs.byteOffset, r / 2);
  }

  /**
   * weightGradient from the column lists, each dWt row summed in registers and written once (a row
   * of an empty column as +0). Not accumulating, the engine is told which rows those are not (gradient-rows.ts).
   */
  columnGradient(N: number, dZ: Float, dWt: Float, accumulate: boolean, alpha = 1): void {
    const [dz, dwt] = this.gradientAddresses(N, dZ, dWt);
    this.written?.forget();
    if (!this.byColumn) {
      const { cptr, cursor, centries } = this;
      this.wasm.csc_from_csr(
        this.rows,
        this.cols,
        this.rowPtr,
        this.rowEntries,
        cptr.byteOffset,
        cursor.byteOffset,
        centries.byteOffset,
      );
      this.byColumn = true;
    }
    this.wasm.sparse_rows(
      this.cols,
      N,
      this.cptr.byteOffset,
      this.centries.byteOffset,
      dz,
      dwt,
      accumulate ? 1 : 0,
      0,
      0,
      alpha,
    );
    if (!accumulate) this.recordColumns(dwt, N);
  }

  /**
   * Tell the engine which rows of dWt the column lists just wrote nonzero (the rest are +0): the
   * nonempty columns, as runs.
   */
  private recordColumns(dwt: number, N: number): void {
    if (this.written === null) return;
    const runs = this.runs.byteOffset;
    this.written.wrote(dwt, this.cols, N, runs, this.wasm.column_runs(this.cols, this.cptr.byteOffset, runs));
  }

  /** Byte addresses of dZ[rows×N] and dWt[cols×N], checked. */
  private gradientAddresses(N: number, dZ: Float, dWt: Float): [number, number] {
    checkSize(N, "sparse weightGradient N");
    return [
      this.arena.addressOf(dZ, this.rows * N, "sparse weightGradient dZ"),
      this.arena.addressOf(dWt, this.cols * N, "sparse weightGradient dWt"),
    ];
  }
}

/**
 * Row k, above every row in runs[0…r), added to those runs (i32 pairs: first row, rows): the last
 * run grows when k follows it, else k starts one at runs[r]; returns the new end.
 */
function addToRuns(runs: Int32Array, r: number, k: number): number {
  if (r > 0 && runs[r - 2]! + runs[r - 1]! === k) {
    runs[r - 1]!++;
    return r;
  }
  runs[r] = k;
  runs[r + 1] = 1;
  return r + 2;
}

/**
 * Average nonzeros per column below which weightGradient scatters from the row lists: at
 * 784-128 on MNIST (≈ 150 nonzeros a row) the scatter took 15 µs against 27 at batch 1, 40
 * against 49 at batch 8, and was slower from batch ≈ 16 up (3 per column; 85 against 72 at 32).
 */
const SCATTER_NONZEROS_PER_COLUMN = 2;
