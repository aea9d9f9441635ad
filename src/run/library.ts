/**
 * What `import { train, loadTrainConfig, evaluate } from "sgd"` runs (src/index.ts passes the Io):
 *   loadTrainConfig(file | object, { set, cwd })  → TrainConfig: validated, defaults filled in,
 *                                                   data paths absolute; errors are the CLI's
 *   train(file | object | TrainConfig, options)  → the run directory written as `sgd train` writes
 *                                                   it, progress as events, the summary returned
 *   evaluate(runDir, { set, split, cwd })        → what `sgd evaluate --json` prints
 * A run that diverges or is stopped (options.signal) still resolves: summary.status says how it
 * ended. Bad input throws the typed errors of src/core/errors.ts (exitCode 2).
 */
import path from "node:path";
import { TrainConfig } from "../config/train-schema.js";
import { applySets } from "../config/config-sets.js";
import { SourceMap } from "../config/source-map.js";
import { validateConfig } from "../config/validate-config.js";
import type { Io } from "../core/io.js";
import { createReporter } from "../report/reporter.js";
import { defaultRunDir } from "../report/run-directory.js";
import type { RunSummary } from "../report/train-run.js";
import type { MetricsRow } from "../train/state.js";
import { evaluateRun, type EvaluationReport } from "./evaluate-run.js";
import { absoluteDataPaths, loadRunConfig } from "./run-config.js";
import { runTrainingToDir } from "./train-run.js";

/** A config file (.json, .yaml, .yml), or a config as an object (the keys of docs/config.md). */
export type ConfigSource = string | Record<string, unknown>;

export interface ConfigOptions {
  /** `KEY=VALUE` overrides, as `--set` takes them */
  set?: readonly string[];
  /** where a relative file (and the data paths of an object config) resolve; default the working directory */
  cwd?: string;
}

export interface TrainProgressEvent {
  type: "row";
  step: number;
  totalSteps: number;
  /** the row just appended to metrics.csv */
  row: MetricsRow;
}

export interface TrainOptions extends ConfigOptions {
  /** the run directory; default runs/<name>-<YYYYMMDD-HHMMSS> under cwd */
  out?: string;
  /** write into a non-empty `out` */
  force?: boolean;
  /** worker threads (default 1) */
  threads?: number;
  /** start a finite-difference run estimated over an hour */
  allowSlow?: boolean;
  /** every metrics row, as it is written */
  onProgress?: (event: TrainProgressEvent) => void;
  /** stops the run after the current step (the checkpoint is saved; status "interrupted") */
  signal?: AbortSignal;
  /** the lines `sgd train` prints for a human; default: none */
  log?: (line: string) => void;
}

export interface TrainOutcome {
  /** the run directory (absolute) */
  dir: string;
  summary: RunSummary;
}

export interface EvaluateApiOptions extends ConfigOptions {
  split?: "test" | "train" | "validation";
}

export function loadConfigFrom(source: ConfigSource, options: ConfigOptions, cwd: string): TrainConfig {
  const sets = options.set ?? [];
  if (typeof source === "string") return loadRunConfig(source, sets, cwd);
  const where = new SourceMap(null);
  return absoluteDataPaths(validateConfig(TrainConfig, applySets(source, sets, TrainConfig, where), where), cwd);
}

export async function trainWith(source: ConfigSource, options: TrainOptions, io: Io): Promise<TrainOutcome> {
  const config = loadConfigFrom(source, options, io.cwd);
  const dir =
    options.out !== undefined ? path.resolve(io.cwd, options.out) : defaultRunDir(io.cwd, config.name, new Date());
  const out = createReporter(io, { quiet: options.log === undefined });
  const { summary } = await runTrainingToDir(config, dir, {
    io,
    out,
    threads: options.threads ?? 1,
    allowSlow: options.allowSlow === true,
    resume: false,
    force: options.force === true,
    chart: false,
    shouldStop: () => options.signal?.aborted === true,
    ...(options.onProgress
      ? { onRow: (row, totalSteps) => options.onProgress!({ type: "row", step: row.step, totalSteps, row }) }
      : {}),
  });
  return { dir, summary };
}

export function evaluateWith(runDir: string, options: EvaluateApiOptions, io: Io): EvaluationReport {
  const { cwd } = io;
  const split = options.split ?? "test";
  return evaluateRun(path.resolve(cwd, runDir), { sets: options.set ?? [], split, cwd, memory: io.platform.memory })
    .report;
}
