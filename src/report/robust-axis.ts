/**
 * A y axis that tolerates zeros and outliers, for charts of losses and other values that may blow up:
 *   bulk      t = log10 v when every value is ≥ 0 (over the values > 0), else t = v; quartiles q1 ≤ q3 of t;
 *             the bulk is every value with t ≤ q3 + 3·(q3 − q1) (and ≥ q1 − 3·(q3 − q1) when linear)
 *   outliers  values beyond the bulk *and* over OUTLIER_FACTOR × its largest or under its smallest / OUTLIER_FACTOR
 *             (log), or that far from its median in units of the bulk's half-range (linear): clipped to the
 *             bulk's edge, said in the note
 *   scale     log when the remaining values > 0 span ≥ LOG_SPAN (max/min); zeros on a log axis are drawn
 *             on its bottom edge (clipped to the smallest value > 0), said in the note; else linear.
 */
import { formatNumber } from "./number-format.js";
import { LOG_SPAN } from "./run-report-series.js";
import type { ScaleKind } from "./scale.js";

/** a value is an outlier only this many times beyond the bulk */
export const OUTLIER_FACTOR = 5;
const FENCE = 3;

export interface AxisPlan {
  kind: ScaleKind;
  /** bounds for lineChart's yClip, when something is clipped */
  clip?: { min?: number; max?: number };
  /** what is clipped, for the chart's note; undefined when nothing is */
  note?: string;
}

export function planAxis(values: readonly number[]): AxisPlan {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { kind: "linear" };
  const nonNegative = finite.every((v) => v >= 0);
  const positive = finite.filter((v) => v > 0);
  const bulk = nonNegative ? bulkOf(positive, Math.log10) : bulkOf(finite, (v) => v);
  const notes: string[] = [];
  const clip: { min?: number; max?: number } = {};
  let kept = finite;
  if (bulk !== null) {
    const above = finite.filter((v) => isHighOutlier(v, bulk, nonNegative));
    const below = finite.filter((v) => (nonNegative ? v > 0 && v < bulk.min / OUTLIER_FACTOR : isLowOutlier(v, bulk)));
    if (above.length > 0) {
      clip.max = bulk.max;
      notes.push(`${count(above.length)} above ${formatNumber(bulk.max, 3)} (largest ${formatNumber(max(above), 3)})`);
    }
    if (below.length > 0) {
      clip.min = bulk.min;
      notes.push(`${count(below.length)} below ${formatNumber(bulk.min, 3)} (smallest ${formatNumber(min(below), 3)})`);
    }
    const out = new Set([...above, ...below]);
    kept = finite.filter((v) => !out.has(v));
  }
  const keptPositive = kept.filter((v) => v > 0);
  const log = nonNegative && keptPositive.length >= 2 && max(keptPositive) / min(keptPositive) >= LOG_SPAN;
  const zeros = kept.length - keptPositive.length;
  if (log && zeros > 0) {
    clip.min = min(keptPositive);
    notes.push(`${count(zeros)} of 0 on the bottom edge (a log axis has no 0)`);
  }
  const plan: AxisPlan = { kind: log ? "log" : "linear" };
  if (clip.min !== undefined || clip.max !== undefined) plan.clip = clip;
  if (notes.length > 0) plan.note = `clipped: ${notes.join("; ")}`;
  return plan;
}

interface Bulk {
  /** the bulk's smallest and largest value, and its median */
  min: number;
  max: number;
  median: number;
}

/** The values within the quartile fences of t(v); null for fewer than 4 values. */
function bulkOf(values: readonly number[], t: (v: number) => number): Bulk | null {
  if (values.length < 4) return null;
  const sorted = values.map(t).sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25),
    q3 = quantile(sorted, 0.75);
  const spread = q3 - q1;
  const inside = values.filter((v) => t(v) <= q3 + FENCE * spread && t(v) >= q1 - FENCE * spread);
  const middle = [...inside].sort((a, b) => a - b);
  return { min: min(inside), max: max(inside), median: quantile(middle, 0.5) };
}

function isHighOutlier(v: number, bulk: Bulk, log: boolean): boolean {
  if (v <= bulk.max) return false;
  if (log) return v > OUTLIER_FACTOR * bulk.max;
  return v - bulk.median > OUTLIER_FACTOR * Math.max(bulk.max - bulk.median, bulk.median - bulk.min, 1e-300);
}

function isLowOutlier(v: number, bulk: Bulk): boolean {
  if (v >= bulk.min) return false;
  return bulk.median - v > OUTLIER_FACTOR * Math.max(bulk.max - bulk.median, bulk.median - bulk.min, 1e-300);
}

/** linear interpolation between order statistics of sorted values */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q,
    lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function count(n: number): string {
  return n === 1 ? "1 value" : `${n} values`;
}

function min(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b), Infinity);
}

function max(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), -Infinity);
}

/** lineChart options of a plan: yClip and note, when something is clipped */
export function clipOptions(plan: AxisPlan): { yClip?: { min?: number; max?: number }; note?: string } {
  return { ...(plan.clip ? { yClip: plan.clip } : {}), ...(plan.note ? { note: plan.note } : {}) };
}
