/**
 * Checkpoint codec (pure, no I/O): parameters, the optimizer's state and the training progress
 * as one JSON-able value. Float arrays are stored as base64 of their bytes, so a resumed run
 * restarts from bit-identical numbers. The optimizer's state is stored by its own names (its
 * buffers and scalars, see src/optim/optimizer.ts): this codec never needs to know what they are.
 * With early stopping or a validation split the best weights so far are stored too (`best`), and
 * the progress carries the watched metric's state, so a resumed run keeps both bit for bit.
 */
import { z } from "zod";
import { DataError } from "../core/errors.js";
import { parseOrExplain } from "../config/validate-config.js";
import type { Float } from "../core/types.js";
import type { OptimizerState } from "../optim/optimizer.js";
import type { TrainProgress } from "./state.js";

export const CHECKPOINT_FORMAT = "sgd-checkpoint";
export const CHECKPOINT_VERSION = 2;

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  precision: "float32" | "float64";
  progress: TrainProgress;
  /** base64 of the parameter bytes (little-endian, as typed arrays store them here) */
  params: string;
  /** the optimizer's buffers (base64 of their bytes) and scalars, by name */
  optimizer: { buffers: Record<string, string>; scalars: Record<string, number> };
  /** base64 of the best weights so far, when a metric is watched */
  best?: string;
}

export function encodeCheckpoint(
  progress: TrainProgress,
  w: Float,
  state: OptimizerState,
  best: Float | null = null,
): Checkpoint {
  const buffers: Record<string, string> = {};
  for (const [name, buffer] of Object.entries(state.buffers)) buffers[name] = toBase64(buffer);
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    precision: w instanceof Float32Array ? "float32" : "float64",
    progress: { ...progress, epochRng: [...progress.epochRng] as unknown as TrainProgress["epochRng"] },
    params: toBase64(w),
    optimizer: { buffers, scalars: { ...state.scalars } },
    ...(best === null ? {} : { best: toBase64(best) }),
  };
}

const count = z.int().min(0);
// the generator's state words, as Rng keeps them (32-bit integers, signed or not)
const word = z
  .int()
  .min(-(2 ** 31))
  .max(2 ** 32 - 1);
const seconds = z.number().min(0);
const maybe = z.number().nullable();

/** What a checkpoint's progress must be for the loop to continue from it (an edited file may hold anything). */
const Progress = z.looseObject({
  step: count,
  epoch: count,
  batchInEpoch: count,
  samples: count,
  epochRng: z.tuple([word, word, word, word]),
  intervalLoss: z.number(),
  intervalSteps: count,
  elapsed: seconds,
  gradientSeconds: seconds,
  computeSeconds: seconds.default(0),
  lastTest: z.object({ loss: z.number(), accuracy: maybe }).nullable(),
  lastTrainLoss: maybe,
  firstLoss: maybe,
});

/**
 * Copy the checkpoint's arrays into `w`, `state` and `best` (same lengths, precision and names) and
 * return its progress. `best`: where the best weights go, when the run watches a metric.
 */
export function restoreCheckpoint(
  raw: unknown,
  file: string,
  w: Float,
  state: OptimizerState,
  best: Float | null = null,
): TrainProgress {
  const c = raw as Partial<Checkpoint> | null;
  if (c === null || typeof c !== "object" || c.format !== CHECKPOINT_FORMAT) {
    throw new DataError(`${file}: not an sgd checkpoint`);
  }
  if (c.version !== CHECKPOINT_VERSION) {
    throw new DataError(
      `${file}: checkpoint version ${String(c.version)} is not supported (expected ${CHECKPOINT_VERSION})`,
    );
  }
  const precision = w instanceof Float32Array ? "float32" : "float64";
  if (c.precision !== precision)
    throw new DataError(`${file}: checkpoint precision ${c.precision} differs from the config's ${precision}`);
  if (
    typeof c.params !== "string" ||
    c.progress === undefined ||
    typeof c.optimizer !== "object" ||
    c.optimizer === null
  ) {
    throw new DataError(`${file}: checkpoint is incomplete`);
  }
  const progress = parseOrExplain(Progress, c.progress);
  if ("problem" in progress) throw new DataError(`${file}: progress.${progress.problem}`);
  fromBase64(c.params, w, `${file}: params`);
  restoreState(c.optimizer, state, file);
  if (best !== null) {
    if (typeof c.best === "string") fromBase64(c.best, best, `${file}: best`);
    else if (c.progress.monitor?.bestStep != null) throw new DataError(`${file}: the best weights are missing`);
  }
  return progress.value as TrainProgress;
}

function restoreState(saved: Checkpoint["optimizer"], state: OptimizerState, file: string): void {
  const want = Object.keys(state.buffers).sort(),
    have = Object.keys(saved.buffers ?? {}).sort();
  if (want.join() !== have.join()) {
    throw new DataError(
      `${file}: the optimizer state holds [${have.join(", ")}], the config's optimizer needs [${want.join(", ")}]`,
    );
  }
  for (const name of want) fromBase64(saved.buffers[name]!, state.buffers[name]!, `${file}: optimizer.${name}`);
  for (const name of Object.keys(state.scalars)) {
    const value = saved.scalars?.[name];
    if (typeof value !== "number") throw new DataError(`${file}: the optimizer state has no number "${name}"`);
    state.scalars[name] = value;
  }
}

function toBase64(a: Float): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function fromBase64(text: string, out: Float, what: string): void {
  const bytes = Buffer.from(text, "base64");
  if (bytes.byteLength !== out.byteLength) {
    throw new DataError(`${what}: ${bytes.byteLength} bytes, expected ${out.byteLength} (a different model?)`);
  }
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
}
