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
import type { GrowthFit } from "./fit.js";

/** One network of the grid. `sizes` = [I, H, …(L times)…, H, O]. */
export interface BenchCase {
  /** e.g. "L3-H16" */
  id: string;
  depth: number;
  width: number;
  sizes: number[];
  /** which sweeps this network belongs to (one network can serve both) */
  sweeps: ("depth" | "width")[];
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
  fit: GrowthFit | null;
  /** the best model in words: "linear", "polynomial, degree 2.01", "exponential, base 2.98" */
  growth: string | null;
  /** the chosen model refitted over the deeper half of the depths */
  tail: { fromDepth: number; fit: GrowthFit; growth: string } | null;
}

export interface ClaimRow {
  width: number;
  depth: number;
  /** BP seconds per gradient, measured or extrapolated */
  backpropSeconds: { value: number; extrapolated: boolean } | null;
  versus: {
    method: CompareMethodId;
    seconds: { value: number; extrapolated: boolean } | null;
    /** method seconds / BP seconds */
    timeRatio: { value: number; extrapolated: boolean } | null;
    /** exact, from the closed-form counts */
    multiplyAddRatio: number;
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
  version: 1;
  config: CompareConfig;
  cases: CaseResult[];
  fits: FitReport[];
  claims: ClaimRow[];
  check: CheckSummary;
  /** seconds the whole benchmark took, by the injected clock */
  totalSeconds: number;
}

/** Progress, for a reporter to print; the benchmark itself prints nothing. */
export type BenchEvent =
  | { type: "case-start"; index: number; total: number; benchCase: BenchCase; parameters: number }
  | { type: "method-done"; caseId: string; result: MethodResult };
