/**
 * The kernel exports with the big calls split over a kernel team (kernel-team.ts). Every split
 * is over independent outputs, never over a sum, so each output is computed by the same
 * instructions in the same order whatever the thread count — the results are identical bit for
 * bit (tested):
 *   gemm_nt, gemm_nn   rows of out (samples)       gemm_tn      rows of out (A's columns, via lda)
 *   sparse_rows        rows of out, balanced by their nonzeros     sgd, sgd_momentum   ranges of w
 *   sgd_runs           windows of rows
 * A call runs on one thread when the team is not ready or the work is under MIN_PART_MACS a part.
 */
import type { KernelExports } from "./kernel-exports.js";
import type { KernelTeam } from "./kernel-team.js";
import type { WasmMemory } from "./webassembly-api.js";

/** Work below which a part is not worth a thread (multiply-adds; a hand-off costs ~0.3 µs, this ~0.5 µs of work). */
export const MIN_PART_MACS = 16_384;
/** Elements of w below which an update part is not worth a thread (bound by memory, not arithmetic). */
const MIN_PART_ELEMENTS = 32_768;
/** Update ranges start at multiples of this many floats (whole cache lines). */
const ALIGN_FLOATS = 16;

/** Parts for `work` units over `rows` independent rows, at least `minPart` units each. */
function partsFor(team: KernelTeam, work: number, rows: number, minPart: number): number {
  const threads = team.threads;
  return threads === 1 ? 1 : Math.max(1, Math.min(threads, rows, Math.floor(work / minPart)));
}

/** First row of part t of `parts` over M rows. */
const rowStart = (M: number, parts: number, t: number): number => Math.floor((t * M) / parts);
/** First element of part t of `parts` over n elements, at a cache-line boundary (the last part ends at n). */
const rangeStart = (n: number, parts: number, t: number): number =>
  t === parts ? n : Math.floor((t * n) / parts / ALIGN_FLOATS) * ALIGN_FLOATS;

/**
 * Where an update's parts start: by default n·t/parts, but an update right after a split
 * sparse_rows whose output lies in g (the sparse weight gradient, most of the parameters) starts
 * its parts where that call's did, so each thread updates the gradient rows it just wrote (they are
 * in its cache: the update measured ~7 % faster). Any split of an elementwise update gives the same bits.
 */
class UpdateSplit {
  /** byte addresses where the last split sparse_rows call's parts 1 … parts − 1 began writing */
  readonly boundaries: Float64Array;
  count = 0;
  private readonly at: Int32Array;
  private readonly rows: Int32Array;

  constructor(helpers: number) {
    this.boundaries = new Float64Array(helpers + 1);
    this.at = new Int32Array(helpers + 2);
    this.rows = new Int32Array(helpers + 2);
  }

  /**
   * First rows of the parts of an update of rows from…to − 1 of rowBytes each at byte address g
   * (row r at g + r·rowBytes) over `parts` parts, at the last split call's boundaries when they fall
   * inside in order; rows[parts] = to.
   */
  rowStarts(from: number, to: number, g: number, rowBytes: number, parts: number): Int32Array {
    const rows = this.rows;
    rows[0] = from;
    rows[parts] = to;
    const hinted = this.count === parts - 1;
    for (let t = 1; t < parts; t++) {
      const even = from + Math.floor((t * (to - from)) / parts);
      const hint = hinted ? Math.round((this.boundaries[t - 1]! - g) / rowBytes) : -1;
      rows[t] = hint > rows[t - 1]! && hint < to ? hint : even;
    }
    return rows;
  }

  /** Part starts for an update of n floats at byte address g over `parts` parts; at[parts] = n. */
  starts(n: number, g: number, parts: number): Int32Array {
    const at = this.at;
    at[0] = 0;
    at[parts] = n;
    const hinted = this.count === parts - 1;
    for (let t = 1; t < parts; t++) {
      const even = rangeStart(n, parts, t);
      const hint = hinted ? Math.floor((this.boundaries[t - 1]! - g) / 4 / ALIGN_FLOATS) * ALIGN_FLOATS : -1;
      at[t] = hint > at[t - 1]! && hint >= even / 2 && hint <= (even + n) / 2 ? hint : even;
    }
    return at;
  }
}

/**
 * `wasm` with gemm_nt, gemm_nn, gemm_tn, sparse_rows, sgd, sgd_runs and sgd_momentum split over `team`.
 * scratch[t]: part t's gemm_nt packing room (part 0 uses the caller's), each of `scratchBytes`.
 */
export function splitExports(
  wasm: KernelExports,
  team: KernelTeam,
  memory: WasmMemory,
  scratch: readonly number[],
): KernelExports {
  return { ...wasm, ...splitProducts(wasm, team, scratch), ...splitSparseAndUpdates(wasm, team, memory) };
}

/** The dense products, split over rows of out. */
function splitProducts(
  wasm: KernelExports,
  team: KernelTeam,
  scratch: readonly number[],
): Pick<KernelExports, "gemm_nt" | "gemm_nn" | "gemm_tn"> {
  return {
    gemm_nt(M, N, K, a, b, bias, out, relu, scratch0, scratchBytes) {
      const parts = partsFor(team, M * N * K, M, MIN_PART_MACS);
      if (parts === 1) return wasm.gemm_nt(M, N, K, a, b, bias, out, relu, scratch0, scratchBytes);
      for (let t = 1; t < parts; t++) {
        const m0 = rowStart(M, parts, t),
          m1 = rowStart(M, parts, t + 1);
        const rows = m1 - m0;
        team.post(t, "gemm_nt", rows, N, K, a + 4 * m0 * K, b, bias, out + 4 * m0 * N, relu, scratch[t]!, scratchBytes);
      }
      team.run(parts, "gemm_nt", rowStart(M, parts, 1), N, K, a, b, bias, out, relu, scratch0, scratchBytes);
    },
    gemm_nn(M, N, K, a, b, bias, out, relu) {
      const parts = partsFor(team, M * N * K, M, MIN_PART_MACS);
      if (parts === 1) return wasm.gemm_nn(M, N, K, a, b, bias, out, relu);
      for (let t = 1; t < parts; t++) {
        const m0 = rowStart(M, parts, t),
          m1 = rowStart(M, parts, t + 1);
        team.post(t, "gemm_nn", m1 - m0, N, K, a + 4 * m0 * K, b, bias, out + 4 * m0 * N, relu);
      }
      team.run(parts, "gemm_nn", rowStart(M, parts, 1), N, K, a, b, bias, out, relu);
    },
    gemm_tn(M, N, K, a, lda, b, out, beta) {
      const parts = partsFor(team, M * N * K, M, MIN_PART_MACS);
      if (parts === 1) return wasm.gemm_tn(M, N, K, a, lda, b, out, beta);
      for (let t = 1; t < parts; t++) {
        const m0 = rowStart(M, parts, t),
          m1 = rowStart(M, parts, t + 1);
        team.post(t, "gemm_tn", m1 - m0, N, K, a + 4 * m0, lda, b, out + 4 * m0 * N, beta);
      }
      team.run(parts, "gemm_tn", rowStart(M, parts, 1), N, K, a, lda, b, out, beta);
    },
  };
}

/** The sparse rows (balanced by their entries) and the updates, which start where the sparse parts did. */
function splitSparseAndUpdates(
  wasm: KernelExports,
  team: KernelTeam,
  memory: WasmMemory,
): Pick<KernelExports, "sparse_rows" | "sgd" | "sgd_runs" | "sgd_momentum"> {
  const words = new Int32Array(memory.buffer);
  const starts = new Int32Array(team.helpers + 2);
  const updateSplit = new UpdateSplit(team.helpers);
  /** First row of part t when rows are balanced by their entries: ptr (byte address) holds M + 1 entry offsets. */
  const entryBalancedStart = (ptr: number, M: number, parts: number, t: number): number => {
    const p = ptr >> 2,
      first = words[p]!,
      target = first + ((words[p + M]! - first) * t) / parts;
    let row = rowStart(M, parts, t);
    while (row > 0 && words[p + row - 1]! >= target) row--;
    while (row < M && words[p + row]! < target) row++;
    return row;
  };
  return {
    sparse_rows(M, N, ptr, entries, b, out, beta, bias, relu, alpha) {
      const p = ptr >> 2,
        macs = (words[p + M]! - words[p]!) * N;
      const parts = partsFor(team, macs, M, MIN_PART_MACS);
      if (parts === 1) return wasm.sparse_rows(M, N, ptr, entries, b, out, beta, bias, relu, alpha);
      for (let t = 1; t <= parts; t++) starts[t] = t === parts ? M : entryBalancedStart(ptr, M, parts, t);
      updateSplit.count = parts - 1;
      for (let t = 1; t < parts; t++) {
        const m0 = starts[t]!,
          m1 = starts[t + 1]!;
        updateSplit.boundaries[t - 1] = out + 4 * m0 * N;
        team.post(t, "sparse_rows", m1 - m0, N, ptr + 4 * m0, entries, b, out + 4 * m0 * N, beta, bias, relu, alpha);
      }
      team.run(parts, "sparse_rows", starts[1]!, N, ptr, entries, b, out, beta, bias, relu, alpha);
    },
    sgd(n, w, g, lr) {
      const parts = partsFor(team, n, n, MIN_PART_ELEMENTS);
      if (parts === 1) return wasm.sgd(n, w, g, lr);
      const at = updateSplit.starts(n, g, parts);
      for (let t = 1; t < parts; t++) team.post(t, "sgd", at[t + 1]! - at[t]!, w + 4 * at[t]!, g + 4 * at[t]!, lr);
      team.run(parts, "sgd", at[1]!, w, g, lr);
    },
    sgd_runs(count, N, w, g, runs, lr, from, to) {
      const parts = partsFor(team, (to - from) * N, to - from, MIN_PART_ELEMENTS);
      if (parts === 1) return wasm.sgd_runs(count, N, w, g, runs, lr, from, to);
      const rows = updateSplit.rowStarts(from, to, g, 4 * N, parts);
      for (let t = 1; t < parts; t++) team.post(t, "sgd_runs", count, N, w, g, runs, lr, rows[t]!, rows[t + 1]!);
      team.run(parts, "sgd_runs", count, N, w, g, runs, lr, rows[0]!, rows[1]!);
    },
    sgd_momentum(n, w, g, v, lr, mu) {
      const parts = partsFor(team, n, n, MIN_PART_ELEMENTS);
      if (parts === 1) return wasm.sgd_momentum(n, w, g, v, lr, mu);
      const at = updateSplit.starts(n, g, parts);
      for (let t = 1; t < parts; t++) {
        team.post(t, "sgd_momentum", at[t + 1]! - at[t]!, w + 4 * at[t]!, g + 4 * at[t]!, v + 4 * at[t]!, lr, mu);
      }
      team.run(parts, "sgd_momentum", at[1]!, w, g, v, lr, mu);
    },
  };
}
