/**
 * lineChart(spec) → a self-contained <svg> line chart (inline styles, no external resources):
 * nice ticks (1-2-5 linear, powers of ten log), grid, axis labels, a legend outside the plot
 * area, the Okabe–Ito colour-blind-safe palette. Pixel = scale.map(value) (see scale.ts).
 * Points a scale cannot show (non-finite, ≤ 0 on log) are skipped and leave a gap. Every plotted
 * value is recoverable: each polyline carries data-points="x,y x,y …" and each marker data-x/data-y.
 */
import { makeScale, type Scale, type ScaleKind } from "./scale.js";
import { formatNumber } from "./number-format.js";
import { CHAR_WIDTH, legendLayout, type LegendLayout } from "./svg-legend.js";
import { escapeXml } from "./xml-text.js";

export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
  /** draw a marker (shape by series) at every point */
  markers?: boolean;
  /** palette slot (colour and marker shape); default: the series' position. Give two series
   *  the same slot to show they belong together, e.g. measured (solid) and predicted (dashed). */
  colourIndex?: number;
}

export interface LineChartSpec {
  title: string;
  /** axis labels, with units, e.g. "time per gradient (s)" */
  xLabel: string;
  yLabel: string;
  xScale?: ScaleKind;
  yScale?: ScaleKind;
  series: readonly ChartSeries[];
  width?: number;
  height?: number;
  /** values each axis must include besides the data, e.g. yInclude: [0] for a zero baseline */
  xInclude?: readonly number[];
  yInclude?: readonly number[];
}

/** Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];
export const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640,
    height = spec.height ?? 400;
  const xKind = spec.xScale ?? "linear",
    yKind = spec.yScale ?? "linear";
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1]));
  // ticks do not depend on pixels: measure the y labels first, then lay out
  const yTicks = makeScale(yKind, ys, [0, 1], spec.yInclude).ticks;
  const yLabelWidth = Math.max(...yTicks.map((t) => tickLabel(t, yTicks, yKind).length)) * CHAR_WIDTH;
  const left = 22 + 8 + yLabelWidth + 8;
  const top = 40;
  const plottable = (kind: ScaleKind, v: number): boolean => Number.isFinite(v) && (kind === "linear" || v > 0);
  const labels = spec.series.map((s) =>
    s.points.some(([a, b]) => plottable(xKind, a) && plottable(yKind, b)) ? s.name : `${s.name} (nothing to plot)`,
  );
  const legend = legendLayout(labels, width, left);
  const right = width - (legend.placement === "right" ? legend.width + 16 : 28);
  const bottom = height - 50 - (legend.placement === "bottom" ? legend.height : 0);
  const x = makeScale(xKind, xs, [left, right], spec.xInclude);
  const y = makeScale(yKind, ys, [bottom, top], spec.yInclude);

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="${escapeXml(spec.title)}" style="${FONT};font-size:12px;background:#fff">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="24" style="font-size:15px;font-weight:600" fill="#222">${escapeXml(spec.title)}</text>`,
    grid(x, y, left, right, bottom, top),
    axes(x, y, left, right, bottom, top, spec),
    ...spec.series.map((s, i) => seriesGroup(s, i, x, y)),
    legendGroup(spec.series, labels, legend, { right, top, bottom }),
    `</svg>`,
  ];
  return `${parts.join("\n")}\n`;
}

function grid(x: Scale, y: Scale, left: number, right: number, bottom: number, top: number): string {
  const lines: string[] = [];
  for (const t of x.minorTicks) lines.push(vLine(x.map(t), top, bottom, "#f0f0f0"));
  for (const t of y.minorTicks) lines.push(hLine(y.map(t), left, right, "#f0f0f0"));
  for (const t of x.ticks) lines.push(vLine(x.map(t), top, bottom, "#ddd"));
  for (const t of y.ticks) lines.push(hLine(y.map(t), left, right, "#ddd"));
  return `<g data-role="grid" stroke-width="1">${lines.join("")}</g>`;
}

function axes(
  x: Scale,
  y: Scale,
  left: number,
  right: number,
  bottom: number,
  top: number,
  spec: LineChartSpec,
): string {
  const out: string[] = [`<g data-role="axes" fill="#333">`];
  out.push(
    `<rect x="${left}" y="${top}" width="${px(right - left)}" height="${px(bottom - top)}" fill="none" stroke="#888"/>`,
  );
  for (const t of x.ticks) {
    out.push(
      `<text x="${px(x.map(t))}" y="${px(bottom + 18)}" text-anchor="middle" data-tick="${t}">` +
        `${escapeXml(tickLabel(t, x.ticks, x.kind))}</text>`,
    );
  }
  for (const t of y.ticks) {
    out.push(
      `<text x="${px(left - 8)}" y="${px(y.map(t) + 4)}" text-anchor="end" data-tick="${t}">` +
        `${escapeXml(tickLabel(t, y.ticks, y.kind))}</text>`,
    );
  }
  const midX = px((left + right) / 2),
    midY = px((top + bottom) / 2);
  out.push(
    `<text x="${midX}" y="${px(bottom + 40)}" text-anchor="middle" data-role="x-label">` +
      `${escapeXml(spec.xLabel)}</text>`,
  );
  out.push(
    `<text x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})" data-role="y-label">` +
      `${escapeXml(spec.yLabel)}</text>`,
  );
  out.push(`</g>`);
  return out.join("\n");
}

interface Frame {
  right: number;
  top: number;
  bottom: number;
}

/** One <g> per series: a polyline per unbroken run of plottable points, then markers. */
function seriesGroup(s: ChartSeries, index: number, x: Scale, y: Scale): string {
  const slot = s.colourIndex ?? index;
  const colour = PALETTE[slot % PALETTE.length]!;
  const dash = isDashed(s, slot) ? ` stroke-dasharray="6 4"` : "";
  const out = [`<g data-series="${escapeXml(s.name)}" data-index="${index}">`];
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
        out.push(marker(slot, x.map(a), y.map(b), colour, `data-x="${a}" data-y="${b}"`));
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

/** circle, square, triangle, diamond: shape by series, so markers differ without colour too */
export function marker(index: number, cx: number, cy: number, colour: string, attrs: string): string {
  const r = 3.5;
  switch (index % 4) {
    case 0:
      return `<circle cx="${px(cx)}" cy="${px(cy)}" r="${r}" fill="${colour}" ${attrs}/>`;
    case 1:
      return `<rect x="${px(cx - r)}" y="${px(cy - r)}" width="${2 * r}" height="${2 * r}" fill="${colour}" ${attrs}/>`;
    case 2:
      return (
        `<path d="M${px(cx)},${px(cy - r - 1)}L${px(cx + r + 1)},${px(cy + r)}L${px(cx - r - 1)},${px(cy + r)}Z" ` +
        `fill="${colour}" ${attrs}/>`
      );
    default:
      return (
        `<path d="M${px(cx)},${px(cy - r - 1)}L${px(cx + r + 1)},${px(cy)}` +
        `L${px(cx)},${px(cy + r + 1)}L${px(cx - r - 1)},${px(cy)}Z" fill="${colour}" ${attrs}/>`
      );
  }
}

/** the palette's second time round is dashed, so the 9th series is not the 1st again */
function isDashed(s: ChartSeries, slot: number): boolean {
  return s.dashed === true || Math.floor(slot / PALETTE.length) % 2 === 1;
}

function legendGroup(
  series: readonly ChartSeries[],
  labels: readonly string[],
  layout: LegendLayout,
  frame: Frame,
): string {
  const { right, top, bottom } = frame;
  const out = [`<g data-role="legend" fill="#222">`];
  const [ox, oy] = layout.placement === "right" ? [right + 12, top] : [0, bottom + 58];
  series.forEach((s, i) => {
    const place = layout.slots[i]!;
    const slot = s.colourIndex ?? i;
    const colour = PALETTE[slot % PALETTE.length]!;
    const lx = ox + place.x,
      ly = oy + place.y;
    const dash = isDashed(s, slot) ? ` stroke-dasharray="6 4"` : "";
    out.push(
      `<line x1="${px(lx)}" y1="${px(ly)}" x2="${px(lx + 22)}" y2="${px(ly)}" ` +
        `stroke="${colour}" stroke-width="2"${dash}/>`,
    );
    if (s.markers) out.push(marker(slot, lx + 11, ly, colour, `data-role="legend-marker"`));
    out.push(`<text x="${px(lx + 28)}" y="${px(ly + 4)}">${escapeXml(labels[i] ?? s.name)}</text>`);
  });
  out.push(`</g>`);
  return out.join("\n");
}

/** Linear ticks as short numbers; log ticks as plain numbers in [0.001, 10000], else 10ⁿ. */
export function tickLabel(t: number, ticks: readonly number[], kind: ScaleKind): string {
  if (kind === "linear") return formatNumber(t, 6);
  const plain = ticks.every((v) => v >= 1e-3 && v <= 1e4);
  return plain ? formatNumber(t, 6) : `10${superscript(Math.round(Math.log10(t)))}`;
}

function superscript(n: number): string {
  const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  return (n < 0 ? "⁻" : "") + [...String(Math.abs(n))].map((d) => digits[Number(d)]).join("");
}

function vLine(xp: number, top: number, bottom: number, colour: string): string {
  return `<line x1="${px(xp)}" y1="${px(top)}" x2="${px(xp)}" y2="${px(bottom)}" stroke="${colour}"/>`;
}

function hLine(yp: number, left: number, right: number, colour: string): string {
  return `<line x1="${px(left)}" y1="${px(yp)}" x2="${px(right)}" y2="${px(yp)}" stroke="${colour}"/>`;
}

/** pixel coordinates with two decimals */
function px(v: number): number {
  return Math.round(v * 100) / 100;
}
