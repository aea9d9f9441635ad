/**
 * What training is at any step, and what a checkpoint must hold so that a resumed run continues
 * exactly as an uninterrupted one would: parameters, optimizer state, the generator state at the
 * start of the current epoch (the epoch's shuffle is replayed from it), the position in the
 * epoch, and the running sums of the current log interval.
 */
import type { RngState } from "../core/rng.js";

export interface MetricsRow {
  step: number;
  /** samples seen / training-set size */
  epoch: number;
  samples: number;
  learning_rate: number;
  /** mean minibatch loss over the steps since the previous row */
  train_loss: number | null;
  test_loss: number | null;
  /** classification only */
  test_accuracy: number | null;
  elapsed_s: number;
  gradient_s: number;
  /** seconds in gradient + update only (no evaluations, measurements or file writes), cumulative;
   *  null in runs recorded before the column existed */
  compute_s: number | null;
  /** loss over the whole training set (log.fullTrainLoss or log.gradientNoise), at evaluations */
  full_train_loss: number | null;
  /** log.gradientNoise: ‖∇C‖ of the whole training set, at evaluations */
  gradient_norm: number | null;
  /** mean over K fresh minibatches of cos(g_B, ∇C) */
  minibatch_cosine: number | null;
  /** √(mean_k ‖g_B − ∇C‖²) / ‖∇C‖ */
  minibatch_spread: number | null;
  /** on the validation split (data.validation), at evaluations; the test columns are then empty */
  validation_loss: number | null;
  validation_accuracy: number | null;
}

/** What the gradient-noise probe measures at an evaluation (see src/run/gradient-noise.ts). */
export type NoiseMeasurement = Pick<
  MetricsRow,
  "full_train_loss" | "gradient_norm" | "minibatch_cosine" | "minibatch_spread"
>;

export const METRIC_COLUMNS = [
  "step",
  "epoch",
  "samples",
  "learning_rate",
  "train_loss",
  "test_loss",
  "test_accuracy",
  "elapsed_s",
  "gradient_s",
  "compute_s",
  "full_train_loss",
  "gradient_norm",
  "minibatch_cosine",
  "minibatch_spread",
  "validation_loss",
  "validation_accuracy",
] as const satisfies readonly (keyof MetricsRow)[];

/** The columns that depend on the machine's speed: everything else repeats exactly for a config and seed. */
export const TIME_COLUMNS = ["elapsed_s", "gradient_s", "compute_s"] as const satisfies readonly (keyof MetricsRow)[];

export interface TrainProgress {
  /** steps taken so far */
  step: number;
  /** completed epochs */
  epoch: number;
  /** next batch within the current epoch */
  batchInEpoch: number;
  samples: number;
  /** generator state before the current epoch's shuffle */
  epochRng: RngState;
  /** running sums of the current log interval */
  intervalLoss: number;
  intervalSteps: number;
  /** seconds, carried over a resume */
  elapsed: number;
  gradientSeconds: number;
  /** gradient + update seconds (absent from checkpoints written before it existed: 0) */
  computeSeconds: number;
  /** last evaluated test metrics */
  lastTest: { loss: number; accuracy: number | null } | null;
  /** last gradient-noise measurement */
  lastNoise?: NoiseMeasurement | null;
  lastTrainLoss: number | null;
  /** the first step's loss: the yardstick for "exploded" */
  firstLoss: number | null;
  /** last evaluated validation metrics */
  lastValidation?: { loss: number; accuracy: number | null } | null;
  /** early stopping / best-weights state (early-stopping.ts), when a metric is watched */
  monitor?: MonitorState | null;
  /** C(w₀) on the whole training split, before the first step (the health verdict's yardstick) */
  initialLoss?: number | null;
  /** the exponential moving average of minibatch losses, not bias-corrected (health.ts) */
  lossAverage?: number;
}

/** Early stopping's state (early-stopping.ts): plain numbers, so a checkpoint keeps them exactly. */
export interface MonitorState {
  /** the best value seen, at step bestStep (null before the first evaluation) */
  best: number | null;
  bestStep: number | null;
  /** evaluations since the last improvement */
  wait: number;
}

export type TrainStatus = "completed" | "diverged" | "interrupted" | "stopped-early";

export interface SplitMetrics {
  loss: number | null;
  accuracy: number | null;
}

export interface TrainResult {
  status: TrainStatus;
  steps: number;
  epochs: number;
  samples: number;
  /** with a watched metric: test (and validation) numbers of the best weights, model.json's */
  final: {
    train_loss: number | null;
    test_loss: number | null;
    test_accuracy: number | null;
    validation_loss?: number | null;
    validation_accuracy?: number | null;
  } & Partial<NoiseMeasurement>;
  timing: { total_s: number; gradient_s: number; compute_s: number; samples_per_s: number };
  /** set when status = diverged */
  divergence: { step: number; learningRate: number; loss: number; reason: string } | null;
  /** the best evaluation of the watched metric (null when none is watched or none was evaluated) */
  best: { step: number; monitor: string; value: number } | null;
  /** the training loss at the start (whole split) and at the end (smoothed minibatch losses) */
  trend: { initial: number | null; smoothed: number | null };
}
