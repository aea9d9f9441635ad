/**
 * The health verdict of a finished run (src/train/health.ts) from its result and its data: the
 * accuracy judged is the validation split's when there is one, else the test split's, against
 * the share of that split's most common class (chance for a classifier that ignores its input).
 */
import type { TrainConfig } from "../config/train-schema.js";
import type { Dataset } from "../data/dataset.js";
import { assessHealth, majorityShare, type Health } from "../train/health.js";
import type { TrainResult } from "../train/state.js";

export function runHealth(result: TrainResult, dataset: Dataset, config: TrainConfig): Health {
  const onValidation = dataset.validation !== undefined;
  const split = dataset.validation ?? dataset.test;
  const value = onValidation ? (result.final.validation_accuracy ?? null) : result.final.test_accuracy;
  const chance = split.labels === null ? null : majorityShare(split.labels, dataset.outputs);
  return assessHealth({
    result,
    accuracy: { split: onValidation ? "validation" : "test", value, chance },
    learningRate: config.optimizer.learningRate,
  });
}
