/**
 * A saved model scored on data, for `sgd evaluate` and the library's evaluate():
 *   model.json + config.json (src/report/run-model.ts) → the dataset rebuilt exactly as
 *   `sgd train` built it (same seed ⇒ same split and normalization), or other data from
 *   `sets` (data.… keys) scaled with the model's stored normalization → loss, accuracy and
 *   confusion matrix (src/model/confusion.ts) on the engine training used, so the numbers
 *   equal the run's final test numbers to the bit.
 */
import { DataError } from "../core/errors.js";
import { loadDataset } from "../data/load-dataset.js";
import { evaluateModel, type ModelEvaluation } from "../model/confusion.js";
import { Evaluator } from "../model/evaluate.js";
import { describeSpec } from "../model/network-spec.js";
import { onTrainingEngine } from "../model/on-engine.js";
import { evaluationConfig, readRunModel } from "../report/run-model.js";
import { EVAL_CHUNK, seedStreams } from "./experiment.js";
import { checkEvaluationMemory } from "./memory-estimate.js";

export interface EvaluateOptions {
  /** `data.KEY=VALUE` overrides (other data); none scores the run's own split */
  sets?: readonly string[];
  /** which split of the dataset (default "test"; "validation" needs data.validation) */
  split?: "test" | "train" | "validation";
  /** where relative data paths in `sets` resolve */
  cwd: string;
  /** told about something worth knowing that is not an error */
  warn?: (text: string) => void;
  /** bytes this machine can hold: a dataset and network over it are refused before they are built */
  memory: number;
}

/** What `sgd evaluate --json` prints. */
export interface EvaluationReport {
  loss: number;
  /** null for a regression model */
  accuracy: number | null;
  samples: number;
  /** [C×C] rows = true class, columns = predicted (classifiers only) */
  confusion?: number[][];
  classNames?: string[];
  dataset: string;
  split: "test" | "train" | "validation";
  /** the model.json scored */
  model: string;
}

export interface EvaluationOutcome {
  report: EvaluationReport;
  result: ModelEvaluation;
  /** e.g. "cross-entropy", "mean squared error" */
  lossName: string;
  network: string;
}

/** Scores the model of run directory `dir` (absolute). */
export function evaluateRun(dir: string, options: EvaluateOptions): EvaluationOutcome {
  const sets = options.sets ?? [],
    splitName = options.split ?? "test";
  const saved = readRunModel(dir);
  const config = evaluationConfig(dir, sets, options.cwd);
  const otherData = sets.length > 0;
  if (otherData && saved.normalization === null)
    options.warn?.(`${saved.file} stores no normalization: fitting data.normalize on the new data`);
  const normalization = otherData && saved.normalization !== null ? { normalization: saved.normalization } : {};
  checkEvaluationMemory(saved.model.spec.sizes, saved.model.spec.precision, config.data, options.memory);
  const dataset = loadDataset(config.data, seedStreams(config.seed).data, {
    cwd: options.cwd,
    task: saved.task,
    precision: saved.model.spec.precision,
    ...normalization,
  });
  const { spec, w } = saved.model;
  const [inputs, outputs] = [spec.sizes[0]!, spec.sizes[spec.sizes.length - 1]!];
  if (dataset.inputs !== inputs || dataset.outputs !== outputs) {
    throw new DataError(
      `${saved.file}: the model maps ${inputs} inputs to ${outputs} outputs, ` +
        `but ${dataset.name} has ${dataset.inputs} features and ` +
        `${dataset.outputs} ${dataset.task === "classification" ? "classes" : "targets"}`,
    );
  }
  const split = dataset[splitName];
  if (split === undefined) throw new DataError(`${dataset.name}: no validation split (the run has no data.validation)`);
  if (split.n === 0) throw new DataError(`${dataset.name}: the ${splitName} split is empty`);

  // the chunk size of the evaluator `sgd train` builds, so the losses match to the bit
  const run = onTrainingEngine(spec, w, EVAL_CHUNK);
  const result = evaluateModel(new Evaluator(spec, EVAL_CHUNK, run.engine), run.w, split);
  const classNames = result.confusion
    ? (saved.classNames ?? dataset.classNames ?? result.confusion.map((_, c) => String(c)))
    : null;
  return {
    report: {
      loss: result.loss,
      accuracy: result.accuracy,
      samples: result.samples,
      ...(result.confusion && classNames ? { confusion: result.confusion, classNames } : {}),
      dataset: dataset.name,
      split: splitName,
      model: saved.file,
    },
    result,
    lossName: spec.loss === "cross-entropy" ? "cross-entropy" : "mean squared error",
    network: describeSpec(spec),
  };
}
