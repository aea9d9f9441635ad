/**
 * Training features in the wasm engine's memory, as float32, with each row's nonzeros listed
 * once (when under SPARSE_DENSITY_LIMIT of x is nonzero): a batch is then filled with one
 * gather_rows call, and its nonzero lists are gathered from the rows' lists (gather_lists) into
 * the batch's BatchIndex — the same lists the sparse first layer would build from the batch's x.
 * A batch marked xOnDemand (read only through the layers) gets its lists alone: its x rows are
 * gathered only if a layer calls prepared.fillX (the dense path after all), saving a copy of
 * B·I floats a step (~10 µs of a ~120 µs batch-32 MNIST step, ~0.9 µs of a batch-1 step).
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

/** The rows a batch's x (a buffer of its own for its life) lacks until fillX gathers them; rows: whether any. */
interface Due {
  rows: boolean;
  order: Int32Array | null;
  start: number;
  count: number;
  readonly x: Float;
}

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
  const index: RowIndex | null = indexer.index(x, rows, cols, SPARSE_DENSITY_LIMIT);
  // the rows themselves, copied in when first read: with the row lists, only a batch that takes the dense path
  // after all reads them (the Quick start's 8,000 digits: 25 MB of fresh memory to touch, 11–19 ms, left out);
  // so x must not change while these features live, as a loaded split never does
  let copy: Float32Array | null = null;
  const dense = (): Float32Array => {
    if (copy === null) {
      copy = engine.allocator.float32(x.length);
      copy.set(x);
    }
    return copy;
  };
  if (index === null) dense();
  /** each batch's room for its gathered lists, made the first time it is filled, and the rows its x still lacks */
  const room = new WeakMap<Batch, { lists: BatchIndex; due: Due }>();
  return {
    get x() {
      return dense();
    },
    rows,
    cols,
    index,
    copyRows(order, start, count, batch) {
      if (index === null) {
        gatherRows(dense(), cols, order, start, count, batch.x);
        batch.prepared = null;
        return;
      }
      let r = room.get(batch);
      if (r === undefined) {
        const lists = indexer.batchIndex(batch.labels.length, cols);
        const due: Due = { rows: false, order: null, start: 0, count: 0, x: batch.x };
        lists.fillX = () => {
          if (!due.rows) return;
          due.rows = false;
          gatherRows(dense(), cols, due.order, due.start, due.count, due.x);
        };
        r = { lists, due };
        room.set(batch, r);
      }
      const { lists, due } = r;
      due.rows = batch.xOnDemand === true;
      if (due.rows) {
        due.order = order;
        due.start = start;
        due.count = count;
      } else gatherRows(dense(), cols, order, start, count, batch.x);
      indexer.gather(index, order, start, count, lists);
      batch.prepared = lists;
    },
  };
}
