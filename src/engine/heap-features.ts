/**
 * Feature rows on ordinary typed arrays (the reference and TypeScript engines): x kept in the
 * network's precision (an x already in it is used as it is, anything else is copied once), and a batch
 * filled by copying its rows: batch.x[b, :] ← x[order[start + b], :].
 */
import type { Precision } from "../config/train-schema.js";
import type { Float } from "../core/types.js";
import type { FeatureRows } from "./engine.js";

export function heapFeatures(x: Float, rows: number, cols: number, precision: Precision): FeatureRows {
  if (x.length !== rows * cols) throw new RangeError(`features: ${x.length} numbers are not ${rows} rows of ${cols}`);
  const own: Float =
    precision === "float64"
      ? x instanceof Float64Array
        ? x
        : Float64Array.from(x)
      : x instanceof Float32Array
        ? x
        : Float32Array.from(x);
  return {
    x: own,
    rows,
    cols,
    copyRows(order, start, count, batch) {
      for (let b = 0; b < count; b++) {
        const s = order === null ? start + b : order[start + b]!;
        batch.x.set(own.subarray(s * cols, s * cols + cols), b * cols);
      }
      batch.prepared = null;
    },
  };
}
