/**
 * Which samples go to the training and test splits: seeded, disjoint, and stratified by class.
 * Largest remainder: of a total T, class c (n_c of N samples) gets ⌊T·n_c/N⌋, and the
 * T − Σ⌊T·n_c/N⌋ left over go one each to the classes with the largest remainders T·n_c mod N
 * (ties to the lower class). Nested: total_c = LR(train + test, n), train_c = LR(train, total),
 * test_c = total_c − train_c, so the splits never overlap. Samples within a class are seeded.
 */
import type { Precision } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Float } from "../core/types.js";
import type { Split } from "./dataset.js";

/** Every sample of a source before splitting. Shapes: N samples, I inputs, O outputs. */
export interface Pool {
  readonly n: number;
  readonly inputs: number;
  /** [N×I]; raw pixel bytes (IDX: held, or read from the file as rows are taken) are scaled to [0, 1] by /255 */
  readonly x: Float | Uint8Array | ByteRows;
  /** [N] class indices (classification) */
  readonly labels: Int32Array | null;
  /** [N×O] (regression) */
  readonly targets: Float64Array | null;
  /** O for regression targets; for classification the class count */
  readonly outputs: number;
}

/** Pixel bytes [N×I] kept where they are (a file) until rows are taken. */
export interface ByteRows {
  /** out[r·I … (r+1)·I) ← table[b] for each byte b of image indices[r] (indices distinct) */
  scaleRows(indices: Int32Array, inputs: number, out: Float, table: Float): void;
}

export interface SplitIndices {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Integer shares of `total` proportional to `counts` (largest-remainder rounding, exact integer arithmetic). */
export function largestRemainder(total: number, counts: ArrayLike<number>): number[] {
  let sum = 0;
  for (let c = 0; c < counts.length; c++) sum += counts[c]!;
  if (total > sum) throw new RangeError(`largestRemainder: ${total} exceeds the ${sum} available`);
  const shares: number[] = [];
  const remainders: number[] = [];
  let given = 0;
  for (let c = 0; c < counts.length; c++) {
    const product = total * counts[c]!;
    const remainder = sum === 0 ? 0 : product % sum;
    shares.push(sum === 0 ? 0 : (product - remainder) / sum);
    remainders.push(remainder);
    given += shares[c]!;
  }
  const order = shares.map((_, c) => c).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (let k = 0; k < total - given; k++) shares[order[k]!]! += 1;
  return shares;
}

/** counts[c] = number of samples with label c. */
export function classCounts(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}

/**
 * Disjoint train/test index lists with per-class sizes from the nested largest-remainder rule;
 * which samples of each class are taken, and the order of each list, come from `rng`.
 */
export function stratifiedIndices(
  labels: Int32Array,
  classes: number,
  nTrain: number,
  nTest: number,
  rng: Rng,
): SplitIndices {
  const counts = classCounts(labels, classes);
  const totals = largestRemainder(nTrain + nTest, counts);
  const trainShares = largestRemainder(nTrain, totals);
  const byClass = counts.map((count) => new Int32Array(count));
  const filled = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]![filled[labels[i]!]!++] = i;
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let trainAt = 0;
  let testAt = 0;
  for (let c = 0; c < classes; c++) {
    const members = rng.shuffle(byClass[c]!);
    for (let k = 0; k < totals[c]!; k++) {
      if (k < trainShares[c]!) train[trainAt++] = members[k]!;
      else test[testAt++] = members[k]!;
    }
  }
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/** Disjoint train/test index lists drawn from one seeded permutation of 0..n-1 (regression). */
export function randomIndices(n: number, nTrain: number, nTest: number, rng: Rng): SplitIndices {
  const order = rng.permutation(n);
  return { train: order.slice(0, nTrain), test: order.slice(nTrain, nTrain + nTest) };
}

/** Stratified when the pool has labels, else a plain seeded permutation; features stored in `precision`. */
export function splitPool(
  pool: Pool,
  nTrain: number,
  nTest: number,
  rng: Rng,
  precision: Precision = "float64",
): { train: Split; test: Split } {
  const indices = pool.labels
    ? stratifiedIndices(pool.labels, pool.outputs, nTrain, nTest, rng)
    : randomIndices(pool.n, nTrain, nTest, rng);
  return { train: takeRows(pool, indices.train, precision), test: takeRows(pool, indices.test, precision) };
}

/**
 * The split made of rows `indices` of the pool (copies, so normalizing one split leaves the pool intact),
 * its features in `precision`: each value is worked out in float64 (a byte / 255) and then stored; its
 * arrays in shared memory (see shared).
 */
export function takeRows(pool: Pool, indices: Int32Array, precision: Precision = "float64"): Split {
  const n = indices.length;
  const x =
    precision === "float32"
      ? new Float32Array(shared(4 * n * pool.inputs))
      : new Float64Array(shared(8 * n * pool.inputs));
  const labels = pool.labels ? new Int32Array(shared(4 * n)) : null;
  const targets = pool.targets ? new Float64Array(shared(8 * n * pool.outputs)) : null;
  const from = pool.x;
  const bytes = from instanceof Uint8Array || "scaleRows" in from;
  if (bytes) scaleBytes(from, indices, pool.inputs, x);
  for (let r = 0; r < n; r++) {
    const i = indices[r]!;
    if (!bytes) x.set(from.subarray(i * pool.inputs, (i + 1) * pool.inputs), r * pool.inputs);
    if (labels) labels[r] = pool.labels![i]!;
    if (targets) targets.set(pool.targets!.subarray(i * pool.outputs, (i + 1) * pool.outputs), r * pool.outputs);
  }
  const sourceIndex = new Int32Array(shared(4 * n));
  sourceIndex.set(indices);
  return { n, x, labels, targets, sourceIndex };
}

/**
 * A split's arrays live in shared memory (a zeroed SharedArrayBuffer reads and writes like any other),
 * so the threads that read them — the evaluation thread, a sweep's lanes — are handed them without a copy.
 */
function shared(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

/**
 * b / 255 for every byte b, worked out in float64 (the lookup gives the very number the division
 * does), and the same numbers rounded to float32 (as storing them in a Float32Array rounds them).
 */
const BYTE_SCALE = Float64Array.from({ length: 256 }, (_, b) => b / 255);
const BYTE_SCALE_32 = Float32Array.from(BYTE_SCALE);

/** out[r·I … (r+1)·I) ← bytes of row indices[r] of x [N×I], divided by 255; one loop per output type. */
function scaleBytes(x: Uint8Array | ByteRows, indices: Int32Array, inputs: number, out: Float): void {
  const table = out instanceof Float32Array ? BYTE_SCALE_32 : BYTE_SCALE;
  if (!(x instanceof Uint8Array)) x.scaleRows(indices, inputs, out, table);
  else if (out instanceof Float32Array) scaleBytesInto(x, indices, inputs, out, BYTE_SCALE_32);
  else scaleBytesInto(x, indices, inputs, out, BYTE_SCALE);
}

function scaleBytesInto<T extends Float>(x: Uint8Array, indices: Int32Array, inputs: number, out: T, scale: T): void {
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r]! * inputs;
    const to = r * inputs;
    for (let j = 0; j < inputs; j++) out[to + j] = scale[x[from + j]!]!;
  }
}

/**
 * Train/test sizes for a fraction held out: test = round(n · testFraction), train = n − test.
 * Both must be at least 1; `what` names the data in the error (file or config key).
 */
export function fractionSizes(n: number, testFraction: number, what: string): { nTrain: number; nTest: number } {
  const nTest = Math.round(n * testFraction);
  const nTrain = n - nTest;
  if (nTest < 1 || nTrain < 1) {
    throw new DataError(
      `${what}: ${n} samples with testFraction ${testFraction} ` +
        `leave ${nTrain} for training and ${nTest} for testing; ` +
        "both need at least 1",
    );
  }
  return { nTrain, nTest };
}
