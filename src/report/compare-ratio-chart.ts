/**
 * The ratio charts of the compare-gradients report: backprop's speed-up over each method,
 *   t_method(L) / t_BP(L)   against depth L, log scale, one chart per width H, one line per method,
 * solid where both ran (fastest repeats), dashed where the method was skipped and its time is the
 * extrapolation (exact multiply-adds ÷ measured rate, budget.ts) — out to the claim at L = 20.
 * Dashed references: the tutorial's exp(L)/L and H^L. Listed networks get one chart of markers.
 * Path enumeration is labelled as the tutorial's naive approach. Colours: one slot per method.
 */
import type { CaseResult, CompareResults } from "../compare/compare-types.js";
import { CLAIM_DEPTH, measuredRatio } from "../compare/growth.js";
import { representativeSeconds } from "../compare/timing.js";
import type { CompareMethodId } from "../config/compare-schema.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";

type Point = readonly [number, number];

export function methodLabel(method: CompareMethodId): string {
  return method === "path-enumeration" ? "path enumeration (the tutorial's naive approach)" : method;
}

/** t_method / t_BP where the method was skipped: its recorded prediction over BP's measured time. */
function predictedRatio(c: CaseResult, method: CompareMethodId): number | null {
  const m = c.methods.find((r) => r.method === method);
  const bp = c.methods.find((r) => r.method === "backprop")?.timing;
  return m && !m.timing && m.predicted.seconds !== null && bp ? m.predicted.seconds / representativeSeconds(bp) : null;
}

function sweepSeries(results: CompareResults, width: number, method: CompareMethodId, slot: number): ChartSeries[] {
  const cases = results.cases
    .filter((c) => c.width === width && c.sweeps.includes("depth"))
    .sort((a, b) => a.depth - b.depth);
  const measured: Point[] = [];
  const predicted: Point[] = [];
  for (const c of cases) {
    const r = measuredRatio(c, method);
    if (r !== null) measured.push([c.depth, r]);
    const p = predictedRatio(c, method);
    if (p !== null) predicted.push([c.depth, p]);
  }
  const claim = results.claims.find((r) => r.width === width)?.versus.find((v) => v.method === method);
  const last = predicted[predicted.length - 1] ?? measured[measured.length - 1];
  if (claim?.timeRatio?.extrapolated && (last === undefined || last[0] < CLAIM_DEPTH))
    predicted.push([CLAIM_DEPTH, claim.timeRatio.value]);
  const series: ChartSeries[] = [];
  const name = methodLabel(method);
  if (measured.length > 0) series.push({ name, points: measured, markers: true, colourIndex: slot });
  if (predicted.length > 0) {
    const end = measured[measured.length - 1];
    const joined = end && end[0] < predicted[0]![0] ? [end, ...predicted] : predicted;
    series.push({ name: `${name} (predicted)`, points: joined, dashed: true, colourIndex: slot });
  }
  return series;
}

const REFERENCE_SLOT = 6; // black: exp(L)/L
const POWER_SLOT = 1; // orange: H^L

function references(width: number | null): ChartSeries[] {
  const depths = Array.from({ length: CLAIM_DEPTH }, (_, i) => i + 1);
  const series: ChartSeries[] = [
    {
      name: "exp(L)/L (the tutorial's estimate)",
      points: depths.map((L): Point => [L, Math.exp(L) / L]),
      dashed: true,
      colourIndex: REFERENCE_SLOT,
    },
  ];
  if (width !== null)
    series.push({
      name: `${width}^L`,
      points: depths.map((L): Point => [L, width ** L]),
      dashed: true,
      colourIndex: POWER_SLOT,
    });
  return series;
}

const METHOD_SLOTS: Partial<Record<CompareMethodId, number>> = {
  "finite-difference-central": 0,
  "finite-difference-forward": 2,
  "path-enumeration": 3,
};

function chart(title: string, series: ChartSeries[]): string {
  return lineChart({
    title,
    xLabel: "depth L (hidden layers)",
    yLabel: "t_method / t_backprop",
    yScale: "log",
    series,
  });
}

/** One chart per width of the depth sweep, and one for the listed networks (if any). */
export function ratioCharts(results: CompareResults): string[] {
  const widths = [...new Set(results.cases.filter((c) => c.sweeps.includes("depth")).map((c) => c.width!))];
  const methods = [...new Set(results.cases.flatMap((c) => c.methods.map((m) => m.method)))].filter(
    (m) => m !== "backprop",
  );
  if (methods.length === 0) return [];
  const charts = widths.map((width) =>
    chart(`Backprop's speed-up over each method (H=${width})`, [
      ...methods.flatMap((m) => sweepSeries(results, width, m, METHOD_SLOTS[m] ?? 4)),
      ...references(width),
    ]),
  );
  const listed = results.cases.filter((c) => c.sweeps.includes("network"));
  if (listed.length > 0) {
    const series: ChartSeries[] = [];
    for (const c of listed)
      for (const m of methods) {
        const r = measuredRatio(c, m);
        if (r !== null)
          series.push({
            name: `${methodLabel(m)} on ${c.id}`,
            points: [[c.depth, r]],
            markers: true,
            colourIndex: METHOD_SLOTS[m] ?? 4,
          });
      }
    charts.push(
      chart(`Backprop's speed-up on ${listed.map((c) => c.id).join(", ")}`, [...series, ...references(null)]),
    );
  }
  return charts;
}
