/**
 * The series of the SVG charts: one <g data-series> per series — a polyline per unbroken run of points the
 * scales can show (a gap at every other one), markers, or for a scatter markers alone — and their legend
 * entries. Colour and marker shape come from the series' palette slot; its second round is dashed.
 */
import type { Scale } from "./scale.js";
import { legendGroup, type LegendEntry, type LegendLayout, marker, PALETTE, px } from "./svg-legend.js";
import { escapeXml } from "./xml-text.js";

export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
  /** draw a marker (shape by series) at every point */
  markers?: boolean;
  /** false: markers only, no line (a scatter plot: each marker carries data-points); default true */
  line?: boolean;
  /** marker radius in px (default 3.5) */
  markerSize?: number;
  /** a scatter's marker outline (default white) */
  markerStroke?: string;
  /** palette slot (colour and marker shape); default: the series' position. Give two series
   *  the same slot to show they belong together, e.g. measured (solid) and predicted (dashed). */
  colourIndex?: number;
}

export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** One <g> per series: a polyline per unbroken run of plottable points, then markers (a scatter: markers only,
 *  each carrying its point in data-points). */
export function seriesGroup(s: ChartSeries, index: number, x: Scale, y: Scale): string {
  const slot = s.colourIndex ?? index;
  const colour = PALETTE[slot % PALETTE.length]!;
  const out = [`<g data-series="${escapeXml(s.name)}" data-index="${index}">`];
  if (s.line === false) {
    for (const [a, b] of s.points) {
      if (x.accepts(a) && y.accepts(b)) {
        const attrs = `data-points="${a},${b}" stroke="${s.markerStroke ?? "#fff"}" stroke-width="0.8"`;
        out.push(marker(slot, x.map(a), y.map(b), colour, attrs, s.markerSize));
      }
    }
    out.push(`</g>`);
    return out.join("\n");
  }
  const dash = isDashed(s, slot) ? ` stroke-dasharray="6 4"` : "";
  for (const run of unbrokenRuns(s.points, x, y)) {
    const data = run.map(([a, b]) => `${a},${b}`).join(" ");
    if (run.length === 1) {
      const [a, b] = run[0]!;
      out.push(`<circle cx="${px(x.map(a))}" cy="${px(y.map(b))}" r="3" fill="${colour}" data-points="${data}"/>`);
      continue;
    }
    const pixels = run.map(([a, b]) => `${px(x.map(a))},${px(y.map(b))}`).join(" ");
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"${dash} ` +
        `points="${pixels}" data-points="${data}"/>`,
    );
  }
  if (s.markers) {
    for (const [a, b] of s.points) {
      if (x.accepts(a) && y.accepts(b))
        out.push(marker(slot, x.map(a), y.map(b), colour, `data-x="${a}" data-y="${b}"`, s.markerSize));
    }
  }
  out.push(`</g>`);
  return out.join("\n");
}

/** Splits the points at every one the scales cannot show: those become gaps. */
function unbrokenRuns(points: ChartSeries["points"], x: Scale, y: Scale): (readonly [number, number])[][] {
  const runs: (readonly [number, number])[][] = [];
  let current: (readonly [number, number])[] = [];
  for (const p of points) {
    if (x.accepts(p[0]) && y.accepts(p[1])) {
      current.push(p);
    } else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** the palette's second time round is dashed, so the 9th series is not the 1st again */
function isDashed(s: ChartSeries, slot: number): boolean {
  return s.dashed === true || Math.floor(slot / PALETTE.length) % 2 === 1;
}

export function legendOf(
  series: readonly ChartSeries[],
  labels: readonly string[],
  layout: LegendLayout,
  f: Frame,
): string {
  const entries: LegendEntry[] = series.map((s, i) => {
    const slot = s.colourIndex ?? i;
    return {
      label: labels[i] ?? s.name,
      slot,
      dashed: isDashed(s, slot),
      markers: s.markers === true || s.line === false,
      line: s.line ?? true,
      ...(s.markerSize === undefined ? {} : { markerSize: s.markerSize }),
      ...(s.markerStroke === undefined ? {} : { markerStroke: s.markerStroke }),
    };
  });
  const [ox, oy] = layout.placement === "right" ? [f.right + 12, f.top] : [0, f.bottom + 58];
  return legendGroup(entries, layout, ox, oy);
}
