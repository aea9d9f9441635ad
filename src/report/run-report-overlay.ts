/**
 * report.html of several training runs overlaid, one series (colour) per run on every chart:
 * loss against samples seen (B × steps) and against seconds — the tutorial's (docs/background.md) trade-off between
 * GD (B = N: few exact, expensive steps) and SGD (B = 1: many cheap, noisy ones) in one picture —
 * test accuracy against samples and seconds, and a table of each run's final numbers.
 * Like with like: the time axis is compute_s (gradient + update seconds only, no evaluations or
 * file writes) when every run recorded it, and the loss is full_train_loss (the whole training
 * set, at evaluations) when every run measured it — else elapsed_s and the running minibatch loss.
 * A run whose health verdict is "unstable" (summary.json) is marked in the legend and the table.
 */
import { htmlPage, htmlTable, type PageSection } from "./html-page.js";
import { formatNumber } from "./number-format.js";
import type { TrainRun } from "./run-reader.js";
import {
  autoScale,
  describeBatch,
  finalNumbers,
  lossName,
  MAX_MARKED_POINTS,
  number,
  percent,
  scaleNote,
  seriesOf,
  trainSizeOf,
  type MetricColumn,
} from "./run-report-series.js";
import { clipOptions, planAxis } from "./robust-axis.js";
import { differenceLabels } from "./run-labels.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

const X_AXES = {
  samples: "samples seen (B × steps)",
  elapsed_s: "time (s)",
  compute_s: "gradient + update seconds (no evaluations, file writes)",
} as const;

type XColumn = keyof typeof X_AXES;

/** One chart, one series per run: `y` against `x`; log axes where the values span decades. */
export function overlayChart(
  runs: readonly TrainRun[],
  x: XColumn,
  y: MetricColumn,
  title: string,
  yLabel: string,
): string {
  const labels = markedLabels(runs);
  const series: ChartSeries[] = runs.map((run, i) => {
    const points = seriesOf(run.rows, x, y);
    return { name: labels[i]!, points, markers: points.length <= MAX_MARKED_POINTS };
  });
  const all = series.flatMap((s) => s.points);
  const xScale = autoScale(all.map((p) => p[0]));
  const axis = planAxis(all.map((p) => p[1]));
  const yScale = axis.kind;
  return lineChart({
    title,
    xLabel: `${X_AXES[x]}${scaleNote(xScale)}`,
    yLabel: `${yLabel}${scaleNote(yScale)}`,
    xScale,
    yScale,
    series,
    width: 480,
    height: 360,
    ...(xScale === "linear" ? { xInclude: [0] } : {}),
    ...clipOptions(axis),
  });
}

/** Legend names, " (unstable)" added to runs whose health verdict says so. */
function markedLabels(runs: readonly TrainRun[]): string[] {
  return differenceLabels(runs).map((label, i) => (isUnstable(runs[i]!) ? `${label} (unstable)` : label));
}

const isUnstable = (run: TrainRun): boolean => run.summary?.health?.verdict === "unstable";

function lossLabel(runs: readonly TrainRun[]): string {
  const names = new Set(runs.map((r) => lossName(r.config)));
  return names.size === 1 ? [...names][0]! : "loss";
}

/** true when every run has a value of `column` in some row */
function everyRunHas(runs: readonly TrainRun[], column: MetricColumn): boolean {
  return runs.every((r) => r.rows.some((row) => row[column] !== null));
}

export function overlayCharts(runs: readonly TrainRun[]): { heading: string; charts: string[] }[] {
  const loss = lossLabel(runs);
  const time: XColumn = everyRunHas(runs, "compute_s") ? "compute_s" : "elapsed_s";
  const full = everyRunHas(runs, "full_train_loss");
  const [yTrain, trainLabel]: [MetricColumn, string] = full
    ? ["full_train_loss", `${loss} on the whole training set`]
    : ["train_loss", `training ${loss} (running minibatch mean)`];
  // runs with data.validation log validation numbers at their evaluations instead of test ones
  const split = runs.some((r) => r.rows.some((row) => row.test_loss !== null)) ? "test" : "validation";
  const Split = split === "test" ? "Test" : "Validation";
  const hasAccuracy = runs.some((r) => r.rows.some((row) => row[`${split}_accuracy`] !== null));
  const [yTest, testTitle, testLabel]: [MetricColumn, string, string] = hasAccuracy
    ? [`${split}_accuracy`, `${Split} accuracy`, `${split} accuracy (fraction correct)`]
    : [`${split}_loss`, `${Split} loss`, `${split} ${loss}`];
  return [
    {
      heading: "Training loss: per sample seen and per second",
      charts: [
        overlayChart(runs, "samples", yTrain, "Training loss against samples seen", trainLabel),
        overlayChart(runs, time, yTrain, "Training loss against time", trainLabel),
      ],
    },
    {
      heading: `${testTitle}: per sample seen and per second`,
      charts: [
        overlayChart(runs, "samples", yTest, `${testTitle} against samples seen`, testLabel),
        overlayChart(runs, time, yTest, `${testTitle} against time`, testLabel),
      ],
    },
  ];
}

export function overlayTable(runs: readonly TrainRun[]): string {
  const labels = differenceLabels(runs);
  const rows = runs.map((run, i) => {
    const end = finalNumbers(run);
    return [
      labels[i]!,
      isUnstable(run) ? `${end.status}, unstable: ${run.summary!.health!.reasons.join("; ")}` : end.status,
      describeBatch(run.config, trainSizeOf(run.rows)),
      formatNumber(run.config.optimizer.learningRate),
      end.steps,
      formatNumber(end.epochs, 4),
      end.samples,
      number(end.trainLoss),
      number(end.testLoss),
      percent(end.testAccuracy),
      formatNumber(end.seconds, 4),
      end.samplesPerSecond === null ? "–" : Math.round(end.samplesPerSecond),
    ];
  });
  return htmlTable({
    columns: [
      "run",
      "status",
      "batch",
      "γ0",
      "steps",
      "epochs",
      "samples seen",
      "final training loss",
      "final test loss",
      "test accuracy",
      "time (s)",
      "samples / s",
    ],
    rows,
  });
}

const READING =
  "Each colour is one run, named by what differs between the runs' configs. " +
  "Against samples seen, a run that updates after every sample (SGD, B = 1) " +
  "takes N steps per epoch where gradient descent (B = N) takes one, " +
  "so it usually gets further per pass over the data. " +
  "Against seconds, the cost of each step counts too: large batches use the machine better per sample. " +
  "Training loss is the mean minibatch loss over each log interval; test numbers use the whole test split.";

export function overlayReportHtml(runs: readonly TrainRun[], subtitle: string): string {
  const sections: PageSection[] = [
    { heading: "How to read this", html: `<p>${escapeXml(READING)}</p>` },
    ...overlayCharts(runs).map((g) => ({
      heading: g.heading,
      html: `<div class="figures">\n${g.charts.join("")}</div>`,
    })),
    { heading: "Final numbers", html: overlayTable(runs) },
  ];
  return htmlPage({ title: `${runs.length} training runs compared`, subtitle, sections });
}
