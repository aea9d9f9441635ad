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
}

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
] as const satisfies readonly (keyof MetricsRow)[];

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
  /** last evaluated test metrics */
  lastTest: { loss: number; accuracy: number | null } | null;
  lastTrainLoss: number | null;
  /** the first step's loss: the yardstick for "exploded" */
  firstLoss: number | null;
}

export type TrainStatus = "completed" | "diverged" | "interrupted";

export interface TrainResult {
  status: TrainStatus;
  steps: number;
  epochs: number;
  samples: number;
  final: { train_loss: number | null; test_loss: number | null; test_accuracy: number | null };
  timing: { total_s: number; gradient_s: number; samples_per_s: number };
  /** set when status = diverged */
  divergence: { step: number; learningRate: number; loss: number; reason: string } | null;
}
