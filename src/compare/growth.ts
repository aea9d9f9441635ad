/**
 * What the depth sweep says: for each width H and method, the exact fit of its multiply-adds on
 * the closed form's basis and the model selection of its seconds per gradient against depth L
 * (fit.ts), and the claim table at L = 20 set beside the article's estimate exp(20)/20 ≈ 2.4e7:
 *   time ratio   = t_method(20) / t_BP(20)                   (t = the fastest repeat where it ran;
 *                  elsewhere the one extrapolation rule of budget.ts: exact count / measured rate)
 *   madd ratio   = madds_method(20) / madds_BP(20)           (exact, closed form, never run)
 *   rate ratio   = rate_BP / rate_method = time ratio / madd ratio   (implementation speed)
 */
import type { CompareConfig, CompareMethodId } from "../config/compare-schema.js";
import type { RateBook } from "./budget.js";
import { caseId, caseNetwork } from "./compare-grid.js";
import type { BenchBackend, CaseResult, ClaimRow, FitReport, TimePoint } from "./compare-types.js";
import { describeCountFit, fitCount, fitTimeGrowth, type CountBasis } from "./fit.js";
import { representativeSeconds } from "./timing.js";

export const CLAIM_DEPTH = 20;
export const ARTICLE_SPEEDUP = Math.exp(CLAIM_DEPTH) / CLAIM_DEPTH;

/** The closed form each method's count follows at uniform width H (src/grad/cost-model.ts). */
export function countBasis(method: CompareMethodId, width: number): CountBasis {
  if (method === "backprop") return { kind: "linear" };
  if (method === "path-enumeration") return { kind: "exponential", base: width };
  return { kind: "quadratic" };
}

export function growthFits(cases: readonly CaseResult[]): FitReport[] {
  const sweep = cases.filter((c) => c.sweeps.includes("depth"));
  const widths = [...new Set(sweep.map((c) => c.width!))];
  const methods = [...new Set(sweep.flatMap((c) => c.methods.map((m) => m.method)))];
  const reports: FitReport[] = [];
  for (const width of widths) {
    const atWidth = sweep.filter((c) => c.width === width).sort((a, b) => a.depth - b.depth);
    for (const method of methods) {
      const seconds = { depths: [] as number[], values: [] as number[], spreads: [] as number[] };
      const madds = { depths: [] as number[], values: [] as number[] };
      for (const c of atWidth) {
        const m = c.methods.find((r) => r.method === method);
        if (!m) continue;
        madds.depths.push(c.depth);
        madds.values.push(m.cost?.multiplyAdds ?? m.predicted.multiplyAdds);
        if (m.timing) {
          seconds.depths.push(c.depth);
          seconds.values.push(representativeSeconds(m.timing));
          seconds.spreads.push(Math.log(m.timing.median / representativeSeconds(m.timing)));
        }
      }
      const time = fitTimeGrowth(seconds.depths, seconds.values, seconds.spreads);
      reports.push({ width, method, quantity: "seconds", ...seconds, time, count: null, growth: time?.words ?? null });
      const count = fitCount(madds.depths, madds.values, countBasis(method, width));
      const growth = count ? describeCountFit(count) : null;
      reports.push({ width, method, quantity: "multiplyAdds", ...madds, time: null, count, growth });
    }
  }
  return reports;
}

/**
 * Seconds per gradient of `method` at (L, H): measured if it ran; else the case's recorded
 * prediction; else, for a depth not in the grid, the same rule with the rate book's final rates.
 */
export function secondsAt(
  config: CompareConfig,
  cases: readonly CaseResult[],
  rates: RateBook,
  backend: BenchBackend,
  at: { method: CompareMethodId; depth: number; width: number },
): TimePoint | null {
  const id = caseId(at.depth, at.width);
  const m = cases.find((c) => c.id === id)?.methods.find((r) => r.method === at.method);
  if (m?.timing) return { value: representativeSeconds(m.timing), extrapolated: false };
  if (m?.predicted.seconds != null) return { value: m.predicted.seconds, extrapolated: true };
  const estimate = rates.estimate(at.method, `H${at.width}`);
  if (!estimate) return null;
  const sizes = [config.inputs, ...Array.from({ length: at.depth }, () => at.width), config.outputs];
  const net = caseNetwork(config, { sizes });
  return {
    value: backend.predictCost(at.method, net, config.batchSize).multiplyAdds / estimate.rate,
    extrapolated: true,
  };
}

export function claimTable(
  config: CompareConfig,
  cases: readonly CaseResult[],
  rates: RateBook,
  backend: BenchBackend,
): ClaimRow[] {
  const widths = [...new Set(cases.filter((c) => c.sweeps.includes("depth")).map((c) => c.width!))];
  const others = [...new Set(config.methods)].filter((m) => m !== "backprop");
  return widths.map((width) => {
    const sizes = [config.inputs, ...Array.from({ length: CLAIM_DEPTH }, () => width), config.outputs];
    const net = caseNetwork(config, { sizes });
    const bpMadds = backend.predictCost("backprop", net, config.batchSize).multiplyAdds;
    const bp = secondsAt(config, cases, rates, backend, { method: "backprop", depth: CLAIM_DEPTH, width });
    return {
      width,
      depth: CLAIM_DEPTH,
      backpropSeconds: bp,
      versus: others.map((method) => {
        const seconds = secondsAt(config, cases, rates, backend, { method, depth: CLAIM_DEPTH, width });
        const timeRatio =
          seconds && bp
            ? { value: seconds.value / bp.value, extrapolated: seconds.extrapolated || bp.extrapolated }
            : null;
        const multiplyAddRatio = backend.predictCost(method, net, config.batchSize).multiplyAdds / bpMadds;
        return {
          method,
          seconds,
          timeRatio,
          multiplyAddRatio,
          rateRatio: timeRatio ? timeRatio.value / multiplyAddRatio : null,
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
    const r = measuredRatio(c, method);
    if (r !== null && (best === null || c.depth > best.depth)) best = { depth: c.depth, timeRatio: r };
  }
  return best;
}

/** t_method / t_BP on one case, where both ran (fastest repeats); else null. */
export function measuredRatio(c: CaseResult, method: CompareMethodId): number | null {
  const t = c.methods.find((m) => m.method === method)?.timing;
  const b = c.methods.find((m) => m.method === "backprop")?.timing;
  return t && b ? representativeSeconds(t) / representativeSeconds(b) : null;
}
