/**
 * report.html of several training runs overlaid, one series (colour) per run on every chart:
 * loss against samples seen (B × steps) and against seconds — the tutorial's (docs/background.md) trade-off between
 * GD (B = N: few exact, expensive steps) and SGD (B = 1: many cheap, noisy ones) in one picture —
 * test accuracy against samples and seconds, and a table of each run's final numbers. A run whose
 * health verdict is "unstable" (summary.json) is marked in the legend and the table.
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
  runLabels,
  scaleNote,
  seriesOf,
  trainSizeOf,
  type MetricColumn,
} from "./run-report-series.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

const X_AXES = {
  samples: "samples seen (B × steps)",
  elapsed_s: "time (s)",
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
  const yScale = autoScale(all.map((p) => p[1]));
  return lineChart({
    title,
    xLabel: `${X_AXES[x]}${scaleNote(xScale)}`,
    yLabel: `${yLabel}${scaleNote(yScale)}`,
    xScale,
    yScale,
    series,
    width: 520,
    height: 360,
    ...(xScale === "linear" ? { xInclude: [0] } : {}),
  });
}

/** Legend names, " (unstable)" added to runs whose health verdict says so. */
function markedLabels(runs: readonly TrainRun[]): string[] {
  return runLabels(runs).map((label, i) => (isUnstable(runs[i]!) ? `${label} (unstable)` : label));
}

const isUnstable = (run: TrainRun): boolean => run.summary?.health?.verdict === "unstable";

function lossLabel(runs: readonly TrainRun[]): string {
  const names = new Set(runs.map((r) => lossName(r.config)));
  return names.size === 1 ? [...names][0]! : "loss";
}

export function overlayCharts(runs: readonly TrainRun[]): { heading: string; charts: string[] }[] {
  const loss = lossLabel(runs);
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
        overlayChart(runs, "samples", "train_loss", "Training loss against samples seen", `training ${loss}`),
        overlayChart(runs, "elapsed_s", "train_loss", "Training loss against time", `training ${loss}`),
      ],
    },
    {
      heading: `${testTitle}: per sample seen and per second`,
      charts: [
        overlayChart(runs, "samples", yTest, `${testTitle} against samples seen`, testLabel),
        overlayChart(runs, "elapsed_s", yTest, `${testTitle} against time`, testLabel),
      ],
    },
  ];
}

export function overlayTable(runs: readonly TrainRun[]): string {
  const labels = runLabels(runs);
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
  "Each colour is one run. Against samples seen, a run that updates after every sample (SGD, B = 1) " +
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
