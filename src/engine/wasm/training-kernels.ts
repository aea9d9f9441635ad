/**
 * The wasm engine's kernels beyond `Kernels`, for a training step without extra passes:
 *   gemmNTRelu   A = max(0, X·Wᵀ + b)               (forward with the activation fused)
 *   gemmNNBias   Z = X·Wt + b (then ReLU)             (forward for weights stored as Wt[I×O])
 *   reluBackward dZ = dA ⊙ [A > 0]
 *   sgdStep      w ← w − lr·g (only the rows of layer 1 just written, gradient-rows.ts)
 *   momentumStep v ← μ·v + g;  w ← w − lr·v
 *   adamStep, rmspropStep, adagradStep    the adaptive optimizers' updates (optimizer-wat.ts)
 *   transpose    dst[cols×rows] = src[rows×cols]ᵀ
 *   allFinite    whether every number of x is finite (all_finite)
 */
import type { Float } from "../../core/types.js";
import type { UpdateKernels } from "../engine.js";
import { checkSize, type WasmArena } from "./arena.js";
import type { GradientRows } from "./gradient-rows.js";
import type { KernelExports } from "./kernel-exports.js";

export interface TrainingKernels {
  /** out[M×N] = max(0, A[M×K]·B[N×K]ᵀ + bias[N]) */
  gemmNTRelu(M: number, N: number, K: number, A: Float, B: Float, bias: Float | null, out: Float): void;
  /** out[M×N] = A[M×K]·B[K×N] + bias[N], then ReLU when relu */
  gemmNNBias(M: number, N: number, K: number, A: Float, B: Float, bias: Float | null, out: Float, relu: boolean): void;
  /** dZ[0…n) = dA where a > 0, else 0 (a is the ReLU output) */
  reluBackward(n: number, a: Float, dA: Float, dZ: Float): void;
  /** w[0…n) ← w − lr·g (pass subarray views to update a range) */
  sgdStep(n: number, w: Float, g: Float, lr: number): void;
  /** v ← μ·v + g; w ← w − lr·v, over [0…n) */
  momentumStep(n: number, w: Float, g: Float, v: Float, lr: number, mu: number): void;
  /** dst[cols×rows] = src[rows×cols]ᵀ */
  transpose(rows: number, cols: number, src: Float, dst: Float): void;
  /** whether every number of x (in this engine's memory) is finite */
  allFinite(x: Float): boolean;
  adamStep: NonNullable<UpdateKernels["adamStep"]>;
  rmspropStep: NonNullable<UpdateKernels["rmspropStep"]>;
  adagradStep: NonNullable<UpdateKernels["adagradStep"]>;
}

export function makeTrainingKernels(
  wasm: KernelExports,
  arena: WasmArena,
  pack: { scratch: number; scratchBytes: number },
  rows: GradientRows,
): TrainingKernels {
  const at = (view: Float, length: number, where: string): number => arena.addressOf(view, length, where);
  const biasAt = (bias: Float | null, N: number, where: string): number => (bias === null ? 0 : at(bias, N, where));
  const sizes = (M: number, N: number, K: number, where: string): void => {
    checkSize(M, where);
    checkSize(N, where);
    checkSize(K, where);
  };
  return {
    gemmNTRelu(M, N, K, A, B, bias, out) {
      sizes(M, N, K, "gemmNTRelu M, N, K");
      const b = biasAt(bias, N, "gemmNTRelu bias");
      wasm.gemm_nt(
        M,
        N,
        K,
        at(A, M * K, "gemmNTRelu A"),
        at(B, N * K, "gemmNTRelu B"),
        b,
        at(out, M * N, "gemmNTRelu out"),
        1,
        pack.scratch,
        pack.scratchBytes,
      );
    },
    gemmNNBias(M, N, K, A, B, bias, out, relu) {
      sizes(M, N, K, "gemmNNBias M, N, K");
      const b = biasAt(bias, N, "gemmNNBias bias");
      wasm.gemm_nn(
        M,
        N,
        K,
        at(A, M * K, "gemmNNBias A"),
        at(B, K * N, "gemmNNBias B"),
        b,
        at(out, M * N, "gemmNNBias out"),
        relu ? 1 : 0,
      );
    },
    allFinite: (x) => wasm.all_finite(x.length, at(x, x.length, "allFinite x")) === 1,
    reluBackward(n, a, dA, dZ) {
      checkSize(n, "reluBackward n");
      wasm.relu_backward(n, at(a, n, "reluBackward a"), at(dA, n, "reluBackward dA"), at(dZ, n, "reluBackward dZ"));
    },
    sgdStep(n, w, g, lr) {
      rows.sgdStep(n, w, g, lr);
    },
    momentumStep(n, w, g, v, lr, mu) {
      checkSize(n, "momentumStep n");
      wasm.sgd_momentum(n, at(w, n, "momentumStep w"), at(g, n, "momentumStep g"), at(v, n, "momentumStep v"), lr, mu);
    },
    adamStep(n, w, g, m, v, step, b1, b2, ibc, eps, l2, shrink) {
      checkSize(n, "adamStep n");
      const [pw, pg] = [at(w, n, "adamStep w"), at(g, n, "adamStep g")];
      const [pm, pv] = [at(m, n, "adamStep m"), at(v, n, "adamStep v")];
      wasm.adam(n, pw, pg, pm, pv, step, b1, 1 - b1, b2, 1 - b2, ibc, eps, l2, shrink);
    },
    rmspropStep(n, w, g, sq, lr, alpha, eps, l2) {
      checkSize(n, "rmspropStep n");
      const [pw, pg, ps] = [at(w, n, "rmspropStep w"), at(g, n, "rmspropStep g"), at(sq, n, "rmspropStep s")];
      wasm.rmsprop(n, pw, pg, ps, lr, alpha, 1 - alpha, eps, l2);
    },
    adagradStep(n, w, g, sum, lr, eps, l2) {
      checkSize(n, "adagradStep n");
      wasm.adagrad(n, at(w, n, "adagradStep w"), at(g, n, "adagradStep g"), at(sum, n, "adagradStep s"), lr, eps, l2);
    },
    transpose(rows, cols, src, dst) {
      sizes(rows, cols, 0, "transpose rows, cols");
      wasm.transpose(rows, cols, at(src, rows * cols, "transpose src"), at(dst, rows * cols, "transpose dst"));
    },
  };
}
