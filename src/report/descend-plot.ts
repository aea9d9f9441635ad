/**
 * Terminal plot of `sgd descend` trajectories with asciichart: x_1 (or log10 f) against step,
 * one series (a small chart) per learning rate γ. Diverging runs are clamped so the others stay readable:
 * x_1 to ±2·M, M the largest |x_1| of the non-diverging runs (or of x_0); log10 f to at most
 * 3 decades above the non-diverging runs, and f floored at 1e-16 (f = 0 is the minimum).
 */
import asciichart from "asciichart";
import type { DescendResult } from "../descend/descend.js";
import { runLabel } from "./descend-table.js";
import { formatNumber } from "./number-format.js";

export type PlotMetric = "x1" | "f";

export interface PlotOptions {
  metric: PlotMetric;
  /** tint each chart with ANSI colour */
  colour: boolean;
  /** terminal columns available (the chart samples steps to fit) */
  columns: number;
}

const F_FLOOR = 1e-16;
const LABEL_WIDTH = 11;
const CHART_ROWS = 9;
const PALETTE = [
  asciichart.blue,
  asciichart.yellow,
  asciichart.magenta,
  asciichart.cyan,
  asciichart.green,
  asciichart.red,
];

/**
 * One small chart per γ, stacked, all on the same y-range so they compare at a glance.
 * (Overlaying them in one chart was tried: a period-2 oscillation fills every column with a
 * vertical bar and hides the other series.)
 */
export function descendPlot(result: DescendResult, options: PlotOptions): string {
  const lastStep = Math.max(...result.runs.map((r) => r.final.step));
  const stride = Math.max(1, Math.ceil((lastStep + 1) / Math.max(10, options.columns - LABEL_WIDTH - 4)));
  const { series, note } = clampedSeries(result, options.metric, stride);
  const all = series.flat();
  const [min, max] = [Math.min(...all), Math.max(...all)];
  const what = options.metric === "x1" ? "x_1" : "log10 f";
  const sampling = stride > 1 ? `, sampled every ${stride} steps` : "";
  const format = (v: number): string => `${formatNumber(v, 3).padStart(LABEL_WIDTH - 1)} `;
  const charts = result.runs.map((r, i) => {
    const title = `${runLabel(r)} (${r.classification})`;
    const colors = options.colour ? [PALETTE[i % PALETTE.length]!] : [];
    return `${title}\n${asciichart.plot(series[i] ?? [], { height: CHART_ROWS - 1, min, max, colors, format })}`;
  });
  return `${what} against step${sampling}${note}\n${charts.join("\n")}\n`;
}

/** The plotted values, sampled every `stride` steps (the last step always kept), clamped. */
function clampedSeries(
  result: DescendResult,
  metric: PlotMetric,
  stride: number,
): { series: number[][]; note: string } {
  const raw = result.runs.map((run) => {
    const picked = run.iterates.filter((_, k) => k % stride === 0 || k === run.iterates.length - 1);
    return picked.map((it) => (metric === "x1" ? (it.x[0] ?? NaN) : Math.log10(Math.max(it.f, F_FLOOR))));
  });
  const steady = raw
    .filter((_, i) => result.runs[i]!.classification !== "diverging")
    .flat()
    .filter(Number.isFinite);
  let low: number, high: number;
  if (metric === "x1") {
    const reach = Math.max(...(steady.length > 0 ? steady : [result.start[0] ?? 1]).map(Math.abs), 1e-12);
    [low, high] = [-2 * reach, 2 * reach];
  } else {
    const top = steady.length > 0 ? Math.max(...steady) : (raw[0]?.[0] ?? 0);
    [low, high] = [Math.log10(F_FLOOR), top + 3];
  }
  let clamped = false;
  const series = raw.map((values) =>
    values.map((v) => {
      const c = Number.isNaN(v) ? high : Math.min(high, Math.max(low, v));
      if (c !== v) clamped = true;
      return c;
    }),
  );
  const note = clamped ? ` (diverging values clamped to [${formatNumber(low, 3)}, ${formatNumber(high, 3)}])` : "";
  return { series, note };
}
