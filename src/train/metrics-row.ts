/**
 * The metrics row of a logged step: the mean minibatch loss since the last row, and at an
 * evaluation the test (or validation) numbers and the gradient-noise columns. An evaluation runs
 * here (Evaluating.evaluate), or — when the loop was handed `later` — on another thread, the row
 * then waiting in PendingRows until its numbers are back (they are the same numbers: only when
 * they arrive differs). No I/O here.
 */
import type { Float } from "../core/types.js";
import type { Split } from "../data/dataset.js";
import type { Evaluation } from "../model/evaluate.js";
import { evaluateNow, type Evaluating } from "./evaluation-step.js";
import type { PendingRows } from "./pending-rows.js";
import type { MetricsRow, NoiseMeasurement, TrainProgress } from "./state.js";

/** Evaluates on another thread: w is copied at the call, the numbers come later. */
export type EvaluateLater = (w: Float, split: Split) => Promise<Pick<Evaluation, "loss" | "accuracy">>;

export interface RowContext {
  learningRate: number;
  /** this row is an evaluation's */
  evaluate: boolean;
  /** the run's steps */
  total: number;
  /** training samples */
  n: number;
}

export interface RowSetup extends Evaluating {
  w: Float;
  measureNoise?: ((w: Float, step: number) => NoiseMeasurement) | null;
}

/** Builds the row of step p.step, hands it to `rows` (now, or once `later` is back) and returns it. */
export function emitRow(
  s: RowSetup,
  p: TrainProgress,
  c: RowContext,
  rows: PendingRows,
  later: EvaluateLater | null,
): MetricsRow {
  const trainLoss = p.intervalSteps > 0 ? p.intervalLoss / p.intervalSteps : null;
  p.intervalLoss = 0;
  p.intervalSteps = 0;
  if (trainLoss !== null) p.lastTrainLoss = trainLoss;
  const here = c.evaluate && later === null;
  const { test, validation } = here ? evaluateNow(s, s.w) : { test: null, validation: null };
  if (test !== null) p.lastTest = { loss: test.loss!, accuracy: test.accuracy };
  if (validation !== null) p.lastValidation = { loss: validation.loss!, accuracy: validation.accuracy };
  const noise: NoiseMeasurement | null = c.evaluate && s.measureNoise ? s.measureNoise(s.w, p.step) : null;
  if (noise !== null) p.lastNoise = noise;
  const row: MetricsRow = {
    step: p.step,
    epoch: p.samples / c.n,
    samples: p.samples,
    learning_rate: c.learningRate,
    train_loss: trainLoss,
    test_loss: test?.loss ?? null,
    test_accuracy: test?.accuracy ?? null,
    elapsed_s: p.elapsed,
    gradient_s: p.gradientSeconds,
    compute_s: p.computeSeconds,
    full_train_loss: noise?.full_train_loss ?? null,
    gradient_norm: noise?.gradient_norm ?? null,
    minibatch_cosine: noise?.minibatch_cosine ?? null,
    minibatch_spread: noise?.minibatch_spread ?? null,
    validation_loss: validation?.loss ?? null,
    validation_accuracy: validation?.accuracy ?? null,
  };
  const evaluation = c.evaluate && later !== null ? evaluateElsewhere(s, p, row, later) : null;
  rows.add(row, c.total, evaluation);
  return row;
}

/** The evaluation of w at this row on another thread; its numbers go into the row and p as they arrive. */
function evaluateElsewhere(s: RowSetup, p: TrainProgress, row: MetricsRow, later: EvaluateLater): Promise<void> {
  const validation = s.dataset.validation;
  return later(s.w, validation ?? s.dataset.test).then(({ loss, accuracy }) => {
    if (validation) {
      row.validation_loss = loss;
      row.validation_accuracy = accuracy;
      p.lastValidation = { loss, accuracy };
    } else {
      row.test_loss = loss;
      row.test_accuracy = accuracy;
      p.lastTest = { loss, accuracy };
    }
  });
}
