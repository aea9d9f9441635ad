/**
 * An MLP as an ONNX model (github.com/onnx/onnx, onnx/onnx.proto), IR version 7, opset 13:
 *   input [N×I] → (Sub offset, Div scale: the stored normalization) → for l = 1 … L:
 *   Gemm(a, W^l, b^l, transB = 1) = a·W^lᵀ + b^l → Relu | LeakyRelu(α = 0.01) | Sigmoid | Tanh
 *   (none for linear) → Softmax(axis = 1) for a classifier ("probabilities"), else "outputs".
 * LeakyRelu of a float64 model is written Max(z, α·z) (the same function): onnxruntime has no
 * double LeakyRelu kernel.
 * Tensors are float (FLOAT = 1) or double (DOUBLE = 11) as the model's precision, their data in
 * raw_data, little-endian. Field numbers are onnx.proto's; ModelProto is written field by field.
 */
import { LEAKY_SLOPE } from "../engine/activations.js";
import { ProtoWriter } from "./protobuf.js";
import type { ExportLayer, ExportNetwork } from "./exported-network.js";
import { littleEndian } from "./exported-network.js";

export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 13;
export const ONNX_INPUT = "input";
export const onnxOutputName = (net: ExportNetwork): string => (net.softmax ? "probabilities" : "outputs");

const DATA_TYPE = { float32: 1, float64: 11 } as const;
const ATTRIBUTE = { float: 1, int: 2 } as const;
const ACTIVATION_OPS: Record<ExportLayer["activation"], string | null> = {
  relu: "Relu",
  "leaky-relu": "LeakyRelu",
  sigmoid: "Sigmoid",
  tanh: "Tanh",
  linear: null,
};

type Attribute = { name: string; int: number } | { name: string; float: number };

interface Graph {
  nodes: ProtoWriter[];
  initializers: ProtoWriter[];
}

export function encodeOnnx(net: ExportNetwork, producer: { name: string; version: string }): Uint8Array {
  const graph: Graph = { nodes: [], initializers: [] };
  const tensor = (name: string, dims: number[], values: Float64Array): void => {
    graph.initializers.push(tensorProto(name, dims, values, net));
  };
  const node = (op: string, inputs: string[], output: string, attributes: Attribute[] = []): string => {
    graph.nodes.push(nodeProto(op, inputs, output, attributes));
    return output;
  };
  const alpha = tensorProto("alpha", [], Float64Array.of(LEAKY_SLOPE), net);
  const I = net.layers[0]!.inputs,
    O = net.layers[net.layers.length - 1]!.outputs;
  let a = ONNX_INPUT;
  if (net.normalization !== null) {
    tensor("offset", [I], Float64Array.from(net.normalization.offset));
    tensor("scale", [I], Float64Array.from(net.normalization.scale));
    a = node("Div", [node("Sub", [a, "offset"], "centred"), "scale"], "normalized");
  }
  net.layers.forEach((layer, index) => {
    const l = index + 1,
      last = l === net.layers.length;
    tensor(`W${l}`, [layer.outputs, layer.inputs], layer.weights);
    tensor(`b${l}`, [layer.outputs], layer.bias);
    // the output layer is linear or sigmoid (a classifier's softmax follows below)
    const op = ACTIVATION_OPS[layer.activation];
    const gemmOut = last && !net.softmax && op === null ? onnxOutputName(net) : `z${l}`;
    a = node("Gemm", [a, `W${l}`, `b${l}`], gemmOut, [{ name: "transB", int: 1 }]);
    if (op === "LeakyRelu" && net.precision === "float64") {
      if (!graph.initializers.includes(alpha)) graph.initializers.push(alpha);
      a = node("Max", [a, node("Mul", [a, "alpha"], `scaled${l}`)], `a${l}`);
    } else if (op !== null) {
      const out = last && !net.softmax ? onnxOutputName(net) : `a${l}`;
      a = node(op, [a], out, op === "LeakyRelu" ? [{ name: "alpha", float: LEAKY_SLOPE }] : []);
    }
  });
  if (net.softmax) node("Softmax", [a], onnxOutputName(net), [{ name: "axis", int: 1 }]);

  const g = new ProtoWriter();
  for (const n of graph.nodes) g.message(1, n);
  g.string(2, "sgd-mlp");
  for (const t of graph.initializers) g.message(5, t);
  g.string(10, `MLP ${net.spec.sizes.join("-")} ${net.spec.activation} from sgd; inputs are raw features`);
  g.message(11, valueInfo(ONNX_INPUT, I, net));
  g.message(12, valueInfo(onnxOutputName(net), O, net));

  const model = new ProtoWriter()
    .int(1, ONNX_IR_VERSION)
    .string(2, producer.name)
    .string(3, producer.version)
    .message(7, g)
    .message(8, new ProtoWriter().string(1, "").int(2, ONNX_OPSET));
  for (const [key, value] of Object.entries(onnxMetadata(net)))
    model.message(14, new ProtoWriter().string(1, key).string(2, value));
  return model.finish();
}

/** metadata_props: what a reader needs to use the outputs. */
export function onnxMetadata(net: ExportNetwork): Record<string, string> {
  return {
    task: net.task,
    ...(net.classNames ? { class_names: JSON.stringify(net.classNames) } : {}),
    normalization: net.normalization === null ? "none" : "in the graph (Sub offset, Div scale)",
  };
}

/** TensorProto: dims (1), data_type (2), name (8), raw_data (9). */
function tensorProto(name: string, dims: number[], values: Float64Array, net: ExportNetwork): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.int(1, d);
  return t.int(2, DATA_TYPE[net.precision]).string(8, name).bytes(9, littleEndian(values, net.precision));
}

/** NodeProto: input (1), output (2), name (3), op_type (4), attribute (5). */
function nodeProto(op: string, inputs: string[], output: string, attributes: Attribute[]): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  n.string(2, output).string(3, `${op}_${output}`).string(4, op);
  for (const attribute of attributes) {
    // AttributeProto: name (1), f (2), i (3), type (20)
    const at = new ProtoWriter().string(1, attribute.name);
    if ("int" in attribute) at.int(3, attribute.int).int(20, ATTRIBUTE.int);
    else at.float(2, attribute.float).int(20, ATTRIBUTE.float);
    n.message(5, at);
  }
  return n;
}

/** ValueInfoProto of a [N×width] tensor: name (1), type (2) = TypeProto.tensor_type (1) {elem_type (1), shape (2)}. */
function valueInfo(name: string, width: number, net: ExportNetwork): ProtoWriter {
  // TensorShapeProto.dim (1): Dimension {dim_value (1) | dim_param (2)}
  const shape = new ProtoWriter()
    .message(1, new ProtoWriter().string(2, "N"))
    .message(1, new ProtoWriter().int(1, width));
  const tensorType = new ProtoWriter().int(1, DATA_TYPE[net.precision]).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}
