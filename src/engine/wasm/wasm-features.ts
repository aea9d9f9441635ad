/**
 * Training features in the wasm engine's memory, as float32, with each row's nonzeros listed
 * once (when under SPARSE_DENSITY_LIMIT of x is nonzero): a batch is then filled with one
 * gather_rows call, and its nonzero lists are gathered from the rows' lists (gather_lists) into
 * the batch's BatchIndex — the same lists the sparse first layer would build from the batch's x.
 */
import type { Batch, Float } from "../../core/types.js";
import { SPARSE_DENSITY_LIMIT } from "../dense-layers.js";
import type { FeatureRows } from "../engine.js";
import type { Allocator } from "../kernels.js";
import type { BatchIndex, RowIndex, RowIndexer } from "./row-index.js";

/** Row b of to[count×width] ← row order[start + b] (start + b when order is null) of from, in wasm memory. */
export type GatherRows = (
  from: Float,
  width: number,
  order: Int32Array | null,
  start: number,
  count: number,
  to: Float,
) => void;

/** What wasmFeatures needs of a wasm engine. */
export interface FeatureMemory {
  readonly allocator: Allocator;
  readonly rowIndex: RowIndexer;
  readonly gatherRows: GatherRows;
}

/** Feature rows in wasm memory; `index` is their row lists, or null when x is too dense to be worth them. */
export function wasmFeatures(
  engine: FeatureMemory,
  x: Float,
  rows: number,
  cols: number,
): FeatureRows & { readonly index: RowIndex | null } {
  if (x.length !== rows * cols) throw new RangeError(`features: ${x.length} numbers are not ${rows} rows of ${cols}`);
  const { rowIndex: indexer, gatherRows } = engine;
  const own = engine.allocator.float32(x.length);
  own.set(x);
  const index: RowIndex | null = indexer.index(own, rows, cols, SPARSE_DENSITY_LIMIT);
  /** each batch's room for its gathered lists, made the first time it is filled */
  const room = new WeakMap<Batch, BatchIndex>();
  return {
    x: own,
    rows,
    cols,
    index,
    copyRows(order, start, count, batch) {
      gatherRows(own, cols, order, start, count, batch.x);
      if (index === null) {
        batch.prepared = null;
        return;
      }
      let lists = room.get(batch);
      if (lists === undefined) {
        lists = indexer.batchIndex(batch.labels.length, cols);
        room.set(batch, lists);
      }
      indexer.gather(index, order, start, count, lists);
      batch.prepared = lists;
    },
  };
}
