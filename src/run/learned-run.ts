/**
 * The data and network behind a run's "what the network learned" views (src/report/learned.ts): model.json,
 * and the dataset — the one in memory at the end of `sgd train`, or for `sgd report` rebuilt from
 * config.json exactly as training built it (same seed ⇒ same splits and normalization). A run whose files
 * or data cannot be read (a CSV moved away, a diverged model) gets the reason instead: the report still shows.
 * At the end of `sgd train` the network is the one in memory that model.json was just written from (learnedAtEnd):
 * the same numbers as reading the file back (JSON round-trips every finite float32 and float64 exactly).
 */
import { ConfigError, DataError } from "../core/errors.js";
import { allFinite } from "../core/finite.js";
import type { Float } from "../core/types.js";
import type { Dataset } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
import { copyParams, layoutOf, type ParameterLayout } from "../model/layout.js";
import type { Learned } from "../report/learned.js";
import type { LearnedInput } from "../report/learned-input.js";
import { readRunConfig } from "../report/run-reader.js";
import { readRunModel } from "../report/run-model.js";
import { EVAL_CHUNK, seedStreams } from "./experiment.js";

export function learnedOf(
  dir: string,
  cwd: string,
  dataset?: Dataset,
  testClasses?: LearnedInput["testClasses"],
): Learned {
  try {
    const saved = readRunModel(dir);
    const config = readRunConfig(dir);
    const data = dataset ?? loadDataset(config.data, seedStreams(config.seed).data, { cwd, task: saved.task });
    const input: LearnedInput = { dataset: data, spec: saved.model.spec, w: saved.model.w, chunk: EVAL_CHUNK };
    return { input: testClasses === undefined ? input : { ...input, testClasses } };
  } catch (err) {
    if (err instanceof DataError || err instanceof ConfigError) return { unavailable: err.message };
    throw err;
  }
}

/**
 * The views' inputs at the end of `sgd train`: `dataset` and the weights w (stored as `layout`) that model.json was
 * written from, in model.json's layout, without reading the file back; weights JSON cannot hold (NaN, ±∞: a
 * diverged run) are read from model.json after all, so the report says what `sgd report` would.
 */
export function learnedAtEnd(
  dir: string,
  cwd: string,
  dataset: Dataset,
  model: { layout: ParameterLayout; w: Float },
  testClasses: LearnedInput["testClasses"],
): Learned {
  if (!allFinite(model.w)) return learnedOf(dir, cwd, dataset, testClasses);
  const { spec } = model.layout;
  const stored = layoutOf(spec);
  const w = spec.precision === "float32" ? new Float32Array(model.w.length) : new Float64Array(model.w.length);
  copyParams(model.layout, model.w, stored, w);
  const input: LearnedInput = { dataset, spec, w, chunk: EVAL_CHUNK };
  return { input: testClasses === undefined ? input : { ...input, testClasses } };
}
