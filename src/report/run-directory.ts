/**
 * The run directory on disk (docs/train.md): refuses a non-empty --out without --force, appends
 * metrics rows (CSV and JSONL) with an unbuffered write per row so a crash keeps every row
 * written, and rewrites summary/model/checkpoint atomically (temp file + rename).
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { METRIC_COLUMNS, type MetricsRow } from "../train/state.js";

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

/** Create `dir` (and parents). A non-empty existing directory is refused unless `force`. */
export function prepareOutputDir(dir: string, force: boolean): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: exists and is not a directory`);
    if (fs.readdirSync(dir).length > 0 && !force) {
      throw new UsageError(`--out ${dir}: directory is not empty (use --force to write into it)`);
    }
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** `runs/<name>-<YYYYMMDD-HHMMSS>` in local time. */
export function defaultRunDir(cwd: string, name: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}` +
    `-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return path.join(cwd, "runs", `${name}-${stamp}`);
}

/** Write a file so that readers see the old content or the new, never half of one. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    if (typeof content === "string") fs.writeSync(fd, content);
    else fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
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

/** Appends rows to metrics.csv and metrics.jsonl; each row is written through before the next step. */
export class MetricsLog {
  private readonly csv: number;
  private readonly jsonl: number;

  /** `keepThroughStep`: when resuming, rows after the checkpoint's step are dropped first. */
  constructor(dir: string, keepThroughStep: number | null) {
    const csvPath = path.join(dir, RUN_FILES.metricsCsv);
    const jsonlPath = path.join(dir, RUN_FILES.metricsJsonl);
    if (keepThroughStep === null) {
      writeFileAtomic(csvPath, metricsCsvHeader());
      writeFileAtomic(jsonlPath, "");
    } else {
      truncateRows(csvPath, jsonlPath, keepThroughStep);
    }
    this.csv = fs.openSync(csvPath, "a");
    this.jsonl = fs.openSync(jsonlPath, "a");
  }

  append(row: MetricsRow): void {
    fs.writeSync(this.csv, metricsCsvLine(row));
    fs.writeSync(this.jsonl, `${JSON.stringify(row)}\n`);
  }

  close(): void {
    fs.closeSync(this.csv);
    fs.closeSync(this.jsonl);
  }
}

function truncateRows(csvPath: string, jsonlPath: string, step: number): void {
  const csvLines = fs.existsSync(csvPath)
    ? fs
        .readFileSync(csvPath, "utf8")
        .split("\n")
        .filter((l) => l !== "")
    : [];
  const keptCsv = csvLines.slice(1).filter((l) => Number(l.split(",")[0]) <= step);
  writeFileAtomic(csvPath, metricsCsvHeader() + keptCsv.map((l) => `${l}\n`).join(""));
  const jsonLines = fs.existsSync(jsonlPath)
    ? fs
        .readFileSync(jsonlPath, "utf8")
        .split("\n")
        .filter((l) => l !== "")
    : [];
  const keptJson = jsonLines.filter((l) => (JSON.parse(l) as MetricsRow).step <= step);
  writeFileAtomic(jsonlPath, keptJson.map((l) => `${l}\n`).join(""));
}
