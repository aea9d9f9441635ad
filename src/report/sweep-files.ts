/**
 * A sweep directory on disk: DIR/records/<point>.json (one record per point) and DIR/sweep.json
 * (their merged view, rebuilt atomically: sweep-records.ts), DIR/report.html (the sweep report of sweep-report.ts over
 * every point run so far) and one ordinary run directory per point, DIR/<point>/.
 * A point resumed on its own (sgd train --resume DIR/<point>) updates its record here when it ends.
 */
import fs from "node:fs";
import path from "node:path";
import { parseSweepDocument, sameSweep, type SweepDocument, type SweepPointRecord } from "../sweep/sweep-document.js";
import { writeFileAtomic } from "./durable-files.js";
import { RUN_FILES } from "./run-directory.js";
import { readJsonFile, readTrainRun, type RunDirectory, type TrainRun } from "./run-reader.js";
import type { BuiltReport } from "./run-report-files.js";
import { rebuildSweepDocument, writePointRecord } from "./sweep-records.js";
import { sweepReportHtml } from "./sweep-report.js";

export const SWEEP_FILES = {
  document: "sweep.json",
  report: "report.html",
} as const;

/** DIR/sweep.json as written by an earlier sgd sweep, or null when there is none. */
export function readSweepDocument(dir: string): SweepDocument | null {
  const file = path.join(dir, SWEEP_FILES.document);
  if (!fs.existsSync(file)) return null;
  return parseSweepDocument(readJsonFile(file), file);
}

/**
 * Record this shard's points (each in its own file, DIR/records/<point>.json) and rebuild
 * DIR/sweep.json from every record there (sweep-records.ts). Returns what was written.
 */
export function writeSweepDocument(dir: string, doc: SweepDocument, changed = doc.points): SweepDocument {
  for (const record of changed) writePointRecord(dir, record);
  const { points: _points, ...header } = doc;
  return rebuildSweepDocument(dir, header, (existing) => sameSweep(existing, doc));
}

/** How a point's run ended, as its record says it. */
export function finishedRecord(
  pending: SweepPointRecord,
  summary: Pick<SweepPointRecord, "status" | "final" | "timing"> & {
    steps: number;
    divergence: { step: number; learningRate: number; reason: string } | null;
    health?: { verdict: "healthy" | "unstable"; reasons: string[] };
  },
): SweepPointRecord {
  const d = summary.divergence,
    h = summary.health;
  return {
    ...pending,
    status: summary.status,
    steps: summary.steps,
    final: summary.final,
    timing: summary.timing,
    divergence: d === null ? null : { step: d.step, learningRate: d.learningRate, reason: d.reason },
    ...(h === undefined ? {} : { health: { verdict: h.verdict, reasons: h.reasons } }),
  };
}

/**
 * After `sgd train --resume DIR/<point>`: when DIR/sweep.json lists that point, its record takes
 * the resumed run's outcome (so the sweep no longer says "interrupted").
 */
export function recordResumedPoint(runDir: string, summary: Parameters<typeof finishedRecord>[1]): void {
  const sweepDir = path.dirname(runDir);
  if (!fs.existsSync(path.join(sweepDir, SWEEP_FILES.document))) return;
  const doc = readSweepDocument(sweepDir);
  const point = doc?.points.find((p) => p.dir === path.basename(runDir));
  if (doc === null || point === undefined) return;
  writeSweepDocument(sweepDir, doc, [finishedRecord(point, summary)]);
}

/** The points' run directories that hold a run to report (config.json and metrics.jsonl), absolute. */
export function reportableRunDirs(dir: string, doc: SweepDocument): string[] {
  return doc.points
    .map((p) => path.join(dir, p.dir))
    .filter(
      (d) => fs.existsSync(path.join(d, RUN_FILES.config)) && fs.existsSync(path.join(d, RUN_FILES.metricsJsonl)),
    );
}

/** The sweep report (sweep-report.ts) over every point of `doc` that has a run to report. */
export function buildSweepReport(dir: string, doc: SweepDocument, subtitle: string): BuiltReport {
  const runs = new Map<number, TrainRun>();
  const dirs: RunDirectory[] = [];
  for (const p of doc.points) {
    const runDir = path.join(dir, p.dir);
    if (
      !fs.existsSync(path.join(runDir, RUN_FILES.config)) ||
      !fs.existsSync(path.join(runDir, RUN_FILES.metricsJsonl))
    )
      continue;
    const run = readTrainRun(runDir);
    runs.set(p.index, run);
    dirs.push({ kind: "train", dir: runDir, run });
  }
  return { kind: "sweep", html: sweepReportHtml(doc, runs, subtitle), runs: dirs };
}

/** `file` (default DIR/report.html): the sweep report; null (nothing written) when no point has run yet. */
export function writeSweepReport(
  dir: string,
  doc: SweepDocument,
  file = path.join(dir, SWEEP_FILES.report),
  subtitle = `sgd sweep · ${doc.name} · ${dir}`,
): { file: string; report: BuiltReport } | null {
  const report = buildSweepReport(dir, doc, subtitle);
  if (report.runs.length === 0) return null;
  writeFileAtomic(file, report.html);
  return { file, report };
}
