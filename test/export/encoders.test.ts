/**
 * The three model encoders on a tiny network (tiny-network.ts), held to golden bytes and run by
 * the real readers on a sample worked out by hand:
 *   x = (3, 2) → normalized ((3 − 1)/2, (2 + 2)/4) = (1, 1) → z¹ = W¹(1, 1) + b¹ = (1, 2, −0.25)
 *   → leaky ReLU (1, 2, −0.0025) → z² = W²a + b² = (−0.87625, −2.0025) → softmax:
 *   p = (1/(1 + e^{−1.12625}), 1/(1 + e^{1.12625}))
 * ONNX: the committed fixtures (test/fixtures/export/) passed onnx.checker.check_model(full_check)
 * of onnx 1.12 (Debian's python3-onnx) when they were written; here they are held byte for byte
 * and decoded field by field with our own protobuf reader. Protobuf varints use the examples of
 * the encoding guide (150 → 96 01).
 */
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import { encodeOnnx } from "../../src/export/onnx.js";
import {
  fieldFloat,
  fieldString,
  ProtoWriter,
  readFields,
  varint,
  type ProtoField,
} from "../../src/export/protobuf.js";
import { encodeSafetensors, pytorchSnippet } from "../../src/export/safetensors.js";
import { encodeTfjs } from "../../src/export/tfjs-layers.js";
import { decodeSafetensors } from "./safetensors-reader.js";
import { TINY_B1, TINY_B2, TINY_FOLDED_B1, TINY_FOLDED_W1, TINY_W1, TINY_W2, tinyNetwork } from "./tiny-network.js";

const FIXTURES = path.resolve(__dirname, "../fixtures/export");
const X = [3, 2];
const P0 = 1 / (1 + Math.exp(-1.12625));
const EXPECTED = [P0, 1 - P0];
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("protobuf wire format", () => {
  it("writes varints as the encoding guide does, negatives as ten bytes", () => {
    expect([0, 1, 127, 128, 150, 300, 2 ** 32, 2 ** 53, -1, -(2 ** 63)].map((v) => hex(varint(v)))).toEqual([
      "00",
      "01",
      "7f",
      "8001",
      "9601",
      "ac02",
      "8080808010",
      "8080808080808010",
      "ffffffffffffffffff01",
      "80808080808080808001",
    ]);
    // against LEB128 of the 64-bit pattern, 7 bits at a time, over integers of every length up to 2^53
    const reference = (value: number): string => {
      let v = BigInt.asUintN(64, BigInt(value));
      const out: number[] = [];
      do {
        out.push(Number(v & 0x7fn) | (v >= 0x80n ? 0x80 : 0));
        v >>= 7n;
      } while (v !== 0n);
      return hex(Uint8Array.from(out));
    };
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const value = Math.floor((seed / 2 ** 31) * 2 ** (k % 54));
      expect(hex(varint(value)), String(value)).toBe(reference(value));
      expect(hex(varint(-value - 1)), String(-value - 1)).toBe(reference(-value - 1));
    }
  });

  it("reads back every kind of field it writes", () => {
    const inner = new ProtoWriter().string(1, "héllo");
    const bytes = new ProtoWriter()
      .int(1, 150)
      .double(2, -0.5)
      .float(3, 0.25)
      .message(4, inner)
      .packedInts(5, [3, 270])
      .finish();
    expect(hex(bytes.subarray(0, 3))).toBe("089601"); // the guide's example: field 1 = 150
    const fields = readFields(bytes);
    expect(fields.map((f) => [f.field, f.wire])).toEqual([
      [1, 0],
      [2, 1],
      [3, 5],
      [4, 2],
      [5, 2],
    ]);
    expect(fields[0]!.int).toBe(150n);
    expect(new DataView(fields[1]!.bytes!.buffer, fields[1]!.bytes!.byteOffset).getFloat64(0, true)).toBe(-0.5);
    expect(fieldFloat(fields[2]!)).toBe(0.25);
    expect(fieldString(readFields(fields[3]!.bytes!)[0]!)).toBe("héllo");
    expect(hex(fields[4]!.bytes!)).toBe("038e02");
    expect(() => readFields(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
  });
});

/** The fields of `data` with number `n`. */
const all = (data: Uint8Array, n: number): ProtoField[] => readFields(data).filter((f) => f.field === n);
const one = (data: Uint8Array, n: number): ProtoField => all(data, n)[0]!;
const text = (data: Uint8Array, n: number): string[] => all(data, n).map(fieldString);

describe.each(["float64", "float32"] as const)("ONNX (%s)", (precision) => {
  const bytes = encodeOnnx(tinyNetwork(precision), { name: "sgd", version: "0.1.0" });

  it("is byte for byte the checked fixture", () => {
    expect(hex(bytes)).toBe(hex(fs.readFileSync(path.join(FIXTURES, `tiny-leaky-relu-${precision}.onnx`))));
  });

  it("decodes to IR 7, opset 13, the graph of Sub, Div, Gemm, leaky ReLU, Gemm, Softmax and the weights", () => {
    expect(one(bytes, 1).int).toBe(7n);
    expect(text(bytes, 2)).toEqual(["sgd"]);
    const opset = one(bytes, 8).bytes!;
    expect([text(opset, 1), one(opset, 2).int]).toEqual([[""], 13n]);
    const graph = one(bytes, 7).bytes!;
    const ops = all(graph, 1).map((n) => text(n.bytes!, 4)[0]);
    const leaky = precision === "float64" ? ["Mul", "Max"] : ["LeakyRelu"];
    expect(ops).toEqual(["Sub", "Div", "Gemm", ...leaky, "Gemm", "Softmax"]);
    const gemm = all(graph, 1).find((n) => text(n.bytes!, 4)[0] === "Gemm")!.bytes!;
    expect(text(gemm, 1)).toEqual(["normalized", "W1", "b1"]);
    const transB = readFields(one(gemm, 5).bytes!);
    expect([fieldString(transB[0]!), transB[1]!.int, transB[2]!.int]).toEqual(["transB", 1n, 2n]); // type INT
    const tensors = new Map(
      all(graph, 5).map((t) => {
        const raw = one(t.bytes!, 9).bytes!;
        const values =
          precision === "float64" ? new Float64Array(raw.slice().buffer) : new Float32Array(raw.slice().buffer);
        const dims = all(t.bytes!, 1).map((d) => Number(d.int));
        return [text(t.bytes!, 8)[0]!, { dims, type: Number(one(t.bytes!, 2).int), values: Array.from(values) }];
      }),
    );
    expect(tensors.get("W1")).toEqual({ dims: [3, 2], type: precision === "float64" ? 11 : 1, values: TINY_W1.flat() });
    expect(tensors.get("b1")!.values).toEqual(TINY_B1);
    expect(tensors.get("W2")!.values).toEqual(TINY_W2.flat());
    expect(tensors.get("offset")!.values).toEqual([1, -2]);
    expect(tensors.get("scale")!.values).toEqual([2, 4]);
    expect(text(one(graph, 11).bytes!, 1)).toEqual(["input"]);
    expect(text(one(graph, 12).bytes!, 1)).toEqual(["probabilities"]);
  });

  it("onnxruntime-web gives the probabilities worked out by hand", async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(bytes);
    const input = precision === "float64" ? Float64Array.from(X) : Float32Array.from(X);
    const out = await session.run({ input: new ort.Tensor(precision, input, [1, 2]) });
    const p = Array.from(out.probabilities!.data as Float64Array);
    p.forEach((v, k) => expect(v).toBeCloseTo(EXPECTED[k]!, precision === "float64" ? 14 : 6));
    await session.release();
  });
});

describe("safetensors", () => {
  it("is the golden layout: header length, padded JSON header, then 0.weight, 0.bias, 2.weight, 2.bias as f64", () => {
    const bytes = encodeSafetensors(tinyNetwork(), { format: "pt" });
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"0.weight":{"dtype":"F64","shape":[3,2],"data_offsets":[0,48]},' +
      '"0.bias":{"dtype":"F64","shape":[3],"data_offsets":[48,72]},' +
      '"2.weight":{"dtype":"F64","shape":[2,3],"data_offsets":[72,120]},' +
      '"2.bias":{"dtype":"F64","shape":[2],"data_offsets":[120,136]}}';
    const padded = header + " ".repeat((8 - ((8 + header.length) % 8)) % 8);
    const values = [...TINY_FOLDED_W1, ...TINY_FOLDED_B1, ...TINY_W2.flat(), ...TINY_B2];
    const data = Buffer.alloc(8 * values.length);
    values.forEach((v, k) => data.writeDoubleLE(v, 8 * k));
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(padded.length));
    expect((8 + padded.length) % 8).toBe(0);
    expect(hex(bytes)).toBe(hex(Buffer.concat([size, Buffer.from(padded), data])));

    const file = decodeSafetensors(bytes);
    expect(Array.from(file.tensors.get("0.weight")!.data)).toEqual(TINY_FOLDED_W1);
    expect(file.tensors.get("2.bias")!.shape).toEqual([2]);
  });

  it("names the matching nn.Sequential in the PyTorch lines (a float32 model needs no .double())", () => {
    expect(pytorchSnippet(tinyNetwork(), "tiny.safetensors")[2]).toBe(
      "model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(0.01), torch.nn.Linear(3, 2), " +
        "torch.nn.Softmax(dim=1)).double()",
    );
    expect(pytorchSnippet(tinyNetwork("float32"), "tiny.safetensors").slice(2)).toEqual([
      "model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(0.01), torch.nn.Linear(3, 2), " +
        "torch.nn.Softmax(dim=1))",
      'model.load_state_dict(load_file("tiny.safetensors"))',
      "print(model(torch.zeros(1, 2)))",
    ]);
  });
});

describe("TensorFlow.js layers", () => {
  const { modelJson, weights } = encodeTfjs(tinyNetwork(), "sgd test");

  it("writes Dense (linear) + LeakyReLU + Dense (softmax), kernels [I×O] in weights.bin as little-endian f32", () => {
    const topology = modelJson.modelTopology as {
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
    };
    expect(
      topology.config.layers.map((l) => [l.class_name, l.config.name, l.config.units, l.config.activation]),
    ).toEqual([
      ["Dense", "dense_1", 3, "linear"],
      ["LeakyReLU", "leaky_re_lu_1", undefined, undefined],
      ["Dense", "dense_2", 2, "softmax"],
    ]);
    expect(topology.config.layers[0]!.config.batch_input_shape).toEqual([null, 2]);
    expect(modelJson.weightsManifest).toEqual([
      {
        paths: ["weights.bin"],
        weights: [
          { name: "dense_1/kernel", shape: [2, 3], dtype: "float32" },
          { name: "dense_1/bias", shape: [3], dtype: "float32" },
          { name: "dense_2/kernel", shape: [3, 2], dtype: "float32" },
          { name: "dense_2/bias", shape: [2], dtype: "float32" },
        ],
      },
    ]);
    // kernel[i][j] = W'_ji: the folded W¹ and W² transposed
    const values = [0.5, 0.125, -0.5, -0.125, 0.5, 0.1875, ...TINY_FOLDED_B1, 1, -2, -1, 0.25, 0.5, 1, ...TINY_B2];
    const golden = Buffer.alloc(4 * values.length);
    values.forEach((v, k) => golden.writeFloatLE(v, 4 * k));
    expect(hex(weights)).toBe(hex(golden));
  });

  it("tf.loadLayersModel gives the probabilities worked out by hand", async () => {
    await tf.setBackend("cpu");
    const model = await tf.loadLayersModel({
      load: () =>
        tf.io.getModelArtifactsForJSON(modelJson as unknown as tf.io.ModelJSON, async (manifest) => [
          manifest.flatMap((g) => g.weights),
          weights.slice().buffer,
        ]),
    });
    const p = await (model.predict(tf.tensor2d([X])) as tf.Tensor).data();
    Array.from(p).forEach((v, k) => expect(v).toBeCloseTo(EXPECTED[k]!, 6));
    model.dispose();
  });
});
