/**
 * The table `sgd sweep` prints at the end: one row per point of sweep.json —
 *   point · overrides · status · health · final train loss · test loss · test accuracy · time
 * (health: "unstable" marks a point whose run failed without diverging, src/train/health.ts)
 * — columns padded to their widest cell, numbers on the right. Text only; the caller decides
 * where it goes.
 */
import type { SweepDocument, SweepPointRecord } from "../sweep/sweep-document.js";
import { number, percent } from "./run-report-series.js";

const HEADER = ["point", "overrides", "status", "health", "train loss", "test loss", "test acc", "time"] as const;
/** columns aligned right (numbers) */
const RIGHT = new Set([0, 4, 5, 6, 7]);

/** `key=value, …` of a point, values as JSON (strings unquoted). */
export function describeOverrides(overrides: Record<string, unknown>): string {
  return Object.entries(overrides)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

function cells(p: SweepPointRecord): string[] {
  return [
    String(p.index),
    describeOverrides(p.overrides),
    p.status,
    p.health?.verdict ?? "–",
    number(p.final?.train_loss ?? null),
    number(p.final?.test_loss ?? null),
    percent(p.final?.test_accuracy ?? null),
    p.timing === null ? "–" : `${p.timing.total_s.toFixed(2)} s`,
  ];
}

export function formatSweepTable(doc: SweepDocument): string {
  const rows = [[...HEADER], ...doc.points.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (RIGHT.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const ran =
    doc.points.length === doc.points_total ? "" : ` (${doc.points.length} of ${doc.points_total} points so far)`;
  const unstable = doc.points
    .filter((p) => p.health?.verdict === "unstable")
    .map((p) => `point ${p.index} is unstable: ${p.health!.reasons.join("; ")}`);
  return `${[
    `sweep ${doc.name}: ${doc.points_total} points${ran}`,
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    ...unstable,
  ].join("\n")}\n`;
}
