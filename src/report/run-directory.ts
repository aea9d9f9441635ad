/**
 * The run directory on disk (docs/train.md): refuses a non-empty --out without --force, or claims
 * a fresh default folder; appends metrics rows (CSV and JSONL, each row whole in both files or in
 * neither, src/report/durable-files.ts) and drops, on resume, the rows after the checkpoint and a
 * torn last row of a run that was killed while writing one.
 */
import fs from "node:fs";
import path from "node:path";
import { DataError, UsageError } from "../core/errors.js";
import { METRIC_COLUMNS, type MetricsRow } from "../train/state.js";
import { AppendLog, claimNewFolder, ensureFolder, failure, writeFileAtomic } from "./durable-files.js";

// the writers moved to durable-files.ts; re-exported for modules that still import them from here
export { writeFileAtomic, writeJsonAtomic } from "./durable-files.js";

export const RUN_FILES = {
  config: "config.json",
  metricsCsv: "metrics.csv",
  metricsJsonl: "metrics.jsonl",
  summary: "summary.json",
  model: "model.json",
  modelLast: "model-last.json",
  checkpoint: "checkpoint.json",
  report: "report.html",
} as const;

/**
 * The folder to write into, created (and parents): `dir` itself — refused when it is a file, or a
 * non-empty folder without `force` (a lock file alone does not count) — or, for a default name
 * (`claim`), the first of `dir`, `dir-2`, … that no other run has taken. Returns the folder.
 */
export function prepareOutputDir(dir: string, force: boolean, claim = false): string {
  if (claim) return claimNewFolder(dir);
  let entries: string[] | null = null;
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: exists and is a file, not a folder`);
    entries = fs.readdirSync(dir);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // not there (or not reachable): creating it says why in plain words
  }
  // a lock left by a killed run is not content: the lock itself decides whether it is stale
  const content = entries?.filter((name) => !name.startsWith(".lock")) ?? [];
  if (content.length > 0 && !force) {
    throw new UsageError(`--out ${dir}: directory is not empty (use --force to write into it)`);
  }
  ensureFolder(dir);
  return dir;
}

/** `runs/<name>-<YYYYMMDD-HHMMSS>` in local time (prepareOutputDir with `claim` makes it unique). */
export function defaultRunDir(cwd: string, name: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}` +
    `-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return path.join(cwd, "runs", `${name}-${stamp}`);
}

/** One CSV cell: shortest round-trip decimal, empty for "not measured at this row". */
function cell(v: number | null): string {
  return v === null ? "" : String(v);
}

export function metricsCsvHeader(): string {
  return `${METRIC_COLUMNS.join(",")}\n`;
}

export function metricsCsvLine(row: MetricsRow): string {
  return `${METRIC_COLUMNS.map((c) => cell(row[c])).join(",")}\n`;
}

/** Appends rows to metrics.csv and metrics.jsonl; each row is written through, whole, before the next step. */
export class MetricsLog {
  private readonly log: AppendLog;
  /** what resuming had to drop besides the rows after the checkpoint: "metrics.csv: a torn last row (line 9)" */
  readonly repaired: string[];

  /** `keepThroughStep`: when resuming, rows after the checkpoint's step are dropped first. */
  constructor(dir: string, keepThroughStep: number | null) {
    const csvPath = path.join(dir, RUN_FILES.metricsCsv);
    const jsonlPath = path.join(dir, RUN_FILES.metricsJsonl);
    if (keepThroughStep === null) {
      writeFileAtomic(csvPath, metricsCsvHeader());
      writeFileAtomic(jsonlPath, "");
      this.repaired = [];
    } else {
      // both files are checked before either is rewritten: a bad row leaves them as they were
      const csv = keptRows(csvPath, keepThroughStep, csvStep, metricsCsvHeader());
      const jsonl = keptRows(jsonlPath, keepThroughStep, jsonlStep, "");
      writeFileAtomic(csvPath, csv.text);
      writeFileAtomic(jsonlPath, jsonl.text);
      this.repaired = [...csv.repaired, ...jsonl.repaired];
    }
    this.log = new AppendLog([csvPath, jsonlPath]);
  }

  append(row: MetricsRow): void {
    this.log.append([metricsCsvLine(row), `${JSON.stringify(row)}\n`]);
  }

  /** Both files on disk (before a checkpoint is written, so a checkpoint is never ahead of its rows). */
  sync(): void {
    this.log.sync();
  }

  close(): void {
    this.log.close();
  }
}

/** A CSV row's step (its first cell), or null when the line is not a row. */
function csvStep(line: string): number | null {
  const cells = line.split(",");
  const step = Number(cells[0]);
  return cells.length === METRIC_COLUMNS.length && cells[0] !== "" && Number.isInteger(step) ? step : null;
}

function jsonlStep(line: string): number | null {
  try {
    const step = (JSON.parse(line) as { step?: unknown }).step;
    return typeof step === "number" && Number.isInteger(step) ? step : null;
  } catch {
    return null;
  }
}

/**
 * The text of `file` with its rows up to `step`. A last line without its newline is a row torn by
 * a crash: dropped, and reported. Any other line that is not a row is a DataError.
 */
function keptRows(
  file: string,
  step: number,
  stepOf: (line: string) => number | null,
  header: string,
): { text: string; repaired: string[] } {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw failure(err, file, "read");
  }
  const lines = text.split("\n");
  const tail = lines.pop()!; // "" when the file ends with a newline
  const repaired = tail === "" ? [] : [`${path.basename(file)}: dropped a torn last row (line ${lines.length + 1})`];
  const start = header !== "" && lines[0] === header.trimEnd() ? 1 : 0;
  const kept = lines.slice(start).filter((line, i) => {
    if (line.trim() === "") return false;
    const s = stepOf(line);
    if (s === null) throw new DataError(`${file}:${start + i + 1}: not a metrics row (${line.slice(0, 40)})`);
    return s <= step;
  });
  return { text: header + kept.map((l) => `${l}\n`).join(""), repaired };
}
