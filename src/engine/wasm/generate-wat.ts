/**
 * The whole float32 kernel module as WebAssembly text: the four `Kernels` products, the fused
 * training kernels and the sparse path, in one of two flavours (relaxed-SIMD FMA or mul + add).
 * Exports (pointers are byte addresses into the imported memory env.memory, which is shared so
 * that worker threads can run the same functions on it: see kernel-team.ts):
 *   gemm_nt gemm_nn gemm_tn col_sum sgd sgd_runs sgd_momentum adam rmsprop adagrad relu_backward transpose
 *   gather_rows all_finite count_nonzero csr_build csc_from_csr column_runs gather_lists sparse_rows
 *   sparse_scatter zero_runs
 */
import { elementwiseWat } from "./elementwise-wat.js";
import { bcastDriverWat, rank1Wat, type BcastConfig } from "./gemm-bcast-wat.js";
import { gemmNtWat, type NtConfig } from "./gemm-nt-wat.js";
import { optimizerUpdatesWat } from "./optimizer-wat.js";
import { sparseScatterWat, zeroRunsWat } from "./sparse-scatter-wat.js";
import { sparseWat } from "./sparse-wat.js";
import { params, type Flavour } from "./wat-simd.js";

/**
 * Micro-tile choices of every product. V8's TurboFan issues all loads of a k-step before its
 * multiply-adds, so loaded vectors and accumulators must fit 15 xmm registers together: 3×3
 * (9 accumulators + 6 loads) is the largest tile that does; 4×2, 2×4, 2×5, 2×6, 5×2, 6×2 and
 * k-unrolling were tried (2×5 and larger spill). `npx tsx perf/kernels.ts --tiles` re-times
 * the alternatives; none beat these beyond the noise of a shared 2-core machine.
 */
export interface TileConfig {
  readonly nt: NtConfig;
  readonly nn: BcastConfig;
  readonly tn: BcastConfig;
  /** column block of sparse_rows, in f32x4 vectors */
  readonly sparseVectors: number;
}

export const DEFAULT_TILES: TileConfig = {
  nt: { rows: 3, cols: 3, skinnyCols: 7, rowBlock: 128 },
  nn: { rows: 3, vectors: 3, skinnyVectors: 7, kBlock: 256 },
  tn: { rows: 3, vectors: 3, skinnyVectors: 7, kBlock: 256 },
  sparseVectors: 7,
};

/** Exported entry points of the broadcast products, fixing the generic driver's flags. */
const bcastExports = [
  `(func (export "gemm_nn") ${params(["M", "N", "K", "a", "b", "bias", "out", "relu"])}`,
  "  (call $bcast_nn (local.get $M) (local.get $N) (local.get $K) (local.get $a) (local.get $K) (local.get $b) " +
    "(local.get $out) (i32.const 0) (local.get $bias) (local.get $relu)))",
  `(func (export "gemm_tn") ${params(["M", "N", "K", "a", "lda", "b", "out", "beta"])}`,
  "  (call $bcast_tn (local.get $M) (local.get $N) (local.get $K) (local.get $a) (local.get $lda) (local.get $b) " +
    "(local.get $out) (local.get $beta) (i32.const 0) (i32.const 0)))",
].join("\n");

/** The module text; the same flavour and tiles always give the same text. */
export function generateKernelsWat(flavour: Flavour, tiles: TileConfig = DEFAULT_TILES): string {
  return `(module
(import "env" "memory" (memory 1 65536 shared))
${gemmNtWat(flavour, tiles.nt)}
${rank1Wat(flavour)}
${bcastDriverWat(flavour, "nn", tiles.nn)}
${bcastDriverWat(flavour, "tn", tiles.tn)}
${bcastExports}
${elementwiseWat(flavour)}
${optimizerUpdatesWat(flavour)}
${sparseWat(flavour, tiles.sparseVectors)}
${sparseScatterWat(flavour)}
${zeroRunsWat()}
)
`;
}
