/**
 * compare-gradients, the benchmark itself: a warm-up (warm-up.ts), then for each case seeded
 * weights w and batch, and every method through the one GradientMethod interface — backprop first
 * (the reference), the others in order of predicted cost — each warmed up, timed, its exact cost
 * read back, and its gradient compared with backprop's. Methods predicted to overrun the budget
 * are skipped (budget.ts). No I/O: progress goes to `onEvent`, the results are returned.
 */
import { COMPARE_METHODS, type CompareConfig, type CompareMethodId } from "../config/compare-schema.js";
import type { Float } from "../core/types.js";
import { compareGradients } from "./agreement.js";
import { makeBatch, floatArray } from "./bench-batch.js";
import { decide, RateBook } from "./budget.js";
import { caseNetwork, caseRng, expandGrid, pathsPerWeight } from "./compare-grid.js";
import type {
  BenchBackend,
  BenchCase,
  BenchEvent,
  CaseArtifacts,
  CaseResult,
  CheckSummary,
  CompareResults,
  MethodResult,
} from "./compare-types.js";
import { claimTable, growthFits } from "./growth.js";
import { representativeSeconds, timeCalls, type Clock, type TimingPlan } from "./timing.js";
import { verdictSentences } from "./verdict.js";
import { estimateGrid, warmUp } from "./warm-up.js";

/** A method predicted to take this long or more is announced before it runs (a progress line). */
export const LONG_CALL_SECONDS = 2;

export interface RunOptions {
  backend: BenchBackend;
  clock: Clock;
  onEvent?: (event: BenchEvent) => void;
  /** called once per case with its weights, batch and gradients (for --save-gradients) */
  onArtifacts?: (artifacts: CaseArtifacts) => void;
}

export function runComparison(config: CompareConfig, options: RunOptions): CompareResults {
  const started = options.clock.now();
  const cases = expandGrid(config);
  const results: CaseResult[] = [];
  // untimed passes so JIT compilation is not timed as part of the first cases; their rates give the estimate
  const warm = warmUp(
    config,
    cases,
    (c, book, plan) => void runCase(config, c, 0, 1, book, { backend: options.backend, clock: options.clock }, plan),
    options.backend,
  );
  options.onEvent?.({
    type: "estimate",
    seconds: estimateGrid(config, cases, warm, options.backend, timingPlan(config)),
    cases: cases.length,
    warmupSeconds: options.clock.now() - started,
  });
  const rates = new RateBook(warm);
  cases.forEach((benchCase, index) => {
    results.push(runCase(config, benchCase, index, cases.length, rates, options));
  });
  const fits = growthFits(results);
  const claims = claimTable(config, results, rates, options.backend);
  return {
    format: "sgd-compare-gradients",
    version: 2,
    config,
    cases: results,
    fits,
    claims,
    rates: rates.rows(),
    verdict: verdictSentences(config, { cases: results, claims }, rates, options.backend),
    check: checkSummary(results, config.tolerance),
    totalSeconds: options.clock.now() - started,
  };
}

/** Backprop first, then the others by predicted multiply-adds, cheapest first. */
function methodOrder(config: CompareConfig, predict: (m: CompareMethodId) => number): CompareMethodId[] {
  const others = [...new Set(config.methods)].filter((m) => m !== "backprop");
  return ["backprop", ...others.sort((a, b) => predict(a) - predict(b))];
}

function runCase(
  config: CompareConfig,
  benchCase: BenchCase,
  index: number,
  total: number,
  rates: RateBook,
  options: RunOptions,
  plan: { timing: TimingPlan; budgetSeconds: number } = {
    timing: timingPlan(config),
    budgetSeconds: config.budgetSeconds,
  },
): CaseResult {
  const { backend, clock } = options;
  const net = caseNetwork(config, benchCase);
  const rng = caseRng(config.seed, benchCase);
  const params = backend.createParams(net, rng.fork());
  const batch = makeBatch(net, config.batchSize, rng.fork());
  options.onEvent?.({ type: "case-start", index, total, benchCase, parameters: params.length });

  const predictCost = (m: CompareMethodId) => backend.predictCost(m, net, config.batchSize);
  const gradients: Partial<Record<CompareMethodId, Float>> = {};
  const methods: MethodResult[] = [];
  let reference: Float | null = null;
  for (const method of methodOrder(config, (m) => predictCost(m).multiplyAdds)) {
    const predictedCost = predictCost(method);
    const estimate = rates.estimate(method, benchCase.family);
    const predictedSeconds = estimate ? predictedCost.multiplyAdds / estimate.rate : null;
    const predicted = { ...predictedCost, seconds: predictedSeconds, rateSource: estimate?.source ?? null };
    // backprop is the reference and always runs; the others must fit the budget
    const decision = decide(method === "backprop" ? null : predictedSeconds, plan.timing, plan.budgetSeconds);
    let result: MethodResult;
    if (!decision.run) {
      result = {
        method,
        status: "skipped",
        predicted,
        timing: null,
        cost: null,
        loss: null,
        agreement: null,
        skipReason: decision.reason,
      };
    } else {
      const gradient = floatArray(net.precision, params.length);
      const w = params.slice(); // each method gets its own copy: one that perturbs w cannot touch the others
      const gm = backend.createMethod(method, net, config.batchSize, config.epsilon);
      if (predictedSeconds !== null && predictedSeconds >= LONG_CALL_SECONDS) {
        const multiplyAdds = predictedCost.multiplyAdds;
        options.onEvent?.({ type: "method-start", caseId: benchCase.id, method, predictedSeconds, multiplyAdds });
      }
      let loss = Number.NaN;
      const call = (): void => {
        loss = gm.compute(w, batch, gradient);
      };
      const timing = timeCalls(call, clock, decision.plan);
      const cost = gm.lastCost();
      rates.record(method, benchCase, cost.multiplyAdds, representativeSeconds(timing));
      if (method === "backprop") reference = gradient;
      const agreement =
        reference === null || method === "backprop"
          ? null
          : compareGradients(gradient, reference, config.tolerance, (i) => backend.locate(net, i));
      gradients[method] = gradient;
      result = { method, status: "ran", predicted, timing, cost, loss, agreement, skipReason: null };
    }
    methods.push(result);
    options.onEvent?.({ type: "method-done", caseId: benchCase.id, result });
  }
  options.onArtifacts?.({ caseId: benchCase.id, net, params, batch, gradients });
  // report in one fixed order (backprop, central, forward, path enumeration), whatever ran first
  methods.sort((a, b) => COMPARE_METHODS.indexOf(a.method) - COMPARE_METHODS.indexOf(b.method));
  const paths = pathsPerWeight(benchCase.sizes);
  return { ...benchCase, parameters: params.length, batchSize: config.batchSize, pathsPerWeight: paths, methods };
}

export function timingPlan(config: CompareConfig): TimingPlan {
  return {
    warmup: config.warmup,
    warmupSeconds: config.warmupSeconds,
    repeats: config.repeats,
    minSampleSeconds: config.minSampleSeconds,
  };
}

/** Pass/fail over every compared method, and the single worst disagreement. */
export function checkSummary(cases: readonly CaseResult[], tolerance: number): CheckSummary {
  const summary: CheckSummary = { tolerance, passed: true, worst: null, failures: [] };
  for (const c of cases) {
    for (const m of c.methods) {
      const a = m.agreement;
      if (a === null) continue;
      if (!a.pass) {
        summary.passed = false;
        summary.failures.push({ caseId: c.id, method: m.method, maxScaledError: a.maxScaledError });
      }
      if (summary.worst === null || a.maxScaledError > summary.worst.agreement.maxScaledError) {
        summary.worst = { caseId: c.id, method: m.method, agreement: a };
      }
    }
  }
  return summary;
}
