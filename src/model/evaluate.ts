/**
 * Loss and accuracy of a network on a whole split, in chunks of the workspace's capacity:
 *   loss = 1/N Σ_chunks size·C(chunk),   accuracy = 1/N Σ_n [argmax_o ŷ_no = y_n]  (when labelled)
 * and predictions ŷ [N×O] (softmax probabilities for cross-entropy, raw outputs for mse).
 * An Evaluator owns its workspace and batch buffers; each call allocates nothing else.
 */
import type { Split } from "../data/dataset.js";
import type { Batch, Float } from "../core/types.js";
import type { Engine } from "../engine/engine.js";
import { typescriptEngine } from "../engine/typescript/typescript-engine.js";
import { batchSource, createBatch, fillBatch, heapBatchSource, type BatchSource } from "./batch.js";
import { softmaxRows } from "./losses.js";
import { createWorkspace, mlpForward, type Workspace } from "./mlp.js";
import { layerCount, width, type NetworkSpec } from "./network-spec.js";

export interface Evaluation {
  /** mean loss over the split's samples */
  loss: number;
  /** fraction of labels equal to the argmax output, or null without labels */
  accuracy: number | null;
  samples: number;
}

export class Evaluator {
  private readonly ws: Workspace;
  private readonly batch: Batch;
  /** each split's features in the network's precision, converted the first time it is evaluated */
  private readonly sources = new WeakMap<Split, BatchSource>();

  /**
   * `resident`: copy each split's features into the engine's memory (engine.features, as training's
   * are) the first time it is evaluated, for splits evaluated again and again (a run's test and
   * validation splits); the engine must have room for them. Otherwise they stay in ordinary arrays.
   */
  constructor(
    readonly spec: NetworkSpec,
    readonly chunkSize = 256,
    private readonly engine: Engine = typescriptEngine,
    private readonly resident = false,
  ) {
    this.ws = createWorkspace(spec, chunkSize, engine);
    // mlpForward reads a filled batch's x only through the layers (a sparse first layer asks for it with
    // prepared.fillX when it falls back to the dense path): the engine may leave it unwritten (Batch.xOnDemand)
    this.batch = { ...createBatch(spec, chunkSize, engine.allocator), xOnDemand: true };
  }

  /** Evaluate `split` from `source` (the same split's features already in the engine, e.g. training's). */
  use(split: Split, source: BatchSource): void {
    this.sources.set(split, source);
  }

  /** The split's features as this evaluator reads them, converted (and kept) the first time. */
  private sourceOf(split: Split): BatchSource {
    let source = this.sources.get(split);
    if (source === undefined) {
      source = this.resident ? batchSource(split, this.spec, this.engine) : heapBatchSource(split, this.spec);
      this.sources.set(split, source);
    }
    return source;
  }

  /** With `classes` [N], also what classes() gives, from the same pass. */
  evaluate(w: Float, split: Split, classes?: Int32Array): Evaluation {
    const O = width(this.spec, layerCount(this.spec));
    const source = this.sourceOf(split);
    let lossSum = 0,
      correct = 0;
    for (let start = 0; start < split.n; start += this.chunkSize) {
      const count = Math.min(this.chunkSize, split.n - start);
      fillBatch(this.batch, source, this.spec, null, start, count);
      const out = mlpForward(this.ws, w, this.batch);
      lossSum += count * this.ws.loss.forward(out, this.batch, O);
      if (split.labels !== null) correct += countCorrect(out, this.batch.labels, count, O);
      if (classes !== undefined) this.chunkClasses(out, count, O, classes, start);
    }
    const n = split.n;
    return {
      loss: n > 0 ? lossSum / n : NaN,
      accuracy: split.labels !== null && n > 0 ? correct / n : null,
      samples: n,
    };
  }

  /**
   * predicted [N] ← argmax_o ŷ_no (first on ties) of every sample of `split`, read as evaluate reads it:
   * the classes predict() gives (ŷ as softmax probabilities for cross-entropy), without copying the features again.
   */
  classes(w: Float, split: Split, predicted = new Int32Array(split.n)): Int32Array {
    const O = width(this.spec, layerCount(this.spec));
    const source = this.sourceOf(split);
    for (let start = 0; start < split.n; start += this.chunkSize) {
      const count = Math.min(this.chunkSize, split.n - start);
      fillBatch(this.batch, source, this.spec, null, start, count);
      this.chunkClasses(mlpForward(this.ws, w, this.batch), count, O, predicted, start);
    }
    return predicted;
  }

  /** predicted[start + b] ← argmax of chunk row b's ŷ (softmax for cross-entropy, in place in y [count×O]) */
  private chunkClasses(y: Float, count: number, O: number, predicted: Int32Array, start: number): void {
    if (this.spec.loss === "cross-entropy") softmaxRows(y, count, O, y);
    for (let b = 0; b < count; b++) predicted[start + b] = rowArgmax(y, b, O);
  }

  /** out [N×O] ← the model's outputs for x [N×I] (probabilities for cross-entropy); with `hidden`
   *  [N×n_1], also the first hidden layer's activations a¹ (a network with at least one hidden layer). */
  predict(w: Float, x: Float, n: number, out: Float64Array, hidden?: Float64Array): void {
    const I = width(this.spec, 0),
      O = width(this.spec, layerCount(this.spec)),
      H = width(this.spec, 1);
    if (hidden !== undefined && layerCount(this.spec) < 2)
      throw new RangeError("predict: the network has no hidden layer");
    for (let start = 0; start < n; start += this.chunkSize) {
      const count = Math.min(this.chunkSize, n - start);
      for (let k = 0; k < count * I; k++) this.batch.x[k] = x[start * I + k]!;
      this.batch.size = count;
      this.batch.prepared = null;
      const y = mlpForward(this.ws, w, this.batch);
      if (this.spec.loss === "cross-entropy") softmaxRows(y, count, O, y);
      for (let k = 0; k < count * O; k++) out[start * O + k] = y[k]!;
      if (hidden !== undefined) for (let k = 0; k < count * H; k++) hidden[start * H + k] = this.ws.acts[1]![k]!;
    }
  }
}

/** Rows b < B whose largest output (first on ties) is at labels[b]. out [B×O] */
export function countCorrect(out: Float, labels: Int32Array, B: number, O: number): number {
  let correct = 0;
  for (let b = 0; b < B; b++) if (rowArgmax(out, b, O) === labels[b]) correct++;
  return correct;
}

/** The index of row b's largest output, the first on ties. out [B×O] */
export function rowArgmax(out: Float, b: number, O: number): number {
  let best = 0;
  for (let o = 1; o < O; o++) if (out[b * O + o]! > out[b * O + best]!) best = o;
  return best;
}
