/**
 * Writing report.html for run directories: read each (run-reader.ts), pick the report kind,
 * render it (run-report.ts, run-report-overlay.ts, compare-html.ts) and write it atomically.
 *   one training run → its charts · several training runs → overlaid · compare-gradients → its report
 */
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { compareReportHtml } from "./compare-html.js";
import { writeFileAtomic } from "./durable-files.js";
import { RUN_FILES } from "./run-directory.js";
import { readRunDirectory, readTrainRun, type RunDirectory, type TrainRun } from "./run-reader.js";
import { overlayReportHtml } from "./run-report-overlay.js";
import type { Learned } from "./learned.js";
import { trainRunReportHtml } from "./run-report.js";

export type ReportKind = "train" | "overlay" | "compare" | "sweep";

export interface BuiltReport {
  kind: ReportKind;
  html: string;
  /** the runs read, for callers that print about them */
  runs: RunDirectory[];
}

export interface ReportOptions {
  /** the data and model of a training run directory, for the one-run report's "what it learned" views */
  learned?: (dir: string) => Learned;
}

/** The report for already-read directories; mixing kinds, or several benchmarks, is refused. */
export function buildReport(dirs: readonly RunDirectory[], subtitle: string, options: ReportOptions = {}): BuiltReport {
  if (dirs.length === 0) throw new UsageError("give at least one run directory");
  const compare = dirs.find((d) => d.kind === "compare");
  if (compare?.kind === "compare") {
    if (dirs.length > 1) {
      throw new UsageError(
        `${compare.dir} is a compare-gradients directory: report it on its own (sgd report ${compare.dir}), ` +
          "not together with other directories",
      );
    }
    return { kind: "compare", html: compareReportHtml(compare.document, subtitle), runs: [...dirs] };
  }
  const runs = dirs.flatMap((d) => (d.kind === "train" ? [d.run] : []));
  if (runs.length === 1) {
    const run = runs[0]!;
    const html = trainRunReportHtml(run, subtitle, options.learned?.(run.dir));
    return { kind: "train", html, runs: [...dirs] };
  }
  return { kind: "overlay", html: overlayReportHtml(runs, subtitle), runs: [...dirs] };
}

/** Read `dirs`, build their report and write it to `outFile`. */
export function writeReport(
  dirs: readonly string[],
  outFile: string,
  subtitle: string,
  options: ReportOptions = {},
): BuiltReport {
  const report = buildReport(dirs.map(readRunDirectory), subtitle, options);
  writeFileAtomic(outFile, report.html);
  return report;
}

/** report.html of one training run, from what its directory holds now; returns the run as read. */
export function writeTrainReport(dir: string, learned?: Learned): TrainRun {
  const run = readTrainRun(dir);
  writeFileAtomic(path.join(dir, RUN_FILES.report), trainRunReportHtml(run, `sgd train · ${dir}`, learned));
  return run;
}
