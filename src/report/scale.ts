/**
 * Axis scales for the SVG charts: a domain [d0, d1] widened to nice ticks, mapped to pixels.
 *   linear: ticks every step ∈ {1, 2, 5}·10^k, first ≤ min, last ≥ max;  px = r0 + (v − d0)/(d1 − d0)·(r1 − r0)
 *   log:    ticks at powers of ten 10^⌊log10 min⌋ … 10^⌈log10 max⌉;         px = same map on log10 v
 * Values a scale cannot show (non-finite; ≤ 0 on a log scale) are reported by `accepts`.
 */
import { formatNumber } from "./number-format.js";

export type ScaleKind = "linear" | "log";

export interface Scale {
  kind: ScaleKind;
  /** the widened domain: the first and last major tick */
  domain: [number, number];
  /** major ticks, ascending */
  ticks: number[];
  /** faint grid lines between major ticks (2…9·10^k on a log scale with few decades) */
  minorTicks: number[];
  accepts(v: number): boolean;
  /** value → pixel on the range given to makeScale */
  map(v: number): number;
}

/** Ticks every 1, 2 or 5 × 10^k, about `target` of them, covering [min, max]. */
export function niceLinearTicks(min: number, max: number, target = 6): number[] {
  if (min === max) [min, max] = min === 0 ? [-1, 1] : [min - Math.abs(min) / 2, max + Math.abs(max) / 2];
  const step = niceStep((max - min) / Math.max(1, target - 1));
  const first = Math.floor(min / step + 1e-9),
    last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(clean(k * step));
  return ticks;
}

/** The smallest of 1, 2, 5 (× 10^k) that is ≥ raw. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5]) if (m * power >= raw * (1 - 1e-9)) return clean(m * power);
  return clean(10 * power);
}

/** Powers of ten covering [min, max] (both > 0), thinned to every k-th decade when there are many. */
export function logTicks(min: number, max: number, maxTicks = 9): number[] {
  let lo = Math.floor(Math.log10(min) + 1e-9),
    hi = Math.ceil(Math.log10(max) - 1e-9);
  if (lo === hi) hi = lo + 1;
  const every = Math.ceil((hi - lo) / (maxTicks - 1));
  lo = Math.floor(lo / every) * every;
  hi = Math.ceil(hi / every) * every;
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += every) ticks.push(clean(10 ** e));
  return ticks;
}

/**
 * A scale over the acceptable values in `values` plus `include` (e.g. 0 for a baseline),
 * mapped onto pixels [r0, r1] (r0 > r1 is fine: y grows downwards in SVG).
 */
export function makeScale(
  kind: ScaleKind,
  values: Iterable<number>,
  range: [number, number],
  include: readonly number[] = [],
): Scale {
  const accepts = (v: number): boolean => Number.isFinite(v) && (kind === "linear" || v > 0);
  let min = Infinity,
    max = -Infinity;
  for (const v of [...values, ...include]) {
    if (!accepts(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min > max) [min, max] = kind === "log" ? [1, 10] : [0, 1]; // nothing to show
  const ticks = kind === "log" ? logTicks(min, max) : niceLinearTicks(min, max);
  const d0 = ticks[0]!,
    d1 = ticks[ticks.length - 1]!;
  const [r0, r1] = range;
  const t = kind === "log" ? Math.log10 : (v: number): number => v;
  const t0 = t(d0),
    span = t(d1) - t0;
  return {
    kind,
    domain: [d0, d1],
    ticks,
    minorTicks: kind === "log" ? minorLogTicks(ticks) : [],
    accepts,
    map: (v) => r0 + ((t(v) - t0) / span) * (r1 - r0),
  };
}

/** 2…9 × 10^k between consecutive powers, only when ticks are one decade apart and few. */
function minorLogTicks(ticks: readonly number[]): number[] {
  if (ticks.length > 7 || (ticks.length > 1 && ticks[1]! / ticks[0]! > 10.5)) return [];
  const minor: number[] = [];
  for (let i = 0; i + 1 < ticks.length; i++) for (let m = 2; m <= 9; m++) minor.push(clean(m * ticks[i]!));
  return minor;
}

/** Removes binary noise such as 0.30000000000000004 → 0.3. */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** Linear ticks as short numbers; log ticks as plain numbers in [0.001, 10000], else 10ⁿ. */
export function tickLabel(t: number, ticks: readonly number[], kind: ScaleKind): string {
  if (kind === "linear") return formatNumber(t, 6);
  const plain = ticks.every((v) => v >= 1e-3 && v <= 1e4);
  return plain ? formatNumber(t, 6) : `10${superscript(Math.round(Math.log10(t)))}`;
}

function superscript(n: number): string {
  const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  return (n < 0 ? "⁻" : "") + [...String(Math.abs(n))].map((d) => digits[Number(d)]).join("");
}
