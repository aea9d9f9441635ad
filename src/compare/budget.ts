/**
 * The skip rule: a method is run only if its predicted time fits the per-case budget.
 *   predicted seconds per gradient = exact multiply-adds (closed form) / measured rate
 * The rate (multiply-adds per second) is the one this method showed on its last run case;
 * before it has run at all, the slowest rate any method has shown on this machine. A method
 * whose full plan (warm-up + repeats) would overrun the budget runs fewer repeats; one whose
 * single gradient would overrun it is skipped, and the prediction is recorded instead.
 */
import type { CompareMethodId } from "../config/compare-schema.js";
import { plannedSeconds, type TimingPlan } from "./timing.js";

export interface RateEstimate {
  /** multiply-adds per second */
  rate: number;
  /** where the rate came from, e.g. "path-enumeration@L5-H2" */
  source: string;
}

/** Measured multiply-add rates, most recent per method. */
export class RateBook {
  private readonly latest = new Map<CompareMethodId, RateEstimate>();

  record(method: CompareMethodId, caseId: string, multiplyAdds: number, seconds: number): void {
    if (!(multiplyAdds > 0 && seconds > 0 && Number.isFinite(seconds))) return;
    this.latest.set(method, { rate: multiplyAdds / seconds, source: `${method}@${caseId}` });
  }

  /** this method's own last rate, else the slowest rate seen; null before anything ran */
  estimate(method: CompareMethodId): RateEstimate | null {
    const own = this.latest.get(method);
    if (own) return own;
    let slowest: RateEstimate | null = null;
    for (const r of this.latest.values()) if (slowest === null || r.rate < slowest.rate) slowest = r;
    return slowest;
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
