/**
 * How a cost t grows with depth L: three two-parameter models fitted by least squares.
 *   linear       t = a + b·L      ordinary least squares on (L, t)
 *   power        t = c·L^d        least squares on (ln L, ln t)   → degree d
 *   exponential  t = c·β^L        least squares on (L, ln t)      → base β
 * The best model has the smallest RMS of ln t − ln t̂ (a relative error, fair to all three;
 * a linear fit predicting t ≤ 0 anywhere scores +∞). Ties within 1e-9 go to the simpler
 * reading, in the order linear, power, exponential.
 */

export type GrowthModel = "linear" | "power" | "exponential";

export interface GrowthFit {
  /** number of (L, t) points fitted */
  points: number;
  linear: { a: number; b: number; logRms: number };
  power: { c: number; d: number; logRms: number };
  exponential: { c: number; base: number; logRms: number };
  best: GrowthModel;
}

/** Least squares line y = intercept + slope·x. Needs ≥ 2 distinct x. */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number } {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i]! - my);
  }
  if (n < 2 || sxx === 0) throw new RangeError("a line needs at least two distinct x values");
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** t̂(L) under one model of a fit. */
export function evaluateGrowth(fit: GrowthFit, model: GrowthModel, depth: number): number {
  switch (model) {
    case "linear":
      return fit.linear.a + fit.linear.b * depth;
    case "power":
      return fit.power.c * depth ** fit.power.d;
    case "exponential":
      return fit.exponential.c * fit.exponential.base ** depth;
  }
}

/**
 * Fit all three models to (depths, values). Returns null when there are fewer than two
 * distinct depths or a value is not positive (no logarithm).
 */
export function fitGrowth(depths: readonly number[], values: readonly number[]): GrowthFit | null {
  if (depths.length !== values.length) throw new RangeError("depths and values differ in length");
  if (new Set(depths).size < 2 || values.some((v) => !(v > 0 && Number.isFinite(v)))) return null;
  if (depths.some((L) => !(L > 0))) return null;
  const logT = values.map(Math.log);
  const line = leastSquaresLine(depths, values);
  const pow = leastSquaresLine(depths.map(Math.log), logT);
  const exp = leastSquaresLine(depths, logT);
  const fit: GrowthFit = {
    points: depths.length,
    linear: { a: line.intercept, b: line.slope, logRms: 0 },
    power: { c: Math.exp(pow.intercept), d: pow.slope, logRms: 0 },
    exponential: { c: Math.exp(exp.intercept), base: Math.exp(exp.slope), logRms: 0 },
    best: "linear",
  };
  fit.linear.logRms = logRms(fit, "linear", depths, logT);
  fit.power.logRms = logRms(fit, "power", depths, logT);
  fit.exponential.logRms = logRms(fit, "exponential", depths, logT);
  fit.best = chooseBest(fit);
  return fit;
}

function logRms(fit: GrowthFit, model: GrowthModel, depths: readonly number[], logT: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < depths.length; i++) {
    const predicted = evaluateGrowth(fit, model, depths[i]!);
    if (!(predicted > 0)) return Number.POSITIVE_INFINITY;
    const r = Math.log(predicted) - logT[i]!;
    sum += r * r;
  }
  return Math.sqrt(sum / depths.length);
}

const PREFERENCE: readonly GrowthModel[] = ["linear", "power", "exponential"];

function chooseBest(fit: GrowthFit): GrowthModel {
  let best: GrowthModel = "linear";
  for (const model of PREFERENCE) {
    if (fit[model].logRms < fit[best].logRms - 1e-9) best = model;
  }
  return best;
}

/** One line a reader can check: "linear: t = 1.2e-6 + 3.4e-7·L (log-RMS 0.031)". */
export function describeGrowth(fit: GrowthFit, model: GrowthModel): string {
  const g = (x: number): string => x.toPrecision(3);
  switch (model) {
    case "linear":
      return `linear t = ${g(fit.linear.a)} + ${g(fit.linear.b)}·L (log-RMS ${g(fit.linear.logRms)})`;
    case "power":
      return `power t = ${g(fit.power.c)}·L^${g(fit.power.d)} (log-RMS ${g(fit.power.logRms)})`;
    case "exponential":
      return (
        `exponential t = ${g(fit.exponential.c)}·${g(fit.exponential.base)}^L ` +
        `(log-RMS ${g(fit.exponential.logRms)})`
      );
  }
}
