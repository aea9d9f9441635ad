/**
 * The wasm module's exports behind the engine's TypeScript interfaces, each call checked (sizes,
 * and that every array is a float32 view into this engine's memory) and given byte addresses:
 *   matrixKernels  gemmNT, gemmTN, gemmNN, colSum (the `Kernels` set of src/engine/kernels.ts)
 *   rowGather      batch rows copied out of a data matrix in wasm memory with gather_rows
 */
import type { Float } from "../../core/types.js";
import type { Kernels } from "../kernels.js";
import { checkSize, type WasmArena } from "./arena.js";
import type { KernelExports } from "./kernel-exports.js";
import type { GatherRows } from "./wasm-features.js";

/** Row indexes passed to gather_rows per call (the length of `gatherIndex`). */
export const GATHER_ROWS = 256;

/** The matrix products on `wasm`; gemmNT packs panels of B into `scratch` (of `scratchBytes`). */
export function matrixKernels(
  wasm: KernelExports,
  arena: WasmArena,
  variant: string,
  scratch: number,
  scratchBytes: number,
): Kernels {
  const at = (view: Float, length: number, where: string): number => arena.addressOf(view, length, where);
  const sizes = (M: number, N: number, K: number, where: string): void => {
    checkSize(M, where);
    checkSize(N, where);
    checkSize(K, where);
  };

  return {
    name: `wasm-simd-${variant}`,
    gemmNT(M, N, K, A, B, bias, out) {
      sizes(M, N, K, "gemmNT M, N, K");
      const biasAt = bias === null ? 0 : at(bias, N, "gemmNT bias");
      wasm.gemm_nt(
        M,
        N,
        K,
        at(A, M * K, "gemmNT A"),
        at(B, N * K, "gemmNT B"),
        biasAt,
        at(out, M * N, "gemmNT out"),
        0,
        scratch,
        scratchBytes,
      );
    },
    gemmTN(M, N, K, A, B, out, accumulate) {
      sizes(M, N, K, "gemmTN M, N, K");
      wasm.gemm_tn(
        M,
        N,
        K,
        at(A, K * M, "gemmTN A"),
        M,
        at(B, K * N, "gemmTN B"),
        at(out, M * N, "gemmTN out"),
        accumulate ? 1 : 0,
      );
    },
    gemmNN(M, N, K, A, B, out) {
      sizes(M, N, K, "gemmNN M, N, K");
      wasm.gemm_nn(M, N, K, at(A, M * K, "gemmNN A"), at(B, K * N, "gemmNN B"), 0, at(out, M * N, "gemmNN out"), 0);
    },
    colSum(M, N, A, out, accumulate) {
      sizes(M, N, 0, "colSum M, N");
      wasm.col_sum(M, N, at(A, M * N, "colSum A"), at(out, N, "colSum out"), accumulate ? 1 : 0);
    },
  };
}

/** batch rows ← rows of a matrix in this memory; `gatherIndex` (GATHER_ROWS int32s) holds one call's row numbers. */
export function rowGather(wasm: KernelExports, arena: WasmArena, gatherIndex: Int32Array): GatherRows {
  const at = (view: Float, length: number, where: string): number => arena.addressOf(view, length, where);
  return (from, width, order, start, count, to) => {
    checkSize(width, "gatherRows width");
    checkSize(count, "gatherRows count");
    const fromRows = Math.floor(from.length / width),
      src = at(from, 0, "gatherRows from"),
      dst = at(to, width * count, "gatherRows to");
    for (let done = 0; done < count; done += GATHER_ROWS) {
      const n = Math.min(GATHER_ROWS, count - done);
      for (let b = 0; b < n; b++) {
        const row = order === null ? start + done + b : order[start + done + b]!;
        if (!(row >= 0 && row < fromRows)) throw new RangeError(`gatherRows: row ${row} of ${fromRows}`);
        gatherIndex[b] = row;
      }
      wasm.gather_rows(n, 4 * width, src, gatherIndex.byteOffset, dst + 4 * width * done);
    }
  };
}
