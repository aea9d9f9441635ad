/**
 * Batches in the network's precision, filled from a dataset split (which is float64):
 *   x [B×I] ← split.x rows,  labels [B] ← split.labels,  targets [B×O] ← split.targets,
 *   or the one-hot of the labels when an mse network is trained on classification data.
 * The buffers are made once per capacity (from the engine's allocator); filling allocates nothing.
 */
import type { Split } from "../data/dataset.js";
import { DataError } from "../core/errors.js";
import type { Batch, Float } from "../grad/gradient-method.js";
import { allocateFloat, SPARSE_DENSITY_LIMIT } from "../engine/engine.js";
import { heapAllocator, type Allocator, type RowIndex, type RowIndexer } from "../engine/kernels.js";
import { layerCount, width, type NetworkSpec } from "./network-spec.js";

export function createBatch(spec: NetworkSpec, capacity: number, allocator: Allocator = heapAllocator): Batch {
  const I = width(spec, 0), O = width(spec, layerCount(spec));
  const batch: Batch = {
    size: 0,
    x: allocateFloat(allocator, spec.precision, capacity * I),
    labels: new Int32Array(capacity),
    targets: allocateFloat(allocator, spec.precision, capacity * O),
  };
  // room for the rows' gathered nonzero lists, where the engine indexes data (its sparse first layer)
  if (allocator.rowIndex !== undefined && spec.transposeFirstLayer === true) batch.index = allocator.rowIndex.batchIndex(capacity, I);
  return batch;
}

/** A split whose features may already be in the network's precision (see inPrecision). */
export interface BatchSource extends Omit<Split, "x"> {
  /** [N×I] */
  readonly x: Float;
  /** the allocator x came from, when it has a fast row gather (batches are then filled through it) */
  readonly gatherRows?: NonNullable<Allocator["gatherRows"]>;
  /** x's nonzeros row by row, made once, and who gathers them into a batch's index */
  readonly index?: { rows: RowIndex; indexer: RowIndexer };
}

/**
 * The split with its features copied once into the network's precision, from `allocator` (an
 * engine's memory): filling a batch is then a copy of rows inside one buffer (a float64 → float32
 * conversion per element costs more than the first layer's sparse product on MNIST).
 */
export function inPrecision(split: Split, spec: NetworkSpec, allocator: Allocator = heapAllocator): BatchSource {
  if (spec.precision === "float64" && allocator === heapAllocator) return split;
  const x = allocateFloat(allocator, spec.precision, split.x.length);
  x.set(split.x);
  const source: { -readonly [K in keyof BatchSource]: BatchSource[K] } = { ...split, x };
  if (allocator.gatherRows !== undefined) source.gatherRows = allocator.gatherRows;
  // sparse data for an engine with a sparse first layer: index each row's nonzeros once, not every batch
  const indexer = allocator.rowIndex;
  const rows = indexer !== undefined && spec.transposeFirstLayer === true ? indexer.index(x, split.n, width(spec, 0), SPARSE_DENSITY_LIMIT) : null;
  if (rows !== null) source.index = { rows, indexer: indexer! };
  return source;
}

/**
 * batch ← samples order[start], …, order[start+count−1] of the split (order null: start, start+1, …).
 * Throws DataError when the split lacks what the loss reads.
 */
export function fillBatch(
  batch: Batch, split: BatchSource, spec: NetworkSpec, order: Int32Array | null, start: number, count: number,
): void {
  const I = width(spec, 0), O = width(spec, layerCount(spec));
  if (count > batch.labels.length) throw new RangeError(`${count} samples do not fit a batch of capacity ${batch.labels.length}`);
  if (spec.loss === "cross-entropy" && split.labels === null) {
    throw new DataError("cross-entropy needs class labels, but the data has regression targets");
  }
  if (spec.loss === "mse" && split.targets === null && split.labels === null) {
    throw new DataError("mse needs targets or labels, the data has neither");
  }
  // rows in the same buffer and precision move with the allocator's gather (one call), or with copyWithin (a memmove, no view per row)
  const shared = split.x.buffer === batch.x.buffer && split.x.constructor === batch.x.constructor;
  const gather = shared && split.gatherRows !== undefined;
  if (gather) split.gatherRows!(split.x, I, order, start, count, batch.x);
  const memory = shared && !gather ? (new (batch.x.constructor as Float32ArrayConstructor)(batch.x.buffer as ArrayBuffer)) : null;
  const unit = batch.x.BYTES_PER_ELEMENT, from = split.x.byteOffset / unit, to = batch.x.byteOffset / unit;
  for (let b = 0; b < count; b++) {
    const s = order === null ? start + b : order[start + b]!;
    if (memory !== null) memory.copyWithin(to + b * I, from + s * I, from + s * I + I);
    else if (!gather) batch.x.set(split.x.subarray(s * I, s * I + I), b * I);
    if (split.labels !== null) batch.labels[b] = split.labels[s]!;
    if (spec.loss !== "mse") continue;
    if (split.targets !== null) {
      for (let o = 0; o < O; o++) batch.targets[b * O + o] = split.targets[s * O + o]!;
    } else {
      for (let o = 0; o < O; o++) batch.targets[b * O + o] = o === split.labels![s] ? 1 : 0;
    }
  }
  if (batch.index !== undefined) {
    if (split.index !== undefined) split.index.indexer.gather(split.index.rows, order, start, count, batch.index);
    else batch.index.rows = 0;
  }
  batch.size = count;
}
