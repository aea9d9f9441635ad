/**
 * The weights-and-gradients section of a run's report, from histograms.json (histograms.ts): per layer l,
 * the histogram of W^l and of the gradient ∂C/∂W^l at start, middle and end, overlaid as step outlines
 * (y = share of the layer's weights in each bin: count / n; each moment has its own bins over its
 * own [min, max]). Growing weights and shrinking gradients show as widening and narrowing outlines.
 */
import type { HistogramsJson, Histogram, Snapshot } from "./histograms.js";
import type { PageSection } from "./html-page.js";
import { formatNumber } from "./number-format.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

/** The outline of a histogram: (edge_k, share_k), (edge_k+1, share_k) per bin; a single point when max = min. */
export function outline(h: Histogram): [number, number][] {
  const n = h.counts.reduce((a, b) => a + b, 0);
  if (n === 0) return [];
  if (h.max === h.min) return [[h.min, 1]];
  const width = (h.max - h.min) / h.counts.length;
  const points: [number, number][] = [[h.min, 0]];
  h.counts.forEach((c, k) => {
    points.push([h.min + k * width, c / n], [h.min + (k + 1) * width, c / n]);
  });
  points.push([h.max, 0]);
  return points;
}

const SLOT: Record<Snapshot["moment"], number> = { start: 0, middle: 1, end: 2 };

function momentChart(doc: HistogramsJson, layer: number, quantity: "weights" | "gradient"): string {
  const snapshots = doc.snapshots.filter((s) => s.layers.some((l) => l.layer === layer));
  const shape = snapshots[0]!.layers.find((l) => l.layer === layer)!.shape;
  const series: ChartSeries[] = snapshots.map((s) => {
    const h = s.layers.find((l) => l.layer === layer)![quantity];
    const extra = h.nonFinite > 0 ? `, ${h.nonFinite} not finite` : "";
    return {
      name: `${s.moment} (step ${s.step}, rms ${formatNumber(h.rms, 2)}${extra})`,
      points: outline(h),
      colourIndex: SLOT[s.moment],
    };
  });
  const what = quantity === "weights" ? `W${superscript(layer)}` : `∂C/∂W${superscript(layer)}`;
  return lineChart({
    title: `Layer ${layer} ${quantity === "weights" ? "weights" : "gradient"} ${what} (${shape.join(" × ")})`,
    xLabel: quantity === "weights" ? "weight value" : "gradient value (last step's ∂C/∂w)",
    yLabel: "share per bin",
    series,
    width: 480,
    height: 320,
    yInclude: [0],
    attributes: { "data-kind": "histogram", "data-layer": layer, "data-quantity": quantity },
  });
}

function superscript(n: number): string {
  return [...String(n)].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("");
}

export function histogramSection(doc: HistogramsJson): PageSection | null {
  if (doc.snapshots.length === 0) return null;
  const layers = [...new Set(doc.snapshots.flatMap((s) => s.layers.map((l) => l.layer)))].sort((a, b) => a - b);
  const moments = doc.snapshots.map((s) => `${s.moment} = step ${s.step}`).join(", ");
  const reading =
    `Per layer, the distribution of its weights and of the gradient of the step just taken, at ${moments} ` +
    `(histograms.json: equal bins over each moment's own range, at most ${doc.bins}). ` +
    "At the start the weights are as initialized and the gradient is the first one, ∇C(w₀).";
  const charts = layers.flatMap((l) => [momentChart(doc, l, "weights"), momentChart(doc, l, "gradient")]);
  return {
    heading: "Weights and gradients",
    html: `<p>${escapeXml(reading)}</p>\n<div class="figures">\n${charts.join("")}</div>`,
  };
}
