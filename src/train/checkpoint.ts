/**
 * Checkpoint codec (pure, no I/O): parameters, optimizer velocity and training progress as one
 * JSON-able value. Float arrays are stored as base64 of their bytes, so a resumed run restarts
 * from bit-identical numbers. The config travels with it so `--resume` needs nothing else.
 */
import { DataError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { TrainProgress } from "./state.js";

export const CHECKPOINT_FORMAT = "sgd-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  precision: "float32" | "float64";
  progress: TrainProgress;
  /** base64 of the parameter bytes (little-endian, as typed arrays store them here) */
  params: string;
  /** base64 of the velocity bytes, or null without momentum */
  velocity: string | null;
}

export function encodeCheckpoint(progress: TrainProgress, w: Float, velocity: Float | null): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    precision: w instanceof Float32Array ? "float32" : "float64",
    progress: { ...progress, epochRng: [...progress.epochRng] as unknown as TrainProgress["epochRng"] },
    params: toBase64(w),
    velocity: velocity === null ? null : toBase64(velocity),
  };
}

/** Copy the checkpoint's arrays into `w` / `velocity` (same length and precision) and return its progress. */
export function restoreCheckpoint(raw: unknown, file: string, w: Float, velocity: Float | null): TrainProgress {
  const c = raw as Partial<Checkpoint> | null;
  if (c === null || typeof c !== "object" || c.format !== CHECKPOINT_FORMAT) {
    throw new DataError(`${file}: not an sgd checkpoint`);
  }
  if (c.version !== CHECKPOINT_VERSION) {
    throw new DataError(`${file}: checkpoint version ${String(c.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  }
  const precision = w instanceof Float32Array ? "float32" : "float64";
  if (c.precision !== precision) throw new DataError(`${file}: checkpoint precision ${c.precision} differs from the config's ${precision}`);
  if (typeof c.params !== "string" || c.progress === undefined) throw new DataError(`${file}: checkpoint is incomplete`);
  fromBase64(c.params, w, `${file}: params`);
  if (velocity !== null) {
    if (typeof c.velocity !== "string") throw new DataError(`${file}: checkpoint has no optimizer velocity`);
    fromBase64(c.velocity, velocity, `${file}: velocity`);
  }
  return c.progress;
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
