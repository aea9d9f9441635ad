/**
 * The reference kernel set: each product written as the plain triple loop of its definition,
 * obviously right and slow. It is what the fast sets are tested against (test/engine/).
 *   gemmNT  out[i,j] = Σ_k A[i,k]·B[j,k] (+ bias[j])      gemmTN  out[i,j] (+)= Σ_k A[k,i]·B[k,j]
 *   gemmNN  out[i,j] = Σ_k A[i,k]·B[k,j]                  colSum  out[j]   (+)= Σ_i A[i,j]
 */
import type { Float } from "../../core/types.js";
import type { Kernels } from "../kernels.js";

export const referenceKernels: Kernels = {
  name: "reference",

  gemmNT(M: number, N: number, K: number, A: Float, B: Float, bias: Float | null, out: Float): void {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let sum = bias === null ? 0 : bias[j]!;
        for (let k = 0; k < K; k++) sum += A[i * K + k]! * B[j * K + k]!;
        out[i * N + j] = sum;
      }
    }
  },

  gemmTN(M: number, N: number, K: number, A: Float, B: Float, out: Float, accumulate: boolean): void {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let sum = accumulate ? out[i * N + j]! : 0;
        for (let k = 0; k < K; k++) sum += A[k * M + i]! * B[k * N + j]!;
        out[i * N + j] = sum;
      }
    }
  },

  gemmNN(M: number, N: number, K: number, A: Float, B: Float, out: Float): void {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += A[i * K + k]! * B[k * N + j]!;
        out[i * N + j] = sum;
      }
    }
  },

  colSum(M: number, N: number, A: Float, out: Float, accumulate: boolean): void {
    for (let j = 0; j < N; j++) {
      let sum = accumulate ? out[j]! : 0;
      for (let i = 0; i < M; i++) sum += A[i * N + j]!;
      out[j] = sum;
    }
  },
};
