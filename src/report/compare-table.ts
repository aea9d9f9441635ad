/**
 * The human side of compare-gradients (stderr): the up-front estimate, one progress line per
 * case × method, then the growth fits, the claim table at L = 20 beside the tutorial's
 * exp(20)/20 (docs/background.md), the listed networks, the multiply-add rates, the verdict in
 * words and the gradient check. Text only — the caller decides where it goes.
 *   time ratio = t_method / t_BP = madd ratio × rate ratio;  madd ratio = exact madds_method / madds_BP
 */
import { describeLocation } from "../compare/agreement.js";
import { formatSeconds } from "../compare/budget.js";
import type {
  BenchEvent,
  CaseResult,
  CheckSummary,
  ClaimRow,
  CompareResults,
  FitReport,
  MethodResult,
  RateRow,
  TimePoint,
} from "../compare/compare-types.js";
import { describeTimeFit } from "../compare/fit.js";
import { ARTICLE_SPEEDUP, CLAIM_DEPTH, measuredRatio } from "../compare/growth.js";
import { formatNumber } from "./number-format.js";

const g3 = (x: number): string => formatNumber(x, 3);
const pad = (s: string, n: number): string => s.padEnd(n);
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function progressLine(event: BenchEvent): string {
  switch (event.type) {
    case "estimate":
      return (
        `warm-up ${formatSeconds(event.warmupSeconds)}; estimated ${formatSeconds(event.seconds)} for ` +
        `${plural(event.cases, "network")} at the multiply-add rates it measured\n`
      );
    case "case-start": {
      const c = event.benchCase;
      return `[${event.index + 1}/${event.total}] ${c.id}  sizes ${c.sizes.join("-")}  p=${event.parameters}\n`;
    }
    case "method-start":
      return (
        `    ${pad(event.method, 26)} running: ${g3(event.multiplyAdds)} multiply-adds, ` +
        `estimated ${formatSeconds(event.predictedSeconds)}…\n`
      );
    case "method-done":
      return `    ${pad(event.result.method, 26)} ${methodSummary(event.result)}\n`;
  }
}

function methodSummary(m: MethodResult): string {
  if (m.status === "skipped") return `skipped: ${m.skipReason ?? ""} (${g3(m.predicted.multiplyAdds)} multiply-adds)`;
  const t = m.timing!;
  const a = m.agreement;
  const agreement = a ? `  max|Δ| ${g3(a.maxAbsDiff)}  max rel ${g3(a.maxRelDiff)}${a.pass ? "" : "  DISAGREES"}` : "";
  return (
    `${pad(formatSeconds(t.min), 10)} ` +
    `(median ${formatSeconds(t.median)}, max ${formatSeconds(t.max)}, n=${t.samples.length})` +
    `  ${g3(m.cost?.multiplyAdds ?? 0)} multiply-adds = ${g3(m.cost?.forwardPasses ?? 0)} forward passes${agreement}`
  );
}

/** One line per width, method and quantity: the time model in words and its fit, or the exact count. */
export function fitLine(f: FitReport): string {
  if (f.quantity === "multiplyAdds") return f.growth ?? "fewer points than the closed form has coefficients: no fit";
  const t = f.time;
  if (!t) return "fewer than 3 timed depths: no fit";
  const shown = t.model ?? t.indistinguishable[0] ?? "linear";
  const fit = t.fits[shown];
  return `${t.words}${fit ? `; ${describeTimeFit(shown, fit)}` : ""}`;
}

export function fitsSection(fits: readonly FitReport[]): string {
  const lines = [
    "Growth with depth L over the depth sweep. madds: exact multiply-adds fitted on their closed form's basis",
    "(backprop a + b·L, finite differences a + b·L + c·L², path enumeration a + b·L + c·H^L). time: the fastest",
    "repeat; linear stands unless quadratic or exponential fits clearly better (half the log-RMS, and linear's",
    "above the timing noise); models the data cannot tell apart are named so:",
  ];
  for (const f of fits) {
    const what = f.quantity === "seconds" ? "time " : "madds";
    lines.push(`  H=${pad(String(f.width), 3)} ${pad(f.method, 26)} ${what}  ${fitLine(f)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function timePoint(r: TimePoint | null, format: (x: number) => string = g3): string {
  return r === null ? "n/a" : `${format(r.value)}${r.extrapolated ? " (extrapolated)" : ""}`;
}

export function claimsSection(claims: readonly ClaimRow[]): string {
  const lines = [
    `At L = ${CLAIM_DEPTH} hidden layers — the article: BP is exp(${CLAIM_DEPTH})/${CLAIM_DEPTH} ≈ ` +
      `${g3(ARTICLE_SPEEDUP)} times faster than the naive approach.`,
    "  (times are each case's fastest repeat; extrapolated = exact multiply-adds ÷ the rate the method showed on",
    "  the deepest case of that width it ran: the one rule behind every predicted time; time ratio = madd ratio ×",
    "  rate ratio, the last being implementation speed)",
    `  ${pad("H", 4)} ${pad("method", 26)} ${pad("time ratio vs BP", 28)} ` +
      `${pad("madd ratio (exact)", 19)} ${pad("rate ratio", 11)} deepest measured ratio`,
  ];
  for (const c of claims) {
    lines.push(
      `  ${pad(String(c.width), 4)} ${pad("backprop", 26)} t = ${timePoint(c.backpropSeconds, formatSeconds)}`,
    );
    for (const v of c.versus) {
      const deepest = v.deepestRun ? `L=${v.deepestRun.depth}: ${g3(v.deepestRun.timeRatio)}` : "none run";
      const rates = v.rateRatio === null ? "n/a" : g3(v.rateRatio);
      lines.push(
        `  ${pad("", 4)} ${pad(v.method, 26)} ${pad(timePoint(v.timeRatio), 28)} ` +
          `${pad(g3(v.multiplyAddRatio), 19)} ${pad(rates, 11)} ${deepest}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The listed networks (sweeps: network): each method's time and its ratio to backprop, beside the paths. */
export function networksSection(cases: readonly CaseResult[]): string {
  const listed = cases.filter((c) => c.sweeps.includes("network"));
  if (listed.length === 0) return "";
  const lines = ["Listed networks (times: fastest repeat; ratio = t_method / t_BP, measured):"];
  for (const c of listed) {
    lines.push(
      `  ${c.id}: sizes ${c.sizes.join("-")} (${c.depth} hidden layers), p = ${c.parameters}, ` +
        `${g3(c.pathsPerWeight)} paths per first-layer weight, B = ${c.batchSize}`,
    );
    for (const m of c.methods) {
      const ratio = measuredRatio(c, m.method);
      const time = m.timing ? formatSeconds(m.timing.min) : `skipped (${m.skipReason ?? ""})`;
      const extra = m.method === "backprop" || ratio === null ? "" : `  ratio ${g3(ratio)}`;
      lines.push(`    ${pad(m.method, 26)} ${pad(time, 12)}${extra}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function ratesSection(rates: readonly RateRow[]): string {
  if (rates.length === 0) return "";
  const lines = ["Multiply-add rates measured (per method, on the deepest case of each family it ran):"];
  for (const r of rates)
    lines.push(
      `  ${pad(r.family, 10)} ${pad(r.method, 26)} ${g3(r.multiplyAddsPerSecond)} multiply-adds/s (${r.caseId})`,
    );
  return `${lines.join("\n")}\n`;
}

export function verdictSection(verdict: readonly string[]): string {
  return verdict.length === 0 ? "" : `What this measured:\n${verdict.map((s) => `  ${s}`).join("\n")}\n`;
}

export function checkSection(check: CheckSummary): string {
  const worst = check.worst;
  const where = worst?.agreement.worst ? `, at ${describeLocation(worst.agreement.worst)}` : "";
  const detail = worst
    ? `worst: ${worst.method} on ${worst.caseId}, max |Δ|/max(1,|g_bp|) = ${g3(worst.agreement.maxScaledError)}${where}`
    : "nothing to compare";
  if (check.passed)
    return `Gradient check passed: every method agrees with backprop within ${g3(check.tolerance)} (${detail}).\n`;
  const failed = check.failures.map((f) => `${f.method}@${f.caseId}`).join(", ");
  return `Gradient check FAILED (tolerance ${g3(check.tolerance)}): ${failed}; ${detail}.\n`;
}

export function summaryText(results: CompareResults): string {
  const hasSweep = results.fits.length > 0;
  return [
    hasSweep ? fitsSection(results.fits) : "",
    hasSweep ? claimsSection(results.claims) : "",
    networksSection(results.cases),
    ratesSection(results.rates),
    verdictSection(results.verdict),
    checkSection(results.check),
    `Total ${formatSeconds(results.totalSeconds)} for ${plural(results.cases.length, "network")}.\n`,
  ]
    .filter((s) => s !== "")
    .join("\n");
}
