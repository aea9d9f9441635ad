/**
 * report.html of compare-gradients: the log-scale charts of time per gradient against depth
 * (one line per method, dashed where skipped and predicted), the claim table at L = 20 beside
 * the tutorial's exp(20)/20 (docs/background.md), the growth fits, the gradient check and every case × method.
 *   time ratio = t_method / t_BP;  madd ratio = exact multiply-adds_method / multiply-adds_BP
 */
import { describeLocation } from "../compare/agreement.js";
import { formatSeconds } from "../compare/budget.js";
import type { CompareResults } from "../compare/compare-types.js";
import { describeGrowth } from "../compare/fit.js";
import { ARTICLE_SPEEDUP, CLAIM_DEPTH } from "../compare/growth.js";
import { representativeSeconds } from "../compare/timing.js";
import { depthCharts, widthChart } from "./compare-charts.js";
import { checkSection } from "./compare-table.js";
import { htmlPage, htmlTable, type PageSection } from "./html-page.js";
import { formatNumber } from "./number-format.js";
import { escapeXml } from "./xml-text.js";

const g3 = (x: number): string => formatNumber(x, 3);
const para = (text: string): string => `<p>${escapeXml(text)}</p>`;

const READING = [
  "Each network is I → H × L → O with seeded weights and one seeded batch. " +
    "Every method computes the same gradient ∇C(w) through the same interface; " +
    "times are the fastest of the repeats (other processes only ever add time; median and max are in results.csv); " +
    "multiply-adds are counted exactly.",
  "Backprop grows linearly in depth: each layer is visited once forward and once backward. " +
    "Finite differences grow polynomially: one (forward) or two (central) forward passes per parameter, " +
    "so p × forward cost, ≈ quadratic in depth at fixed width. " +
    "Path enumeration — the chain rule written out per weight, backprop without its memo — " +
    "sums over every path from a weight to the outputs, " +
    "a product of layer widths: exponential in depth with base ≈ H. " +
    "The article's exp(20)/20 figure describes this last one.",
  "Dashed lines are methods skipped because their predicted time " +
    "(exact multiply-adds ÷ the multiply-add rate measured on this machine) exceeded the per-case budget.",
];

function claimsTable(results: CompareResults): string {
  const rows = results.claims.flatMap((c) => [
    [c.width, "backprop", c.backpropSeconds ? formatSeconds(c.backpropSeconds.value) : "n/a", "1", "1", ""],
    ...c.versus.map((v) => [
      c.width,
      v.method,
      v.seconds ? formatSeconds(v.seconds.value) + (v.seconds.extrapolated ? " (extrapolated)" : "") : "n/a",
      v.timeRatio ? g3(v.timeRatio.value) + (v.timeRatio.extrapolated ? " (extrapolated)" : "") : "n/a",
      g3(v.multiplyAddRatio),
      v.deepestRun ? `L=${v.deepestRun.depth}: ${g3(v.deepestRun.timeRatio)}` : "none run",
    ]),
  ]);
  return (
    para(
      `The article: at ${CLAIM_DEPTH} layers backprop is exp(${CLAIM_DEPTH})/${CLAIM_DEPTH} ≈ ` +
        `${g3(ARTICLE_SPEEDUP)} times faster than the naive approach.`,
    ) +
    htmlTable({
      columns: [
        "H",
        "method",
        `time per gradient at L=${CLAIM_DEPTH}`,
        "time ratio vs BP",
        "multiply-add ratio (exact)",
        "deepest measured ratio",
      ],
      rows,
    })
  );
}

function fitsTable(results: CompareResults): string {
  const rows = results.fits.map((f) => [
    f.width,
    f.method,
    f.quantity === "seconds" ? "seconds" : "multiply-adds",
    f.fit ? `${f.growth ?? ""}: ${describeGrowth(f.fit, f.fit.best)}` : "no fit (fewer than 2 points)",
    f.tail ? `L≥${f.tail.fromDepth}: ${describeGrowth(f.tail.fit, f.tail.fit.best)}` : "",
  ]);
  return (
    para(
      "Linear t = a + b·L by least squares; power t = c·L^d by least squares on (ln L, ln t); " +
        "exponential t = c·β^L on (L, ln t). " +
        "The best has the smallest RMS of ln t − ln t̂ over all depths; " +
        "that model refitted on the deeper half shows the asymptotic growth and is the one used to extrapolate.",
    ) + htmlTable({ columns: ["H", "method", "quantity", "best fit, all depths", "same model, deeper half"], rows })
  );
}

function casesTable(results: CompareResults): string {
  const rows = results.cases.flatMap((c) =>
    c.methods.map((m) => [
      c.id,
      c.parameters,
      m.method,
      m.timing
        ? formatSeconds(representativeSeconds(m.timing))
        : `skipped (${m.predicted.seconds === null ? "?" : formatSeconds(m.predicted.seconds)} predicted)`,
      m.timing ? formatSeconds(m.timing.median) : "",
      m.cost?.multiplyAdds ?? m.predicted.multiplyAdds,
      m.agreement ? g3(m.agreement.maxAbsDiff) : "",
      m.agreement ? g3(m.agreement.maxRelDiff) : "",
      m.agreement?.worst ? describeLocation(m.agreement.worst) : "",
    ]),
  );
  return htmlTable({
    columns: [
      "case",
      "p",
      "method",
      "time per gradient (fastest)",
      "median",
      "multiply-adds",
      "max |Δ| vs BP",
      "max rel Δ",
      "worst parameter",
    ],
    rows,
  });
}

export function compareReportHtml(results: CompareResults, subtitle: string): string {
  const width = widthChart(results);
  const sections: PageSection[] = [
    { heading: "How to read this", html: READING.map(para).join("\n") },
    {
      heading: "Time and multiply-adds per gradient against depth",
      html: `<div class="figures">\n${depthCharts(results).join("\n")}</div>`,
    },
    ...(width ? [{ heading: "Time per gradient against width", html: width }] : []),
    { heading: `The claim at L = ${CLAIM_DEPTH}`, html: claimsTable(results) },
    { heading: "How cost grows with depth", html: fitsTable(results) },
    { heading: "Gradient check", html: para(checkSection(results.check).trim()) },
    { heading: "Every case and method", html: casesTable(results) },
  ];
  const name = results.config.name;
  return htmlPage({ title: name === "compare-gradients" ? name : `compare-gradients: ${name}`, subtitle, sections });
}
