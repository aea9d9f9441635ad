/**
 * The portable model file, as pure conversions to and from a JSON value:
 *   { format: "sgd-mlp", version: 1, loss, precision, …extras, layers: [{ inputs, outputs,
 *     activation, weights (outputs × inputs nested arrays, row-major), bias }] }
 * Any program can run it: a^l = act_l(W^l a^{l−1} + b^l), the last layer's activation being
 * "softmax" for cross-entropy and, for mse, the network's output activation ("linear" or "sigmoid").
 * Extras carry normalization, class names, …
 */
import { z } from "zod";
import { ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS, PRECISIONS } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import { parseOrExplain } from "../config/validate-config.js";
import type { Float } from "../core/types.js";
import { layerViews, layoutOf, paramCount, weightIndex, type ParameterLayout } from "./layout.js";
import { layerActivation, layerCount, type NetworkSpec, type OutputActivation } from "./network-spec.js";

export const MODEL_FORMAT = "sgd-mlp";
export const MODEL_VERSION = 1;
const RESERVED = ["format", "version", "loss", "precision", "layers"];

const LayerJson = z.strictObject({
  inputs: z.int().positive(),
  outputs: z.int().positive(),
  activation: z.enum([...ACTIVATIONS, "softmax"]),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
});
export type LayerJson = z.infer<typeof LayerJson>;

const ModelJson = z.looseObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  loss: z.enum(LOSSES),
  precision: z.enum(PRECISIONS).optional(),
  layers: z.array(LayerJson).min(1),
});
export type ModelJson = z.infer<typeof ModelJson>;

/** The model file of w (stored as `layout` says; the file always holds W as outputs × inputs rows). */
export function toModelJson(layout: ParameterLayout, w: Float, extras: Record<string, unknown> = {}): ModelJson {
  const spec = layout.spec;
  for (const key of Object.keys(extras)) {
    if (RESERVED.includes(key)) throw new RangeError(`model.json extra "${key}" would overwrite a reserved field`);
  }
  const layers = layerViews(layout, w).map((view, index): LayerJson => {
    const l = index + 1,
      rows: number[][] = [];
    for (let j = 0; j < view.outputs; j++)
      rows.push(Array.from({ length: view.inputs }, (_, i) => view.weights[weightIndex(view, j, i)]!));
    const activation = l === layerCount(spec) && spec.loss === "cross-entropy" ? "softmax" : layerActivation(spec, l);
    return { inputs: view.inputs, outputs: view.outputs, activation, weights: rows, bias: Array.from(view.bias) };
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    loss: spec.loss,
    precision: spec.precision,
    ...extras,
    layers,
  };
}

export interface LoadedModel {
  spec: NetworkSpec;
  /** w [p] in the file's precision (float64 when it names none), every layer stored W [O×I] (layoutOf(spec)) */
  w: Float;
  /** every top-level field that is not part of the network (normalization, classNames, …) */
  extras: Record<string, unknown>;
}

/** Validates a parsed model.json; throws DataError naming `source` and the first problem. */
export function fromModelJson(value: unknown, source = "model.json"): LoadedModel {
  const head = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  if (head.format !== MODEL_FORMAT) {
    throw new DataError(
      `${source}: not an sgd model (format is ${JSON.stringify(head.format)}, expected "${MODEL_FORMAT}")`,
    );
  }
  if (head.version !== MODEL_VERSION) {
    throw new DataError(
      `${source}: model version ${JSON.stringify(head.version)} is not supported ` +
        `(this sgd reads version ${MODEL_VERSION})`,
    );
  }
  const parsed = parseOrExplain(ModelJson, value);
  if ("problem" in parsed) throw new DataError(`${source}: ${parsed.problem}`);
  const model = parsed.value;
  const spec = specOf(model, source);
  const w = spec.precision === "float32" ? new Float32Array(paramCount(spec)) : new Float64Array(paramCount(spec));
  layerViews(layoutOf(spec), w).forEach((view, index) => {
    const layer = model.layers[index]!;
    layer.weights.forEach((row, j) => {
      view.weights.set(row, j * view.inputs);
    });
    view.bias.set(layer.bias);
  });
  const extras: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(model)) if (!RESERVED.includes(key)) extras[key] = v;
  return { spec, w, extras };
}

/** The NetworkSpec a file describes, after checking that its layers fit together. */
function specOf(model: ModelJson, source: string): NetworkSpec {
  const L = model.layers.length,
    sizes = [model.layers[0]!.inputs];
  const first = model.layers[0]!.activation;
  if (L > 1 && first === "softmax")
    throw new DataError(`${source}: layers.0.activation: "softmax" is only supported on the output layer`);
  const hidden = first === "softmax" ? "relu" : first; // a one-layer model has no hidden activation
  model.layers.forEach((layer, index) => {
    const where = `${source}: layers.${index}`;
    if (layer.inputs !== sizes[index])
      throw new DataError(`${where}: has ${layer.inputs} inputs but the layer before has ${sizes[index]} outputs`);
    if (layer.weights.length !== layer.outputs)
      throw new DataError(`${where}.weights: has ${layer.weights.length} rows, expected outputs = ${layer.outputs}`);
    layer.weights.forEach((row, j) => {
      if (row.length !== layer.inputs)
        throw new DataError(`${where}.weights.${j}: has ${row.length} entries, expected inputs = ${layer.inputs}`);
    });
    if (layer.bias.length !== layer.outputs)
      throw new DataError(`${where}.bias: has ${layer.bias.length} entries, expected outputs = ${layer.outputs}`);
    const hiddenLayer = index < L - 1;
    const expected: readonly string[] = hiddenLayer
      ? [hidden]
      : model.loss === "cross-entropy"
        ? ["softmax"]
        : OUTPUT_ACTIVATIONS;
    if (!expected.includes(layer.activation)) {
      const choices = expected.map((a) => `"${a}"`).join(" or ");
      throw new DataError(
        `${where}.activation: "${layer.activation}" is not supported here ` +
          `(expected ${choices} ${hiddenLayer ? "as in layers.0" : `with loss ${model.loss}`})`,
      );
    }
    sizes.push(layer.outputs);
  });
  if (model.loss === "cross-entropy" && sizes[L]! < 2)
    throw new DataError(`${source}: cross-entropy needs at least 2 outputs`);
  const last = model.layers[L - 1]!.activation;
  const outputActivation: OutputActivation = last === "sigmoid" ? "sigmoid" : "linear";
  return { sizes, activation: hidden, outputActivation, loss: model.loss, precision: model.precision ?? "float64" };
}
