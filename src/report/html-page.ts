/**
 * htmlPage({ title, sections }) → one self-contained report.html: inline CSS, inline SVG, no
 * scripts, fonts or network, so it opens from file:// and can be mailed or archived as is.
 * Section `html` is trusted markup (charts, tables built here); every plain string is escaped.
 * htmlTable() renders a small numeric table (numbers right-aligned) that scrolls sideways inside its card.
 * The page works from 400 px wide (a phone) up: cards and tables scroll rather than overflow, and every
 * font it names has the Greek letters the reports use (γ, ε, ∇), so none falls back to another font.
 */
import { escapeXml } from "./xml-text.js";
import { formatNumber } from "./number-format.js";
import { PAGE_FONTS } from "./svg-legend.js";

export interface PageSection {
  heading: string;
  /** trusted markup, e.g. from lineChart() or htmlTable() */
  html: string;
}

export interface PageSpec {
  title: string;
  /** one line under the title (escaped), e.g. the command that made the report */
  subtitle?: string;
  sections: readonly PageSection[];
}

const MONO = "'DejaVu Sans Mono', 'Noto Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

const STYLE = `
  body { margin: 0; padding: 24px 32px 48px; background: #fafafa; color: #222; font: 14px/1.5 ${PAGE_FONTS}; }
  main { max-width: 1100px; margin: 0 auto; }
  h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
  .subtitle { color: #555; margin: 0 0 24px; font-family: ${MONO}; font-size: 12px; overflow-wrap: anywhere; }
  section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 16px 20px; margin: 0 0 20px;
            overflow-x: auto; }
  h2 { font-size: 16px; margin: 0 0 12px; }
  h3 { font-size: 14px; margin: 12px 0 8px; }
  p { max-width: 80ch; overflow-wrap: break-word; }
  svg { max-width: 100%; height: auto; display: block; }
  .scroll { overflow-x: auto; max-width: 100%; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
  th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
  th { border-bottom: 2px solid #ccc; }
  td.num { text-align: right; font-family: ${MONO}; }
  .figures { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  .figures > * { max-width: 100%; }
  .tiles { display: flex; flex-wrap: wrap; gap: 6px; }
  .tile { margin: 0; text-align: center; font-size: 12px; color: #333; }
  .tile img { display: block; image-rendering: pixelated; border: 1px solid #ddd; }
  .tile img.smooth { image-rendering: auto; }
  .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px; }
  table.heatmap td.heat { text-align: center; min-width: 64px; padding: 6px 10px; border: 2px solid #fff; }
  table.heatmap td[data-best] { font-weight: 700; outline: 2px solid #222; outline-offset: -2px; }
  @media (max-width: 600px) {
    body { padding: 12px 8px 32px; }
    section { padding: 12px 10px; }
    h1 { font-size: 19px; }
    .multiples { grid-template-columns: 1fr; }
  }
`;

export function htmlPage(spec: PageSpec): string {
  const sections = spec.sections.map((s) => `<section>\n<h2>${escapeXml(s.heading)}</h2>\n${s.html}\n</section>`);
  const subtitle = spec.subtitle === undefined ? "" : `<p class="subtitle">${escapeXml(spec.subtitle)}</p>\n`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(spec.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeXml(spec.title)}</h1>`,
    subtitle + sections.join("\n"),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

export interface TableSpec {
  columns: readonly string[];
  /** numbers are right-aligned and shown with `format` (default: formatNumber) */
  rows: readonly (readonly (string | number | null)[])[];
  format?: (v: number, column: number) => string;
}

export function htmlTable(spec: TableSpec): string {
  const format = spec.format ?? ((v: number): string => formatNumber(v));
  const head = `<tr>${spec.columns.map((c) => `<th>${escapeXml(c)}</th>`).join("")}</tr>`;
  const body = spec.rows.map((row) => {
    const cells = row.map((v, c) =>
      typeof v === "number" ? `<td class="num">${escapeXml(format(v, c))}</td>` : `<td>${escapeXml(v ?? "")}</td>`,
    );
    return `<tr>${cells.join("")}</tr>`;
  });
  const table = `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
  return `<div class="scroll">\n${table}\n</div>`;
}
