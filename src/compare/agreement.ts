/**
 * How far a gradient g lies from the backprop reference b, entry by entry over the flat vector:
 *   absolute  |g_i − b_i|
 *   relative  |g_i − b_i| / max(|g_i|, |b_i|)          (entries where both are 0 count as 0)
 *   scaled    |g_i − b_i| / max(1, |b_i|)              (absolute for small entries, relative for
 *                                                       large ones; this is what `tolerance` gates)
 * The worst parameter is the argmax of the scaled error (a NaN anywhere is the worst of all).
 */
import type { Float } from "../core/types.js";
import type { Agreement, ParamLocation } from "./compare-types.js";

export function compareGradients(
  g: Float,
  reference: Float,
  tolerance: number,
  locate: (index: number) => ParamLocation,
): Agreement {
  if (g.length !== reference.length) {
    throw new RangeError(`gradient lengths differ: ${g.length} vs reference ${reference.length}`);
  }
  let maxAbs = 0;
  let maxRel = 0;
  let maxScaled = 0;
  let worst = -1;
  for (let i = 0; i < g.length; i++) {
    const a = g[i]!;
    const b = reference[i]!;
    const diff = Math.abs(a - b);
    const scaled = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff / Math.max(1, Math.abs(b));
    const size = Math.max(Math.abs(a), Math.abs(b));
    const rel = size > 0 ? diff / size : 0;
    if (diff > maxAbs || Number.isNaN(diff)) maxAbs = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
    if (rel > maxRel || Number.isNaN(rel)) maxRel = Number.isNaN(rel) ? Number.POSITIVE_INFINITY : rel;
    if (worst < 0 || scaled > maxScaled) {
      maxScaled = scaled;
      worst = i;
    }
  }
  return {
    maxAbsDiff: maxAbs,
    maxRelDiff: maxRel,
    maxScaledError: maxScaled,
    worst: worst < 0 ? null : { ...locate(worst), value: g[worst]!, reference: reference[worst]! },
    pass: maxScaled <= tolerance,
  };
}

/** "layer 2 weight[1][0]" or "layer 3 bias[4]" — row = output unit, column = input unit. */
export function describeLocation(loc: ParamLocation): string {
  return loc.kind === "weight"
    ? `layer ${loc.layer} weight[${loc.row}][${loc.column ?? "?"}] (row ${loc.row}, column ${loc.column ?? "?"})`
    : `layer ${loc.layer} bias[${loc.row}]`;
}
