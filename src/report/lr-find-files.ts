/**
 * What `sgd lr-find` writes and prints (docs/lr-find.md): DIR/lr-find.json (format
 * "sgd-lr-find", version 1: the sweep's settings, the suggestion and every point), DIR/lr-find.csv
 * (step, learning_rate, loss, smoothed) and DIR/report.html (the smoothed loss against γ on a log
 * axis, the suggested γ marked, the caveats); the short text summary for the terminal.
 */
import path from "node:path";
import type { RangeTestResult } from "../train/lr-range-test.js";
import { htmlPage, htmlTable } from "./html-page.js";
import { formatNumber } from "./number-format.js";
import { writeFileAtomic, writeJsonAtomic } from "./run-directory.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

export const LR_FIND_FILES = { document: "lr-find.json", csv: "lr-find.csv", report: "report.html" } as const;

export interface LrFindDocument extends RangeTestResult {
  format: "sgd-lr-find";
  version: 1;
  name: string;
  /** the config file, absolute */
  config: string;
  optimizer: string;
  batch_size: number;
  steps: number;
  min_lr: number;
  max_lr: number;
}

export const CAVEATS = [
  "The suggestion is for this optimizer, batch size and network from their initial weights: " +
    "change any of them and run the test again.",
  "It is a starting point, not the γ of the whole run: the loss of a few hundred steps says nothing about " +
    "the last epochs (schedules, annealing).",
  "The schedule in the config is ignored here; momentum and Adam-type averages build up during the sweep, " +
    "so the curve at a given γ is not a run at that γ alone.",
  "The curve is noisy for small batches: read the smoothed line, and prefer a γ well before the minimum.",
];

/** lr-find.json, lr-find.csv and report.html in `dir` (which exists). */
export function writeLrFind(dir: string, doc: LrFindDocument): void {
  writeJsonAtomic(path.join(dir, LR_FIND_FILES.document), doc);
  const lines = doc.points.map((p) => `${p.step},${p.learning_rate},${p.loss},${p.smoothed}`);
  writeFileAtomic(
    path.join(dir, LR_FIND_FILES.csv),
    `step,learning_rate,loss,smoothed\n${lines.map((l) => `${l}\n`).join("")}`,
  );
  writeFileAtomic(path.join(dir, LR_FIND_FILES.report), lrFindReportHtml(doc, dir));
}

export function lrFindChart(doc: LrFindDocument): string {
  // the smoothed loss only, as fastai plots it: single minibatch spikes would set the scale (lr-find.csv has them)
  const smoothed = doc.points.map((p) => [p.learning_rate, p.smoothed] as const);
  const series: ChartSeries[] = [{ name: "smoothed minibatch loss (β = 0.98)", points: smoothed }];
  if (doc.suggested !== null && smoothed.length > 0) {
    const ys = smoothed.map((p) => p[1]);
    const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
    series.push({
      name: `suggested γ = ${formatNumber(doc.suggested, 3)}`,
      points: [
        [doc.suggested, lo],
        [doc.suggested, hi],
      ],
      dashed: true,
    });
  }
  return lineChart({
    title: `Loss against learning rate (${doc.optimizer}, B = ${doc.batch_size})`,
    xLabel: "learning rate γ (log scale)",
    yLabel: "training loss",
    xScale: "log",
    series,
    width: 1000,
    height: 440,
  });
}

export function lrFindReportHtml(doc: LrFindDocument, dir: string): string {
  const rows: (readonly [string, string])[] = [
    ["optimizer", doc.optimizer],
    ["batch size", String(doc.batch_size)],
    [
      "sweep",
      `${doc.points.length} of ${doc.steps} steps, γ from ${formatNumber(doc.min_lr)} to ${formatNumber(doc.max_lr)}`,
    ],
    ["stopped", doc.stopped ?? "no: every step ran"],
    ["minimum of the smoothed loss", pointText(doc.minimum)],
    ["steepest descent", pointText(doc.steepest)],
    ["suggested γ (minimum / 10)", doc.suggested === null ? "none" : formatNumber(doc.suggested, 3)],
  ];
  if (doc.note !== null) rows.push(["note", doc.note]);
  return htmlPage({
    title: `Learning-rate range test: ${doc.name}`,
    subtitle: `sgd lr-find · ${dir}`,
    sections: [
      { heading: "Loss against γ", html: lrFindChart(doc) },
      { heading: "Result", html: htmlTable({ columns: ["quantity", "value"], rows }) },
      { heading: "Caveats", html: `<ul>${CAVEATS.map((c) => `<li>${escapeXml(c)}</li>`).join("")}</ul>` },
    ],
  });
}

function pointText(p: RangeTestResult["minimum"]): string {
  return p === null
    ? "–"
    : `loss ${formatNumber(p.smoothed, 4)} at γ = ${formatNumber(p.learning_rate, 3)} (step ${p.step})`;
}

/** The lines printed at the end. */
export function formatLrFind(doc: LrFindDocument, dir: string): string {
  const lines = [
    `lr-find: ${doc.points.length} of ${doc.steps} steps, ` +
      `γ from ${formatNumber(doc.min_lr)} to ${formatNumber(doc.max_lr)}` +
      (doc.stopped === null ? "" : ` (stopped: ${doc.stopped})`),
    `  minimum of the smoothed loss  ${pointText(doc.minimum)}`,
    `  steepest descent              ${pointText(doc.steepest)}`,
    doc.suggested === null
      ? "  suggested γ                   none"
      : `  suggested γ                   ${formatNumber(doc.suggested, 3)} (the minimum's γ / 10): ` +
        `--set optimizer.learningRate=${formatNumber(doc.suggested, 3)}`,
  ];
  if (doc.note !== null) lines.push(`  note: ${doc.note}`);
  lines.push(`files: ${dir} (${Object.values(LR_FIND_FILES).join(", ")})`);
  return `${lines.join("\n")}\n`;
}
