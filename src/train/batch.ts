/**
 * Gathering a minibatch: rows perm[start … start+B) of a split, copied into buffers in the
 * model's precision, allocated once per batch capacity.
 *   x[B×I] ← X[perm[b], :]     labels[B] ← y[perm[b]]     targets[B×O] ← Y[perm[b], :] or one-hot(y)
 * One-hot targets let `mse` train on a classification dataset, as in the article.
 */
import type { Batch, Float } from "../grad/gradient-method.js";
import type { Split } from "../data/dataset.js";

export function allocateBatch(capacity: number, inputs: number, outputs: number, alloc: (n: number) => Float): Batch {
  return {
    size: 0,
    x: alloc(capacity * inputs),
    labels: new Int32Array(capacity),
    targets: alloc(capacity * outputs),
  };
}

/** Fill `batch` with samples order[start … start+count) of `split`. */
export function gatherBatch(
  split: Split,
  order: Int32Array,
  start: number,
  count: number,
  inputs: number,
  outputs: number,
  batch: Batch,
): void {
  const { x, labels, targets } = batch;
  for (let b = 0; b < count; b++) {
    const i = order[start + b]!;
    const src = i * inputs;
    const dst = b * inputs;
    for (let k = 0; k < inputs; k++) x[dst + k] = split.x[src + k]!;
    const t = b * outputs;
    if (split.labels !== null) {
      const label = split.labels[i]!;
      labels[b] = label;
      for (let o = 0; o < outputs; o++) targets[t + o] = o === label ? 1 : 0;
    } else if (split.targets !== null) {
      labels[b] = 0;
      for (let o = 0; o < outputs; o++) targets[t + o] = split.targets[i * outputs + o]!;
    }
  }
  batch.size = count;
}
