/**
 * The warm-up before the first timed case, and the up-front estimate it makes possible. V8
 * compiles a hot function only after many calls, and recompiles it when it meets new shapes
 * (another depth), so a first timed case runs cold unless every method has already run on a few
 * networks. The warm-up runs every method, untimed as far as the results go, on the first three
 * networks of the sweeps and on a shortened copy of each listed network (its longest prefix whose
 * path enumeration costs ≤ CALIBRATION_MULTIPLY_ADDS), under WARMUP_PLAN and a small budget.
 * The rates it measures predict the whole grid's time:
 *   estimate = Σ over cases and methods that would run of plannedSeconds(plan, exact count / rate)
 */
import type { CompareConfig, CompareMethodId } from "../config/compare-schema.js";
import { decide, RateBook } from "./budget.js";
import { caseNetwork } from "./compare-grid.js";
import type { BenchBackend, BenchCase } from "./compare-types.js";
import { plannedSeconds, type TimingPlan } from "./timing.js";

export const WARMUP_PLAN: TimingPlan = { warmup: 1, warmupSeconds: 0.01, repeats: 3, minSampleSeconds: 0.001 };
/** a method predicted to take longer than this per gradient is not warmed up */
export const WARMUP_BUDGET_SECONDS = 0.5;
/** the most path-enumeration multiply-adds a listed network's warm-up copy may cost */
export const CALIBRATION_MULTIPLY_ADDS = 3e6;

export type WarmupRun = (
  benchCase: BenchCase,
  rates: RateBook,
  plan: { timing: TimingPlan; budgetSeconds: number },
) => void;

/** The networks to warm up on: the sweeps' first three, and each listed network's calibration prefix. */
export function warmupCases(config: CompareConfig, cases: readonly BenchCase[], backend: BenchBackend): BenchCase[] {
  const sweeps = cases.filter((c) => !c.sweeps.includes("network")).slice(0, 3);
  const prefixes = cases
    .filter((c) => c.sweeps.includes("network"))
    .map((c): BenchCase => {
      const hidden = c.sizes.slice(1, -1);
      let k = hidden.length;
      const sizesAt = (n: number) => [c.sizes[0]!, ...hidden.slice(0, n), c.sizes[c.sizes.length - 1]!];
      const cost = (n: number) =>
        backend.predictCost("path-enumeration", caseNetwork(config, { ...c, sizes: sizesAt(n) }), config.batchSize)
          .multiplyAdds;
      while (k > 1 && cost(k) > CALIBRATION_MULTIPLY_ADDS) k--;
      return { ...c, id: `${c.id}:warm-up`, depth: k, sizes: sizesAt(k) };
    });
  return [...sweeps, ...prefixes];
}

/** Runs the warm-up passes; returns the rates they measured (keyed by the cases' families). */
export function warmUp(
  config: CompareConfig,
  cases: readonly BenchCase[],
  run: WarmupRun,
  backend: BenchBackend,
): RateBook {
  const rates = new RateBook();
  const budgetSeconds = Math.min(config.budgetSeconds, WARMUP_BUDGET_SECONDS);
  for (const c of warmupCases(config, cases, backend)) run(c, rates, { timing: WARMUP_PLAN, budgetSeconds });
  return rates;
}

/** Predicted seconds of the timed pass, at the warm-up's rates (methods predicted over the budget count 0). */
export function estimateGrid(
  config: CompareConfig,
  cases: readonly BenchCase[],
  rates: RateBook,
  backend: BenchBackend,
  plan: TimingPlan,
): number {
  let total = 0;
  const methods: CompareMethodId[] = ["backprop", ...new Set(config.methods.filter((m) => m !== "backprop"))];
  for (const c of cases) {
    for (const method of methods) {
      const madds = backend.predictCost(method, caseNetwork(config, c), config.batchSize).multiplyAdds;
      const estimate = rates.estimate(method, c.family);
      if (!estimate) continue;
      const seconds = madds / estimate.rate;
      const decision = decide(method === "backprop" ? null : seconds, plan, config.budgetSeconds);
      if (decision.run) total += plannedSeconds(decision.plan, seconds);
    }
  }
  return total;
}
