/**
 * The charts of the compare-gradients report (the counterpart of the tutorial's Figure 1-1, docs/background.md):
 * for each width H of the depth sweep, seconds per gradient (fastest repeat) against depth L on a log axis, one
 * solid line per method where it ran and a dashed one where it was skipped (its predicted time =
 * exact multiply-adds / measured rate); the same for the exact multiply-adds (solid where counted
 * as the method ran, dashed where only the closed form gives them); and the width sweep, seconds
 * against H at fixed L, log–log.
 */
import type { CaseResult, CompareResults } from "../compare/compare-types.js";
import type { CompareMethodId } from "../config/compare-schema.js";
import { representativeSeconds } from "../compare/timing.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";

type Point = readonly [number, number];

function methodsOf(cases: readonly CaseResult[]): CompareMethodId[] {
  return [...new Set(cases.flatMap((c) => c.methods.map((m) => m.method)))];
}

/** A measured run of points (solid) and a predicted one (dashed, joined to the last measured point). */
function splitSeries(name: string, measured: Point[], predicted: Point[], slot: number): ChartSeries[] {
  const series: ChartSeries[] = [];
  if (measured.length > 0) series.push({ name, points: measured, markers: true, colourIndex: slot });
  if (predicted.length > 0) {
    // start the dashed line at the last measured point so the two read as one curve
    const last = measured[measured.length - 1];
    const joined = last && last[0] < predicted[0]![0] ? [last, ...predicted] : predicted;
    series.push({ name: `${name} (skipped: predicted)`, points: joined, dashed: true, colourIndex: slot });
  }
  return series;
}

/** Measured seconds per gradient (solid) and predicted seconds of skipped runs (dashed). */
function timeSeries(cases: readonly CaseResult[], x: (c: CaseResult) => number): ChartSeries[] {
  return methodsOf(cases).flatMap((method, slot) => {
    const measured: Point[] = [];
    const predicted: Point[] = [];
    for (const c of cases) {
      const m = c.methods.find((r) => r.method === method);
      if (m?.timing) measured.push([x(c), representativeSeconds(m.timing)]);
      else if (m?.predicted.seconds != null) predicted.push([x(c), m.predicted.seconds]);
    }
    return splitSeries(method, measured, predicted, slot);
  });
}

/** Multiply-adds counted as the method ran (solid) and closed-form counts of skipped runs (dashed). */
function maddSeries(cases: readonly CaseResult[]): ChartSeries[] {
  return methodsOf(cases).flatMap((method, slot) => {
    const counted: Point[] = [];
    const predicted: Point[] = [];
    for (const c of cases) {
      const m = c.methods.find((r) => r.method === method);
      if (m?.cost) counted.push([c.depth, m.cost.multiplyAdds]);
      else if (m) predicted.push([c.depth, m.predicted.multiplyAdds]);
    }
    return splitSeries(method, counted, predicted, slot);
  });
}

export function depthCharts(results: CompareResults): string[] {
  const sweep = results.cases.filter((c) => c.sweeps.includes("depth"));
  const widths = [...new Set(sweep.map((c) => c.width!))];
  return widths.flatMap((width) => {
    const cases = sweep.filter((c) => c.width === width).sort((a, b) => a.depth - b.depth);
    const sizes = `H=${width}, I=${results.config.inputs}, O=${results.config.outputs}, B=${results.config.batchSize}`;
    return [
      lineChart({
        title: `Time per gradient (${sizes})`,
        xLabel: "depth L (hidden layers)",
        yLabel: "seconds per gradient",
        yScale: "log",
        series: timeSeries(cases, (c) => c.depth),
      }),
      lineChart({
        title: `Multiply-adds per gradient (${sizes})`,
        xLabel: "depth L (hidden layers)",
        yLabel: "multiply-adds",
        yScale: "log",
        series: maddSeries(cases),
      }),
    ];
  });
}

export function widthChart(results: CompareResults): string | null {
  const cases = results.cases.filter((c) => c.sweeps.includes("width")).sort((a, b) => a.width! - b.width!);
  if (cases.length < 2) return null;
  return lineChart({
    title:
      `Time per gradient (L=${results.config.widthSweep.depth}, I=${results.config.inputs}, ` +
      `O=${results.config.outputs}, B=${results.config.batchSize})`,
    xLabel: "width H",
    yLabel: "seconds per gradient",
    xScale: "log",
    yScale: "log",
    series: timeSeries(cases, (c) => c.width!),
  });
}
