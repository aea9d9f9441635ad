/**
 * The gradient-noise probe a run hands the training loop (log.gradientNoise = K, log.fullTrainLoss):
 * at an evaluation, with the run's own GradientMethod (through its interface only: the run's instance
 * and batch of capacity B for the minibatches, and for the full gradient a second instance of
 * capacity EVAL_CHUNK when B is smaller, so that B = 1 does not take N calls),
 *   ∇C(w) = Σ_chunks (n_c/N)·∇C_chunk(w)       the full training-set gradient, chunks of ≤ C samples
 *   C(w)  = Σ_chunks (n_c/N)·C_chunk(w)        the full training-set loss (full_train_loss)
 *   g_k   = ∇C_{S_k}(w), k = 1…K              K fresh minibatches of B samples, drawn from
 *                                              Rng(seed, step) so a resumed run draws the same ones
 *   minibatch_cosine = mean_k g_k·∇C / (‖g_k‖‖∇C‖),  minibatch_spread = √(mean_k ‖g_k − ∇C‖²) / ‖∇C‖
 * With B = N every minibatch is the training set: cosine 1 and spread 0 exactly (not recomputed).
 * It costs about N + K·B samples' gradients per evaluation; with only fullTrainLoss, one evaluation
 * pass over the training set. The loop's w is read, never changed; its dw and batch are used as
 * scratch between steps (the next step refills both).
 */
import { Rng } from "../core/rng.js";
import type { Batch, Float } from "../core/types.js";
import type { GradientMethod } from "../grad/gradient-method.js";
import type { NoiseMeasurement } from "../train/state.js";

/** A gradient method with a batch buffer and a [p] gradient buffer of one capacity. */
export interface ProbeMethod {
  method: GradientMethod;
  batch: Batch;
  /** [p] scratch for one chunk's gradient */
  dw: Float;
  capacity: number;
}

export interface NoiseProbeParts {
  /** the run's method, batch (capacity B) and dw: the K minibatches */
  minibatch: ProbeMethod;
  /** the full gradient's chunks (the run's own when no larger instance exists) */
  full: ProbeMethod;
  fillBatch(batch: Batch, order: Int32Array, start: number, count: number): void;
  /** training-set size N and batch size B */
  n: number;
  batchSize: number;
  /** K fresh minibatches per measurement (0: only the loss) */
  minibatches: number;
  seed: number;
  /** the full training-set loss by an evaluation pass, when no gradient is needed */
  trainLoss(w: Float): number;
}

export function noiseProbe(parts: NoiseProbeParts): (w: Float, step: number) => NoiseMeasurement {
  const { n, batchSize: B, minibatches: K } = parts;
  const p = parts.minibatch.dw.length;
  const full = new Float64Array(p);
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  /** gradient of samples order[start … start+count) into by.dw; returns their mean loss */
  const chunk = (by: ProbeMethod, w: Float, order: Int32Array, start: number, count: number): number => {
    parts.fillBatch(by.batch, order, start, count);
    return by.method.compute(w, by.batch, by.dw);
  };
  const C = parts.full.capacity;
  return (w, step) => {
    if (K === 0)
      return {
        full_train_loss: parts.trainLoss(w),
        gradient_norm: null,
        minibatch_cosine: null,
        minibatch_spread: null,
      };
    full.fill(0);
    let loss = 0;
    for (let start = 0; start < n; start += C) {
      const count = Math.min(C, n - start);
      loss += (count / n) * chunk(parts.full, w, identity, start, count);
      const dw = parts.full.dw;
      for (let j = 0; j < p; j++) full[j]! += (count / n) * dw[j]!;
    }
    const norm = Math.sqrt(dot(full, full));
    if (B >= n) return { full_train_loss: loss, gradient_norm: norm, minibatch_cosine: 1, minibatch_spread: 0 };
    const rng = Rng.fromSeed(parts.seed * 7_919 + step);
    let order = rng.permutation(n);
    let at = 0;
    let cosines = 0,
      squares = 0;
    for (let k = 0; k < K; k++) {
      if (at + B > n) [order, at] = [rng.permutation(n), 0];
      chunk(parts.minibatch, w, order, at, B);
      at += B;
      const dw = parts.minibatch.dw;
      let gg = 0,
        gf = 0,
        diff = 0;
      for (let j = 0; j < p; j++) {
        const g = dw[j]!;
        gg += g * g;
        gf += g * full[j]!;
        diff += (g - full[j]!) ** 2;
      }
      cosines += gg > 0 && norm > 0 ? gf / (Math.sqrt(gg) * norm) : 0;
      squares += diff;
    }
    return {
      full_train_loss: loss,
      gradient_norm: norm,
      minibatch_cosine: cosines / K,
      minibatch_spread: norm > 0 ? Math.sqrt(squares / K) / norm : null,
    };
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
