/**
 * A metrics row for tests: `step`, with every other column at a neutral value (counts 0, the
 * learning rate 0.05, each measured column null) unless `fields` gives it.
 */
import type { MetricsRow } from "../../src/train/state.js";

export function metricsRow(step: number, fields: Partial<MetricsRow> = {}): MetricsRow {
  return {
    step,
    epoch: 0,
    samples: 0,
    learning_rate: 0.05,
    train_loss: null,
    test_loss: null,
    test_accuracy: null,
    elapsed_s: 0,
    gradient_s: 0,
    compute_s: null,
    full_train_loss: null,
    gradient_norm: null,
    minibatch_cosine: null,
    minibatch_spread: null,
    validation_loss: null,
    validation_accuracy: null,
    ...fields,
  };
}
