/**
 * The data and network behind a run's "what the network learned" views (src/report/learned.ts): model.json,
 * and the dataset — the one in memory at the end of `sgd train`, or for `sgd report` rebuilt from
 * config.json exactly as training built it (same seed ⇒ same splits and normalization). A run whose files
 * or data cannot be read (a CSV moved away, a diverged model) gets the reason instead: the report still shows.
 */
import { ConfigError, DataError } from "../core/errors.js";
import type { Dataset } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
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
