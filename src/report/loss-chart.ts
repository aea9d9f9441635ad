/**
 * The terminal loss chart `sgd train` prints at the end: training loss (solid) and test loss
 * (dotted) against step, in about ten rows of asciichart, downsampled to the terminal width:
 *   column(step) = round((step − s_first)/(s_last − s_first) · (W − 1)), value = mean of its rows,
 * empty columns linearly interpolated between their neighbours; log10 of the loss when it spans
 * at least LOG_SPAN. Colour (blue/yellow) only when asked; the dots tell the series apart without it.
 */
import asciichart from "asciichart";
import type { MetricsRow } from "../train/state.js";
import { formatNumber } from "./number-format.js";
import { autoScale, seriesOf } from "./run-report-series.js";

export interface LossChartOptions {
  /** terminal columns */
  columns: number;
  colour: boolean;
  /** chart rows (default 10) */
  rows?: number;
}

const LABEL_WIDTH = 9;
const MIN_WIDTH = 16;
const MAX_WIDTH = 100;
type PlotConfig = NonNullable<Parameters<typeof asciichart.plot>[1]>;

const TEST_SYMBOLS = ["┼", "┤", "·", "·", "·", "·", "·", "·", "·", "·"];

/** Mean of the points falling in each of `width` columns over [x0, x1]; null where none falls. */
export function resampleColumns(
  points: readonly (readonly [number, number])[],
  x0: number,
  x1: number,
  width: number,
): (number | null)[] {
  const sums = new Array<number>(width).fill(0);
  const counts = new Array<number>(width).fill(0);
  for (const [x, y] of points) {
    const c = x1 === x0 ? 0 : Math.round(((x - x0) / (x1 - x0)) * (width - 1));
    sums[c]! += y;
    counts[c]!++;
  }
  return sums.map((s, c) => (counts[c]! > 0 ? s / counts[c]! : null));
}

/** Empty columns between two filled ones, linearly interpolated; the filled span [first, last]. */
export function interpolateGaps(
  values: readonly (number | null)[],
): { values: number[]; first: number; last: number } | null {
  const known = values.flatMap((v, i) => (v === null ? [] : [i]));
  if (known.length === 0) return null;
  const first = known[0]!,
    last = known[known.length - 1]!;
  const out = values.map((v) => v ?? NaN);
  for (let k = 0; k + 1 < known.length; k++) {
    const a = known[k]!,
      b = known[k + 1]!;
    for (let i = a + 1; i < b; i++) out[i] = out[a]! + ((out[b]! - out[a]!) * (i - a)) / (b - a);
  }
  for (let i = 0; i < first; i++) out[i] = out[first]!; // outside the span: blanked after plotting
  for (let i = last + 1; i < out.length; i++) out[i] = out[last]!;
  return { values: out, first, last };
}

/** The chart as text ending in a newline, or "" when there are fewer than two points to draw. */
export function terminalLossChart(rows: readonly MetricsRow[], options: LossChartOptions): string {
  const train = seriesOf(rows, "step", "train_loss").filter(([, y]) => Number.isFinite(y));
  const logged = seriesOf(rows, "step", "test_loss").filter(([, y]) => Number.isFinite(y));
  // with data.validation, the validation loss is what the evaluations logged
  const second = logged.length > 0 ? "test loss" : "validation loss";
  const test =
    logged.length > 0 ? logged : seriesOf(rows, "step", "validation_loss").filter(([, y]) => Number.isFinite(y));
  const steps = [...train, ...test].map((p) => p[0]);
  if (new Set(steps).size < 2) return "";
  const log = autoScale([...train, ...test].map((p) => p[1])) === "log";
  const t = (y: number): number => (log ? Math.log10(y) : y);
  const x0 = Math.min(...steps),
    x1 = Math.max(...steps);
  const width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, options.columns - LABEL_WIDTH - 2));
  const lines = [train, test].map((points) =>
    interpolateGaps(
      resampleColumns(
        points.map(([x, y]) => [x, t(y)] as const),
        x0,
        x1,
        width,
      ),
    ),
  );
  const drawn = lines.flatMap((l) => (l === null ? [] : l.values));
  const config: PlotConfig = {
    min: Math.min(...drawn),
    max: Math.max(...drawn),
    height: (options.rows ?? 10) - 1,
    offset: 2,
    format: (v: number): string => formatNumber(log ? 10 ** v : v, 3).padStart(LABEL_WIDTH),
  };
  const grids = lines.map((l, k) =>
    l === null ? null : plotSpan(l, { ...config, ...(k === 1 ? { symbols: TEST_SYMBOLS } : {}) }),
  );
  const merged = mergeGrids(grids[0] ?? null, grids[1] ?? null, options.colour);
  const paint = (code: string, text: string): string => (options.colour ? code + text + asciichart.reset : text);
  const legend = [
    lines[0] ? `${paint(asciichart.blue, "──")} training loss` : "",
    lines[1] ? `${paint(asciichart.yellow, "··")} ${second}` : "",
  ].filter((s) => s !== "");
  const left = `step ${x0}`,
    right = `${x1}`;
  const axis = " ".repeat(LABEL_WIDTH + 1) + left + " ".repeat(Math.max(1, width - left.length - right.length)) + right;
  return `loss against step${log ? " (log scale)" : ""}: ${legend.join("  ")}\n${merged.join("\n")}\n${axis}\n`;
}

interface Grid {
  cells: string[][];
  /** data columns [first, last) carry line segments; others are blanked */
  first: number;
  last: number;
}

/** asciichart's plot of one series as a character grid, with columns outside [first, last] blanked. */
function plotSpan(line: { values: number[]; first: number; last: number }, config: PlotConfig): Grid {
  let { first, last } = line;
  const values = [...line.values];
  if (first === last) {
    // a single column: draw it as a one-column flat segment
    if (last + 1 < values.length) values[++last] = values[first]!;
    else values[--first] = values[last]!;
  }
  const cells = asciichart
    .plot(values, config)
    .split("\n")
    .map((row) => Array.from(row));
  const start = LABEL_WIDTH + 1; // the axis is at LABEL_WIDTH, data column i at start + i
  for (const row of cells) {
    for (let j = start; j < row.length; j++) if (j - start < first || j - start >= last) row[j] = " ";
  }
  return { cells, first, last };
}

/** Training cells win over test cells; the test line shows where the training line is not. */
function mergeGrids(train: Grid | null, test: Grid | null, colour: boolean): string[] {
  const base = train ?? test!;
  const start = LABEL_WIDTH + 1;
  return base.cells.map((row, r) => {
    const other = test?.cells[r] ?? [];
    const width = Math.max(row.length, other.length);
    let text = "";
    for (let j = 0; j < width; j++) {
      const a = train ? (train.cells[r]![j] ?? " ") : " ";
      const b = other[j] ?? " ";
      if (j < start) text += a !== " " ? a : b;
      else if (a !== " ") text += colour ? asciichart.blue + a + asciichart.reset : a;
      else if (b !== " ") text += colour ? asciichart.yellow + b + asciichart.reset : b;
      else text += " ";
    }
    return text.trimEnd();
  });
}
