/**
 * A sweep directory on disk: DIR/sweep.json (written atomically, merged with the points other
 * shards have already written there), DIR/report.html (every run so far overlaid, through
 * writeReport of run-report-files.ts) and one ordinary run directory per point, DIR/<point>/.
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
import { RUN_FILES, writeJsonAtomic } from "./run-directory.js";
import { readJsonFile } from "./run-reader.js";
import { writeReport, type BuiltReport } from "./run-report-files.js";

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

/** DIR/report.html over every run of `doc` (overlaid; a single run gets its own report); null when none has run. */
export function writeSweepReport(dir: string, doc: SweepDocument): { file: string; report: BuiltReport } | null {
  const runs = reportableRunDirs(dir, doc);
  if (runs.length === 0) return null;
  const file = path.join(dir, SWEEP_FILES.report);
  return { file, report: writeReport(runs, file, `sgd sweep · ${doc.name} · ${dir}`) };
}
