/**
 * What defines an MLP: layer sizes n_0 = I, n_1 … n_{L−1} = H…, n_L = O, one hidden activation,
 * the loss and the number precision. Layer l (1…L) computes a^l = σ_l(W^l a^{l−1} + b^l) with
 * W^l [n_l × n_{l−1}]. The output layer's σ_L: cross-entropy puts a softmax on the output, fused
 * into the loss (so layer L is linear); mse uses `outputActivation`, linear (the identity) or sigmoid.
 */
import type { Activation, LossName, OutputActivation, Precision } from "../config/train-schema.js";

export type { Activation, LossName, OutputActivation, Precision };

export interface NetworkSpec {
  /** [I, H1, …, O]: at least two entries, all positive integers */
  readonly sizes: readonly number[];
  /** σ of every hidden layer */
  readonly activation: Activation;
  /** σ_L of the output layer (absent: linear); only an mse network may have a sigmoid one */
  readonly outputActivation?: OutputActivation;
  readonly loss: LossName;
  readonly precision: Precision;
}

/** L, the number of weight layers. */
export function layerCount(spec: NetworkSpec): number {
  return spec.sizes.length - 1;
}

/** n_l for l = 0 … L. */
export function width(spec: NetworkSpec, l: number): number {
  const n = spec.sizes[l];
  if (n === undefined) throw new RangeError(`layer ${l} does not exist (sizes ${spec.sizes.join("-")})`);
  return n;
}

/** σ_l of layer l = 1 … L: the hidden activation, and the output activation (default linear) on layer L. */
export function layerActivation(spec: NetworkSpec, l: number): Activation {
  return l === layerCount(spec) ? outputActivation(spec) : spec.activation;
}

/** σ_L: the spec's output activation, linear when it names none. */
export function outputActivation(spec: NetworkSpec): OutputActivation {
  return spec.outputActivation ?? "linear";
}

/** [σ_1, …, σ_L]: what each layer's dense operation applies. */
export function layerActivations(spec: NetworkSpec): Activation[] {
  return Array.from({ length: layerCount(spec) }, (_, l) => layerActivation(spec, l + 1));
}

/** Throws RangeError (a caller's bug) when the sizes cannot describe a network. */
export function checkSpec(spec: NetworkSpec): NetworkSpec {
  if (spec.sizes.length < 2)
    throw new RangeError(`a network needs at least input and output sizes, got [${spec.sizes.join(", ")}]`);
  for (const n of spec.sizes) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`layer sizes must be positive integers, got [${spec.sizes.join(", ")}]`);
  }
  if (spec.loss === "cross-entropy" && outputActivation(spec) !== "linear")
    throw new RangeError(`cross-entropy needs a linear output layer, got ${outputActivation(spec)}`);
  if (spec.loss === "cross-entropy" && spec.sizes[spec.sizes.length - 1]! < 2) {
    throw new RangeError("cross-entropy needs at least 2 output classes");
  }
  return spec;
}

/** "784-128-10 relu cross-entropy float32", "784-30-10 sigmoid (sigmoid output) mse float32", for logs. */
export function describeSpec(spec: NetworkSpec): string {
  const output = outputActivation(spec) === "linear" ? "" : ` (${outputActivation(spec)} output)`;
  return `${spec.sizes.join("-")} ${spec.activation}${output} ${spec.loss} ${spec.precision}`;
}
