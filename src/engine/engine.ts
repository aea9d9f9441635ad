/**
 * What an engine is: the layer-level operations a network is computed with, and the memory
 * they run on. The model (src/model/mlp.ts) calls these per layer and knows nothing else:
 *   forward   a^l = σ_l(a^{l−1}·W^lᵀ + b^l)                        LayerKernels.forward
 *   backward  dZ = dA ⊙ σ'_l;  dW = dZᵀ·a^{l−1};  db = Σ_b dZ;  dA^{l−1} = dZ·W    LayerKernels.backward
 * How an engine gets there — a sparse first layer that skips zero inputs, layer 1 stored as
 * Wᵀ, ReLU fused into the product, worker threads — is its own business (see README.md here).
 * Shapes: core/types.ts.
 */
import type { Activation, Precision } from "../config/train-schema.js";
import type { Batch, Float, PreparedInput } from "../core/types.js";
import type { Allocator } from "./kernels.js";

/** How a layer's weights are stored: W [O×I] (a row per unit), or Wᵀ [I×O] (a row per input). */
export type WeightOrder = "out-in" | "in-out";

/** One dense layer's parameters (or their gradients): views into the flat vector w (or dw). */
export interface LayerParams {
  /** n_{l−1} */
  readonly inputs: number;
  /** n_l */
  readonly outputs: number;
  readonly order: WeightOrder;
  /** [O×I] when order is "out-in", [I×O] when "in-out" */
  readonly weights: Float;
  /** [O] */
  readonly bias: Float;
}

/** The dense layers of one network, for batches of up to `capacity` rows (made once; calls allocate nothing). */
export interface LayerKernels {
  /**
   * a [B×O] = σ_l(x [B×I]·Wᵀ + b) for layer l = 1 … L. `prepared`: what this engine made of the
   * batch's x when it filled it (layer 1 only; null otherwise). Returns the multiply-adds done.
   */
  forward(l: number, p: LayerParams, x: Float, prepared: PreparedInput | null, a: Float, B: number): number;
  /**
   * After forward: dA [B×O] = ∂C/∂a^l comes in and is overwritten by dZ = ∂C/∂z^l; writes
   * g.weights = dZᵀ·x, g.bias = Σ_b dZ and, unless dX is null, dX [B×I] = dZ·W = ∂C/∂a^{l−1}.
   * Returns the multiply-adds done.
   */
  backward(
    l: number,
    p: LayerParams,
    x: Float,
    a: Float,
    dA: Float,
    g: LayerParams,
    dX: Float | null,
    B: number,
  ): number;
}

/** A data matrix copied once into an engine's memory, from which batches are filled. */
export interface FeatureRows {
  /** [rows×cols] in the engine's memory and the network's precision (the wasm engine copies a sparse x in
   *  when first read) */
  readonly x: Float;
  readonly rows: number;
  readonly cols: number;
  /** batch.x rows b < count ← rows order[start + b] (start + b when order is null); sets batch.prepared */
  copyRows(order: Int32Array | null, start: number, count: number, batch: Batch): void;
}

/** The optimizers' updates an engine can run faster than a plain loop (over buffers from its allocator). */
export interface UpdateKernels {
  /** w[0…n) ← w − lr·g */
  sgdStep(n: number, w: Float, g: Float, lr: number): void;
  /** v ← μ·v + g;  w ← w − lr·v over [0…n) */
  momentumStep(n: number, w: Float, g: Float, v: Float, lr: number, mu: number): void;
  /**
   * Adam and AdamW over [0…n): g' = g + l2·w;  m ← β1·m + (1 − β1)·g';  v ← β2·v + (1 − β2)·g'²;
   * w ← shrink·w − stepSize·m / (√v·invRootBc2 + ε)
   */
  adamStep?(
    n: number,
    w: Float,
    g: Float,
    m: Float,
    v: Float,
    stepSize: number,
    beta1: number,
    beta2: number,
    invRootBc2: number,
    eps: number,
    l2: number,
    shrink: number,
  ): void;
  /** RMSprop over [0…n): g' = g + l2·w;  s ← α·s + (1 − α)·g'²;  w ← w − lr·g' / (√s + ε) */
  rmspropStep?(n: number, w: Float, g: Float, s: Float, lr: number, alpha: number, eps: number, l2: number): void;
  /** Adagrad over [0…n): g' = g + l2·w;  s ← s + g'²;  w ← w − lr·g' / (√s + ε) */
  adagradStep?(n: number, w: Float, g: Float, s: Float, lr: number, eps: number, l2: number): void;
}

/** How a worker thread builds the same engine (plain data: engines themselves do not cross threads). */
export type EngineRecipe =
  | { kind: "reference" }
  | { kind: "typescript"; sparse: boolean }
  | { kind: "wasm"; variant: "fma" | "mul+add" };

export interface Engine {
  /** for logs and summary.json: "reference", "typescript", "wasm-simd-fma", "wasm-simd-mul+add" */
  readonly name: string;
  /** where buffers the kernels read must come from */
  readonly allocator: Allocator;
  /** how the weights of each layer of a network of `sizes` [I, H…, O] are stored */
  weightOrders(sizes: readonly number[]): WeightOrder[];
  /** the dense layers of a network of `sizes`, σ_l = activations[l − 1], for batches of up to `capacity` */
  layers(sizes: readonly number[], activations: readonly Activation[], capacity: number): LayerKernels;
  /** x [rows×cols] copied into this engine's memory in `precision` (a float64 x may be used as it is) */
  features(x: Float, rows: number, cols: number, precision: Precision): FeatureRows;
  /** whether every number of x is finite, a fast scan where x is this engine's (absent: core/finite.ts's) */
  allFinite?(x: Float): boolean;
  /** the optimizer's fast updates (float32), when the engine has them */
  readonly update?: UpdateKernels;
  readonly recipe: EngineRecipe;
  /** Ends worker threads the engine started, if any (calls still work afterwards, on one thread). */
  dispose?(): Promise<void>;
}

/** A buffer of n numbers (contents unspecified: fill before reading) in the given precision, from an allocator. */
export function allocateFloat(allocator: Allocator, precision: Precision, n: number): Float {
  return precision === "float32" ? allocator.float32(n) : allocator.float64(n);
}
