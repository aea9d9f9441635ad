/**
 * The text `sgd evaluate` prints: loss, accuracy = trace(M)/N, and the confusion matrix M with
 * class names (rows = true class, columns = predicted), each row ending in its recall
 * M[t][t] / Σ_p M[t][p], the share of class t classified correctly.
 */
import type { ModelEvaluation } from "../model/confusion.js";
import { formatNumber } from "./number-format.js";

export function formatEvaluation(
  result: ModelEvaluation,
  lossName: string,
  classNames: readonly string[] | null,
): string {
  const lines = [`loss      ${formatNumber(result.loss, 6)} (${lossName})`];
  if (result.accuracy !== null) {
    const correct = result.confusion ? result.confusion.reduce((s, row, t) => s + (row[t] ?? 0), 0) : null;
    lines.push(
      `accuracy  ${(result.accuracy * 100).toFixed(2)}%${correct === null ? "" : ` (${correct} of ${result.samples})`}`,
    );
  }
  lines.push(`samples   ${result.samples}`);
  if (result.confusion) lines.push("", confusionTable(result.confusion, classNames));
  return `${lines.join("\n")}\n`;
}

/** The matrix as aligned text; class names (or indices) label rows and columns. */
export function confusionTable(m: readonly (readonly number[])[], classNames: readonly string[] | null): string {
  const names = m.map((_, c) => classNames?.[c] ?? String(c));
  const corner = "true \\ predicted";
  const rowHead = Math.max(corner.length, ...names.map((n) => n.length));
  const cell = Math.max(...names.map((n) => n.length), ...m.flat().map((v) => String(v).length));
  const recall = (row: readonly number[], t: number): string => {
    const total = row.reduce((s, v) => s + v, 0);
    return total === 0 ? "–" : `${(((row[t] ?? 0) / total) * 100).toFixed(1)}%`;
  };
  const header = `${corner.padEnd(rowHead)}  ${names.map((n) => n.padStart(cell)).join(" ")}  recall`;
  const rows = m.map(
    (row, t) =>
      `${names[t]!.padEnd(rowHead)}  ${row.map((v) => String(v).padStart(cell)).join(" ")}  ` +
      `${recall(row, t).padStart(6)}`,
  );
  return ["confusion matrix (rows: true class, columns: predicted class)", header, ...rows].join("\n");
}
