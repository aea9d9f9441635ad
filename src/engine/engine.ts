/**
 * An engine = a kernel set + the allocator its buffers must come from. Forward and backward
 * passes take an engine instead of importing a kernel set, so the WebAssembly float32 set
 * (src/engine/wasm/) can replace the TypeScript one without touching the model code.
 */
import type { Precision } from "../config/train-schema.js";
import type { BatchIndex, Float } from "../grad/gradient-method.js";
import { heapAllocator, type Allocator, type Kernels } from "./kernels.js";
import { typedKernels } from "./typescript/typed-kernels.js";

export interface Engine {
  readonly kernels: Kernels;
  readonly allocator: Allocator;
  /**
   * An exact sparse path for the first layer (zero inputs skipped), for weights stored
   * transposed (Wt [I×O], spec.transposeFirstLayer). Absent: the dense products are used.
   */
  readonly sparseInput?: (maxRows: number, cols: number) => SparseInputPath;
  /** Vectorised SGD updates over buffers from `allocator` (float32). Absent: plain loops. */
  readonly update?: UpdateKernels;
  /** The engine wants layer 1 stored transposed (it has a sparse path for it). */
  readonly transposeFirstLayer?: boolean;
  /** ReLU fused into the forward product and a vectorised ReLU backward. Absent: activations.ts. */
  readonly relu?: ReluKernels;
  /** Ends worker threads the engine started, if any (calls still work afterwards, on one thread). */
  dispose?(): Promise<void>;
}

export interface ReluKernels {
  /** out[M×N] = max(0, A[M×K]·B[N×K]ᵀ + bias) */
  gemmNT(M: number, N: number, K: number, A: Float, B: Float, bias: Float, out: Float): void;
  /** dZ[0…n) = dA where a > 0, else 0 (a: the ReLU's output) */
  backward(n: number, a: Float, dA: Float, dZ: Float): void;
}

/** The nonzeros of one batch X[rows×cols], indexed once, used by the forward and the weight gradient. */
export interface SparseInputPath {
  /** index X's nonzeros; returns their count */
  load(rows: number, x: Float): number;
  /** Z[rows×N] = X·Wt[cols×N] + bias, then max(0, ·) when relu */
  forward(N: number, wt: Float, bias: Float, z: Float, relu: boolean): void;
  /** dWt[cols×N] = Xᵀ·dZ[rows×N] */
  weightGradient(N: number, dZ: Float, dWt: Float): void;
  /** use a batch's gathered row lists instead of indexing x (engines whose allocator has a rowIndex); returns their nonzeros */
  adopt?(index: BatchIndex): number;
}

export interface UpdateKernels {
  /** w[0…n) ← w − lr·g */
  sgdStep(n: number, w: Float, g: Float, lr: number): void;
  /** v ← μ·v + g;  w ← w − lr·v over [0…n) */
  momentumStep(n: number, w: Float, g: Float, v: Float, lr: number, mu: number): void;
}

/** Below this input density the sparse first layer is used (a density sweep in perf/kernels.ts). */
export const SPARSE_DENSITY_LIMIT = 0.4;

/** The fast TypeScript kernels on ordinary typed arrays. */
export const typescriptEngine: Engine = { kernels: typedKernels, allocator: heapAllocator };

/** A buffer of n numbers (contents unspecified: fill before reading) in the given precision, from the engine's allocator. */
export function allocateFloat(allocator: Allocator, precision: Precision, n: number): Float {
  return precision === "float32" ? allocator.float32(n) : allocator.float64(n);
}
