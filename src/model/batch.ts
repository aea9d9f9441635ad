/**
 * Batches in the network's precision, filled from a dataset split:
 *   x [B×I] ← rows of the split's features,  labels [B] ← its labels,  targets [B×O] ← its targets,
 *   or the one-hot of the labels when an mse network is trained on classification data.
 * The buffers are made once per capacity (from the engine's allocator); filling allocates nothing.
 * The features are handed to the engine once (`batchSource`), so a batch's x is a copy of rows
 * inside the engine's memory, done by the engine (src/engine/engine.ts, FeatureRows; the wasm engine
 * holds a sparse split as its row lists and copies the rows in only if a batch needs them).
 */
import type { Batch } from "../core/types.js";
import { DataError } from "../core/errors.js";
import type { Split } from "../data/dataset.js";
import { allocateFloat, type Engine, type FeatureRows } from "../engine/engine.js";
import { heapFeatures } from "../engine/heap-features.js";
import { heapAllocator, type Allocator } from "../engine/kernels.js";
import { layerCount, width, type NetworkSpec } from "./network-spec.js";

export function createBatch(spec: NetworkSpec, capacity: number, allocator: Allocator = heapAllocator): Batch {
  const I = width(spec, 0),
    O = width(spec, layerCount(spec));
  return {
    size: 0,
    x: allocateFloat(allocator, spec.precision, capacity * I),
    labels: new Int32Array(capacity),
    targets: allocateFloat(allocator, spec.precision, capacity * O),
    prepared: null,
  };
}

/** A split whose features an engine holds, ready for fillBatch. */
export interface BatchSource extends Omit<Split, "x"> {
  readonly features: FeatureRows;
}

/** The split with its features copied once into `engine`'s memory, in the network's precision. */
export function batchSource(split: Split, spec: NetworkSpec, engine: Engine): BatchSource {
  const { x, ...rest } = split;
  return { ...rest, features: engine.features(x, split.n, width(spec, 0), spec.precision) };
}

/** The split with its features in ordinary arrays (for batches filled now and then, as evaluation does). */
export function heapBatchSource(split: Split, spec: NetworkSpec): BatchSource {
  const { x, ...rest } = split;
  return { ...rest, features: heapFeatures(x, split.n, width(spec, 0), spec.precision) };
}

/**
 * batch ← samples order[start], …, order[start+count−1] of the source (order null: start, start+1, …).
 * Throws DataError when the split lacks what the loss reads.
 */
export function fillBatch(
  batch: Batch,
  source: BatchSource,
  spec: NetworkSpec,
  order: Int32Array | null,
  start: number,
  count: number,
): void {
  const O = width(spec, layerCount(spec));
  if (count > batch.labels.length)
    throw new RangeError(`${count} samples do not fit a batch of capacity ${batch.labels.length}`);
  if (spec.loss === "cross-entropy" && source.labels === null) {
    throw new DataError("cross-entropy needs class labels, but the data has regression targets");
  }
  if (spec.loss === "mse" && source.targets === null && source.labels === null) {
    throw new DataError("mse needs targets or labels, the data has neither");
  }
  source.features.copyRows(order, start, count, batch);
  for (let b = 0; b < count; b++) {
    const s = order === null ? start + b : order[start + b]!;
    if (source.labels !== null) batch.labels[b] = source.labels[s]!;
    if (spec.loss !== "mse") continue;
    if (source.targets !== null) {
      for (let o = 0; o < O; o++) batch.targets[b * O + o] = source.targets[s * O + o]!;
    } else {
      for (let o = 0; o < O; o++) batch.targets[b * O + o] = o === source.labels![s] ? 1 : 0;
    }
  }
  batch.size = count;
}
