/**
 * report.html of compare-gradients: the log-scale charts of time per gradient against depth
 * (one line per method, dashed where skipped and predicted), the ratio chart, the claim table at
 * L = 20 beside the tutorial's exp(20)/20 (docs/background.md), the verdict in words, the listed
 * networks, the multiply-add rates, the growth fits, the gradient check and every case × method.
 *   time ratio = t_method / t_BP = madd ratio × rate ratio;  madd ratio = exact madds_method / madds_BP
 */
import { describeLocation } from "../compare/agreement.js";
import { formatSeconds } from "../compare/budget.js";
import type { CompareResults } from "../compare/compare-types.js";
import { ARTICLE_SPEEDUP, CLAIM_DEPTH, measuredRatio } from "../compare/growth.js";
import { representativeSeconds } from "../compare/timing.js";
import { depthCharts, widthChart } from "./compare-charts.js";
import { ratioCharts } from "./compare-ratio-chart.js";
import { checkSection, fitLine, timePoint } from "./compare-table.js";
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
  "Dashed lines are predictions, never measurements: methods skipped because their predicted time " +
    "(exact multiply-adds ÷ the multiply-add rate the method showed on the deepest case of that width it ran) " +
    "exceeded the per-case budget. The same rule gives every extrapolated number on this page.",
];

function claimsTable(results: CompareResults): string {
  const rows = results.claims.flatMap((c) => [
    [c.width, "backprop", timePoint(c.backpropSeconds, formatSeconds), "1", "1", "1", ""],
    ...c.versus.map((v) => [
      c.width,
      v.method,
      timePoint(v.seconds, formatSeconds),
      timePoint(v.timeRatio),
      g3(v.multiplyAddRatio),
      v.rateRatio === null ? "n/a" : g3(v.rateRatio),
      v.deepestRun ? `L=${v.deepestRun.depth}: ${g3(v.deepestRun.timeRatio)}` : "none run",
    ]),
  ]);
  return (
    para(
      `The article: at ${CLAIM_DEPTH} layers backprop is exp(${CLAIM_DEPTH})/${CLAIM_DEPTH} ≈ ` +
        `${g3(ARTICLE_SPEEDUP)} times faster than the naive approach. Time ratio = multiply-add ratio ` +
        "(the algorithm, exact) × rate ratio (backprop's multiply-adds per second over the method's: " +
        "implementation speed).",
    ) +
    htmlTable({
      columns: [
        "H",
        "method",
        `time per gradient at L=${CLAIM_DEPTH}`,
        "time ratio vs BP",
        "multiply-add ratio (exact)",
        "rate ratio",
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
    fitLine(f),
  ]);
  return (
    para(
      "Multiply-adds are fitted exactly on their closed form's basis: backprop a + b·L, finite differences " +
        "a + b·L + c·L², path enumeration a + b·L + c·H^L. Times (fastest repeat) are fitted as linear a + b·L and " +
        "quadratic a + b·L + c·L² (least squares on relative errors) and exponential c·β^L (on ln t); linear stands " +
        "unless a richer model has at most half its log-RMS while linear's exceeds the timing noise, and models " +
        "the data cannot tell apart are reported as not distinguishable.",
    ) + htmlTable({ columns: ["H", "method", "quantity", "growth and fit"], rows })
  );
}

function networksTable(results: CompareResults): string | null {
  const listed = results.cases.filter((c) => c.sweeps.includes("network"));
  if (listed.length === 0) return null;
  const rows = listed.flatMap((c) =>
    c.methods.map((m) => {
      const ratio = measuredRatio(c, m.method);
      return [
        c.id,
        c.sizes.join("-"),
        c.pathsPerWeight,
        m.method,
        m.timing ? formatSeconds(representativeSeconds(m.timing)) : `skipped (${m.skipReason ?? ""})`,
        m.method === "backprop" || ratio === null ? "" : g3(ratio),
      ];
    }),
  );
  return htmlTable({
    columns: ["network", "sizes", "paths per first-layer weight", "method", "time per gradient", "ratio vs BP"],
    rows,
  });
}

function ratesTable(results: CompareResults): string {
  const rows = results.rates.map((r) => [r.family, r.method, r.caseId, r.multiplyAddsPerSecond]);
  return htmlTable({ columns: ["family", "method", "deepest case run", "multiply-adds per second"], rows });
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
  const ratios = ratioCharts(results);
  const networks = networksTable(results);
  const hasSweep = results.fits.length > 0;
  const sections: PageSection[] = [
    { heading: "How to read this", html: READING.map(para).join("\n") },
    ...(hasSweep
      ? [
          {
            heading: "Time and multiply-adds per gradient against depth",
            html: `<div class="figures">\n${depthCharts(results).join("\n")}</div>`,
          },
        ]
      : []),
    ...(ratios.length > 0
      ? [
          {
            heading: "Speed-up over each method against depth",
            html: `<div class="figures">\n${ratios.join("\n")}</div>`,
          },
        ]
      : []),
    ...(width ? [{ heading: "Time per gradient against width", html: width }] : []),
    ...(hasSweep ? [{ heading: `The claim at L = ${CLAIM_DEPTH}`, html: claimsTable(results) }] : []),
    { heading: "What this measured", html: results.verdict.map(para).join("\n") },
    ...(networks ? [{ heading: "Listed networks", html: networks }] : []),
    { heading: "Multiply-add rates", html: ratesTable(results) },
    ...(hasSweep ? [{ heading: "How cost grows with depth", html: fitsTable(results) }] : []),
    { heading: "Gradient check", html: para(checkSection(results.check).trim()) },
    { heading: "Every case and method", html: casesTable(results) },
  ];
  const name = results.config.name;
  return htmlPage({ title: name === "compare-gradients" ? name : `compare-gradients: ${name}`, subtitle, sections });
}
