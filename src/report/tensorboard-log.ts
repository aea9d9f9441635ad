/**
 * The run directory's TensorBoard log, tensorboard/events.out.tfevents.<unix seconds>.<host>: a
 * TFRecord file of Events (src/export/tensorboard-event.ts), first the file version, then one Event
 * per metrics row, written through (one unbuffered write per row, like metrics.csv). Each row's
 * scalars are its numeric columns, found generically (every column but the step, epoch, sample
 * and time axes, and none that is empty), plus samples_per_s = samples / elapsed_s.
 * A resumed run keeps the records up to its checkpoint's step and appends to the same file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeEvent, encodeEvent, EVENT_FILE_VERSION, type Scalar } from "../export/tensorboard-event.js";
import { frameRecord, readRecords } from "../export/tfrecord.js";
import type { MetricsRow } from "../train/state.js";
import { writeFileAtomic } from "./run-directory.js";
import { TIME_COLUMNS } from "../train/state.js";

export const TENSORBOARD_DIR = "tensorboard";
const EVENT_FILE_PREFIX = "events.out.tfevents.";
/** Columns that are axes or clocks rather than scalars to plot. */
const NOT_SCALARS = new Set<string>(["step", "epoch", "samples", ...TIME_COLUMNS]);

export interface TensorBoardOptions {
  /** wall-clock seconds since 1970 (Event.wall_time and the file name) */
  now?: () => number;
  host?: string;
}

/** The scalars TensorBoard gets for one metrics row. */
export function rowScalars(row: MetricsRow): Scalar[] {
  const scalars: Scalar[] = [];
  for (const [tag, value] of Object.entries(row)) {
    if (!NOT_SCALARS.has(tag) && typeof value === "number" && Number.isFinite(value)) scalars.push({ tag, value });
  }
  if (row.elapsed_s > 0) scalars.push({ tag: "samples_per_s", value: row.samples / row.elapsed_s });
  return scalars;
}

/** The event files of a run directory, oldest name first. */
export function eventFiles(runDir: string): string[] {
  const dir = path.join(runDir, TENSORBOARD_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(EVENT_FILE_PREFIX))
    .sort()
    .map((f) => path.join(dir, f));
}

export class TensorBoardLog {
  readonly file: string;
  private readonly fd: number;
  private readonly now: () => number;

  /** `keepThroughStep`: when resuming, the events after the checkpoint's step are dropped first. */
  constructor(runDir: string, keepThroughStep: number | null, options: TensorBoardOptions = {}) {
    this.now = options.now ?? (() => Date.now() / 1000);
    const existing = keepThroughStep === null ? undefined : eventFiles(runDir).at(-1);
    if (existing !== undefined) {
      this.file = existing;
      truncateEvents(existing, keepThroughStep!);
    } else {
      const host = (options.host ?? os.hostname()).replace(/[/\\]/g, "_");
      fs.mkdirSync(path.join(runDir, TENSORBOARD_DIR), { recursive: true });
      this.file = path.join(runDir, TENSORBOARD_DIR, `${EVENT_FILE_PREFIX}${Math.floor(this.now())}.${host}`);
      const first = encodeEvent({ wallTime: this.now(), step: 0, fileVersion: EVENT_FILE_VERSION });
      writeFileAtomic(this.file, frameRecord(first));
    }
    this.fd = fs.openSync(this.file, "a");
  }

  append(row: MetricsRow): void {
    const event = encodeEvent({ wallTime: this.now(), step: row.step, scalars: rowScalars(row) });
    fs.writeSync(this.fd, frameRecord(event));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Rewrites `file` with its valid records up to the last whose step ≤ `step` (the file version stays). */
function truncateEvents(file: string, step: number): void {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const { records, ends } = readRecords(bytes);
  let keep = 0;
  for (const [k, data] of records.entries()) {
    const event = decodeEvent(data);
    if (!("fileVersion" in event) && event.step > step) break;
    keep = ends[k]!;
  }
  writeFileAtomic(file, bytes.subarray(0, keep));
}
