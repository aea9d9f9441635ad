/**
 * An MLP as safetensors (github.com/huggingface/safetensors, "Format"): the file is
 *   8 bytes  N, the header's length, unsigned 64-bit little-endian
 *   N bytes  a UTF-8 JSON object {name: {dtype, shape, data_offsets: [begin, end)}, "__metadata__":
 *            {string: string}}, padded with spaces so the data starts 8-byte aligned
 *   the data: every tensor's values, row-major, little-endian, back to back in header order.
 * Names and layouts are PyTorch's nn.Sequential(Linear, activation, Linear, …): layer l is module
 * 2(l−1), so "0.weight" [O×I] (= W, as nn.Linear stores it), "0.bias" [O], "2.weight", … The
 * stored normalization is folded into "0.weight"/"0.bias". dtype F32 or F64 as the model.
 */
import { LEAKY_SLOPE } from "../engine/activations.js";
import { foldedLayers, littleEndian, type ExportNetwork } from "./exported-network.js";

const utf8 = new TextEncoder();
const DTYPE = { float32: "F32", float64: "F64" } as const;

/** PyTorch module names: the Linear of layer l (1-based) is module 2(l − 1). */
export const linearModuleIndex = (l: number): number => 2 * (l - 1);

export function encodeSafetensors(net: ExportNetwork, metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], values: Float64Array): void => {
    const bytes = littleEndian(values, net.precision);
    header[name] = { dtype: DTYPE[net.precision], shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  };
  foldedLayers(net).forEach((layer, index) => {
    const m = linearModuleIndex(index + 1);
    add(`${m}.weight`, [layer.outputs, layer.inputs], layer.weights);
    add(`${m}.bias`, [layer.outputs], layer.bias);
  });
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + utf8.encode(json).length) % 8)) % 8);
  const head = utf8.encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const TORCH_ACTIVATIONS = {
  relu: "torch.nn.ReLU()",
  "leaky-relu": `torch.nn.LeakyReLU(${LEAKY_SLOPE})`,
  sigmoid: "torch.nn.Sigmoid()",
  tanh: "torch.nn.Tanh()",
  linear: "torch.nn.Identity()",
} as const;

/** The five lines of Python that build the matching nn.Sequential and load `file` into it. */
export function pytorchSnippet(net: ExportNetwork, file: string): string[] {
  const modules: string[] = [];
  net.layers.forEach((layer, index) => {
    modules.push(`torch.nn.Linear(${layer.inputs}, ${layer.outputs})`);
    if (index + 1 < net.layers.length || layer.activation !== "linear")
      modules.push(TORCH_ACTIVATIONS[layer.activation]);
  });
  if (net.softmax) modules.push("torch.nn.Softmax(dim=1)");
  const double = net.precision === "float64";
  return [
    "import torch",
    "from safetensors.torch import load_file",
    `model = torch.nn.Sequential(${modules.join(", ")})${double ? ".double()" : ""}`,
    `model.load_state_dict(load_file(${JSON.stringify(file)}))`,
    `print(model(torch.zeros(1, ${net.layers[0]!.inputs}${double ? ", dtype=torch.float64" : ""})))`,
  ];
}
