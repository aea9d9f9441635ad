/**
 * The measurement in words, so a student cannot misread it: the same sentences go to stdout,
 * results.json ("verdict") and report.html. From the measured cases:
 *   vs finite differences   speed-up ≈ p: central costs 2p + 1 forward passes, backprop ≈ 3
 *   vs path enumeration     speed-up ≈ the product of the later widths, n_2⋯n_L·O paths per weight
 *   the tutorial            exp(20)/20 ≈ 2.4e7 stands for e^20 ≈ 4.9e8 paths per weight at 20 layers;
 *                           the --article network (3,3,3,2 × 5 hidden, I = 1, O = 3) has 4.6e8
 *   time ratio = multiply-add ratio (the algorithm) × rate ratio (the implementation's speed)
 */
import { ARTICLE_NETWORK, type CompareConfig, type CompareMethodId } from "../config/compare-schema.js";
import { formatSeconds, type RateBook } from "./budget.js";
import { caseNetwork, networkCase, pathsPerWeight } from "./compare-grid.js";
import type { BenchBackend, CaseResult, ClaimRow, MethodResult } from "./compare-types.js";
import { ARTICLE_SPEEDUP, CLAIM_DEPTH, measuredRatio } from "./growth.js";
import { representativeSeconds } from "./timing.js";

/** 3 significant digits: 74.9, 2.43e7 */
export function sig(x: number): string {
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0)
    ? Number(x.toPrecision(3)).toExponential().replace("e+", "e")
    : String(Number(x.toPrecision(3)));
}

const rate = (m: MethodResult): number =>
  m.cost && m.timing ? m.cost.multiplyAdds / representativeSeconds(m.timing) : Number.NaN;
const find = (c: CaseResult, method: CompareMethodId) => c.methods.find((m) => m.method === method);

/** The ran case that maximises `key`, among those where both the method and backprop ran. */
function bestCase(cases: readonly CaseResult[], method: CompareMethodId, key: (c: CaseResult) => number) {
  let best: CaseResult | null = null;
  for (const c of cases) if (measuredRatio(c, method) !== null && (best === null || key(c) > key(best))) best = c;
  return best;
}

function maddRatio(c: CaseResult, method: CompareMethodId): number {
  return find(c, method)!.cost!.multiplyAdds / find(c, "backprop")!.cost!.multiplyAdds;
}

function finiteDifferenceSentence(cases: readonly CaseResult[]): string | null {
  const c = bestCase(cases, "finite-difference-central", (x) => x.parameters);
  if (!c) return null;
  const forward = measuredRatio(c, "finite-difference-forward");
  return (
    `Against finite differences backprop's speed-up is ≈ p, the number of parameters: central differences cost ` +
    `2p + 1 forward passes per gradient and backprop about 3. Measured on ${c.id} (p = ${c.parameters}): ` +
    `${sig(measuredRatio(c, "finite-difference-central")!)} times faster than central differences ` +
    `(exact multiply-add ratio ${sig(maddRatio(c, "finite-difference-central"))}, ` +
    `2p/3 = ${sig((2 * c.parameters) / 3)})` +
    (forward === null ? "." : ` and ${sig(forward)} times faster than forward differences (p + 1 passes).`)
  );
}

function pathSentence(cases: readonly CaseResult[]): string | null {
  const c = bestCase(cases, "path-enumeration", (x) => x.pathsPerWeight);
  if (!c) return null;
  return (
    `Against path enumeration it is ≈ the product of the later layers' widths, the n_2⋯n_L·O paths from a ` +
    `first-layer weight to the outputs: measured on ${c.id} (${sig(c.pathsPerWeight)} paths per first-layer ` +
    `weight), backprop is ${sig(measuredRatio(c, "path-enumeration")!)} times faster (exact multiply-add ratio ` +
    `${sig(maddRatio(c, "path-enumeration"))}); each further layer of width H multiplies it by ≈ H.`
  );
}

/** The case whose paths per weight are closest to e^20 (within a factor 2), if path enumeration was timed on it. */
function articleCase(cases: readonly CaseResult[]): CaseResult | null {
  const near = cases.filter((c) => Math.abs(Math.log(c.pathsPerWeight) - CLAIM_DEPTH) < Math.LN2);
  return bestCase(near, "path-enumeration", (c) => -Math.abs(Math.log(c.pathsPerWeight) - CLAIM_DEPTH));
}

/** What `--article` would cost here: its path-enumeration count at the rate path enumeration showed in this run. */
function articleForecast(config: CompareConfig, rates: RateBook, backend: BenchBackend): string {
  const net = caseNetwork(config, networkCase({ inputs: 1, outputs: 3 }, ARTICLE_NETWORK));
  const madds = backend.predictCost("path-enumeration", net, 1).multiplyAdds;
  const estimate = rates.estimate("path-enumeration", ARTICLE_NETWORK.name);
  const time = estimate ? `, about ${formatSeconds(madds / estimate.rate)} at the rate of ${estimate.source}` : "";
  return ` (${sig(madds)} path-enumeration multiply-adds for one gradient${time})`;
}

function articleSentences(
  config: CompareConfig,
  cases: readonly CaseResult[],
  rates: RateBook,
  backend: BenchBackend,
): string[] {
  const paths = pathsPerWeight(networkCase({ inputs: 1, outputs: 3 }, ARTICLE_NETWORK).sizes);
  const intro =
    `The tutorial's exp(${CLAIM_DEPTH})/${CLAIM_DEPTH} ≈ ${sig(ARTICLE_SPEEDUP)} stands for ≈ e^${CLAIM_DEPTH} ≈ ` +
    `${sig(Math.exp(CLAIM_DEPTH))} paths per weight (e paths per layer) against backprop's cost ∝ ${CLAIM_DEPTH} ` +
    `layers. No network of one width has e ≈ 2.72 paths per layer; ${CLAIM_DEPTH} hidden layers of widths ` +
    `${ARTICLE_NETWORK.hidden.join(",")} repeated, with 1 input and 3 outputs, give ${sig(paths)} ≈ ` +
    `${sig(paths / Math.exp(CLAIM_DEPTH))}·e^${CLAIM_DEPTH} paths per first-layer weight ` +
    "(sgd compare-gradients --article).";
  const c = articleCase(cases);
  if (!c) {
    return [
      `${intro} This run measured no network with ≈ e^${CLAIM_DEPTH} paths per weight; --article measures ` +
        `one${articleForecast(config, rates, backend)}.`,
    ];
  }
  const pe = find(c, "path-enumeration")!,
    bp = find(c, "backprop")!;
  const ratio = measuredRatio(c, "path-enumeration")!,
    madds = maddRatio(c, "path-enumeration");
  return [
    intro,
    `Measured on ${c.id} (${c.sizes.length - 2} hidden layers, ${sig(c.pathsPerWeight)} paths per first-layer ` +
      `weight, B = ${c.batchSize}): path enumeration ${formatSeconds(representativeSeconds(pe.timing!))}, ` +
      `backprop ${formatSeconds(representativeSeconds(bp.timing!))} per gradient: backprop is ${sig(ratio)} times ` +
      `faster, beside the tutorial's ${sig(ARTICLE_SPEEDUP)}. Of that, ${sig(madds)} is the exact multiply-add ` +
      `ratio (the algorithm) and ${sig(ratio / madds)} the ratio of the two implementations' rates ` +
      `(backprop ${sig(rate(bp))}, path enumeration ${sig(rate(pe))} multiply-adds/s).`,
  ];
}

/** How much of a claimed time ratio is implementation speed, at the deepest path-enumeration run of the sweeps. */
function speedSentence(claims: readonly ClaimRow[], cases: readonly CaseResult[]): string | null {
  const c = bestCase(
    cases.filter((x) => x.sweeps.includes("depth")),
    "path-enumeration",
    (x) => x.pathsPerWeight,
  );
  const claim = claims.find((r) => r.width === c?.width)?.versus.find((v) => v.method === "path-enumeration");
  if (!c || !claim?.timeRatio || claim.rateRatio === null) return null;
  const pe = find(c, "path-enumeration")!,
    bp = find(c, "backprop")!;
  return (
    `Time ratios mix the algorithm with implementation speed: on ${c.id} backprop's dense kernels ran ` +
    `${sig(rate(bp))} multiply-adds/s and path enumeration's recursion ${sig(rate(pe))}, so at L = ${CLAIM_DEPTH}, ` +
    `H = ${c.width} the time ratio ${sig(claim.timeRatio.value)}` +
    (claim.timeRatio.extrapolated ? " (extrapolated)" : "") +
    ` is the exact multiply-add ratio ${sig(claim.multiplyAddRatio)} × ${sig(claim.rateRatio)} for the rates.`
  );
}

export function verdictSentences(
  config: CompareConfig,
  results: { cases: readonly CaseResult[]; claims: readonly ClaimRow[] },
  rates: RateBook,
  backend: BenchBackend,
): string[] {
  const { cases, claims } = results;
  return [
    finiteDifferenceSentence(cases),
    pathSentence(cases),
    ...articleSentences(config, cases, rates, backend),
    speedSentence(claims, cases),
  ].filter((s): s is string => s !== null);
}
