/**
 * lineChart(spec) → a self-contained <svg> line chart (inline styles, no external resources):
 * nice ticks (1-2-5 linear, powers of ten log), grid, axis labels, a legend outside the plot
 * area, the Okabe–Ito colour-blind-safe palette. Pixel = scale.map(value) (see scale.ts).
 * Points a scale cannot show (non-finite, ≤ 0 on log) are skipped and leave a gap; with yClip, values
 * beyond a bound are drawn on the frame's edge instead (clamp(v) = min(max(v, min), max)). Every plotted
 * value is recoverable: each polyline carries data-points="x,y x,y …" and each marker data-x/data-y,
 * the true values, clipped or not. Text is cut to fit ("…"); the svg keeps a CSS min-width of
 * MIN_SCALE × width, so its smallest text (12 px) never renders below 9 px.
 */
import { makeScale, tickLabel, type Scale, type ScaleKind } from "./scale.js";
import {
  FONT_SIZE,
  fitText,
  legendLayout,
  PAGE_FONTS,
  px,
  TITLE_SIZE,
  textWidth,
  wrapText,
  type LegendLayout,
} from "./svg-legend.js";
import { type ChartSeries, type Frame, legendOf, seriesGroup } from "./svg-series.js";
import { escapeXml } from "./xml-text.js";

export { marker, PALETTE } from "./svg-legend.js";
export { tickLabel } from "./scale.js";
export type { ChartSeries } from "./svg-series.js";

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
  /** y values below min / above max are drawn on the frame's edge (say so in `note`) */
  yClip?: { min?: number; max?: number };
  /** one line under the title, e.g. what the axis clips */
  note?: string;
  /** an image under the grid (a data: URI), covering x ∈ [x[0], x[1]] and y ∈ [y[0], y[1]] */
  background?: { href: string; x: readonly [number, number]; y: readonly [number, number] };
  /** false: no legend (small multiples explain their series once, outside the charts); default true */
  legend?: boolean;
  /** extra attributes of the root <svg>, e.g. { "data-kind": "decision-boundary" } */
  attributes?: Readonly<Record<string, string | number>>;
}

export const FONT = `font-family:${PAGE_FONTS}`;
/** the chart never scales below this fraction of its width (12 px text stays ≥ 9 px) */
export const MIN_SCALE = 0.75;
const NOTE_SIZE = 12;
const NO_LEGEND: LegendLayout = { placement: "bottom", width: 0, height: 0, slots: [] };

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 480,
    height = spec.height ?? 340;
  const xKind = spec.xScale ?? "linear",
    yKind = spec.yScale ?? "linear";
  const clip = clipper(spec.yClip);
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = spec.series.flatMap((s) => s.points.map((p) => clip(p[1])));
  // ticks do not depend on pixels: measure the y labels first, then lay out
  const yTicks = makeScale(yKind, ys, [0, 1], spec.yInclude).ticks;
  const yLabelWidth = Math.max(...yTicks.map((t) => textWidth(tickLabel(t, yTicks, yKind))));
  const left = 22 + 8 + yLabelWidth + 8;
  const head = header(spec, width);
  const plottable = (kind: ScaleKind, v: number): boolean => Number.isFinite(v) && (kind === "linear" || v > 0);
  const labels = spec.series.map((s) =>
    s.points.some(([a, b]) => plottable(xKind, a) && plottable(yKind, clip(b)))
      ? s.name
      : `${s.name} (nothing to plot)`,
  );
  const legend = spec.legend === false ? NO_LEGEND : legendLayout(labels, width, left);
  // a legend below, or a second title line, makes the chart taller rather than its plot smaller
  const below = legend.placement === "bottom" ? legend.height : 0;
  const total = height + below + head.extra;
  const right = width - (legend.placement === "right" ? legend.width + 16 : 28);
  const bottom = total - 50 - below;
  const x = makeScale(xKind, xs, [left, right], spec.xInclude);
  const y = makeScale(yKind, ys, [bottom, head.top], spec.yInclude);
  const yData = clippedScale(y, clip);
  const frame = { left, right, top: head.top, bottom };
  const attributes = Object.entries(spec.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" ` +
      `role="img" aria-label="${escapeXml(spec.title)}" class="chart"${attributes} ` +
      `style="${FONT};font-size:${FONT_SIZE}px;background:#fff;min-width:${Math.ceil(MIN_SCALE * width)}px">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${total}" fill="#fff"/>`,
    head.svg,
    spec.background ? backgroundImage(spec.background, x, y) : "",
    grid(x, y, frame, spec.background !== undefined),
    axes(x, y, frame, spec),
    ...spec.series.map((s, i) => seriesGroup(s, i, x, yData)),
    spec.legend === false
      ? ""
      : legendOf(
          spec.series,
          labels.map((l) => fitText(l, width - 40)),
          legend,
          frame,
        ),
    `</svg>`,
  ];
  return `${parts.filter((p) => p !== "").join("\n")}\n`;
}

/** The title and the note, each wrapped to two lines; `top` is where the plot starts, `extra` the second lines. */
function header(spec: LineChartSpec, width: number): { svg: string; top: number; extra: number } {
  const lines = wrapText(spec.title, width - 24, TITLE_SIZE, 2);
  const notes = spec.note === undefined ? [] : wrapText(spec.note, width - 24, NOTE_SIZE, 2);
  const extra = (lines.length - 1) * 18 + Math.max(0, notes.length - 1) * 15;
  const tspans = (texts: string[], y0: number, step: number): string =>
    texts.map((t, i) => `<tspan x="12" y="${y0 + step * i}">${escapeXml(t)}</tspan>`).join("");
  const out = [
    `<text style="font-size:${TITLE_SIZE}px;font-weight:600" fill="#222" data-role="title">` +
      `${tspans(lines, 22, 18)}</text>`,
  ];
  if (notes.length > 0) {
    const y0 = 40 + (lines.length - 1) * 18;
    out.push(`<text style="font-size:${NOTE_SIZE}px" fill="#555" data-role="note">${tspans(notes, y0, 15)}</text>`);
  }
  return { svg: out.join("\n"), top: (notes.length === 0 ? 36 : 52) + extra, extra };
}

type Clip = (v: number) => number;

function clipper(bounds: LineChartSpec["yClip"]): Clip {
  const lo = bounds?.min ?? -Infinity,
    hi = bounds?.max ?? Infinity;
  return (v) => (Number.isNaN(v) ? v : Math.min(hi, Math.max(lo, v)));
}

/** The data's scale: clamp(v) is accepted, and a clipped v is drawn on the frame's edge (the domain's end). */
function clippedScale(scale: Scale, clip: Clip): Scale {
  const [d0, d1] = scale.domain;
  const map = (v: number): number => {
    const c = clip(v);
    return scale.map(c === v ? v : c < v ? d1 : d0);
  };
  return { ...scale, accepts: (v) => scale.accepts(clip(v)), map };
}

function backgroundImage(bg: NonNullable<LineChartSpec["background"]>, x: Scale, y: Scale): string {
  const [x0, x1] = [x.map(bg.x[0]), x.map(bg.x[1])],
    [y0, y1] = [y.map(bg.y[1]), y.map(bg.y[0])];
  return (
    `<image href="${bg.href}" x="${px(x0)}" y="${px(y0)}" width="${px(x1 - x0)}" height="${px(y1 - y0)}" ` +
    `preserveAspectRatio="none" data-role="background"/>`
  );
}

function grid(x: Scale, y: Scale, f: Frame, faint: boolean): string {
  const lines: string[] = [];
  if (!faint) {
    for (const t of x.minorTicks) lines.push(vLine(x.map(t), f.top, f.bottom, "#f0f0f0"));
    for (const t of y.minorTicks) lines.push(hLine(y.map(t), f.left, f.right, "#f0f0f0"));
  }
  for (const t of x.ticks) lines.push(vLine(x.map(t), f.top, f.bottom, "#ddd"));
  for (const t of y.ticks) lines.push(hLine(y.map(t), f.left, f.right, "#ddd"));
  return `<g data-role="grid" stroke-width="1"${faint ? ` opacity="0.4"` : ""}>${lines.join("")}</g>`;
}

function axes(x: Scale, y: Scale, f: Frame, spec: LineChartSpec): string {
  const { left, right, top, bottom } = f;
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
      `${escapeXml(fitText(spec.xLabel, right - left + 40))}</text>`,
  );
  out.push(
    `<text x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})" data-role="y-label">` +
      `${escapeXml(fitText(spec.yLabel, bottom - top + 30))}</text>`,
  );
  out.push(`</g>`);
  return out.join("\n");
}

function vLine(xp: number, top: number, bottom: number, colour: string): string {
  return `<line x1="${px(xp)}" y1="${px(top)}" x2="${px(xp)}" y2="${px(bottom)}" stroke="${colour}"/>`;
}

function hLine(yp: number, left: number, right: number, colour: string): string {
  return `<line x1="${px(left)}" y1="${px(yp)}" x2="${px(right)}" y2="${px(yp)}" stroke="${colour}"/>`;
}
