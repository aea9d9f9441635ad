/**
 * A saved model scored on a split: loss and accuracy from the Evaluator, and for classifiers
 * the confusion matrix M [C×C], rows = true class, columns = predicted class:
 *   M[t][p] = #{ n : y_n = t and argmax_o ŷ_no = p }   (first index on ties),  Σ M = N,
 *   accuracy = trace(M) / N.
 */
import type { Split } from "../data/dataset.js";
import type { Float } from "../core/types.js";
import type { Evaluator } from "./evaluate.js";
import { layerCount, width } from "./network-spec.js";

export interface ModelEvaluation {
  /** mean loss over the split (cross-entropy or mean squared error) */
  loss: number;
  /** fraction classified correctly; null for regression */
  accuracy: number | null;
  samples: number;
  /** [C×C] counts, rows = true class, columns = predicted; null for regression */
  confusion: number[][] | null;
}

/** predicted[n] = the index of the largest of out[n, 0…O−1], the first one on ties. out [N×O] */
export function argmaxRows(out: Float64Array, n: number, O: number, predicted: Int32Array): Int32Array {
  for (let b = 0; b < n; b++) {
    let best = 0;
    for (let o = 1; o < O; o++) if (out[b * O + o]! > out[b * O + best]!) best = o;
    predicted[b] = best;
  }
  return predicted;
}

/** M[t][p] counts the samples of true class t predicted as p. labels, predicted [N] in 0…C−1 */
export function confusionMatrix(labels: Int32Array, predicted: Int32Array, classes: number): number[][] {
  if (labels.length !== predicted.length)
    throw new RangeError(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let k = 0; k < labels.length; k++) {
    const t = labels[k]!,
      p = predicted[k]!;
    if (t < 0 || t >= classes || p < 0 || p >= classes)
      throw new RangeError(`confusionMatrix: class ${t} or ${p} is outside 0…${classes - 1}`);
    m[t]![p]!++;
  }
  return m;
}

/** Loss and accuracy by evaluator.evaluate, and the confusion matrix from evaluator.predict. */
export function evaluateModel(evaluator: Evaluator, w: Float, split: Split): ModelEvaluation {
  const { loss, accuracy, samples } = evaluator.evaluate(w, split);
  if (split.labels === null) return { loss, accuracy, samples, confusion: null };
  const O = width(evaluator.spec, layerCount(evaluator.spec));
  const out = new Float64Array(split.n * O);
  evaluator.predict(w, split.x, split.n, out);
  const predicted = argmaxRows(out, split.n, O, new Int32Array(split.n));
  return { loss, accuracy, samples, confusion: confusionMatrix(split.labels, predicted, O) };
}
