/**
 * Which splits the loop evaluates, and what a run's final numbers are (no I/O):
 *   at each evaluation   the validation split when there is one (data.validation), else the test
 *                        split — with a validation split, the test split stays untouched until the end
 *   at the end           with a watched metric: the weights model.json gets (the best ones, else
 *                        the last) on the test split and the validation split, evaluated once;
 *                        otherwise the last evaluation's test numbers, as they were logged
 */
import type { Float } from "../core/types.js";
import type { Dataset, Split } from "../data/dataset.js";
import type { Evaluation } from "../model/evaluate.js";
import type { MonitorRule } from "./early-stopping.js";
import type { SplitMetrics, TrainProgress, TrainResult } from "./state.js";

/** What the loop's evaluations need of the setup. */
export interface Evaluating {
  dataset: Dataset;
  /** loss (and accuracy) of parameters w on a split; evaluation never updates w */
  evaluate(w: Float, split: Split): Pick<Evaluation, "loss" | "accuracy">;
  /** the metric early stopping watches and whose best weights are kept (null: none) */
  monitor?: MonitorRule | null;
  /** [p] where the best weights are copied (needed with a monitor) */
  bestW?: Float | null;
}

export interface RowMetrics {
  test: SplitMetrics | null;
  validation: SplitMetrics | null;
}

/** One evaluation of w: the validation split if there is one, else the test split. */
export function evaluateNow(s: Evaluating, w: Float): RowMetrics {
  const validation = s.dataset.validation;
  if (validation) return { test: null, validation: s.evaluate(w, validation) };
  return { test: s.evaluate(w, s.dataset.test), validation: null };
}

/** The result's `final` and `best` once the loop has ended with `status`. */
export function finalMetrics(
  s: Evaluating,
  w: Float,
  p: TrainProgress,
  status: TrainResult["status"],
): Pick<TrainResult, "final" | "best"> {
  const monitor = s.monitor ?? null,
    state = p.monitor ?? null;
  const validation = s.dataset.validation;
  if (monitor === null || state === null) {
    const last = p.lastValidation ?? null;
    return {
      final: {
        train_loss: p.lastTrainLoss,
        test_loss: p.lastTest?.loss ?? null,
        test_accuracy: p.lastTest?.accuracy ?? null,
        ...(validation ? { validation_loss: last?.loss ?? null, validation_accuracy: last?.accuracy ?? null } : {}),
      },
      best: null,
    };
  }
  const hasBest = state.bestStep !== null && state.best !== null;
  const weights = hasBest ? s.bestW! : status === "diverged" ? null : w;
  const test = weights === null ? null : s.evaluate(weights, s.dataset.test);
  const val = weights === null || !validation ? null : s.evaluate(weights, validation);
  return {
    final: {
      train_loss: p.lastTrainLoss,
      test_loss: test?.loss ?? null,
      test_accuracy: test?.accuracy ?? null,
      ...(validation ? { validation_loss: val?.loss ?? null, validation_accuracy: val?.accuracy ?? null } : {}),
    },
    best: hasBest ? { step: state.bestStep!, monitor: monitor.monitor, value: state.best! } : null,
  };
}
