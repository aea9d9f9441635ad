/**
 * The seeded batch every method of a case differentiates on: inputs x ~ N(0, 1), labels uniform
 * in 0…O−1, and targets that fit the loss — one-hot of the labels for cross-entropy, N(0, 1)
 * values for mse. Shapes: x [B×I], labels [B], targets [B×O], row-major.
 */
import type { Batch, Float } from "../core/types.js";
import type { Rng } from "../core/rng.js";
import type { BenchNetwork } from "./compare-types.js";

export function floatArray(precision: BenchNetwork["precision"], n: number): Float {
  return precision === "float32" ? new Float32Array(n) : new Float64Array(n);
}

export function makeBatch(net: BenchNetwork, batchSize: number, rng: Rng): Batch {
  const inputs = net.sizes[0]!;
  const outputs = net.sizes[net.sizes.length - 1]!;
  const x = floatArray(net.precision, batchSize * inputs);
  for (let k = 0; k < x.length; k++) x[k] = rng.normal();
  const labels = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) labels[b] = rng.int(outputs);
  const targets = floatArray(net.precision, batchSize * outputs);
  if (net.loss === "cross-entropy") {
    for (let b = 0; b < batchSize; b++) targets[b * outputs + labels[b]!] = 1;
  } else {
    for (let k = 0; k < targets.length; k++) targets[k] = rng.normal();
  }
  return { size: batchSize, x, labels, targets, prepared: null };
}
