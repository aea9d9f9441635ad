/**
 * The fast TypeScript kernel set, same contract as `referenceKernels` (one `Kernels` object),
 * for float32 and float64 typed arrays. No allocation. Loop orders are chosen for the cache:
 *   gemmNT  out[i,j] = A[i,:]·B[j,:]: four dot products share each load of A[i,k] (1×4 block),
 *           and the four rows of B stay in L1 while the rows of A stream past them.
 *   gemmTN / gemmNN  out[i,:] (+)= Σ_k A(i,k)·B[k,:]: i-k-j order, k unrolled by 4, so the inner
 *           loop reads rows of B and writes a row of out contiguously (one write per 4 k).
 */
import type { Float } from "../../core/types.js";
import type { Kernels } from "../kernels.js";

/** A[aOff … aOff+K) · B[bOff … bOff+K): the scalar fallback for leftover columns. */
function dot(K: number, A: Float, aOff: number, B: Float, bOff: number): number {
  let sum = 0;
  for (let k = 0; k < K; k++) sum += A[aOff + k]! * B[bOff + k]!;
  return sum;
}

function gemmNT(M: number, N: number, K: number, A: Float, B: Float, bias: Float | null, out: Float): void {
  const N4 = N - (N % 4);
  for (let j = 0; j < N4; j += 4) {
    const b0 = j * K,
      b1 = b0 + K,
      b2 = b1 + K,
      b3 = b2 + K;
    const c0 = bias === null ? 0 : bias[j]!;
    const c1 = bias === null ? 0 : bias[j + 1]!;
    const c2 = bias === null ? 0 : bias[j + 2]!;
    const c3 = bias === null ? 0 : bias[j + 3]!;
    for (let i = 0; i < M; i++) {
      const a = i * K;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < K; k++) {
        const x = A[a + k]!;
        s0 += x * B[b0 + k]!;
        s1 += x * B[b1 + k]!;
        s2 += x * B[b2 + k]!;
        s3 += x * B[b3 + k]!;
      }
      const o = i * N + j;
      out[o] = s0 + c0;
      out[o + 1] = s1 + c1;
      out[o + 2] = s2 + c2;
      out[o + 3] = s3 + c3;
    }
  }
  for (let j = N4; j < N; j++) {
    const c = bias === null ? 0 : bias[j]!;
    for (let i = 0; i < M; i++) out[i * N + j] = dot(K, A, i * K, B, j * K) + c;
  }
}

/**
 * out[i,:] (+)= Σ_k A(i,k)·B[k,:] where A(i,k) = A[i·strideI + k·strideK]; B is [K×N], out [M×N].
 * gemmNN reads A[M×K] (strideI = K, strideK = 1); gemmTN reads A[K×M] (strideI = 1, strideK = M).
 */
function rowCombinations(
  M: number,
  N: number,
  K: number,
  A: Float,
  strideI: number,
  strideK: number,
  B: Float,
  out: Float,
  accumulate: boolean,
): void {
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const o = i * N;
    const ai = i * strideI;
    if (!accumulate) out.fill(0, o, o + N);
    for (let k = 0; k < K4; k += 4) {
      const a0 = A[ai + k * strideK]!;
      const a1 = A[ai + (k + 1) * strideK]!;
      const a2 = A[ai + (k + 2) * strideK]!;
      const a3 = A[ai + (k + 3) * strideK]!;
      const b0 = k * N,
        b1 = b0 + N,
        b2 = b1 + N,
        b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        out[o + j] = out[o + j]! + a0 * B[b0 + j]! + a1 * B[b1 + j]! + a2 * B[b2 + j]! + a3 * B[b3 + j]!;
      }
    }
    for (let k = K4; k < K; k++) {
      const a = A[ai + k * strideK]!;
      const b = k * N;
      for (let j = 0; j < N; j++) out[o + j] = out[o + j]! + a * B[b + j]!;
    }
  }
}

export const typedKernels: Kernels = {
  name: "typescript",
  gemmNT,
  gemmTN(M, N, K, A, B, out, accumulate) {
    rowCombinations(M, N, K, A, 1, M, B, out, accumulate);
  },
  gemmNN(M, N, K, A, B, out) {
    rowCombinations(M, N, K, A, K, 1, B, out, false);
  },
  colSum(M, N, A, out, accumulate) {
    if (!accumulate) out.fill(0, 0, N);
    for (let i = 0; i < M; i++) {
      const a = i * N;
      for (let j = 0; j < N; j++) out[j] = out[j]! + A[a + j]!;
    }
  },
};
