/**
 * A sweep's point records: one file per point, DIR/records/<point>.json (written atomically by
 * whoever ran the point: a shard, a --jobs worker, a `sgd train --resume`), and DIR/sweep.json, a
 * merged view rebuilt from them:
 *   points = records in sweep.json with no record file  ⊕  every record file (by index)
 * Rebuilding needs no lock: a writer renames its view over sweep.json, scans the records again and
 * writes again until the scan equals what it wrote. The last rename is by a writer whose scan came
 * after every record write (a later record's writer renames later), so sweep.json ends complete
 * however many shards finish a point in the same millisecond.
 */
import fs from "node:fs";
import path from "node:path";
import { parseSweepDocument, type SweepDocument, type SweepPointRecord } from "../sweep/sweep-document.js";
import { ensureFolder, writeJsonAtomic } from "./durable-files.js";
import { readJsonFile } from "./run-reader.js";

export const RECORDS_FOLDER = "records";
const DOCUMENT = "sweep.json";

/** DIR/records/<point>.json */
export function recordFile(sweepDir: string, pointDir: string): string {
  return path.join(sweepDir, RECORDS_FOLDER, `${pointDir}.json`);
}

/** Write one point's record file (atomically). */
export function writePointRecord(sweepDir: string, record: SweepPointRecord): void {
  ensureFolder(path.join(sweepDir, RECORDS_FOLDER));
  writeJsonAtomic(recordFile(sweepDir, record.dir), record);
}

/** Every record file in DIR/records, sorted by index (a file being replaced is read whole: renames are atomic). */
export function readPointRecords(sweepDir: string): SweepPointRecord[] {
  const folder = path.join(sweepDir, RECORDS_FOLDER);
  if (!fs.existsSync(folder)) return [];
  const names = fs.readdirSync(folder).filter((n) => n.endsWith(".json"));
  const records: SweepPointRecord[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    let value: unknown;
    try {
      value = readJsonFile(file);
    } catch (err) {
      if (!fs.existsSync(file)) continue; // replaced between readdir and read: its new version is read next scan
      throw err;
    }
    records.push(parseSweepDocument(recordAsDocument(value), file).points[0]!);
  }
  return records.sort((a, b) => a.index - b.index);
}

/** One record checked with sweep.json's own schema (a document holding only it). */
function recordAsDocument(value: unknown): unknown {
  return {
    format: "sgd-sweep",
    version: 1,
    name: "",
    config: "",
    sets: [],
    seed: null,
    grid: [],
    points_total: 1,
    points: [value],
  };
}

/**
 * DIR/sweep.json ← `header` with the points of the record files laid over those already listed
 * there (when it describes the same sweep, `same`), rewritten until a scan after the write finds
 * nothing new. Returns what was written last.
 */
export function rebuildSweepDocument(
  sweepDir: string,
  header: Omit<SweepDocument, "points">,
  same: (existing: SweepDocument) => boolean,
): SweepDocument {
  const file = path.join(sweepDir, DOCUMENT);
  for (;;) {
    const existing = fs.existsSync(file) ? parseSweepDocument(readJsonFile(file), file) : null;
    const kept = existing !== null && same(existing) ? existing.points : [];
    const records = readPointRecords(sweepDir);
    const byIndex = new Map<number, SweepPointRecord>();
    for (const p of [...kept, ...records]) byIndex.set(p.index, p);
    const points = [...byIndex.values()].sort((a, b) => a.index - b.index);
    const written: SweepDocument = { ...header, points };
    writeJsonAtomic(file, written);
    if (JSON.stringify(readPointRecords(sweepDir)) === JSON.stringify(records)) return written;
  }
}
