/**
 * Row lists of nonzeros made once per matrix (a training set) and gathered per batch, in the
 * engine's memory: a batch's lists are then copies of its rows' lists (gather_lists), not a new
 * scan of x, and are the same lists csr_build would make from the batch's x (a row's list depends
 * on the row only). Entries are (i32 column, f32 value) pairs, row by row (CSR). Consecutive rows
 * (order null: an evaluation's chunks) need no copy: their lists are one stretch of the matrix's
 * entries, so the batch's ptr is rebased to it and its entries are that stretch, read in place.
 */
import type { Float, PreparedInput } from "../../core/types.js";
import { checkSize, type WasmArena } from "./arena.js";
import type { KernelExports } from "./kernel-exports.js";

/** The nonzeros of every row of an [rows×cols] matrix, made once. */
export interface RowIndex {
  readonly rows: number;
  readonly cols: number;
  readonly nonzeros: number;
  /** [rows + 1] */
  readonly ptr: Int32Array;
  readonly entries: Int32Array;
}

/** A batch's gathered lists: its `prepared` input on this engine, read by the sparse first layer. */
export class BatchIndex implements PreparedInput {
  rows = 0;
  nonzeros = 0;
  /** writes the batch's x when its filler left it unwritten (wasm-features.ts sets it); else nothing */
  fillX: () => void = () => {};
  /** the lists in use: `own` (gathered into), or a stretch of the matrix's entries read in place */
  entries: Int32Array;
  constructor(
    /** [capacity + 1] entry offsets into `entries`: row i's entries are [ptr[i], ptr[i+1]) */
    readonly ptr: Int32Array,
    /** [2 × capacity × I] room for gathered lists */
    readonly own: Int32Array,
  ) {
    this.entries = own;
  }
}

export interface RowIndexer {
  /**
   * The row lists of x[rows×cols] as float32 (x anywhere: it is read in chunks of rows through a buffer in
   * this engine's memory), or null when x is `maxDensity` or more nonzero.
   */
  index(x: Float, rows: number, cols: number, maxDensity: number): RowIndex | null;
  /** Room for the lists of `capacity` rows of `cols` (rows = 0: nothing gathered yet). */
  batchIndex(capacity: number, cols: number): BatchIndex;
  /** dst ← the lists of rows order[start + b] (or start + b when order is null) of src, b < count, in order. */
  gather(src: RowIndex, order: Int32Array | null, start: number, count: number, dst: BatchIndex): void;
}

/** dst ← rows start…start + count of src (consecutive) as src's own entries, ptr rebased to the first. */
function inPlace(src: RowIndex, start: number, count: number, dst: BatchIndex): void {
  if (!(start >= 0 && count >= 0 && start + count <= src.rows))
    throw new RangeError(`row index gather: rows ${start}…${start + count - 1} of ${src.rows}`);
  const first = src.ptr[start]!;
  for (let b = 0; b <= count; b++) dst.ptr[b] = src.ptr[start + b]! - first;
  dst.entries = src.entries.subarray(2 * first, 2 * src.ptr[start + count]!);
  dst.rows = count;
  dst.nonzeros = dst.ptr[count]!;
}

/** Floats of x an index reads at a time (whole rows, at least one): 256 KB, which stays in the L2 cache. */
export const INDEX_CHUNK_FLOATS = 65_536;

/** The indexer of one engine; `scratch` holds the row numbers of one gather_lists call. */
export function createRowIndexer(arena: WasmArena, wasm: KernelExports, scratch: Int32Array): RowIndexer {
  /** the float32 rows of x being indexed, made once (the arena never frees) unless a row outgrows it */
  let chunk: Float32Array | null = null;
  return {
    index(x, rows, cols, maxDensity) {
      checkSize(rows, "row index rows");
      checkSize(cols, "row index cols");
      if (x.length < rows * cols) throw new RangeError(`row index x: has ${x.length} elements, needs ${rows * cols}`);
      if (chunk === null || chunk.length < cols) chunk = arena.float32(Math.max(INDEX_CHUNK_FLOATS, cols));
      const rowsAtOnce = Math.floor(chunk.length / cols),
        buffer = chunk;
      /** each(first, count): rows first…first + count − 1 of x are in `buffer`, as float32 */
      const chunks = (each: (first: number, count: number) => void) => {
        for (let first = 0; first < rows; first += rowsAtOnce) {
          const count = Math.min(rowsAtOnce, rows - first);
          buffer.set(x.subarray(first * cols, (first + count) * cols));
          each(first, count);
        }
      };
      let nonzeros = 0;
      chunks((_, count) => (nonzeros += wasm.count_nonzero(count * cols, buffer.byteOffset)));
      if (nonzeros >= maxDensity * rows * cols) return null;
      // one entry of slack: csr_build writes each (k, x) before it knows whether x ≠ 0
      const ptr = arena.int32(rows + 1),
        entries = arena.int32(2 * (nonzeros + 1));
      let done = 0;
      chunks((first, count) => {
        // the chunk's ptr counts from its own first entry, `done` entries into the matrix's
        wasm.csr_build(count, cols, buffer.byteOffset, ptr.byteOffset + 4 * first, entries.byteOffset + 8 * done);
        for (let i = first; i <= first + count; i++) ptr[i]! += done;
        done = ptr[first + count]!;
      });
      return { rows, cols, nonzeros, ptr, entries };
    },
    batchIndex(capacity, cols) {
      checkSize(capacity, "batch index capacity");
      return new BatchIndex(arena.int32(capacity + 1), arena.int32(2 * capacity * cols));
    },
    gather(src, order, start, count, dst) {
      if (count > dst.ptr.length - 1)
        throw new RangeError(`row index gather: ${count} rows into room for ${dst.ptr.length - 1}`);
      if (dst.own.length < 2 * count * src.cols)
        throw new RangeError(`row index gather: rows of ${src.cols} into a batch index made for fewer columns`);
      if (order === null) {
        inPlace(src, start, count, dst);
        return;
      }
      dst.entries = dst.own;
      let end = 0;
      for (let done = 0; done < count; done += scratch.length) {
        const n = Math.min(scratch.length, count - done);
        for (let b = 0; b < n; b++) {
          const row = order === null ? start + done + b : order[start + done + b]!;
          if (!(row >= 0 && row < src.rows)) throw new RangeError(`row index gather: row ${row} of ${src.rows}`);
          scratch[b] = row;
        }
        end = wasm.gather_lists(
          n,
          scratch.byteOffset,
          src.ptr.byteOffset,
          src.entries.byteOffset,
          dst.ptr.byteOffset + 4 * done,
          dst.entries.byteOffset,
          end,
        );
      }
      dst.rows = count;
      dst.nonzeros = end;
    },
  };
}
