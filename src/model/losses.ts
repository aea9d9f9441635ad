/**
 * The two costs, each forward above its backward; out [B×O] is the last layer's output.
 *   mse            C = 1/B Σ_b Σ_o (ŷ_bo − y_bo)²        ∂C/∂ŷ_bo = 2(ŷ_bo − y_bo)/B
 *     (the tutorial's Equation 5, docs/background.md: summed over outputs, averaged over samples. PyTorch's MSELoss
 *      also divides by O; ours is O times larger for O > 1.)
 *   cross-entropy  C = 1/B Σ_b (log Σ_o e^{z_bo} − z_{b,y_b})   ∂C/∂z_bo = (softmax(z_b)_o − [o = y_b])/B
 *     (softmax fused into the loss, computed with the row max subtracted: finite at logits ±1000)
 */
import { DataError } from "../core/errors.js";
import type { Batch, Float } from "../core/types.js";
import type { LossName } from "./network-spec.js";

export interface LossFunction {
  readonly name: LossName;
  /** C(out; batch), averaged over the batch's `size` samples. out [B×O] */
  forward(out: Float, batch: Batch, O: number): number;
  /** dOut [B×O] = ∂C/∂out */
  backward(out: Float, batch: Batch, O: number, dOut: Float): void;
  /** forward and backward in one pass (the same numbers as calling both): returns C, writes dOut */
  forwardBackward(out: Float, batch: Batch, O: number, dOut: Float): number;
}

export const mseLoss: LossFunction = {
  name: "mse",
  forward(out, batch, O) {
    const n = batch.size * O,
      y = batch.targets;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const e = out[k]! - y[k]!;
      sum += e * e;
    }
    return sum / batch.size;
  },
  backward(out, batch, O, dOut) {
    const n = batch.size * O,
      y = batch.targets,
      scale = 2 / batch.size;
    for (let k = 0; k < n; k++) dOut[k] = scale * (out[k]! - y[k]!);
  },
  forwardBackward(out, batch, O, dOut) {
    const loss = mseLoss.forward(out, batch, O);
    mseLoss.backward(out, batch, O, dOut);
    return loss;
  },
};

export const crossEntropyLoss: LossFunction = {
  name: "cross-entropy",
  forward(out, batch, O) {
    let sum = 0;
    for (let b = 0; b < batch.size; b++) {
      const row = b * O,
        label = checkedLabel(batch, b, O);
      const max = rowMax(out, row, O);
      let s = 0;
      for (let o = 0; o < O; o++) s += Math.exp(out[row + o]! - max);
      sum += Math.log(s) - (out[row + label]! - max);
    }
    return sum / batch.size;
  },
  backward(out, batch, O, dOut) {
    softmaxRows(out, batch.size, O, dOut);
    const scale = 1 / batch.size;
    for (let b = 0; b < batch.size; b++) {
      const row = b * O;
      dOut[row + batch.labels[b]!] = dOut[row + batch.labels[b]!]! - 1;
      for (let o = 0; o < O; o++) dOut[row + o] = scale * dOut[row + o]!;
    }
  },
  // one e^{z − max} per logit instead of two (the loss's and the softmax's): same operations, same order
  forwardBackward(out, batch, O, dOut) {
    const scale = 1 / batch.size;
    let sum = 0;
    for (let b = 0; b < batch.size; b++) {
      const row = b * O,
        label = checkedLabel(batch, b, O),
        max = rowMax(out, row, O);
      let s = 0;
      for (let o = 0; o < O; o++) {
        const e = Math.exp(out[row + o]! - max);
        dOut[row + o] = e;
        s += e;
      }
      sum += Math.log(s) - (out[row + label]! - max);
      for (let o = 0; o < O; o++) dOut[row + o] = dOut[row + o]! / s;
      dOut[row + label] = dOut[row + label]! - 1;
      for (let o = 0; o < O; o++) dOut[row + o] = scale * dOut[row + o]!;
    }
    return sum / batch.size;
  },
};

export function lossFunction(name: LossName): LossFunction {
  return name === "mse" ? mseLoss : crossEntropyLoss;
}

/** probs[b,:] = softmax(z[b,:]) = e^{z − max} / Σ e^{z − max}, for B rows of O; probs may be z. */
export function softmaxRows(z: Float, B: number, O: number, probs: Float): void {
  for (let b = 0; b < B; b++) {
    const row = b * O,
      max = rowMax(z, row, O);
    let s = 0;
    for (let o = 0; o < O; o++) {
      const e = Math.exp(z[row + o]! - max);
      probs[row + o] = e;
      s += e;
    }
    for (let o = 0; o < O; o++) probs[row + o] = probs[row + o]! / s;
  }
}

function rowMax(z: Float, row: number, O: number): number {
  let max = z[row]!;
  for (let o = 1; o < O; o++) if (z[row + o]! > max) max = z[row + o]!;
  return max;
}

function checkedLabel(batch: Batch, b: number, O: number): number {
  const label = batch.labels[b]!;
  if (!(label >= 0 && label < O))
    throw new DataError(`label ${label} of batch row ${b} is outside the classes 0..${O - 1}`);
  return label;
}
