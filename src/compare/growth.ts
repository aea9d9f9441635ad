/**
 * What the depth sweep says: for each width H and method, fits of seconds per gradient and of
 * exact multiply-adds against depth L (fit.ts), and the claim table at L = 20 set beside the
 * article's estimate exp(20)/20 ≈ 2.4e7:
 *   time ratio   = t_method(20) / t_BP(20)     (measured, or extrapolated by the best fit: marked;
 *                                               t = the fastest repeat, see representativeSeconds)
 *   madd ratio   = madds_method(20) / madds_BP(20)   (exact, closed form, never run)
 * Each series is fitted over all its depths, which chooses the model; that model is then refitted
 * over the deeper half (depth ≥ the median depth, ≥ 3 points), whose degree/base is the asymptotic
 * one (offsets such as the input layer bend the small depths), and extrapolation uses it.
 */
import type { CompareConfig, CompareMethodId } from "../config/compare-schema.js";
import { caseNetwork, caseId } from "./compare-grid.js";
import type { BenchBackend, CaseResult, ClaimRow, FitReport } from "./compare-types.js";
import { evaluateGrowth, fitGrowth, type GrowthFit, type GrowthModel } from "./fit.js";
import { representativeSeconds } from "./timing.js";

export const CLAIM_DEPTH = 20;
export const ARTICLE_SPEEDUP = Math.exp(CLAIM_DEPTH) / CLAIM_DEPTH;

/** The fit extrapolation trusts: the deeper half's, else the full one. */
export function extrapolationFit(r: FitReport): GrowthFit | null {
  return r.tail?.fit ?? r.fit;
}

export function growthFits(cases: readonly CaseResult[]): FitReport[] {
  const sweep = cases.filter((c) => c.sweeps.includes("depth"));
  const widths = [...new Set(sweep.map((c) => c.width))];
  const methods = [...new Set(sweep.flatMap((c) => c.methods.map((m) => m.method)))];
  const reports: FitReport[] = [];
  for (const width of widths) {
    const atWidth = sweep.filter((c) => c.width === width).sort((a, b) => a.depth - b.depth);
    for (const method of methods) {
      const seconds = { depths: [] as number[], values: [] as number[] };
      const madds = { depths: [] as number[], values: [] as number[] };
      for (const c of atWidth) {
        const m = c.methods.find((r) => r.method === method);
        if (!m) continue;
        madds.depths.push(c.depth);
        madds.values.push(m.cost?.multiplyAdds ?? m.predicted.multiplyAdds);
        if (m.timing) {
          seconds.depths.push(c.depth);
          seconds.values.push(representativeSeconds(m.timing));
        }
      }
      reports.push(report(width, method, "seconds", seconds.depths, seconds.values));
      reports.push(report(width, method, "multiplyAdds", madds.depths, madds.values));
    }
  }
  return reports;
}

function report(
  width: number,
  method: CompareMethodId,
  quantity: FitReport["quantity"],
  depths: number[],
  values: number[],
): FitReport {
  const fit = fitGrowth(depths, values);
  const tail = fit ? tailFit(depths, values, fit.best) : null;
  return { width, method, quantity, depths, values, fit, growth: fit ? growthInWords(fit) : null, tail };
}

/** The chosen model refitted on depth ≥ the median depth (null with fewer than 3 such points). */
function tailFit(depths: readonly number[], values: readonly number[], model: GrowthModel): FitReport["tail"] {
  const sorted = [...depths].sort((a, b) => a - b);
  const fromDepth = sorted[Math.floor((sorted.length - 1) / 2)];
  if (fromDepth === undefined) return null;
  const keep = depths.map((L) => L >= fromDepth);
  const tailDepths = depths.filter((_, i) => keep[i]);
  if (tailDepths.length < 3 || tailDepths.length === depths.length) return null;
  const fit = fitGrowth(
    tailDepths,
    values.filter((_, i) => keep[i]),
  );
  if (!fit) return null;
  fit.best = model;
  return { fromDepth, fit, growth: growthInWords(fit) };
}

export function growthInWords(fit: GrowthFit): string {
  switch (fit.best) {
    case "linear":
      return "linear";
    case "power":
      return `polynomial, degree ${fit.power.d.toFixed(2)}`;
    case "exponential":
      return `exponential, base ${fit.exponential.base.toFixed(2)}`;
  }
}

/** Seconds per gradient of `method` at (L, H): measured if it ran, else from its best time fit. */
export function secondsAt(
  cases: readonly CaseResult[],
  fits: readonly FitReport[],
  method: CompareMethodId,
  depth: number,
  width: number,
): { value: number; extrapolated: boolean } | null {
  const ran = cases.find((c) => c.id === caseId(depth, width))?.methods.find((m) => m.method === method)?.timing;
  if (ran) return { value: representativeSeconds(ran), extrapolated: false };
  const r = fits.find((x) => x.width === width && x.method === method && x.quantity === "seconds");
  const f = r ? extrapolationFit(r) : null;
  return f ? { value: evaluateGrowth(f, f.best, depth), extrapolated: true } : null;
}

export function claimTable(
  config: CompareConfig,
  cases: readonly CaseResult[],
  fits: readonly FitReport[],
  backend: BenchBackend,
): ClaimRow[] {
  const widths = [...new Set(cases.filter((c) => c.sweeps.includes("depth")).map((c) => c.width))];
  const others = [...new Set(config.methods)].filter((m) => m !== "backprop");
  return widths.map((width) => {
    const sizes = [config.inputs, ...Array.from({ length: CLAIM_DEPTH }, () => width), config.outputs];
    const net = caseNetwork(config, { id: caseId(CLAIM_DEPTH, width), depth: CLAIM_DEPTH, width, sizes, sweeps: [] });
    const bpMadds = backend.predictCost("backprop", net, config.batchSize).multiplyAdds;
    const bp = secondsAt(cases, fits, "backprop", CLAIM_DEPTH, width);
    return {
      width,
      depth: CLAIM_DEPTH,
      backpropSeconds: bp,
      versus: others.map((method) => {
        const seconds = secondsAt(cases, fits, method, CLAIM_DEPTH, width);
        const timeRatio =
          seconds && bp
            ? { value: seconds.value / bp.value, extrapolated: seconds.extrapolated || bp.extrapolated }
            : null;
        const madds = backend.predictCost(method, net, config.batchSize).multiplyAdds;
        return {
          method,
          seconds,
          timeRatio,
          multiplyAddRatio: madds / bpMadds,
          deepestRun: deepestRun(cases, method, width),
        };
      }),
      article: ARTICLE_SPEEDUP,
    };
  });
}

/** The deepest depth-sweep case at this width where both the method and BP ran, and its time ratio. */
function deepestRun(
  cases: readonly CaseResult[],
  method: CompareMethodId,
  width: number,
): { depth: number; timeRatio: number } | null {
  let best: { depth: number; timeRatio: number } | null = null;
  for (const c of cases) {
    if (c.width !== width || !c.sweeps.includes("depth")) continue;
    const t = c.methods.find((m) => m.method === method)?.timing;
    const b = c.methods.find((m) => m.method === "backprop")?.timing;
    if (t && b && (best === null || c.depth > best.depth))
      best = { depth: c.depth, timeRatio: representativeSeconds(t) / representativeSeconds(b) };
  }
  return best;
}
