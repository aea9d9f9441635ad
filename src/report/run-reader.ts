/**
 * Reading a run directory back for `sgd report`: which kind it is and its files, validated.
 *   training run       config.json + metrics.jsonl (one JSON row per log interval) [+ summary.json, histograms.json]
 *   compare-gradients  results.json (format "sgd-compare-gradients", version 2)
 * Every problem is a DataError (exit 2) naming the directory or file and what is missing or wrong.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SourceMap } from "../config/source-map.js";
import { TrainConfig } from "../config/train-schema.js";
import { parseOrExplain, validateConfig } from "../config/validate-config.js";
import { DataError } from "../core/errors.js";
import { plainReason } from "../core/fs-error.js";
import type { MetricsRow } from "../train/state.js";
import { COMPARE_FILES, type CompareDocument } from "./compare-files.js";
import { readHistograms, type HistogramsJson } from "./histograms.js";
import { RUN_FILES } from "./run-directory.js";

const measured = z.number();
const maybe = z.number().nullable();

const MetricsRowJson = z.looseObject({
  step: z.int().nonnegative(),
  epoch: measured,
  samples: measured,
  learning_rate: measured,
  train_loss: maybe,
  test_loss: maybe,
  test_accuracy: maybe,
  elapsed_s: measured,
  gradient_s: measured,
  // newer columns: absent from runs recorded before them
  compute_s: maybe.default(null),
  full_train_loss: maybe.default(null),
  gradient_norm: maybe.default(null),
  minibatch_cosine: maybe.default(null),
  minibatch_spread: maybe.default(null),
  validation_loss: maybe.default(null),
  validation_accuracy: maybe.default(null),
});

const SummaryJson = z.looseObject({
  status: z.enum(["completed", "diverged", "interrupted", "stopped-early"]),
  steps: z.int().nonnegative(),
  epochs: z.number(),
  parameters: z.int().nonnegative(),
  final: z.looseObject({
    train_loss: maybe,
    test_loss: maybe,
    test_accuracy: maybe,
    validation_loss: maybe.optional(),
    validation_accuracy: maybe.optional(),
  }),
  timing: z.looseObject({ total_s: z.number(), gradient_s: z.number(), samples_per_s: z.number() }),
  gradient_method: z.string(),
  seed: z.number(),
  network: z.string().optional(),
  divergence: z.looseObject({ step: z.number(), learningRate: z.number(), reason: z.string() }).nullable().optional(),
  environment: z.looseObject({ node: z.string(), cpu: z.string(), threads: z.number() }).optional(),
  best: z.looseObject({ step: z.number(), monitor: z.string(), value: z.number() }).nullable().optional(),
  health: z
    .looseObject({
      verdict: z.enum(["healthy", "unstable"]),
      reasons: z.array(z.string()),
      hint: z.string().nullable(),
    })
    .optional(),
});
export type SummaryJson = z.infer<typeof SummaryJson>;

/** One training run as read from its directory. */
export interface TrainRun {
  dir: string;
  config: TrainConfig;
  /** metrics.jsonl, in file order */
  rows: MetricsRow[];
  /** null while the run is still going, or after a crash that left no summary */
  summary: SummaryJson | null;
  /** histograms.json; absent or null for runs of an older sgd */
  histograms?: HistogramsJson | null;
}

export type RunDirectory =
  | { kind: "train"; dir: string; run: TrainRun }
  | { kind: "compare"; dir: string; document: CompareDocument };

/** Decide what `dir` holds and read it; a directory that is neither kind is refused, naming what is missing. */
export function readRunDirectory(dir: string): RunDirectory {
  if (!fs.existsSync(dir)) throw new DataError(`${dir}: no such directory`);
  if (!fs.statSync(dir).isDirectory()) throw new DataError(`${dir}: not a directory (give a run directory)`);
  if (fs.existsSync(path.join(dir, COMPARE_FILES.results)))
    return { kind: "compare", dir, document: readCompareResults(dir) };
  const has = (file: string): boolean => fs.existsSync(path.join(dir, file));
  if (!has(RUN_FILES.config) && !has(RUN_FILES.metricsJsonl)) {
    throw new DataError(
      `${dir}: not a run directory: no ${RUN_FILES.config} and ${RUN_FILES.metricsJsonl} (of sgd train) ` +
        `and no ${COMPARE_FILES.results} (of sgd compare-gradients)`,
    );
  }
  return { kind: "train", dir, run: readTrainRun(dir) };
}

/** config.json, metrics.jsonl and (when present) summary.json of a training run. */
export function readTrainRun(dir: string): TrainRun {
  for (const file of [RUN_FILES.config, RUN_FILES.metricsJsonl]) {
    if (!fs.existsSync(path.join(dir, file))) {
      throw new DataError(
        `${dir}: ${file} is missing ` +
          `(a training run directory holds ${RUN_FILES.config}, ${RUN_FILES.metricsJsonl} and ${RUN_FILES.summary})`,
      );
    }
  }
  const summaryFile = path.join(dir, RUN_FILES.summary);
  return {
    dir,
    config: readRunConfig(dir),
    rows: readMetricsJsonl(path.join(dir, RUN_FILES.metricsJsonl)),
    summary: fs.existsSync(summaryFile) ? parseWith(SummaryJson, readJsonFile(summaryFile), summaryFile) : null,
    histograms: readHistograms(dir),
  };
}

/** The resolved config a run directory holds, validated again (it may have been edited). */
export function readRunConfig(dir: string): TrainConfig {
  const file = path.join(dir, RUN_FILES.config);
  if (!fs.existsSync(file)) throw new DataError(`${file}: not found (is ${dir} a run directory?)`);
  return validateConfig(TrainConfig, readJsonFile(file), new SourceMap(file));
}

/**
 * One MetricsRow per non-empty line; a bad line is named by its number. A last line without its
 * newline that is not JSON is a row torn by a crash while it was written: left out.
 */
export function readMetricsJsonl(file: string): MetricsRow[] {
  const lines = readText(file).split("\n");
  const rows: MetricsRow[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    if (index === lines.length - 1 && !isJson(line)) return;
    const where = `${file}: line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DataError(`${where}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    rows.push(parseWith(MetricsRowJson, value, where));
  });
  return rows;
}

/** results.json of compare-gradients; the format and version are checked, the rest is trusted. */
export function readCompareResults(dir: string): CompareDocument {
  const file = path.join(dir, COMPARE_FILES.results);
  const value = readJsonFile(file);
  const head = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  if (head.format !== "sgd-compare-gradients") {
    throw new DataError(
      `${file}: not compare-gradients results ` +
        `(format is ${JSON.stringify(head.format)}, expected "sgd-compare-gradients")`,
    );
  }
  if (head.version !== 2)
    throw new DataError(
      `${file}: results version ${JSON.stringify(head.version)} is not supported ` +
        "(this sgd reads version 2; run sgd compare-gradients again)",
    );
  if (!Array.isArray(head.cases) || typeof head.config !== "object" || head.config === null) {
    throw new DataError(`${file}: "cases" (a list) and "config" (an object) are required`);
  }
  return value as CompareDocument;
}

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readText(file));
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    const reason = plainReason(err);
    if (reason === null) throw err;
    throw new DataError(`${file}: cannot read: ${reason}`);
  }
}

/** zod parse with the first problem as a one-line DataError: `where: key.path: expected …, found …`. */
function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = parseOrExplain(schema, value);
  if ("problem" in parsed) throw new DataError(`${where}: ${parsed.problem}`);
  return parsed.value;
}
