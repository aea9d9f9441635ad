/**
 * contourChart(spec) → a self-contained <svg>: isolines of f(x, y) over a box, with trajectories
 * drawn over them (one polyline per run, a circle at its start and a square at its end) and
 * optional marked points (minima). The isolines are d3-contour's marching squares on an n×n grid
 * of samples f(x_c, y_r) (x_c = x0 + c·(x1 − x0)/(n − 1)), at the levels the caller gives;
 * ring points come back in grid units g ∈ [0, n] (sample c sits at g = c + 0.5) and map to data as
 * x = x0 + (g − 0.5)·(x1 − x0)/(n − 1). Axes use the nice linear scales of scale.ts. Trajectories
 * leave the box through a clip path; every plotted trajectory point is kept in data-points.
 */
import { contours } from "d3-contour";
import { formatNumber } from "./number-format.js";
import { makeScale } from "./scale.js";
import { FONT, marker, PALETTE } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

type Point = readonly [number, number];

export interface ContourSpec {
  title: string;
  f: (x: number, y: number) => number;
  /** the region to draw: [x0, x1] × [y0, y1] before the scales round it to nice ticks */
  box: { x: [number, number]; y: [number, number] };
  /** the f values of the isolines */
  levels: readonly number[];
  trajectories: readonly { name: string; points: readonly Point[] }[];
  marks?: readonly { name: string; point: Point }[];
  /** samples per axis (default 100) */
  grid?: number;
  size?: number;
}

export function contourChart(spec: ContourSpec): string {
  const size = spec.size ?? 520,
    left = 56,
    top = 36,
    plot = size - left - 24;
  const x = makeScale("linear", spec.box.x, [left, left + plot]);
  const y = makeScale("linear", spec.box.y, [top + plot, top]);
  const legendRows = spec.trajectories.length + (spec.marks?.length ?? 0);
  const height = top + plot + 44 + 18 * legendRows;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${height}" viewBox="0 0 ${size} ${height}" ` +
      `role="img" aria-label="${escapeXml(spec.title)}" style="${FONT};font-size:12px;background:#fff">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<defs><clipPath id="plot-area"><rect x="${left}" y="${top}" width="${plot}" height="${plot}"/></clipPath></defs>`,
    `<text x="${left}" y="22" style="font-size:15px;font-weight:600" fill="#222">${escapeXml(spec.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${plot}" height="${plot}" fill="#fff" stroke="#888"/>`,
    isolines(spec, x.domain, y.domain, (a, b) => [x.map(a), y.map(b)]),
    axes(x, y, left, top, plot),
    ...spec.trajectories.map((t, i) => trajectory(t, i, (a, b) => [x.map(a), y.map(b)])),
    ...(spec.marks ?? []).map((m) => {
      const [px, py] = [x.map(m.point[0]), y.map(m.point[1])];
      return `<g data-mark="${escapeXml(m.name)}">${cross(px, py)}</g>`;
    }),
    legend(spec, top + plot + 44, left),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}

function isolines(
  spec: ContourSpec,
  xd: [number, number],
  yd: [number, number],
  toPixel: (x: number, y: number) => Point,
): string {
  const n = spec.grid ?? 100;
  const at = (d: [number, number], k: number) => d[0] + (k * (d[1] - d[0])) / (n - 1);
  const values = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) values[r * n + c] = spec.f(at(xd, c), at(yd, r));
  const out = [`<g data-role="isolines" fill="none" stroke="#b8b8b8" stroke-width="1" clip-path="url(#plot-area)">`];
  for (const polygon of contours().size([n, n]).thresholds(spec.levels)(values)) {
    const d = polygon.coordinates
      .flat()
      .map((ring) => {
        const pts = ring.map(([gx, gy]) => toPixel(at(xd, gx - 0.5), at(yd, gy - 0.5)));
        return `M${pts.map(([a, b]) => `${px(a)},${px(b)}`).join("L")}Z`;
      })
      .join("");
    if (d !== "") out.push(`<path d="${d}" data-level="${polygon.value}"/>`);
  }
  out.push("</g>");
  return out.join("\n");
}

function axes(
  x: ReturnType<typeof makeScale>,
  y: ReturnType<typeof makeScale>,
  left: number,
  top: number,
  plot: number,
) {
  const out = [`<g data-role="axes" fill="#333">`];
  for (const t of x.ticks)
    out.push(`<text x="${px(x.map(t))}" y="${px(top + plot + 16)}" text-anchor="middle">${formatNumber(t, 6)}</text>`);
  for (const t of y.ticks)
    out.push(`<text x="${px(left - 6)}" y="${px(y.map(t) + 4)}" text-anchor="end">${formatNumber(t, 6)}</text>`);
  out.push(`<text x="${px(left + plot / 2)}" y="${px(top + plot + 32)}" text-anchor="middle">x</text>`);
  out.push(`<text x="14" y="${px(top + plot / 2)}" text-anchor="middle">y</text>`, "</g>");
  return out.join("\n");
}

function trajectory(t: ContourSpec["trajectories"][number], index: number, toPixel: (x: number, y: number) => Point) {
  const colour = PALETTE[index % PALETTE.length]!;
  const ok = t.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const pixels = ok.map(([a, b]) => toPixel(a, b));
  const first = pixels[0],
    last = pixels[pixels.length - 1];
  return [
    `<g data-series="${escapeXml(t.name)}" clip-path="url(#plot-area)">`,
    `<polyline fill="none" stroke="${colour}" stroke-width="1.5" stroke-linejoin="round" ` +
      `points="${pixels.map(([a, b]) => `${px(a)},${px(b)}`).join(" ")}" ` +
      `data-points="${ok.map((p) => p.join(",")).join(" ")}"/>`,
    first ? marker(0, first[0], first[1], colour, `data-role="start"`) : "",
    last ? marker(1, last[0], last[1], colour, `data-role="end"`) : "",
    "</g>",
  ].join("\n");
}

function cross(x: number, y: number): string {
  const d = `M${px(x - 5)},${px(y - 5)}L${px(x + 5)},${px(y + 5)}M${px(x - 5)},${px(y + 5)}L${px(x + 5)},${px(y - 5)}`;
  return `<path d="${d}" stroke="#000" stroke-width="2"/>`;
}

function legend(spec: ContourSpec, y0: number, left: number): string {
  const out = [`<g data-role="legend" fill="#222">`];
  spec.trajectories.forEach((t, i) => {
    const y = y0 + 18 * i;
    const colour = PALETTE[i % PALETTE.length]!;
    out.push(`<line x1="${left}" y1="${y}" x2="${left + 22}" y2="${y}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${left + 28}" y="${y + 4}">${escapeXml(t.name)}</text>`);
  });
  (spec.marks ?? []).forEach((m, i) => {
    const y = y0 + 18 * (spec.trajectories.length + i);
    out.push(cross(left + 11, y), `<text x="${left + 28}" y="${y + 4}">${escapeXml(m.name)}</text>`);
  });
  out.push("</g>");
  return out.join("\n");
}

function px(v: number): number {
  return Math.round(v * 100) / 100;
}
