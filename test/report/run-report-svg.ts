/**
 * Reading the charts back out of a report.html for tests: each <svg>'s title and, per series
 * (<g data-series>), the exact values its polylines and points carry in data-points.
 */
import fs from "node:fs";
import path from "node:path";
import type { MetricsRow } from "../../src/train/state.js";
import { allElements, parsePoints, parseXml, type XmlElement } from "./xml-reader.js";

export interface ChartData {
  title: string;
  xLabel: string;
  yLabel: string;
  /** series name → its points in drawing order */
  series: Map<string, [number, number][]>;
}

export function chartsIn(html: string): ChartData[] {
  const page = parseXml(html, ["meta"]);
  return allElements(page)
    .filter((e) => e.name === "svg")
    .map((svg) => {
      const all = allElements(svg);
      const text = (role: string): string => all.find((e) => e.attrs["data-role"] === role)?.text ?? "";
      const series = new Map<string, [number, number][]>();
      for (const g of all.filter((e) => e.attrs["data-series"] !== undefined)) {
        series.set(
          g.attrs["data-series"]!,
          g.children.flatMap((c: XmlElement) => parsePoints(c.attrs["data-points"])),
        );
      }
      return { title: svg.attrs["aria-label"] ?? "", xLabel: text("x-label"), yLabel: text("y-label"), series };
    });
}

export function chartTitled(charts: readonly ChartData[], start: string): ChartData {
  const found = charts.find((c) => c.title.startsWith(start));
  if (!found) throw new Error(`no chart titled "${start}…" among ${charts.map((c) => c.title).join(" | ")}`);
  return found;
}

/** metrics.jsonl parsed independently of src/: JSON.parse per line. */
export function jsonlRows(dir: string): MetricsRow[] {
  return fs
    .readFileSync(path.join(dir, "metrics.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as MetricsRow);
}

/** [row[x], row[y]] for rows where y was measured. */
export function pairs(rows: readonly MetricsRow[], x: keyof MetricsRow, y: keyof MetricsRow): [number, number][] {
  return rows.filter((r) => r[y] !== null).map((r) => [r[x] as number, r[y] as number]);
}
