/**
 * The matrix products a dense layer needs, as one swappable set (BLAS style: results go into an
 * `out` argument, nothing is allocated). Each engine has one: reference/ (plain loops, what the
 * others are tested against), typescript/ and wasm/ (float32 SIMD); dense-layers.ts builds the
 * layer operations from any of them.
 *
 * Legend, row-major: B batch, I inputs, H hidden units, O outputs; M×K means M rows of K.
 *   forward   Z[B×O] = X[B×I] · W[O×I]ᵀ + b[O]        gemmNT (bias may be null)
 *   backward dW[O×I] (+)= dZ[B×O]ᵀ · X[B×I]            gemmTN
 *            dX[B×I]  = dZ[B×O] · W[O×I]               gemmNN
 *            db[O]   (+)= Σ_b dZ[b,:]                   colSum
 */
import type { Float } from "../core/types.js";

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
}

export const heapAllocator: Allocator = {
  float32: (n) => new Float32Array(n),
  float64: (n) => new Float64Array(n),
};
