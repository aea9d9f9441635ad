/**
 * htmlPage({ title, sections }) → one self-contained report.html: inline CSS, inline SVG, no
 * scripts, fonts or network, so it opens from file:// and can be mailed or archived as is.
 * Section `html` is trusted markup (charts, tables built here); every plain string is escaped.
 * htmlTable() renders a small numeric table (numbers right-aligned) for the same pages.
 */
import { escapeXml } from "./xml-text.js";
import { formatNumber } from "./number-format.js";

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

const STYLE = `
  body { margin: 0; padding: 24px 32px 48px; background: #fafafa; color: #222;
         font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; }
  main { max-width: 1100px; margin: 0 auto; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  .subtitle { color: #555; margin: 0 0 24px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
  section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 16px 20px; margin: 0 0 20px; }
  h2 { font-size: 16px; margin: 0 0 12px; }
  svg { max-width: 100%; height: auto; display: block; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
  th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
  th { border-bottom: 2px solid #ccc; }
  td.num { text-align: right; font-family: ui-monospace, Menlo, Consolas, monospace; }
  .figures { display: flex; flex-wrap: wrap; gap: 16px; }
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
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
}
