/**
 * The dense layer, a = σ(x·Wᵀ + b), on any matrix kernel set, forward above backward:
 *   forward   Z[B×O] = X[B×I]·Wᵀ + b        a = σ(Z)
 *   backward  dZ = dA ⊙ σ'(a)   dW[O×I] = dZᵀ·X   db = Σ_b dZ   dX[B×I] = dZ·W
 * Weights stored as Wᵀ [I×O] ("in-out") use the same products with the operands swapped:
 *   Z = X·Wt + b        dWt[I×O] = Xᵀ·dZ        dX = dZ·Wtᵀ
 * An engine may add two exact shortcuts: ReLU fused into the forward product (and a vectorised
 * σ'), and, for layer 1 stored as Wᵀ, a sparse path that multiplies only the nonzero inputs
 * (used when under SPARSE_DENSITY_LIMIT of them are nonzero: the same sums, zeros skipped).
 * Each call returns the multiply-adds it performed: B·O·I per product, nonzeros·O when sparse.
 */
import type { Activation } from "../config/train-schema.js";
import type { Float, PreparedInput } from "../core/types.js";
import { activationBackward, activationForward } from "./activations.js";
import type { LayerKernels, LayerParams } from "./engine.js";
import type { Kernels } from "./kernels.js";

/** Below this fraction of nonzero inputs the sparse first layer is used (a density sweep in perf/kernels.ts). */
export const SPARSE_DENSITY_LIMIT = 0.4;

/** Fraction of x[0…n) that is nonzero (NaN counts as nonzero). */
export function measureDensity(x: Float, n = x.length): number {
  let zeros = 0;
  // no branch: a data-dependent one mispredicts on pixels (8,000 digits: 8–12 ms → 2–3 ms)
  for (let i = 0; i < n; i++) zeros += +(x[i] === 0);
  return n === 0 ? 0 : (n - zeros) / n;
}

/** ReLU fused into the forward product, and its σ' vectorised. */
export interface ReluKernels {
  /** out[M×N] = max(0, A[M×K]·B[N×K]ᵀ + bias) */
  gemmNT(M: number, N: number, K: number, A: Float, B: Float, bias: Float, out: Float): void;
  /** dZ[0…n) = dA where a > 0, else 0 (a: the ReLU's output) */
  backward(n: number, a: Float, dA: Float, dZ: Float): void;
}

/** The nonzeros of one batch X [rows×cols], indexed once, used by the forward and the weight gradient. */
export interface SparseInputPath {
  /** index x's nonzeros; returns their count */
  load(rows: number, x: Float): number;
  /**
   * use the lists this engine prepared when it filled the batch; returns their count,
   * or null when `prepared` is not its own
   */
  adopt?(prepared: PreparedInput): number | null;
  /** Z[rows×N] = X·Wt[cols×N] + bias, then max(0, ·) when relu */
  forward(N: number, wt: Float, bias: Float, z: Float, relu: boolean): void;
  /** dWt[cols×N] = Xᵀ·dZ[rows×N] */
  weightGradient(N: number, dZ: Float, dWt: Float): void;
}

export interface DenseLayerOptions {
  relu?: ReluKernels;
  /** a sparse path for layer 1 (made once per layer set) */
  sparseInput?: (capacity: number, cols: number) => SparseInputPath;
}

/** LayerKernels for a network of `sizes` with σ_l = activations[l − 1], on kernels `m`. */
export function denseLayers(
  m: Kernels,
  sizes: readonly number[],
  activations: readonly Activation[],
  capacity: number,
  options: DenseLayerOptions = {},
): LayerKernels {
  const { relu } = options;
  const sparse = options.sparseInput?.(capacity, sizes[0]!) ?? null;
  /** the last layer-1 forward took the sparse path (so its backward must too), with this many nonzeros */
  let sparseNonzeros = -1;

  const sparseForward = (
    p: LayerParams,
    x: Float,
    prepared: PreparedInput | null,
    a: Float,
    B: number,
    act: Activation,
  ): boolean => {
    if (sparse === null || p.order !== "in-out") return false;
    const adopted = prepared !== null && prepared.rows === B ? (sparse.adopt?.(prepared) ?? null) : null;
    if (adopted === null) prepared?.fillX?.();
    const nonzeros = adopted ?? sparse.load(B, x);
    if (nonzeros >= SPARSE_DENSITY_LIMIT * B * p.inputs) return false;
    sparse.forward(p.outputs, p.weights, p.bias, a, act === "relu");
    if (act !== "relu") activationForward(act, a, a, B * p.outputs);
    sparseNonzeros = nonzeros;
    return true;
  };

  return {
    forward(l, p, x, prepared, a, B) {
      const act = activations[l - 1]!,
        O = p.outputs,
        I = p.inputs;
      if (l === 1) {
        sparseNonzeros = -1;
        if (sparseForward(p, x, prepared, a, B, act)) return sparseNonzeros * O;
        prepared?.fillX?.(); // the dense path reads x
      }
      if (act === "relu" && relu !== undefined && p.order === "out-in") {
        relu.gemmNT(B, O, I, x, p.weights, p.bias, a);
        return B * O * I;
      }
      linearForward(m, p, x, a, B);
      activationForward(act, a, a, B * O);
      return B * O * I;
    },
    backward(l, p, x, a, dA, g, dX, B) {
      const act = activations[l - 1]!,
        O = p.outputs;
      if (act === "relu" && relu !== undefined) relu.backward(B * O, a, dA, dA);
      else activationBackward(act, a, dA, dA, B * O);
      if (l === 1 && sparseNonzeros >= 0) {
        sparse!.weightGradient(O, dA, g.weights);
        m.colSum(B, O, dA, g.bias, false);
        return sparseNonzeros * O;
      }
      return linearBackward(m, p, x, dA, g, dX, B);
    },
  };
}

/** z [B×O] = x [B×I]·Wᵀ + b, in either storage order. */
function linearForward(m: Kernels, p: LayerParams, x: Float, z: Float, B: number): void {
  const O = p.outputs,
    I = p.inputs;
  if (p.order === "out-in") {
    m.gemmNT(B, O, I, x, p.weights, p.bias, z);
    return;
  }
  m.gemmNN(B, O, I, x, p.weights, z);
  for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) z[b * O + o] = z[b * O + o]! + p.bias[o]!;
}

/** g.weights = dZᵀ·x, g.bias = Σ_b dZ, and dX = dZ·W unless null. Returns B·O·I, or 2·B·O·I with dX. */
function linearBackward(
  m: Kernels,
  p: LayerParams,
  x: Float,
  dZ: Float,
  g: LayerParams,
  dX: Float | null,
  B: number,
): number {
  const O = p.outputs,
    I = p.inputs;
  if (p.order === "out-in") m.gemmTN(O, I, B, dZ, x, g.weights, false);
  else m.gemmTN(I, O, B, x, dZ, g.weights, false);
  m.colSum(B, O, dZ, g.bias, false);
  if (dX === null) return B * O * I;
  if (p.order === "out-in") m.gemmNN(B, I, O, dZ, p.weights, dX);
  else m.gemmNT(B, I, O, dZ, p.weights, null, dX);
  return 2 * B * O * I;
}
