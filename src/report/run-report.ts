/**
 * report.html of one training run: training, validation and test loss against step, validation
 * and test accuracy against step, the learning rate γ_n of w ← w − γ_n·∇C against step; what the
 * network learned (learned.ts, when given the run's data and model); weight and gradient histograms
 * (histograms.json); and a summary table from config.json and summary.json. Every plotted point is
 * a logged metrics row, unchanged
 * (the polylines' data-points hold them). Pure: parsed run in, HTML out.
 */
import type { TrainConfig } from "../config/train-schema.js";
import { histogramSection } from "./histogram-charts.js";
import { htmlPage, htmlTable, type PageSection } from "./html-page.js";
import { learnedSections, type Learned } from "./learned.js";
import { noiseSection } from "./noise-chart.js";
import { formatNumber } from "./number-format.js";
import type { TrainRun } from "./run-reader.js";
import { clipOptions, planAxis } from "./robust-axis.js";
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
} from "./run-report-series.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

const STEP_LABEL = "step n (parameter updates)";

export function lossChart(run: TrainRun, width = 480, height = 340): string {
  const train = seriesOf(run.rows, "step", "train_loss");
  const test = seriesOf(run.rows, "step", "test_loss");
  const validation = seriesOf(run.rows, "step", "validation_loss");
  const axis = planAxis([...train, ...test, ...validation].map((p) => p[1]));
  const yScale = axis.kind;
  const series: ChartSeries[] = [
    { name: "training loss (mean over the log interval)", points: train, markers: train.length <= MAX_MARKED_POINTS },
  ];
  if (validation.length > 0) series.push({ name: "validation loss", points: validation, markers: true });
  if (test.length > 0) series.push({ name: "test loss", points: test, markers: true });
  return lineChart({
    title: `Loss against step (${lossName(run.config)})`,
    xLabel: STEP_LABEL,
    yLabel: `${lossName(run.config)}${scaleNote(yScale)}`,
    yScale,
    series,
    width,
    height,
    xInclude: [0],
    ...(yScale === "linear" ? { yInclude: [0] } : {}),
    ...clipOptions(axis),
  });
}

export function accuracyChart(run: TrainRun, width = 480, height = 340): string | null {
  const points = seriesOf(run.rows, "step", "test_accuracy");
  const validation = seriesOf(run.rows, "step", "validation_accuracy");
  const onValidation = points.length === 0;
  const shown = onValidation ? validation : points;
  if (shown.length === 0) return null;
  const name = onValidation ? "validation accuracy" : "test accuracy";
  return lineChart({
    title: `${onValidation ? "Validation" : "Test"} accuracy against step`,
    xLabel: STEP_LABEL,
    yLabel: `${name} (fraction correct)`,
    series: [{ name, points: shown, markers: shown.length <= MAX_MARKED_POINTS }],
    width,
    height,
    xInclude: [0],
  });
}

export function learningRateChart(run: TrainRun, width = 480, height = 340): string {
  const points = seriesOf(run.rows, "step", "learning_rate");
  const yScale = autoScale(points.map((p) => p[1]));
  return lineChart({
    title: `Learning rate γ_n against step (${run.config.optimizer.schedule.type})`,
    xLabel: STEP_LABEL,
    yLabel: `learning rate γ_n${scaleNote(yScale)}`,
    yScale,
    series: [{ name: "γ_n", points, markers: points.length <= MAX_MARKED_POINTS }],
    width,
    height,
    xInclude: [0],
    // a constant γ would run along the frame: leave a tenth of headroom
    ...(yScale === "linear" ? { yInclude: [0, 1.1 * Math.max(0, ...points.map((p) => p[1]))] } : {}),
  });
}

/** What the run was and how it ended, one row per quantity. */
export function summaryRows(run: TrainRun): (readonly [string, string])[] {
  const { config, summary } = run;
  const end = finalNumbers(run);
  const rows: (readonly [string, string])[] = [
    ["run", config.name],
    ["status", end.status],
    ["network", summary?.network ?? `hidden ${JSON.stringify(config.model.hidden)}, ${config.model.activation}`],
    ["parameters", summary ? summary.parameters.toLocaleString("en-US") : "–"],
    ["data", describeData(config)],
    ["loss", lossName(config)],
    ["batch", describeBatch(config, trainSizeOf(run.rows))],
    [
      "learning rate γ0",
      `${formatNumber(config.optimizer.learningRate)} (schedule: ${config.optimizer.schedule.type})`,
    ],
    ["optimizer", config.optimizer.type],
    [
      "momentum / weight decay",
      `${formatNumber(config.optimizer.momentum)} / ${formatNumber(config.optimizer.weightDecay)}`,
    ],
    [
      "gradient",
      config.gradient.method === "backprop"
        ? "backprop"
        : `finite differences (${config.gradient.scheme}, ε = ${config.gradient.epsilon})`,
    ],
    ["seed", String(config.seed)],
    ["steps", end.steps.toLocaleString("en-US")],
    ["epochs", formatNumber(end.epochs, 4)],
    ["final training loss", number(end.trainLoss)],
    ["final test loss", number(end.testLoss)],
    ["final test accuracy", percent(end.testAccuracy)],
    ["time", `${formatNumber(end.seconds, 4)} s`],
    ["samples / s", end.samplesPerSecond === null ? "–" : Math.round(end.samplesPerSecond).toLocaleString("en-US")],
  ];
  if (summary) {
    const share = summary.timing.total_s > 0 ? summary.timing.gradient_s / summary.timing.total_s : 0;
    rows.push([
      "gradient time",
      `${formatNumber(summary.timing.gradient_s, 4)} s (${(share * 100).toFixed(1)}% of the run)`,
    ]);
    if (summary.divergence) rows.push(["diverged", `at step ${summary.divergence.step}: ${summary.divergence.reason}`]);
    rows.push(...watchedRows(summary));
    if (summary.environment) rows.push(["machine", `${summary.environment.cpu}, Node ${summary.environment.node}`]);
  }
  return rows;
}

/** The best model and the health verdict, where summary.json has them. */
function watchedRows(summary: NonNullable<TrainRun["summary"]>): (readonly [string, string])[] {
  const rows: (readonly [string, string])[] = [];
  const { best, health, final } = summary;
  if (best) rows.push(["best model (model.json)", `step ${best.step}: ${best.monitor} ${number(best.value)}`]);
  if (typeof final.validation_loss === "number") rows.push(["validation loss", number(final.validation_loss)]);
  if (typeof final.validation_accuracy === "number")
    rows.push(["validation accuracy", percent(final.validation_accuracy)]);
  if (health) rows.push(["health", [health.verdict, ...health.reasons, health.hint ?? ""].filter(Boolean).join("; ")]);
  return rows;
}

export function describeData(config: TrainConfig): string {
  const d = config.data;
  const scaling = d.normalize === "none" ? "" : `, ${d.normalize} normalization`;
  switch (d.source) {
    case "mnist":
      return `mnist digits: ${d.train} train / ${d.test} test${scaling}`;
    case "mnist-full":
      return `full MNIST: ${d.train ?? 60000} train / ${d.test ?? 10000} official test digits${scaling}`;
    case "idx":
      return (
        `IDX files ${d.trainImages}${d.train === null ? "" : `, ${d.train} train`}` +
        `${d.test === null ? "" : ` / ${d.test} test`}${scaling}`
      );
    case "synthetic":
      return (
        `synthetic ${d.generator}: ${d.samples} samples, ${formatNumber(d.testFraction * 100)}% test, ` +
        `noise ${d.noise}${scaling}`
      );
    case "csv":
      return `CSV ${d.path} (${d.task}, target "${d.target}")${scaling}`;
  }
}

const READING =
  "Training loss: the mean minibatch loss C(s_i, w_n) over the steps since the previous row — " +
  "noisy when the batch is small. " +
  "Test loss and accuracy: the whole test split, evaluated every log.evalEvery steps and at each epoch end; " +
  "with data.validation the validation split is evaluated there instead, and the test split only at the end. " +
  "Points are the rows of metrics.jsonl, exactly as logged.";

export function trainRunReportHtml(run: TrainRun, subtitle: string, learned?: Learned): string {
  const noise = noiseSection(run);
  const accuracy = accuracyChart(run);
  const histograms = run.histograms ? histogramSection(run.histograms) : null;
  const sections: PageSection[] = [
    {
      heading: "Loss, accuracy and learning rate",
      html:
        `<p>${escapeXml(READING)}</p>\n` +
        `<div class="figures">\n${lossChart(run)}${accuracy ?? ""}${learningRateChart(run)}</div>`,
    },
    ...(noise ? [noise] : []),
    ...(learned ? learnedSections(learned, run.config.data.source) : []),
    ...(histograms ? [histograms] : []),
    { heading: "Summary", html: htmlTable({ columns: ["quantity", "value"], rows: summaryRows(run) }) },
  ];
  if (run.rows.length === 0) {
    sections.unshift({
      heading: "No metrics yet",
      html: "<p>metrics.jsonl has no rows: the run stopped before its first log interval.</p>",
    });
  }
  return htmlPage({ title: `Training run: ${run.config.name}`, subtitle, sections });
}
