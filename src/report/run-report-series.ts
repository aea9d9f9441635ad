/**
 * From metrics rows to chart series, shared by the one-run and the several-runs reports:
 * a series is the (x, y) pairs of the rows where both columns were measured (null = not
 * measured at that row), in row order, values exactly as logged. An axis is drawn on a log
 * scale when its values are all > 0 and span at least `LOG_SPAN` (max/min), linear otherwise.
 */
import type { TrainConfig } from "../config/train-schema.js";
import type { MetricsRow } from "../train/state.js";
import { formatNumber } from "./number-format.js";
import type { ScaleKind } from "./scale.js";
import type { TrainRun } from "./run-reader.js";

export type MetricColumn = keyof MetricsRow;

/** max/min at or above which an axis becomes logarithmic */
export const LOG_SPAN = 20;
/** at most this many points per series get a marker; denser series are plain lines */
export const MAX_MARKED_POINTS = 25;

export function seriesOf(rows: readonly MetricsRow[], x: MetricColumn, y: MetricColumn): [number, number][] {
  const points: [number, number][] = [];
  for (const row of rows) {
    const a = row[x],
      b = row[y];
    if (a !== null && b !== null) points.push([a, b]);
  }
  return points;
}

export function autoScale(values: readonly number[]): ScaleKind {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2 || finite.some((v) => v <= 0)) return "linear";
  return Math.max(...finite) / Math.min(...finite) >= LOG_SPAN ? "log" : "linear";
}

/** " (log scale)" for axis labels of log axes */
export function scaleNote(kind: ScaleKind): string {
  return kind === "log" ? " (log scale)" : "";
}

export function lossName(config: TrainConfig): string {
  return config.loss === "cross-entropy" ? "cross-entropy loss" : "mean squared error";
}

/** "B = 1 (SGD)", "B = 32 (minibatch)", "B = N = 2000 (GD)" */
export function describeBatch(config: TrainConfig, trainSize: number | null): string {
  const b = config.optimizer.batchSize;
  if (b === "full") return trainSize === null ? "B = N (GD)" : `B = N = ${trainSize} (GD)`;
  return b === 1 ? "B = 1 (SGD)" : `B = ${b} (minibatch)`;
}

/** Training-set size N from the rows: samples / epoch of any row with epoch > 0. */
export function trainSizeOf(rows: readonly MetricsRow[]): number | null {
  const row = rows.find((r) => r.epoch > 0);
  return row ? Math.round(row.samples / row.epoch) : null;
}

/** Legend names: the config's name, with the directory's name added where two runs share one. */
export function runLabels(runs: readonly TrainRun[]): string[] {
  const names = runs.map((r) => r.config.name);
  return runs.map((r, i) => {
    const shared = names.filter((n) => n === names[i]).length > 1;
    const base =
      r.dir
        .split(/[\\/]/)
        .filter((s) => s !== "")
        .pop() ?? r.dir;
    return shared && base !== r.config.name ? `${r.config.name} (${base})` : r.config.name;
  });
}

/** The numbers a run ended with: summary.json when present, else the last measured rows. */
export function finalNumbers(run: TrainRun): {
  status: string;
  steps: number;
  epochs: number;
  samples: number;
  trainLoss: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  seconds: number;
  samplesPerSecond: number | null;
} {
  const last = <K extends MetricColumn>(column: K): MetricsRow[K] | null =>
    [...run.rows].reverse().find((r) => r[column] !== null)?.[column] ?? null;
  const lastRow = run.rows[run.rows.length - 1];
  const s = run.summary;
  const seconds = s?.timing.total_s ?? lastRow?.elapsed_s ?? 0;
  const samples = lastRow?.samples ?? 0;
  return {
    status: s?.status ?? "no summary.json",
    steps: s?.steps ?? lastRow?.step ?? 0,
    epochs: s?.epochs ?? lastRow?.epoch ?? 0,
    samples,
    trainLoss: s ? s.final.train_loss : last("train_loss"),
    testLoss: s ? s.final.test_loss : last("test_loss"),
    testAccuracy: s ? s.final.test_accuracy : last("test_accuracy"),
    seconds,
    samplesPerSecond: s?.timing.samples_per_s ?? (seconds > 0 ? samples / seconds : null),
  };
}

export function percent(x: number | null): string {
  return x === null ? "–" : `${(x * 100).toFixed(2)}%`;
}

export function number(x: number | null): string {
  return x === null ? "–" : formatNumber(x, 4);
}
