/**
 * The human side of compare-gradients (stderr): one progress line per case × method, then the
 * growth fits, the claim table at L = 20 beside the tutorial's exp(20)/20 (docs/background.md), and the gradient check.
 * Text only — the caller decides where it goes.
 *   time ratio = t_method / t_BP;  madd ratio = exact multiply-adds_method / multiply-adds_BP
 */
import { describeLocation } from "../compare/agreement.js";
import { formatSeconds } from "../compare/budget.js";
import type { BenchEvent, CheckSummary, ClaimRow, CompareResults, MethodResult } from "../compare/compare-types.js";
import { describeGrowth } from "../compare/fit.js";
import { ARTICLE_SPEEDUP, CLAIM_DEPTH } from "../compare/growth.js";
import type { FitReport } from "../compare/compare-types.js";
import { formatNumber } from "./number-format.js";

const g3 = (x: number): string => formatNumber(x, 3);
const pad = (s: string, n: number): string => s.padEnd(n);

export function progressLine(event: BenchEvent): string {
  if (event.type === "case-start") {
    const c = event.benchCase;
    return `[${event.index + 1}/${event.total}] ${c.id}  sizes ${c.sizes.join("-")}  p=${event.parameters}\n`;
  }
  return `    ${pad(event.result.method, 26)} ${methodSummary(event.result)}\n`;
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

export function fitsSection(fits: readonly FitReport[]): string {
  const lines = [
    "Growth with depth L over the depth sweep (t = fastest repeat, or exact multiply-adds; each model fitted by least",
    "squares; best = smallest RMS of ln t − ln t̂; the L≥ line refits that model on the deeper half: " +
      "the asymptotic growth):",
  ];
  for (const f of fits) {
    const what = f.quantity === "seconds" ? "time " : "madds";
    if (!f.fit) {
      lines.push(`  H=${pad(String(f.width), 3)} ${pad(f.method, 26)} ${what}  (fewer than 2 points: no fit)`);
      continue;
    }
    lines.push(
      `  H=${pad(String(f.width), 3)} ${pad(f.method, 26)} ${what}  ` +
        `${pad(f.growth ?? "", 26)} ${describeGrowth(f.fit, f.fit.best)}`,
    );
    if (f.tail) {
      const from = pad(`L≥${f.tail.fromDepth}`, 5);
      lines.push(`  ${pad("", 35)}${from}${pad(f.tail.growth, 26)} ${describeGrowth(f.tail.fit, f.tail.fit.best)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function ratio(r: { value: number; extrapolated: boolean } | null): string {
  return r === null ? "n/a" : `${g3(r.value)}${r.extrapolated ? " (extrapolated)" : ""}`;
}

export function claimsSection(claims: readonly ClaimRow[]): string {
  const lines = [
    `At L = ${CLAIM_DEPTH} hidden layers — the article: BP is exp(${CLAIM_DEPTH})/${CLAIM_DEPTH} ≈ ` +
      `${g3(ARTICLE_SPEEDUP)} times faster than the naive approach.`,
    "  (times are each case's fastest repeat; extrapolated = from the deeper-half fit of the depth sweep)",
    `  ${pad("H", 4)} ${pad("method", 26)} ${pad("time ratio vs BP", 28)} ` +
      `${pad("madd ratio (exact)", 19)} deepest measured ratio`,
  ];
  for (const c of claims) {
    const bp = c.backpropSeconds;
    const bpTime = bp ? `${formatSeconds(bp.value)}${bp.extrapolated ? " (extrapolated)" : ""}` : "n/a";
    lines.push(`  ${pad(String(c.width), 4)} ${pad("backprop", 26)} t = ${bpTime}`);
    for (const v of c.versus) {
      const deepest = v.deepestRun ? `L=${v.deepestRun.depth}: ${g3(v.deepestRun.timeRatio)}` : "none run";
      lines.push(
        `  ${pad("", 4)} ${pad(v.method, 26)} ${pad(ratio(v.timeRatio), 28)} ` +
          `${pad(g3(v.multiplyAddRatio), 19)} ${deepest}`,
      );
    }
  }
  lines.push(
    "  Finite differences grow polynomially: one (forward) or two (central) forward passes per parameter,",
    "  p × forward cost with p ∝ L·H² and a forward pass ∝ L·H², so ≈ quadratic in depth at fixed width.",
    "  The article's exponential figure describes per-weight path enumeration — the chain rule without",
    "  backprop's memo — whose paths per weight are a product of layer widths: exponential in L, base ≈ H.",
  );
  return `${lines.join("\n")}\n`;
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
  return [
    fitsSection(results.fits),
    claimsSection(results.claims),
    checkSection(results.check),
    `Total ${formatSeconds(results.totalSeconds)} for ${results.cases.length} networks.\n`,
  ].join("\n");
}
