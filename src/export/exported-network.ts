/**
 * A saved network as the exporters see it: per layer l = 1 … L the weights W^l [O×I] row-major
 * and bias b^l [O] (float64 copies, exact for float32 models), its activation, and what the
 * model file says about its inputs and outputs. Every exported model maps RAW inputs x to
 *   a^0 = (x − offset) / scale   (the stored normalization; identity for "none")
 *   a^l = σ_l(W^l a^{l−1} + b^l),  σ_L = softmax for a classifier, identity or sigmoid for a regressor.
 * Formats that are only a stack of layers fold the normalization into layer 1 (foldedLayers):
 *   W'_ji = W_ji / scale_i,  b'_j = b_j − Σ_i W'_ji · offset_i,   so W'x + b' = W((x − o)/s) + b.
 */
import type { Normalization, Task } from "../data/dataset.js";
import type { LoadedModel } from "../model/model-json.js";
import { layerViews, layoutOf, weightIndex } from "../model/layout.js";
import { layerActivation, type Activation, type NetworkSpec, type Precision } from "../model/network-spec.js";

export interface ExportLayer {
  inputs: number;
  outputs: number;
  /** σ_l; on the output layer "linear" or "sigmoid" (model.outputActivation; a softmax is `ExportNetwork.softmax`) */
  activation: Activation;
  /** [O×I] row-major: weights[j·I + i] = W_ji */
  weights: Float64Array;
  /** [O] */
  bias: Float64Array;
}

export interface ExportNetwork {
  spec: NetworkSpec;
  precision: Precision;
  task: Task;
  layers: ExportLayer[];
  /** a softmax after the last layer (cross-entropy models): outputs are class probabilities */
  softmax: boolean;
  /** null when the inputs are used as they are */
  normalization: { offset: number[]; scale: number[] } | null;
  /** class names in output order (classifiers), else null */
  classNames: string[] | null;
}

export function exportNetwork(
  model: LoadedModel,
  info: { task: Task; normalization: Normalization | null; classNames: string[] | null },
): ExportNetwork {
  const { spec, w } = model;
  const layers = layerViews(layoutOf(spec), w).map((view, index): ExportLayer => {
    const weights = new Float64Array(view.outputs * view.inputs);
    for (let j = 0; j < view.outputs; j++)
      for (let i = 0; i < view.inputs; i++) weights[j * view.inputs + i] = view.weights[weightIndex(view, j, i)]!;
    return {
      inputs: view.inputs,
      outputs: view.outputs,
      activation: layerActivation(spec, index + 1),
      weights,
      bias: Float64Array.from(view.bias),
    };
  });
  const n = info.normalization;
  return {
    spec,
    precision: spec.precision,
    task: info.task,
    layers,
    softmax: spec.loss === "cross-entropy",
    normalization: n !== null && n.kind !== "none" && n.offset && n.scale ? { offset: n.offset, scale: n.scale } : null,
    classNames: info.classNames,
  };
}

/** The layers with the normalization folded into layer 1 (the layers themselves when there is none). */
export function foldedLayers(net: ExportNetwork): ExportLayer[] {
  const norm = net.normalization;
  if (norm === null) return net.layers;
  const [first, ...rest] = net.layers;
  const { inputs: I, outputs: O } = first!;
  const weights = new Float64Array(O * I),
    bias = Float64Array.from(first!.bias);
  for (let j = 0; j < O; j++) {
    let shift = 0;
    for (let i = 0; i < I; i++) {
      const wji = first!.weights[j * I + i]! / norm.scale[i]!;
      weights[j * I + i] = wji;
      shift += wji * norm.offset[i]!;
    }
    bias[j] = bias[j]! - shift;
  }
  return [{ ...first!, weights, bias }, ...rest];
}

/** The values as IEEE 754 little-endian bytes of `precision` (float32: each value rounded to float32). */
export function littleEndian(values: ArrayLike<number>, precision: Precision): Uint8Array {
  const size = precision === "float32" ? 4 : 8;
  const out = new Uint8Array(values.length * size),
    view = new DataView(out.buffer);
  for (let k = 0; k < values.length; k++) {
    if (size === 4) view.setFloat32(k * 4, values[k]!, true);
    else view.setFloat64(k * 8, values[k]!, true);
  }
  return out;
}
