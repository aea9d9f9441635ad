/**
 * data.validation: a validation split carved out of the training split, after the train/test
 * split and before the normalization is fitted (on what is left for training). The test split is
 * never touched. Size: V = round(N_train · fraction) for a fraction in (0, 1), V = count for an
 * integer ≥ 1; both splits keep at least one sample. Stratified by class (the nested
 * largest-remainder rule of sample-split.ts: each class keeps its share in both parts, unlike
 * Keras' validation_split, which takes the last samples unshuffled), a seeded permutation for
 * regression; which samples go where comes from the data generator `rng`.
 */
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { RawDataset, Split } from "./dataset.js";
import { randomIndices, stratifiedIndices, takeRows } from "./sample-split.js";

/** V for a training split of n samples; `request` is data.validation. */
export function validationSize(n: number, request: number, what: string): number {
  const v = request < 1 ? Math.round(n * request) : request;
  if (v < 1 || v > n - 1) {
    throw new DataError(
      `${what}: data.validation ${request} of ${n} training samples leaves ${n - v} for training and ${v} ` +
        "for validation; both need at least 1",
    );
  }
  return v;
}

/** `raw` with `request` of its training samples moved to a validation split. */
export function holdOutValidation(raw: RawDataset, request: number, rng: Rng): RawDataset & { validation: Split } {
  const train = raw.train;
  const v = validationSize(train.n, request, raw.name);
  const pool = { ...train, inputs: raw.inputs, outputs: raw.outputs };
  const indices = train.labels
    ? stratifiedIndices(train.labels, raw.outputs, train.n - v, v, rng)
    : randomIndices(train.n, train.n - v, v, rng);
  const part = (rows: Int32Array): Split => {
    const split = takeRows(pool, rows);
    const source = train.sourceIndex;
    return source === undefined ? split : { ...split, sourceIndex: Int32Array.from(rows, (r) => source[r]!) };
  };
  return { ...raw, train: part(indices.train), validation: part(indices.test) };
}
