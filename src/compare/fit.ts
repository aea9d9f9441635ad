/**
 * How a cost grows with depth L, fitted honestly.
 * Counts (exact multiply-adds) follow known closed forms, so they get exact fits on those bases
 * (weighted least squares, relative residuals; "exact" when every residual is below 1e-9):
 *   backprop  a + b·L      finite differences  a + b·L + c·L²      path enumeration  a + b·L + c·H^L
 * Times are measured, so they get model selection that prefers the simpler model:
 *   linear t = a + b·L,  quadratic t = a + b·L + c·L²  (both weighted by 1/t², i.e. relative),
 *   exponential t = c·β^L  (least squares on (L, ln t));  score = RMS of ln t̂ − ln t
 * Linear stands unless a richer model is clearly better: its score at most half of linear's, and
 * linear's above the noise τ (the timing spread); two richer models neither of which halves the
 * other's score are "not distinguishable". Only growing models qualify (b > 0, c > 0, β > 1, and
 * t̂ rising over the depths fitted).
 */

export type TimeModel = "linear" | "quadratic" | "exponential";
export const TIME_MODELS: readonly TimeModel[] = ["linear", "quadratic", "exponential"];

/** A score below this is never "clearly worse": the relative timing noise no fit can beat. */
export const NOISE_FLOOR = 0.05;

export interface ModelFit {
  /** linear [a, b], quadratic [a, b, c], exponential [c, β] */
  coefficients: number[];
  /** RMS of ln t̂ − ln t over the points (+∞ when t̂ ≤ 0 somewhere) */
  logRms: number;
  /** t̂ rises over the depths and the leading coefficient (b, c or ln β) is positive beyond rounding */
  growing: boolean;
}

export interface TimeGrowth {
  depths: number[];
  /** τ: max(NOISE_FLOOR, 2 × the median of ln(median/min) over the points' repeats) */
  noise: number;
  fits: Record<TimeModel, ModelFit | null>;
  /** the selected model, or null when the data cannot tell the candidates apart */
  model: TimeModel | null;
  /** richer models that also fit within the noise, or the tied candidates when model is null */
  indistinguishable: TimeModel[];
  /** e.g. "linear", "exponential, base 2.98", "not distinguishable on L = 1…6: quadratic, exponential" */
  words: string;
}

export interface CountFit {
  /** "a + b·L", "a + b·L + c·L²", "a + b·L + c·3^L" */
  form: string;
  coefficients: number[];
  /** max |ŷ − y| / y over the points */
  maxRelResidual: number;
  exact: boolean;
}

/**
 * Weighted least squares: the x minimising Σ_i w_i²·(Σ_k A[i][k]·x_k − y_i)², by Householder QR
 * of the weighted design matrix with its columns scaled to unit length (so 1, L and 16^L can share
 * one solve). Returns null when the columns are linearly dependent on the points given.
 */
export function weightedLeastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  weights: readonly number[],
): number[] | null {
  const m = rows.length,
    n = rows[0]?.length ?? 0;
  if (m < n || n === 0) return null;
  const A = rows.map((r, i) => r.map((v) => v * weights[i]!));
  const b = y.map((v, i) => v * weights[i]!);
  const scale = Array.from({ length: n }, (_, k) => Math.hypot(...A.map((r) => r[k]!)) || 1);
  for (const r of A) for (let k = 0; k < n; k++) r[k] = r[k]! / scale[k]!;
  for (let k = 0; k < n; k++) {
    // reflect column k below the diagonal onto its first entry
    const norm = Math.hypot(...A.slice(k).map((r) => r[k]!));
    if (norm < 1e-12) return null;
    const alpha = A[k]![k]! > 0 ? -norm : norm;
    const v = A.map((r, i) => (i < k ? 0 : r[k]! - (i === k ? alpha : 0)));
    const vv = v.reduce((s, x) => s + x * x, 0);
    if (vv === 0) continue;
    for (let j = k; j < n; j++)
      reflect(
        v,
        vv,
        (i) => A[i]![j]!,
        (i, x) => (A[i]![j] = x),
      );
    reflect(
      v,
      vv,
      (i) => b[i]!,
      (i, x) => (b[i] = x),
    );
  }
  const x = new Array<number>(n).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let j = k + 1; j < n; j++) s -= A[k]![j]! * x[j]!;
    x[k] = s / A[k]![k]!;
  }
  return x.map((v, k) => v / scale[k]!);
}

/** u ← (I − 2vvᵀ/vᵀv)·u for the column u read by get and written by set */
function reflect(v: number[], vv: number, get: (i: number) => number, set: (i: number, x: number) => void): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += v[i]! * get(i);
  const f = (2 * dot) / vv;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) set(i, get(i) - f * v[i]!);
}

/** Least squares line y = intercept + slope·x. Needs ≥ 2 distinct x. */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number } {
  const fit =
    new Set(xs).size < 2
      ? null
      : weightedLeastSquares(
          xs.map((x) => [1, x]),
          ys,
          xs.map(() => 1),
        );
  if (fit === null) throw new RangeError("a line needs at least two distinct x values");
  return { intercept: fit[0]!, slope: fit[1]! };
}

/** t̂(L) under a fitted model. */
export function evaluateModel(model: TimeModel, coefficients: readonly number[], depth: number): number {
  const [p, q, r] = coefficients as [number, number, number];
  switch (model) {
    case "linear":
      return p + q * depth;
    case "quadratic":
      return p + q * depth + r * depth * depth;
    case "exponential":
      return p * q ** depth;
  }
}

function fitModel(model: TimeModel, depths: readonly number[], values: readonly number[]): ModelFit | null {
  let coefficients: number[] | null;
  if (model === "exponential") {
    const line = weightedLeastSquares(
      depths.map((L) => [1, L]),
      values.map(Math.log),
      depths.map(() => 1),
    );
    coefficients = line && [Math.exp(line[0]!), Math.exp(line[1]!)];
  } else {
    const basis = (L: number) => (model === "linear" ? [1, L] : [1, L, L * L]);
    coefficients = weightedLeastSquares(
      depths.map(basis),
      values,
      values.map((t) => 1 / t),
    );
  }
  if (coefficients === null) return null;
  let sum = 0;
  for (let i = 0; i < depths.length; i++) {
    const t = evaluateModel(model, coefficients, depths[i]!);
    sum += t > 0 ? (Math.log(t) - Math.log(values[i]!)) ** 2 : Number.POSITIVE_INFINITY;
  }
  // growing: t̂ rises over the depths, and the leading term is more than rounding noise there
  const lo = Math.min(...depths),
    hi = Math.max(...depths);
  const top = evaluateModel(model, coefficients, hi);
  const lead = model === "exponential" ? Math.log(coefficients[1]!) * hi : coefficients[model === "linear" ? 1 : 2]!;
  const leadShare = model === "exponential" ? lead : (lead * hi ** (model === "linear" ? 1 : 2)) / top;
  const growing = top > evaluateModel(model, coefficients, lo) * (1 + 1e-9) && leadShare > 1e-9;
  return { coefficients, logRms: Math.sqrt(sum / depths.length), growing };
}

/**
 * Fits and selects a time model. `spreads[i]` = ln(median/min) of point i's repeats (0 if one).
 * Returns null with fewer than three distinct depths or a value that is not positive.
 */
export function fitTimeGrowth(
  depths: readonly number[],
  values: readonly number[],
  spreads: readonly number[],
): TimeGrowth | null {
  if (depths.length !== values.length) throw new RangeError("depths and values differ in length");
  if (new Set(depths).size < 3 || values.some((v) => !(v > 0 && Number.isFinite(v)))) return null;
  const sorted = [...spreads].sort((a, b) => a - b);
  const noise = Math.max(NOISE_FLOOR, 2 * (sorted[Math.floor(sorted.length / 2)] ?? 0));
  const fits = {
    linear: fitModel("linear", depths, values),
    quadratic: fitModel("quadratic", depths, values),
    exponential: fitModel("exponential", depths, values),
  };
  const span = `L = ${Math.min(...depths)}…${Math.max(...depths)}`;
  const usable = (m: TimeModel) => {
    const f = fits[m];
    return f?.growing === true && Number.isFinite(f.logRms);
  };
  const score = (m: TimeModel) => fits[m]!.logRms;
  const richer = TIME_MODELS.filter((m) => m !== "linear" && usable(m));
  const result = (model: TimeModel | null, indistinguishable: TimeModel[], words: string): TimeGrowth => ({
    depths: [...depths],
    noise,
    fits,
    model,
    indistinguishable,
    words,
  });
  if (!usable("linear")) {
    if (richer.length === 0) return result(null, [], `no growth measurable on ${span}`);
  } else {
    const better = richer.filter((m) => score(m) <= score("linear") / 2 && score("linear") > noise);
    if (better.length === 0) {
      const also = richer.filter((m) => score(m) <= noise);
      const note = also.length > 0 ? ` (${also.join(" and ")} not distinguishable from it on ${span})` : "";
      return result("linear", also, `linear${note}`);
    }
    richer.splice(0, richer.length, ...better);
  }
  const [a, b] = [...richer].sort((x, y) => score(x) - score(y));
  if (b === undefined || score(a!) <= score(b) / 2) return result(a!, [], modelWords(a!, fits[a!]!));
  const tied = [a!, b].sort((x, y) => TIME_MODELS.indexOf(x) - TIME_MODELS.indexOf(y));
  return result(null, tied, `not distinguishable on ${span}: ${tied.join(" or ")}`);
}

export function modelWords(model: TimeModel, fit: ModelFit): string {
  switch (model) {
    case "linear":
      return "linear";
    case "quadratic":
      return "quadratic";
    case "exponential":
      return `exponential, base ${fit.coefficients[1]!.toFixed(2)}`;
  }
}

/** "t = 1.2e-6 + 3.4e-7·L (log-RMS 0.031)": a fit a reader can check. */
export function describeTimeFit(model: TimeModel, fit: ModelFit): string {
  const g = (x: number): string => x.toPrecision(3);
  const [p, q, r] = fit.coefficients as [number, number, number];
  const rms = `(log-RMS ${g(fit.logRms)})`;
  switch (model) {
    case "linear":
      return `t = ${g(p)} + ${g(q)}·L ${rms}`;
    case "quadratic":
      return `t = ${g(p)} + ${g(q)}·L + ${g(r)}·L² ${rms}`;
    case "exponential":
      return `t = ${g(p)}·${g(q)}^L ${rms}`;
  }
}

export type CountBasis = { kind: "linear" } | { kind: "quadratic" } | { kind: "exponential"; base: number };

/**
 * The exact fit of a count on its closed form's basis: null with fewer points than coefficients.
 * An exponential basis H^L with H = 1 is the constant column: the quadratic basis is used instead.
 */
export function fitCount(depths: readonly number[], values: readonly number[], basis: CountBasis): CountFit | null {
  const kind = basis.kind === "exponential" && basis.base === 1 ? "quadratic" : basis.kind;
  const H = basis.kind === "exponential" ? basis.base : 1;
  const row = (L: number): number[] =>
    kind === "linear" ? [1, L] : kind === "quadratic" ? [1, L, L * L] : [1, L, H ** L];
  const form = kind === "linear" ? "a + b·L" : kind === "quadratic" ? "a + b·L + c·L²" : `a + b·L + c·${H}^L`;
  if (new Set(depths).size < row(1).length || values.some((v) => !(v > 0))) return null;
  const coefficients = weightedLeastSquares(
    depths.map(row),
    values,
    values.map((v) => 1 / v),
  );
  if (coefficients === null) return null;
  // a term that moves no point by more than 1e-12 of its value is rounding noise: drop it
  for (let k = 0; k < coefficients.length; k++) {
    if (depths.every((L, i) => Math.abs(coefficients[k]! * row(L)[k]!) < 1e-12 * values[i]!)) coefficients[k] = 0;
  }
  let maxRelResidual = 0;
  depths.forEach((L, i) => {
    const fitted = row(L).reduce((s, x, k) => s + x * coefficients[k]!, 0);
    maxRelResidual = Math.max(maxRelResidual, Math.abs(fitted - values[i]!) / values[i]!);
  });
  return { form, coefficients, maxRelResidual, exact: maxRelResidual < 1e-9 };
}

/** "exact: 120 + 216·L" or "a + b·L + c·L² = 1.2e4 + … (max residual 3%)". */
export function describeCountFit(fit: CountFit): string {
  const g = (x: number): string => Number(x.toPrecision(4)).toString();
  const terms = fit.form
    .split(" + ")
    .map((term, k) => {
      const c = fit.coefficients[k]!;
      return c === 0 ? null : k === 0 ? g(c) : `${g(c)}·${term.slice(2)}`;
    })
    .filter((t) => t !== null);
  const body = (terms.join(" + ") || "0").replace(/\+ -/g, "− ");
  return fit.exact ? `exact: ${body}` : `${body} (max residual ${(100 * fit.maxRelResidual).toPrecision(2)} %)`;
}
