/**
 * Legends and text metrics of the SVG charts. A legend goes where it never covers the data: in a
 * column right of the plot area when the longest entry fits in 28% of the width, else in wrapped
 * rows below the x label. Entry width ≈ 28 px (line sample + gap) + textWidth(label); one row is 20 px.
 * textWidth(t, f) = |t| · EM · f estimates a string's width at font size f (DejaVu Sans, the widest of the
 * page's fonts, averages 0.52 em over prose and 0.64 em over digits); fitText cuts to a width with "…".
 */
import { escapeXml } from "./xml-text.js";

/** fonts that all have the Greek letters (γ, ε, ∇) and superscripts the reports use; no web fonts */
export const PAGE_FONTS =
  "'DejaVu Sans', 'Noto Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";

/** average advance of one character, in em, for layout */
export const EM = 0.6;
/** font size (px) of tick labels and legends; titles are TITLE_SIZE */
export const FONT_SIZE = 13;
export const TITLE_SIZE = 15;
/** estimated width of one FONT_SIZE character */
export const CHAR_WIDTH = EM * FONT_SIZE;
const ROW = 20;
const SAMPLE = 28;
const SPACING = 18;

/** Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return [...text].length * EM * fontSize;
}

/** `text`, cut with "…" so that it is at most `width` px wide at `fontSize`. */
export function fitText(text: string, width: number, fontSize = FONT_SIZE): string {
  const chars = [...text];
  const room = Math.max(1, Math.floor(width / (EM * fontSize)));
  return chars.length <= room ? text : `${chars.slice(0, Math.max(0, room - 1)).join("")}…`;
}

/** `text` in at most `lines` lines of at most `width` px, broken at spaces; the last line cut with "…". */
export function wrapText(text: string, width: number, fontSize = FONT_SIZE, lines = 2): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < lines - 1 && textWidth(rest, fontSize) > width) {
    const room = Math.floor(width / (EM * fontSize));
    const cut = rest.lastIndexOf(" ", room);
    if (cut <= 0) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  out.push(fitText(rest, width, fontSize));
  return out;
}

export interface LegendLayout {
  placement: "right" | "bottom";
  width: number;
  height: number;
  /** entry offsets (centre line of the sample) relative to the legend's origin */
  slots: { x: number; y: number }[];
}

export function legendLayout(names: readonly string[], chartWidth: number, left: number): LegendLayout {
  const widths = names.map((n) => SAMPLE + textWidth(n));
  const widest = Math.max(0, ...widths);
  if (widest <= 0.28 * chartWidth) {
    const slots = names.map((_, i) => ({ x: 0, y: 8 + i * ROW }));
    return { placement: "right", width: widest, height: names.length * ROW, slots };
  }
  const slots: { x: number; y: number }[] = [];
  let x = left,
    row = 0;
  widths.forEach((w) => {
    if (x > left && x + w > chartWidth - 12) {
      x = left;
      row++;
    }
    slots.push({ x, y: row * ROW });
    x += w + SPACING;
  });
  return { placement: "bottom", width: chartWidth - left, height: (row + 1) * ROW + 4, slots };
}

export interface LegendEntry {
  label: string;
  /** palette slot: colour and marker shape */
  slot: number;
  dashed: boolean;
  markers: boolean;
  /** markers only: no line sample */
  line: boolean;
  markerSize?: number;
  markerStroke?: string;
}

/** The legend's <g>: a line sample (and marker) and the label per entry, at the layout's slots from (ox, oy). */
export function legendGroup(entries: readonly LegendEntry[], layout: LegendLayout, ox: number, oy: number): string {
  const out = [`<g data-role="legend" fill="#222">`];
  entries.forEach((e, i) => {
    const place = layout.slots[i]!;
    const colour = PALETTE[e.slot % PALETTE.length]!;
    const lx = ox + place.x,
      ly = oy + place.y;
    const dash = e.dashed ? ` stroke-dasharray="6 4"` : "";
    if (e.line) {
      out.push(
        `<line x1="${px(lx)}" y1="${px(ly)}" x2="${px(lx + 22)}" y2="${px(ly)}" ` +
          `stroke="${colour}" stroke-width="2"${dash}/>`,
      );
    }
    const stroke = e.markerStroke === undefined ? "" : ` stroke="${e.markerStroke}" stroke-width="0.8"`;
    if (e.markers) out.push(marker(e.slot, lx + 11, ly, colour, `data-role="legend-marker"${stroke}`, e.markerSize));
    out.push(`<text x="${px(lx + 28)}" y="${px(ly + 4)}">${escapeXml(e.label)}</text>`);
  });
  out.push(`</g>`);
  return out.join("\n");
}

/** circle, square, triangle, diamond: shape by series, so markers differ without colour too */
export function marker(index: number, cx: number, cy: number, colour: string, attrs: string, r = 3.5): string {
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

/** pixel coordinates with two decimals */
export function px(v: number): number {
  return Math.round(v * 100) / 100;
}
