/**
 * The training loop. Three labelled steps per update, and nothing else:
 *   forward+backward  loss = method.compute(w, batch, dw)     (any GradientMethod)
 *   update            w ← w − γ_n · d(dw)                      (the optimizer)
 *   record            metrics rows, evaluations, checkpoints  (as events; no I/O here)
 * Parameter snapshots (w and the last gradient dw, for histograms) go out as events too: once at
 * step 0 (w₀ and ∇C at w₀, before the first update) and after every evaluation.
 * compute_s times the first two of those steps (gradient + update); an injected `measureNoise`
 * (composed in src/run) adds the gradient-noise columns at evaluations. Evaluations use the
 * validation split when there is one (evaluation-step.ts).
 * Seeded shuffle each epoch; stops at `epochs`, `maxSteps`, shouldStop(), early stopping
 * (early-stopping.ts: the watched metric stopped improving; its best weights are kept in bestW),
 * or divergence: a non-finite loss or parameter, or a minibatch loss above EXPLODED_FACTOR × the
 * first step's loss (a ReLU network blown up by a huge γ often "recovers" to a dead, finite,
 * useless state).
 */
import type { Dataset } from "../data/dataset.js";
import type { GradientMethod } from "../grad/gradient-method.js";
import type { Batch, Float } from "../core/types.js";
import type { Optimizer, OptimizerState } from "../optim/optimizer.js";
import type { Schedule } from "../optim/schedule.js";
import { allFinite } from "../core/finite.js";
import { Rng } from "../core/rng.js";
import { initialMonitorState, observe } from "./early-stopping.js";
import { finalMetrics, type Evaluating } from "./evaluation-step.js";
import { LOSS_SMOOTHING, smoothedLoss } from "./health.js";
import { emitRow, type EvaluateLater } from "./metrics-row.js";
import { PendingRows } from "./pending-rows.js";
import type { MetricsRow, NoiseMeasurement, TrainProgress, TrainResult } from "./state.js";

export type TrainEvent =
  | { type: "row"; row: MetricsRow; totalSteps: number }
  /** a consistent point to save: w, optimizer state, best weights and progress are exactly those of `progress.step` */
  | { type: "checkpoint"; progress: TrainProgress; w: Float; optimizerState: OptimizerState; best: Float | null }
  /** w after `step` updates and dw, the gradient the last update used (at step 0: ∇C(w₀), not yet applied);
   *  both are the live buffers, valid only during the call */
  | { type: "parameters"; step: number; w: Float; dw: Float };

export interface TrainSetup extends Evaluating {
  dataset: Dataset;
  method: GradientMethod;
  optimizer: Optimizer;
  optimizerState: OptimizerState;
  schedule: Schedule;
  /** the caller evaluates C(w₀) on the training split itself, after the run (trend.initial is then null) */
  initialLossLater?: boolean;
  /** evaluations on another thread (rows wait for their numbers; not used with early stopping); absent: here */
  evaluateLater?: EvaluateLater | null;
  /** at evaluations: the full training-set loss and gradient noise of w (never updates w); null: not measured */
  measureNoise?: ((w: Float, step: number) => NoiseMeasurement) | null;
  /** [p] parameters, updated in place */
  w: Float;
  /** [p] gradient buffer */
  dw: Float;
  /** buffers of capacity `batchSize` */
  batch: Batch;
  /** whether every parameter is finite (the check at each log row): the engine's scan; absent, a plain one */
  allFinite?: (w: Float) => boolean;
  /** batch ← training samples order[start … start+count) */
  fillBatch(batch: Batch, order: Int32Array, start: number, count: number): void;
  batchSize: number;
  epochs: number;
  maxSteps: number | null;
  logEvery: number;
  evalEvery: number;
  /** checkpoint at an evaluation once this many seconds passed since the last (absent: every one; always at the end) */
  checkpointSeconds?: number;
  /** where a fresh run starts, or a checkpoint's progress when resuming */
  progress: TrainProgress;
  /** seconds from an arbitrary origin (injected, so tests need no real time) */
  clock(): number;
  /** asked after every step; true stops the run as `interrupted` */
  shouldStop(): boolean;
  /** lets the event loop run (signals, output); called every `yieldEvery` seconds of clock time */
  yieldControl(): Promise<void>;
  onEvent(event: TrainEvent): void;
}

/** A loss this many times the first step's loss counts as diverged. */
export const EXPLODED_FACTOR = 1e4;

export function stepsPerEpoch(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}

export function totalSteps(n: number, batchSize: number, epochs: number, maxSteps: number | null): number {
  const all = epochs * stepsPerEpoch(n, batchSize);
  return maxSteps === null ? all : Math.min(all, maxSteps);
}

/** A fresh run's starting progress. `rng` is the shuffle stream. */
export function initialProgress(rng: Rng): TrainProgress {
  return {
    step: 0,
    epoch: 0,
    batchInEpoch: 0,
    samples: 0,
    epochRng: rng.state(),
    intervalLoss: 0,
    intervalSteps: 0,
    elapsed: 0,
    gradientSeconds: 0,
    computeSeconds: 0,
    lastTest: null,
    lastTrainLoss: null,
    firstLoss: null,
    lastValidation: null,
    monitor: null,
    initialLoss: null,
    lossAverage: 0,
  };
}

export async function train(s: TrainSetup): Promise<TrainResult> {
  const n = s.dataset.train.n;
  const perEpoch = stepsPerEpoch(n, s.batchSize);
  const total = totalSteps(n, s.batchSize, s.epochs, s.maxSteps);
  const p = startingProgress(s);
  const started = s.clock() - p.elapsed;
  let [lastYield, lastCheckpoint] = [s.clock(), s.clock()];
  let divergence: TrainResult["divergence"] = null;
  let status: TrainResult["status"] = "completed";

  // the epoch's order is replayed from the generator state saved at its start
  const shuffle = Rng.fromState(p.epochRng);
  let order = shuffle.permutation(n);
  const later = s.monitor ? null : (s.evaluateLater ?? null); // not with early stopping: it needs each at once
  const rows = new PendingRows((row, totalSteps) => s.onEvent({ type: "row", row, totalSteps }));

  while (p.step < total) {
    const start = p.batchInEpoch * s.batchSize;
    const count = Math.min(s.batchSize, n - start);
    s.fillBatch(s.batch, order, start, count);
    const learningRate = s.schedule(p.step);

    // forward + backward: whichever method the config chose
    const t0 = s.clock();
    const loss = s.method.compute(s.w, s.batch, s.dw);
    p.gradientSeconds += s.clock() - t0;
    divergence = lossDivergence(p, loss, learningRate);
    if (divergence !== null) break;
    if (p.step === 0) s.onEvent({ type: "parameters", step: 0, w: s.w, dw: s.dw });

    // update
    s.optimizer.update(s.w, s.dw, learningRate, s.optimizerState);
    p.computeSeconds += s.clock() - t0;

    // record
    const epochDone = advance(p, count, loss, perEpoch);
    if (epochDone) {
      p.epochRng = shuffle.state();
      order = shuffle.permutation(n);
    }
    const last = p.step === total;
    const evalDue = p.step % s.evalEvery === 0 || epochDone || last;
    if (evalDue || p.step % s.logEvery === 0) {
      if (!(s.allFinite ?? allFinite)(s.w)) {
        divergence = { step: p.step, learningRate, loss: Number.NaN, reason: "a parameter is not finite" };
        break;
      }
      p.elapsed = s.clock() - started;
      const row = emitRow(s, p, { learningRate, evaluate: evalDue, total, n }, rows, later);
      if (evalDue && s.monitor && observeRow(s, p, row) === "stop" && !last) status = "stopped-early";
    }
    if (evalDue) {
      if (!last && status !== "stopped-early" && s.clock() - lastCheckpoint >= (s.checkpointSeconds ?? 0)) {
        await rows.flush(); // the checkpoint's progress holds the last evaluation's numbers
        lastCheckpoint = checkpoint(s, p);
      }
      s.onEvent({ type: "parameters", step: p.step, w: s.w, dw: s.dw });
    }
    if (status === "stopped-early") break;
    if (s.clock() - lastYield > 0.05) {
      await s.yieldControl();
      rows.emitReady();
      lastYield = s.clock();
    }
    if (s.shouldStop() && !last) {
      status = "interrupted";
      break;
    }
  }

  await rows.flush();
  if (divergence !== null) status = "diverged";
  p.elapsed = s.clock() - started;
  // completed, stopped early or interrupted: the last checkpoint, once the run's clock has stopped
  if (status !== "diverged") s.onEvent(checkpointEvent(s, p));
  const { final, best } = finalMetrics(s, s.w, p, status);
  return { ...resultOf(p, status, divergence, n), final: { ...final, ...(p.lastNoise ?? {}) }, best };
}

/** The loop's own copy of the progress it starts from; a fresh run's C(w₀) unless the caller takes it. */
function startingProgress(s: TrainSetup): TrainProgress {
  const p: TrainProgress = { ...s.progress, computeSeconds: s.progress.computeSeconds ?? 0 };
  if (s.monitor && !p.monitor) p.monitor = initialMonitorState();
  if (p.step === 0 && p.initialLoss == null && !s.initialLossLater)
    p.initialLoss = s.evaluate(s.w, s.dataset.train).loss;
  return p;
}

function checkpoint(s: TrainSetup, p: TrainProgress): number /* the clock time it was sent at */ {
  s.onEvent(checkpointEvent(s, p));
  return s.clock();
}

function checkpointEvent(s: TrainSetup, p: TrainProgress): TrainEvent {
  const monitor = p.monitor ? { ...p.monitor } : null;
  return {
    type: "checkpoint",
    progress: { ...p, monitor },
    w: s.w,
    optimizerState: s.optimizerState,
    best: s.bestW ?? null,
  };
}

/** Early stopping's look at an evaluation row; an improvement copies w into the best weights. */
function observeRow(s: TrainSetup, p: TrainProgress, row: MetricsRow): ReturnType<typeof observe> {
  const verdict = observe(s.monitor!, p.monitor!, row);
  if (verdict === "improved") s.bestW!.set(s.w);
  return verdict;
}

/** A non-finite loss, or one EXPLODED_FACTOR × the first step's: the divergence (else null). */
function lossDivergence(p: TrainProgress, loss: number, learningRate: number): TrainResult["divergence"] {
  if (p.firstLoss === null) p.firstLoss = loss;
  const exploded = Math.abs(loss) > EXPLODED_FACTOR * Math.max(Math.abs(p.firstLoss), 1e-12);
  if (Number.isFinite(loss) && !exploded) return null;
  const reason =
    exploded && Number.isFinite(loss)
      ? `loss ${loss.toPrecision(4)} is over ${EXPLODED_FACTOR} × the first step's ${p.firstLoss.toPrecision(4)}`
      : `loss is ${loss}`;
  return { step: p.step + 1, learningRate, loss, reason };
}

/** Counts a finished step of `count` samples; true when it ended an epoch. */
function advance(p: TrainProgress, count: number, loss: number, perEpoch: number): boolean {
  p.step++;
  p.samples += count;
  p.intervalLoss += loss;
  p.intervalSteps++;
  p.batchInEpoch++;
  p.lossAverage = LOSS_SMOOTHING * (p.lossAverage ?? 0) + (1 - LOSS_SMOOTHING) * loss;
  if (p.batchInEpoch < perEpoch) return false;
  p.epoch++;
  p.batchInEpoch = 0;
  return true;
}

function resultOf(
  p: TrainProgress,
  status: TrainResult["status"],
  divergence: TrainResult["divergence"],
  n: number,
): Omit<TrainResult, "final" | "best"> {
  return {
    status,
    steps: p.step,
    epochs: p.samples / n,
    samples: p.samples,
    trend: { initial: p.initialLoss ?? null, smoothed: smoothedLoss(p.lossAverage ?? 0, p.step) },
    timing: {
      total_s: p.elapsed,
      gradient_s: p.gradientSeconds,
      compute_s: p.computeSeconds,
      samples_per_s: p.elapsed > 0 ? p.samples / p.elapsed : 0,
    },
    divergence,
  };
}
