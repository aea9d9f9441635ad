/**
 * results.csv of compare-gradients: one row per case × method, a header row first. Numbers are
 * shortest round-trip decimals; a cell is empty where nothing was measured (a skipped method has
 * no times, backprop has no agreement with itself). `worst_parameter` reads "layer 2 weight[1][0]".
 * `predicted_s` is the one extrapolation rule (exact multiply-adds ÷ measured rate, budget.ts);
 * `multiply_adds_per_s` = multiply_adds / min_s, the rate this run measured.
 */
import { describeLocation } from "../compare/agreement.js";
import type { CaseResult, CompareResults, MethodResult } from "../compare/compare-types.js";

export const COMPARE_CSV_COLUMNS = [
  "case",
  "sweeps",
  "depth",
  "width",
  "sizes",
  "parameters",
  "paths_per_weight",
  "batch_size",
  "method",
  "status",
  "median_s",
  "min_s",
  "max_s",
  "repeats",
  "calls_per_sample",
  "multiply_adds",
  "multiply_adds_per_s",
  "forward_passes",
  "predicted_multiply_adds",
  "predicted_s",
  "loss",
  "max_abs_diff",
  "max_rel_diff",
  "max_scaled_error",
  "agrees",
  "worst_parameter",
  "skip_reason",
] as const;

type Cell = string | number | boolean | null;

function row(c: CaseResult, m: MethodResult): Cell[] {
  const a = m.agreement;
  return [
    c.id,
    c.sweeps.join("+"),
    c.depth,
    c.width,
    c.sizes.join("-"),
    c.parameters,
    c.pathsPerWeight,
    c.batchSize,
    m.method,
    m.status,
    m.timing?.median ?? null,
    m.timing?.min ?? null,
    m.timing?.max ?? null,
    m.timing?.samples.length ?? null,
    m.timing?.callsPerSample ?? null,
    m.cost?.multiplyAdds ?? null,
    m.cost && m.timing ? m.cost.multiplyAdds / m.timing.min : null,
    m.cost?.forwardPasses ?? null,
    m.predicted.multiplyAdds,
    m.predicted.seconds,
    m.loss,
    a?.maxAbsDiff ?? null,
    a?.maxRelDiff ?? null,
    a?.maxScaledError ?? null,
    a ? a.pass : null,
    a?.worst ? describeLocation(a.worst) : null,
    m.skipReason,
  ];
}

/** RFC 4180: quote a cell holding a comma, quote or newline. */
function csvCell(v: Cell): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function compareCsv(results: CompareResults): string {
  const lines = [COMPARE_CSV_COLUMNS.join(",")];
  for (const c of results.cases) for (const m of c.methods) lines.push(row(c, m).map(csvCell).join(","));
  return `${lines.join("\n")}\n`;
}
