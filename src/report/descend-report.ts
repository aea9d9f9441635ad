/**
 * report.html of `sgd descend --out`: for a 2-D function the isolines of f with one trajectory per
 * run (γ, and B on mean-squares) over them — SGD's one-sample path wanders where full-batch GD goes
 * straight — then f − f* against step for every run (log scale; x against step for 1-D), and the
 * verdicts. Isoline levels: f* + g_k, g_k geometric from max(g_lo, 1e-4·g_hi) to g_hi, the gaps
 * f − f* seen on a coarse grid of the box; the box holds every bounded trajectory, x_0 and x*.
 */
import type { DescendResult, DescendRun } from "../descend/descend.js";
import { objectiveByName } from "../descend/objectives.js";
import { meanSquaresValue } from "../descend/sample-objective.js";
import { contourChart } from "./contour-chart.js";
import { runLabel } from "./descend-table.js";
import { htmlPage, htmlTable } from "./html-page.js";
import { formatNumber, formatVector } from "./number-format.js";
import { lineChart } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

const LEVELS = 14;
const para = (text: string): string => `<p>${escapeXml(text)}</p>`;

/** f(x) for drawing, from the result alone (mean-squares from its stored samples). */
function objectiveValue(result: DescendResult): (x: Float64Array) => number {
  if (result.function === "mean-squares") return meanSquaresValue(result.samples ?? []);
  const objective = objectiveByName(result.function, result.scale ?? 1);
  return (x) => objective.value(x);
}

function bounded(run: DescendRun): boolean {
  return run.classification !== "diverging";
}

function box(result: DescendResult): { x: [number, number]; y: [number, number] } {
  const points = [result.start, ...(result.minimizer ? [result.minimizer] : [])];
  for (const run of result.runs.filter(bounded)) for (const it of run.iterates) points.push(it.x);
  const range = (k: number): [number, number] => {
    const v = points.map((p) => p[k]!).filter(Number.isFinite);
    const lo = Math.min(...v),
      hi = Math.max(...v);
    const margin = Math.max(0.15 * (hi - lo), 0.5);
    return [lo - margin, hi + margin];
  };
  return { x: range(0), y: range(1) };
}

function levels(f: (x: number, y: number) => number, b: ReturnType<typeof box>, minimum: number): number[] {
  const gaps: number[] = [];
  for (let i = 0; i <= 20; i++)
    for (let j = 0; j <= 20; j++) {
      const v = f(b.x[0] + ((b.x[1] - b.x[0]) * i) / 20, b.y[0] + ((b.y[1] - b.y[0]) * j) / 20) - minimum;
      if (Number.isFinite(v) && v > 0) gaps.push(v);
    }
  const hi = Math.max(...gaps),
    lo = Math.max(Math.min(...gaps), 1e-4 * hi);
  return Array.from({ length: LEVELS }, (_, k) => minimum + lo * (hi / lo) ** (k / (LEVELS - 1)));
}

function contourSection(result: DescendResult): string {
  const value = objectiveValue(result);
  const f = (x: number, y: number) => value(Float64Array.of(x, y));
  const b = box(result);
  const chart = contourChart({
    title:
      `${result.function}: ${result.runs.length} run${result.runs.length === 1 ? "" : "s"} from ` +
      formatVector(result.start),
    f,
    box: b,
    levels: levels(f, b, result.minimum),
    trajectories: result.runs.map((run) => ({
      name: `${runLabel(run)} (${run.classification})`,
      points: run.iterates.map((it) => [it.x[0]!, it.x[1]!] as const),
    })),
    marks: result.minimizer
      ? [
          {
            name: `minimum x* = ${formatVector(result.minimizer, 4)}`,
            point: [result.minimizer[0]!, result.minimizer[1]!],
          },
        ]
      : [],
  });
  return (
    para(
      "Grey lines are isolines of f (levels spaced geometrically above the minimum f*); each run is one line, " +
        "with a circle at x_0 and a square where it ended. Runs that diverge leave the box.",
    ) + chart
  );
}

function stepCharts(result: DescendResult): string {
  const series = result.runs.map((run, i) => ({
    name: runLabel(run),
    points: run.iterates.map((it) => [it.step, it.f - result.minimum] as const),
    colourIndex: i,
  }));
  const charts = [
    lineChart({ title: "f − f* against step", xLabel: "step n", yLabel: "f(x_n) − f*", yScale: "log", series }),
  ];
  if (result.start.length === 1) {
    charts.push(
      lineChart({
        title: "x against step",
        xLabel: "step n",
        yLabel: "x_n",
        series: result.runs.map((run, i) => ({
          name: runLabel(run),
          points: run.iterates.map((it) => [it.step, it.x[0]!] as const),
          colourIndex: i,
        })),
      }),
    );
  }
  return `<div class="figures">\n${charts.join("\n")}</div>`;
}

function verdictTable(result: DescendResult): string {
  return htmlTable({
    columns: ["run", "verdict", "why", "f at the end", "path length", "distance x_0 → x_N"],
    rows: result.runs.map((run) => [
      runLabel(run),
      run.classification,
      run.reason,
      run.final.f,
      run.pathLength,
      run.distance,
    ]),
    format: (v) => formatNumber(v, 4),
  });
}

export function descendReportHtml(result: DescendResult, subtitle: string): string {
  const momentum = result.momentum > 0 ? ` with momentum μ = ${formatNumber(result.momentum)}` : "";
  const sections = [
    {
      heading: "What ran",
      html: para(
        `Gradient descent a_{n+1} = a_n − γ∇f(a_n)${momentum} on ${result.formula}, from x_0 = ` +
          `${formatVector(result.start)}, ${result.steps} steps, ${result.gradient} gradient; f* = ` +
          `${formatNumber(result.minimum)}.`,
      ),
    },
    ...(result.start.length === 2
      ? [{ heading: "Trajectories over the isolines of f", html: contourSection(result) }]
      : []),
    { heading: "Against step", html: stepCharts(result) },
    { heading: "Verdicts", html: verdictTable(result) },
  ];
  return htmlPage({ title: `sgd descend: ${result.function}`, subtitle, sections });
}
