/**
 * An MLP in the TensorFlow.js layers format (what `model.save()` writes and `tf.loadLayersModel`
 * reads; `tensorflowjs_converter --output_format keras` turns it into Keras): model.json holds
 *   { format: "layers-model", modelTopology: Keras Sequential config, weightsManifest }
 * and weights.bin the float32 values, little-endian, in manifest order. Layer l is a Dense of
 * n_l units with kernel [I×O] = W^lᵀ (Keras stores inputs × outputs) and bias [O]; leaky ReLU,
 * which Dense cannot name as its activation, is a LeakyReLU(α = 0.01) layer after a linear Dense.
 * The stored normalization is folded into the first kernel (exported-network.ts). TensorFlow.js
 * computes in float32, so a float64 model is written as float32.
 */
import { LEAKY_SLOPE } from "../engine/activations.js";
import { foldedLayers, littleEndian, type ExportNetwork } from "./exported-network.js";

export const TFJS_WEIGHTS_FILE = "weights.bin";

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: "float32";
}

export interface TfjsModel {
  /** model.json's content */
  modelJson: Record<string, unknown>;
  /** weights.bin */
  weights: Uint8Array;
}

const DENSE_DEFAULTS = {
  use_bias: true,
  kernel_initializer: {
    class_name: "VarianceScaling",
    config: { scale: 1, mode: "fan_avg", distribution: "normal", seed: null },
  },
  bias_initializer: { class_name: "Zeros", config: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
  trainable: true,
};

export function encodeTfjs(net: ExportNetwork, generatedBy: string): TfjsModel {
  const layers = foldedLayers(net);
  const topology: Record<string, unknown>[] = [];
  const specs: WeightSpec[] = [];
  const values: number[][] = [];
  layers.forEach((layer, index) => {
    const l = index + 1,
      last = l === layers.length,
      name = `dense_${l}`;
    const leaky = !last && layer.activation === "leaky-relu";
    const activation = last && net.softmax ? "softmax" : leaky ? "linear" : layer.activation;
    topology.push({
      class_name: "Dense",
      config: {
        units: layer.outputs,
        activation,
        ...DENSE_DEFAULTS,
        name,
        ...(l === 1 ? { batch_input_shape: [null, layer.inputs], dtype: "float32" } : {}),
      },
    });
    if (leaky) {
      topology.push({
        class_name: "LeakyReLU",
        config: { alpha: LEAKY_SLOPE, name: `leaky_re_lu_${l}`, trainable: true },
      });
    }
    // kernel [I×O]: kernel[i][j] = W_ji
    const kernel: number[] = [];
    for (let i = 0; i < layer.inputs; i++)
      for (let j = 0; j < layer.outputs; j++) kernel.push(layer.weights[j * layer.inputs + i]!);
    specs.push({ name: `${name}/kernel`, shape: [layer.inputs, layer.outputs], dtype: "float32" });
    specs.push({ name: `${name}/bias`, shape: [layer.outputs], dtype: "float32" });
    values.push(kernel, Array.from(layer.bias));
  });
  return {
    modelJson: {
      format: "layers-model",
      generatedBy,
      convertedBy: null,
      modelTopology: {
        class_name: "Sequential",
        config: { name: "sequential", layers: topology },
        keras_version: "tfjs-layers 4.22.0",
        backend: "tensor_flow.js",
      },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: specs }],
      userDefinedMetadata: {
        task: net.task,
        classNames: net.classNames,
        normalization: net.normalization === null ? "none" : "folded into dense_1",
      },
    },
    weights: littleEndian(values.flat(), "float32"),
  };
}
