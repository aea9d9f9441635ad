/**
 * A sweep directory on disk: DIR/sweep.json (written atomically, merged with the points other
 * shards have already written there), DIR/report.html (the sweep report of sweep-report.ts over
 * every point run so far) and one ordinary run directory per point, DIR/<point>/.
 */
import fs from "node:fs";
import path from "node:path";
import {
  mergePoints,
  parseSweepDocument,
  sameSweep,
  type SweepDocument,
  type SweepPointRecord,
} from "../sweep/sweep-document.js";
import { RUN_FILES, writeFileAtomic, writeJsonAtomic } from "./run-directory.js";
import { readJsonFile, readTrainRun, type RunDirectory, type TrainRun } from "./run-reader.js";
import type { BuiltReport } from "./run-report-files.js";
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
 * Write DIR/sweep.json: `doc` with its points laid over those already in the file (read again
 * just before writing, so shards running at the same time keep each other's points) when the file
 * describes the same sweep. Returns what was written.
 */
export function writeSweepDocument(dir: string, doc: SweepDocument): SweepDocument {
  const existing = readSweepDocument(dir);
  const points: SweepPointRecord[] =
    existing !== null && sameSweep(existing, doc) ? mergePoints(existing.points, doc.points) : doc.points;
  const written: SweepDocument = { ...doc, points };
  writeJsonAtomic(path.join(dir, SWEEP_FILES.document), written);
  return written;
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
