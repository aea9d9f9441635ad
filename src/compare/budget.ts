/**
 * The skip rule and the one extrapolation rule. Every predicted time, wherever it is shown (the
 * case line, the charts, the claim table, results.json and results.csv), is
 *   predicted seconds per gradient = exact multiply-adds (closed form) / measured rate
 * with the rate (multiply-adds per second) this method showed on the deepest case of the same
 * family (uniform width H, or the listed network) that it ran on; else its latest rate anywhere;
 * before it has run at all, the rate the warm-up measured for it; else the slowest rate any method
 * has shown. A method whose full plan
 * (warm-up + repeats) would overrun the budget runs fewer repeats; one whose single gradient would
 * overrun it is skipped, and the prediction is recorded instead.
 */
import type { CompareMethodId } from "../config/compare-schema.js";
import type { RateRow } from "./compare-types.js";
import { plannedSeconds, type TimingPlan } from "./timing.js";

export interface RateEstimate {
  /** multiply-adds per second */
  rate: number;
  /** where the rate came from, e.g. "path-enumeration@L5-H2" */
  source: string;
}

/** Measured multiply-add rates: per method, the deepest case of each family, and the latest. */
export class RateBook {
  private readonly deepest = new Map<string, RateRow>();
  private readonly latest = new Map<CompareMethodId, RateEstimate>();

  /** `prior`: the warm-up's rates, used for a method that has not run here yet */
  constructor(private readonly prior: RateBook | null = null) {}

  record(
    method: CompareMethodId,
    at: { id: string; family: string; depth: number },
    multiplyAdds: number,
    seconds: number,
  ): void {
    if (!(multiplyAdds > 0 && seconds > 0 && Number.isFinite(seconds))) return;
    const rate = multiplyAdds / seconds;
    this.latest.set(method, { rate, source: `${method}@${at.id}` });
    const key = `${method} ${at.family}`;
    const known = this.deepest.get(key);
    if (known === undefined || at.depth >= known.depth)
      this.deepest.set(key, { method, family: at.family, caseId: at.id, depth: at.depth, multiplyAddsPerSecond: rate });
  }

  /** the rate of the deepest case of `family` this method ran, else its latest, else the prior's, else the slowest */
  estimate(method: CompareMethodId, family: string): RateEstimate | null {
    const own = this.deepest.get(`${method} ${family}`);
    if (own) return { rate: own.multiplyAddsPerSecond, source: `${method}@${own.caseId}` };
    const latest = this.latest.get(method) ?? this.prior?.estimate(method, family);
    if (latest) return latest;
    let slowest: RateEstimate | null = null;
    for (const r of this.latest.values()) if (slowest === null || r.rate < slowest.rate) slowest = r;
    return slowest;
  }

  /** every method's rate on the deepest case of each family */
  rows(): RateRow[] {
    return [...this.deepest.values()];
  }
}

export type BudgetDecision = { run: true; plan: TimingPlan; reduced: boolean } | { run: false; reason: string };

/** Run as planned, run with fewer repeats, or skip — from the predicted seconds per gradient. */
export function decide(predictedSeconds: number | null, plan: TimingPlan, budgetSeconds: number): BudgetDecision {
  if (predictedSeconds === null) return { run: true, plan, reduced: false };
  if (predictedSeconds > budgetSeconds) {
    return {
      run: false,
      reason: `predicted ${formatSeconds(predictedSeconds)} per gradient > budget ${formatSeconds(budgetSeconds)}`,
    };
  }
  if (plannedSeconds(plan, predictedSeconds) <= budgetSeconds) return { run: true, plan, reduced: false };
  // no warm-up (a call this long is warm after its first loop) and as many repeats as fit
  const repeats = Math.max(1, Math.min(plan.repeats, Math.floor(budgetSeconds / Math.max(predictedSeconds, 1e-300))));
  return {
    run: true,
    plan: { warmup: 0, warmupSeconds: 0, repeats, minSampleSeconds: plan.minSampleSeconds },
    reduced: true,
  };
}

/** 3 significant digits with a unit a reader scans quickly: 12.3 µs, 4.56 s, 2.1e+05 s (2.4 d). */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`;
  if (s < 1000) return `${s.toPrecision(3)} s`;
  const days = s / 86400;
  const years = days / 365.25;
  const human =
    years >= 1
      ? `${years.toPrecision(2)} years`
      : days >= 1
        ? `${days.toPrecision(2)} days`
        : `${(s / 3600).toPrecision(2)} h`;
  return `${s.toExponential(2)} s (${human})`;
}
