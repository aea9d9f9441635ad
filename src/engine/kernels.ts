/**
 * The matrix products an MLP needs, as one swappable set (BLAS style: results go into an `out`
 * argument, nothing is allocated). The plain TypeScript set is the reference and the fallback;
 * a WebAssembly SIMD set implements the same interface for float32.
 *
 * Legend, row-major: B batch, I inputs, H hidden units, O outputs; M×K means M rows of K.
 *   forward   Z[B×O] = X[B×I] · W[O×I]ᵀ + b[O]        gemmNT (bias may be null)
 *   backward dW[O×I] (+)= dZ[B×O]ᵀ · X[B×I]            gemmTN
 *            dX[B×I]  = dZ[B×O] · W[O×I]               gemmNN
 *            db[O]   (+)= Σ_b dZ[b,:]                   colSum
 */
import type { BatchIndex, Float } from "../grad/gradient-method.js";

export interface Kernels {
  readonly name: string;
  /** out[M×N] = A[M×K] · B[N×K]ᵀ (+ bias[N] on every row when bias ≠ null) */
  gemmNT(M: number, N: number, K: number, A: Float, B: Float, bias: Float | null, out: Float): void;
  /** out[M×N] = A[K×M]ᵀ · B[K×N], or out += … when accumulate */
  gemmTN(M: number, N: number, K: number, A: Float, B: Float, out: Float, accumulate: boolean): void;
  /** out[M×N] = A[M×K] · B[K×N] */
  gemmNN(M: number, N: number, K: number, A: Float, B: Float, out: Float): void;
  /** out[N] = Σ_rows A[M×N], or out += … when accumulate */
  colSum(M: number, N: number, A: Float, out: Float, accumulate: boolean): void;
}

/**
 * Where hot-loop buffers come from. The default allocates ordinary typed arrays; a WebAssembly
 * engine hands out views into its linear memory so its kernels can read them without copying.
 */
export interface Allocator {
  float32(n: number): Float32Array;
  float64(n: number): Float64Array;
  /**
   * Row b of to[count×width] ← row order[start + b] of from (row start + b when order is null),
   * both arrays from this allocator: for memories where a typed-array copy is slow (views of a
   * shared wasm memory). Absent: copyWithin / set row by row.
   */
  gatherRows?(from: Float, width: number, order: Int32Array | null, start: number, count: number, to: Float): void;
  /** Row lists of nonzeros in this allocator's memory (engines with a sparse first layer). */
  readonly rowIndex?: RowIndexer;
}

/** The nonzeros of every row of an [rows×cols] matrix, made once: entries (i32 column, f32 value). */
export interface RowIndex {
  readonly rows: number;
  readonly cols: number;
  readonly nonzeros: number;
  /** [rows + 1] */
  readonly ptr: Int32Array;
  readonly entries: Int32Array;
}

export interface RowIndexer {
  /** The row lists of x[rows×cols] (x from this allocator), or null when x is `maxDensity` or more nonzero. */
  index(x: Float, rows: number, cols: number, maxDensity: number): RowIndex | null;
  /** Room for the lists of `capacity` rows of `cols` (rows = 0: nothing gathered yet). */
  batchIndex(capacity: number, cols: number): BatchIndex;
  /** dst ← the lists of rows order[start + b] (or start + b when order is null) of src, b < count, in order. */
  gather(src: RowIndex, order: Int32Array | null, start: number, count: number, dst: BatchIndex): void;
}

export const heapAllocator: Allocator = {
  float32: (n) => new Float32Array(n),
  float64: (n) => new Float64Array(n),
};
