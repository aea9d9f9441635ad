/**
 * The shapes compare-gradients works with: a case (one MLP I → H × L → O), what it needs from
 * the numerical core (a `BenchBackend`, injectable so tests can pass fake methods), and the
 * results it returns. The benchmark does no I/O: writers in src/report/ turn these into files.
 *   speed-up of a method = its seconds per gradient / backprop's seconds per gradient
 */
import type { GradientCost, GradientMethod } from "../grad/gradient-method.js";
import type { Batch, Float } from "../core/types.js";
import type { CompareConfig, CompareMethodId } from "../config/compare-schema.js";
import type { Rng } from "../core/rng.js";
import type { CountFit, TimeGrowth } from "./fit.js";

/**
 * One network of the grid. `sizes` = [I, n_1, …, n_L, O]: [I, H, …(L times)…, H, O] in the
 * depth and width sweeps, any hidden widths for a listed network.
 */
export interface BenchCase {
  /** e.g. "L3-H16", or a listed network's name */
  id: string;
  /** L, the number of hidden layers */
  depth: number;
  /** H for a uniform network, null for a listed one of mixed widths */
  width: number | null;
  sizes: number[];
  /** which sweeps this network belongs to (one network can serve both) */
  sweeps: ("depth" | "width" | "network")[];
  /** whose measured rates predict this case's times: "H3" for uniform width 3, else the id */
  family: string;
}

/** The network a backend builds for a case (everything but the sizes comes from the config). */
export interface BenchNetwork {
  sizes: number[];
  activation: CompareConfig["activation"];
  loss: CompareConfig["loss"];
  precision: CompareConfig["precision"];
  init: CompareConfig["init"];
}

/** Where parameter `index` of the flat vector lives. Layers count from 1 (input side). */
export interface ParamLocation {
  index: number;
  layer: number;
  kind: "weight" | "bias";
  /** output unit (weights and bias) */
  row: number;
  /** input unit (weights only) */
  column: number | null;
}

/** Everything the benchmark needs from src/model + src/grad, behind one seam. */
export interface BenchBackend {
  createMethod(method: CompareMethodId, net: BenchNetwork, batchCapacity: number, epsilon: number): GradientMethod;
  /** exact cost of one `compute` by a closed form, known before running */
  predictCost(method: CompareMethodId, net: BenchNetwork, batchSize: number): GradientCost;
  /** seeded weights, the flat vector w of length p */
  createParams(net: BenchNetwork, rng: Rng): Float;
  locate(net: BenchNetwork, index: number): ParamLocation;
}

export interface TimingSummary {
  /** seconds per gradient, over `samples` timed samples */
  median: number;
  min: number;
  max: number;
  samples: number[];
  /** compute calls averaged inside one timed sample */
  callsPerSample: number;
}

export interface Agreement {
  maxAbsDiff: number;
  /** max |g − b| / max(|g|, |b|) over entries where either is non-zero */
  maxRelDiff: number;
  /** max |g − b| / max(1, |b|): what `tolerance` is compared with */
  maxScaledError: number;
  /** the parameter where the scaled error is largest, with both values */
  worst: (ParamLocation & { value: number; reference: number }) | null;
  pass: boolean;
}

export interface MethodResult {
  method: CompareMethodId;
  status: "ran" | "skipped";
  /** closed-form cost and the time it predicts at the measured multiply-add rate */
  predicted: { multiplyAdds: number; forwardPasses: number; seconds: number | null; rateSource: string | null };
  /** null when skipped */
  timing: TimingSummary | null;
  /** lastCost() of the method after its timed calls; null when skipped */
  cost: GradientCost | null;
  /** the loss C(w; batch) the method returned */
  loss: number | null;
  agreement: Agreement | null;
  skipReason: string | null;
}

export interface CaseResult extends BenchCase {
  parameters: number;
  batchSize: number;
  /** paths from a first-layer weight to the outputs: n_2·n_3⋯n_L·O */
  pathsPerWeight: number;
  methods: MethodResult[];
}

/** The data of one case, kept only when the caller asks (for --save-gradients). */
export interface CaseArtifacts {
  caseId: string;
  net: BenchNetwork;
  params: Float;
  batch: Batch;
  gradients: Partial<Record<CompareMethodId, Float>>;
}

export interface FitReport {
  width: number;
  method: CompareMethodId;
  quantity: "seconds" | "multiplyAdds";
  depths: number[];
  values: number[];
  /** seconds: the selected model (fit.ts) */
  time: TimeGrowth | null;
  /** multiplyAdds: the fit on the closed form's basis */
  count: CountFit | null;
  /** in words: "linear", "exponential, base 2.98", "exact: 120 + 216·L", … */
  growth: string | null;
}

/** A time at one point: measured, or predicted by the one extrapolation rule (exact count / rate). */
export interface TimePoint {
  value: number;
  extrapolated: boolean;
}

/** A method's measured multiply-add rate in one family (the rate its predictions use). */
export interface RateRow {
  method: CompareMethodId;
  family: string;
  /** the deepest case of the family where the method ran */
  caseId: string;
  depth: number;
  multiplyAddsPerSecond: number;
}

export interface ClaimRow {
  width: number;
  depth: number;
  /** BP seconds per gradient, measured or extrapolated */
  backpropSeconds: TimePoint | null;
  versus: {
    method: CompareMethodId;
    seconds: TimePoint | null;
    /** method seconds / BP seconds */
    timeRatio: TimePoint | null;
    /** exact, from the closed-form counts */
    multiplyAddRatio: number;
    /** BP's multiply-add rate / the method's: timeRatio = multiplyAddRatio × rateRatio */
    rateRatio: number | null;
    /** the deepest case of this width where both ran, and its measured time ratio */
    deepestRun: { depth: number; timeRatio: number } | null;
  }[];
  /** exp(L)/L, the source article's estimate */
  article: number;
}

export interface CheckSummary {
  tolerance: number;
  passed: boolean;
  /** the worst disagreement over all cases and methods */
  worst: { caseId: string; method: CompareMethodId; agreement: Agreement } | null;
  failures: { caseId: string; method: CompareMethodId; maxScaledError: number }[];
}

export interface CompareResults {
  format: "sgd-compare-gradients";
  version: 2;
  config: CompareConfig;
  cases: CaseResult[];
  fits: FitReport[];
  claims: ClaimRow[];
  rates: RateRow[];
  /** the measurement in sentences: finite differences, path enumeration, the tutorial's figure */
  verdict: string[];
  check: CheckSummary;
  /** seconds the whole benchmark took, by the injected clock */
  totalSeconds: number;
}

/** Progress, for a reporter to print; the benchmark itself prints nothing. */
export type BenchEvent =
  /** after the warm-up: the predicted time of the whole grid at the rates the warm-up measured */
  | { type: "estimate"; seconds: number; cases: number; warmupSeconds: number }
  | { type: "case-start"; index: number; total: number; benchCase: BenchCase; parameters: number }
  /** before a method predicted to take LONG_CALL_SECONDS or more */
  | { type: "method-start"; caseId: string; method: CompareMethodId; predictedSeconds: number; multiplyAdds: number }
  | { type: "method-done"; caseId: string; result: MethodResult };
