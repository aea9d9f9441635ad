/**
 * report.html of a sweep directory (sweep.json and its points' run directories):
 *   final metric  per point: test accuracy for classifiers, else the final test loss (training loss without
 *                 a test split); for two grid axes, a heatmap table — rows the first axis, columns the second,
 *                 viridis shading from worst (dark) to best (yellow), on log10 for losses spanning ≥ LOG_SPAN
 *   small multiples  one small chart per point, training and test loss against samples seen, on axes shared
 *                 by all of them (robust-axis.ts: outliers and zeros clipped, and the note says so)
 *   against time  the points overlaid (run-report-overlay.ts), and the table of every point
 * Labels name only the grid keys that vary (by their last segment, e.g. learningRate=0.3).
 */
import type { SweepDocument, SweepPointRecord } from "../sweep/sweep-document.js";
import { css, inkOn, sequential } from "./colour-map.js";
import { htmlPage, htmlTable, type PageSection } from "./html-page.js";
import { formatNumber } from "./number-format.js";
import { planAxis } from "./robust-axis.js";
import { formatValue, shortKeys } from "./run-labels.js";
import type { TrainRun } from "./run-reader.js";
import { overlayChart } from "./run-report-overlay.js";
import { LOG_SPAN, number, percent, scaleNote, seriesOf } from "./run-report-series.js";
import { lineChart } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

interface Metric {
  name: string;
  /** larger is better (accuracy) or smaller is (loss) */
  higherIsBetter: boolean;
  of(p: SweepPointRecord): number | null;
}

function metricOf(doc: SweepDocument): Metric {
  if (doc.points.some((p) => p.final?.test_accuracy != null))
    return { name: "final test accuracy", higherIsBetter: true, of: (p) => p.final?.test_accuracy ?? null };
  if (doc.points.some((p) => p.final?.test_loss != null))
    return { name: "final test loss", higherIsBetter: false, of: (p) => p.final?.test_loss ?? null };
  return { name: "final training loss", higherIsBetter: false, of: (p) => p.final?.train_loss ?? null };
}

/** the grid axes with more than one value, and each point's label from them */
export function pointLabels(doc: SweepDocument): { axes: SweepDocument["grid"]; label(p: SweepPointRecord): string } {
  const axes = doc.grid.filter((a) => a.values.length > 1);
  const short = shortKeys(axes.map((a) => a.key));
  return {
    axes,
    label: (p) => axes.map((a, i) => `${short[i]}=${formatValue(p.overrides[a.key])}`).join(", ") || `point ${p.index}`,
  };
}

/** t ∈ [0, 1], 1 the best of `values` (log10 for losses spanning ≥ LOG_SPAN) */
function goodness(metric: Metric, values: readonly number[]): (v: number) => number {
  const finite = values.filter(Number.isFinite);
  const log =
    !metric.higherIsBetter && finite.every((v) => v > 0) && Math.max(...finite) / Math.min(...finite) >= LOG_SPAN;
  const t = (v: number) => (log ? Math.log10(v) : v);
  const lo = Math.min(...finite.map(t)),
    hi = Math.max(...finite.map(t));
  return (v) => {
    const u = hi > lo ? (t(v) - lo) / (hi - lo) : 1;
    return metric.higherIsBetter ? u : 1 - u;
  };
}

function formatMetric(metric: Metric, v: number): string {
  return metric.higherIsBetter ? percent(v) : formatNumber(v, 4);
}

export function heatmapTable(doc: SweepDocument, metric: Metric): string | null {
  const { axes } = pointLabels(doc);
  if (axes.length !== 2) return null;
  const [rowAxis, colAxis] = [axes[0]!, axes[1]!];
  const [rowKey, colKey] = shortKeys([rowAxis.key, colAxis.key]);
  const values = doc.points.map((p) => metric.of(p)).filter((v): v is number => v !== null && Number.isFinite(v));
  const shade = goodness(metric, values);
  const best = metric.higherIsBetter ? Math.max(...values) : Math.min(...values);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const head = `<tr><th>${escapeXml(`${rowKey} ↓`)}<br/>${escapeXml(`${colKey} →`)}</th>${colAxis.values
    .map((v) => `<th class="num">${escapeXml(formatValue(v))}</th>`)
    .join("")}</tr>`;
  const rows = rowAxis.values.map((rv) => {
    const cells = colAxis.values.map((cv) => {
      const p = doc.points.find((q) => same(q.overrides[rowAxis.key], rv) && same(q.overrides[colAxis.key], cv));
      const v = p ? metric.of(p) : null;
      if (p === undefined || v === null || !Number.isFinite(v) || p.status === "diverged") {
        const text = p === undefined ? "not run" : p.status;
        return `<td class="heat" data-point="${p?.index ?? ""}" data-status="${escapeXml(text)}">${text}</td>`;
      }
      const colour = sequential(shade(v));
      const mark = v === best ? ' data-best="true"' : "";
      return (
        `<td class="heat num" data-point="${p.index}" data-value="${v}"${mark} ` +
        `style="background:${css(colour)};color:${inkOn(colour)}">${escapeXml(formatMetric(metric, v))}</td>`
      );
    });
    return `<tr><th class="num">${escapeXml(formatValue(rv))}</th>${cells.join("")}</tr>`;
  });
  return (
    `<div class="scroll"><table class="heatmap" data-kind="sweep-heatmap">\n<thead>${head}</thead>\n` +
    `<tbody>\n${rows.join("\n")}\n</tbody>\n</table></div>`
  );
}

/** One small chart per point with a run, on shared axes. */
export function smallMultiples(doc: SweepDocument, runs: ReadonlyMap<number, TrainRun>): string {
  const { label } = pointLabels(doc);
  const points = doc.points.filter((p) => runs.has(p.index));
  const curves = points.map((p) => {
    const rows = runs.get(p.index)!.rows;
    return { p, train: seriesOf(rows, "samples", "train_loss"), test: seriesOf(rows, "samples", "test_loss") };
  });
  const all = curves.flatMap((c) => [...c.train, ...c.test]);
  const axis = planAxis(all.map((q) => q[1]));
  const xKind = "linear" as const; // samples seen: equal epochs take equal room
  const xs = all.map((q) => q[0]).filter(Number.isFinite);
  const kept = all.map((q) => q[1]).filter((v) => Number.isFinite(v) && (axis.kind === "linear" || v > 0));
  const clip = (v: number) => Math.min(axis.clip?.max ?? Infinity, Math.max(axis.clip?.min ?? -Infinity, v));
  const yRange = kept.length > 0 ? [Math.min(...kept.map(clip)), Math.max(...kept.map(clip))] : [];
  const charts = curves.map(({ p, train, test }) =>
    lineChart({
      title: `${label(p)}${p.status === "completed" ? "" : ` (${p.status})`}${unstable(p) ? " (unstable)" : ""}`,
      xLabel: `samples seen${scaleNote(xKind)}`,
      yLabel: `loss${scaleNote(axis.kind)}`,
      xScale: xKind,
      yScale: axis.kind,
      series: [
        { name: "training loss", points: train },
        { name: "test loss", points: test, markers: test.length <= 25 },
      ],
      width: 260,
      height: 210,
      legend: false,
      xInclude: xs.length > 0 ? [0, Math.max(...xs)] : [0],
      yInclude: [...yRange, ...(axis.kind === "linear" ? [0] : [])],
      ...(axis.clip ? { yClip: axis.clip } : {}),
      attributes: { "data-kind": "small-multiple", "data-point": p.index },
    }),
  );
  const shared =
    "Every chart has the same axes. Blue: training loss (mean over each log interval); orange: test loss." +
    (axis.note ? ` The loss axis is ${axis.note.replace(/^clipped: /, "clipped so the others stay readable: ")}.` : "");
  return `<p>${escapeXml(shared)}</p>\n<div class="multiples">\n${charts.join("")}</div>`;
}

const unstable = (p: SweepDocument["points"][number]): boolean => p.health?.verdict === "unstable";

function pointsTable(doc: SweepDocument): string {
  const { label } = pointLabels(doc);
  return htmlTable({
    columns: [
      "point",
      "grid values",
      "status",
      "health",
      "steps",
      "final training loss",
      "final test loss",
      "test accuracy",
      "time (s)",
    ],
    rows: doc.points.map((p) => [
      p.index,
      label(p),
      p.status,
      p.health ? [p.health.verdict, ...p.health.reasons].join(": ") : "–",
      p.steps ?? "–",
      number(p.final?.train_loss ?? null),
      number(p.final?.test_loss ?? null),
      percent(p.final?.test_accuracy ?? null),
      p.timing === null ? "–" : formatNumber(p.timing.total_s, 3),
    ]),
  });
}

export function sweepReportHtml(doc: SweepDocument, runs: ReadonlyMap<number, TrainRun>, subtitle: string): string {
  const metric = metricOf(doc);
  const { axes } = pointLabels(doc);
  const heat = heatmapTable(doc, metric);
  const ordered = doc.points.flatMap((p) => (runs.has(p.index) ? [runs.get(p.index)!] : []));
  const grid = axes.map((a) => `${a.key} ∈ {${a.values.map(formatValue).join(", ")}}`).join(" × ");
  const sections: PageSection[] = [
    {
      heading: "The grid",
      html: `<p>${escapeXml(
        `${doc.points.length} of ${doc.points_total} points run: ${grid || "one point"}. ` +
          "Labels name only the grid keys that vary.",
      )}</p>`,
    },
  ];
  if (heat !== null) {
    sections.push({
      heading: `${metric.name[0]!.toUpperCase()}${metric.name.slice(1)} over the grid`,
      html:
        `<p>${escapeXml("Shading from worst (dark) to best (yellow); the best is bold. Diverged points say so.")}` +
        "</p>\n" +
        heat,
    });
  }
  if (ordered.length > 0) {
    sections.push({ heading: "Each point's loss against samples seen", html: smallMultiples(doc, runs) });
    sections.push({
      heading: "Training loss against time",
      html: overlayChart(ordered, "elapsed_s", "train_loss", "Training loss against time", "training loss"),
    });
  }
  sections.push({ heading: "Every point", html: pointsTable(doc) });
  return htmlPage({ title: `Sweep: ${doc.name}`, subtitle, sections });
}
