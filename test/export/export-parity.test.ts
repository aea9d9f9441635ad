/**
 * `sgd export` against the real readers: for a classifier and a regressor, in float64 and
 * float32, the outputs of onnxruntime-web (ONNX) and of @tensorflow/tfjs (layers format) on 100
 * raw inputs equal sgd's own forward pass (`sgd predict`) within 1e-5; the safetensors file reads
 * back as the model's layers with the normalization folded in, and a forward pass on those
 * tensors gives the same outputs. Also the refusals: no model, an unknown format, an existing --out.
 *   classifier float64: moons, leaky ReLU (ONNX's Max(z, αz) path), standard normalization
 *   classifier float32: the plants CSV (stem_mm in the tens), ReLU, standard normalization
 *   regressor float64 / float32: the sine, tanh, standard normalization
 *   regressor with a sigmoid output (model.outputActivation), float32
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { Rng } from "../../src/core/rng.js";
import { capturedIo } from "../cli/captured-io.js";
import { decodeSafetensors } from "./safetensors-reader.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-export-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sgd(args: string[]) {
  const io = capturedIo({ cwd: repo });
  const code = await run(args, io);
  return { code, io };
}

interface Case {
  name: string;
  config: string;
  sets: string[];
  /** 100 raw input rows */
  inputs: () => number[][];
  header: string[];
}

const rng = Rng.fromSeed(15);
const box = (lo: number[], hi: number[]) => () =>
  Array.from({ length: 100 }, () => lo.map((l, j) => rng.range(l, hi[j]!)));
const plantRows = () =>
  fs
    .readFileSync(path.join(repo, "data/plants.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1, 101)
    .map((l) => l.split(",").slice(0, 4).map(Number));

const CASES: Case[] = [
  {
    name: "classifier-float64",
    config: "configs/moons-backprop.yaml",
    sets: ["data.normalize=standard", "model.activation=leaky-relu", "model.hidden=[6,5]"],
    inputs: box([-1.5, -1], [2.5, 1.5]),
    header: ["x0", "x1"],
  },
  {
    name: "classifier-float32",
    config: "configs/csv-example.yaml",
    sets: ["model.precision=float32"],
    inputs: plantRows,
    header: ["leaf_length", "leaf_width", "frond_count", "stem_mm"],
  },
  {
    name: "regressor-float64",
    config: "configs/synthetic-regression-mse.yaml",
    sets: ["optimizer.epochs=3", "data.normalize=standard"],
    inputs: box([-3], [3]),
    header: ["x0"],
  },
  {
    name: "regressor-float32",
    config: "configs/synthetic-regression-mse.yaml",
    sets: ["optimizer.epochs=3", "data.normalize=standard", "model.precision=float32"],
    inputs: box([-3], [3]),
    header: ["x0"],
  },
  {
    name: "regressor-sigmoid-float32",
    config: "configs/synthetic-regression-mse.yaml",
    sets: [
      "optimizer.epochs=3",
      "data.normalize=standard",
      "model.outputActivation=sigmoid",
      "model.precision=float32",
    ],
    inputs: box([-3], [3]),
    header: ["x0"],
  },
];

interface Prepared {
  dir: string;
  x: number[][];
  /** sgd predict's outputs [100][O]: probabilities or values */
  expected: number[][];
  precision: "float32" | "float64";
}

const prepared = new Map<string, Prepared>();

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  await tf.setBackend("cpu");
  for (const c of CASES) {
    const dir = path.join(tmp, c.name);
    const train = await sgd([
      "train",
      "--config",
      c.config,
      "--out",
      dir,
      "--quiet",
      ...c.sets.flatMap((s) => ["--set", s]),
    ]);
    expect(train.code, train.io.err()).toBe(0);
    for (const format of ["onnx", "tfjs", "safetensors"])
      expect((await sgd(["export", "--model", dir, "--format", format, "--quiet"])).code).toBe(0);
    const x = c.inputs();
    const csv = path.join(dir, "inputs.csv");
    fs.writeFileSync(csv, `${c.header.join(",")}\n${x.map((r) => r.join(",")).join("\n")}\n`);
    const predicted = await sgd(["predict", "--model", dir, "--input", csv, "--json"]);
    expect(predicted.code, predicted.io.err()).toBe(0);
    const doc = JSON.parse(predicted.io.out());
    const expected = doc.predictions.map(
      (p: { probabilities?: number[]; predicted: number }) => p.probabilities ?? [p.predicted],
    );
    const precision = c.name.endsWith("32") ? "float32" : "float64";
    prepared.set(c.name, { dir, x, expected, precision });
  }
});

function expectClose(actual: ArrayLike<number>, expected: number[][], tolerance: number): void {
  const O = expected[0]!.length;
  expect(actual.length).toBe(expected.length * O);
  let worst = 0;
  expected.forEach((row, r) =>
    row.forEach((v, o) => {
      worst = Math.max(worst, Math.abs(actual[r * O + o]! - v));
    }),
  );
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe.each(CASES.map((c) => c.name))("%s", (name) => {
  it("onnxruntime-web's outputs on 100 raw inputs equal sgd predict's within 1e-5", async () => {
    const p = prepared.get(name)!;
    const session = await ort.InferenceSession.create(new Uint8Array(fs.readFileSync(path.join(p.dir, "model.onnx"))));
    expect(session.inputNames).toEqual(["input"]);
    expect(session.outputNames).toEqual([name.startsWith("classifier") ? "probabilities" : "outputs"]);
    const flat = p.x.flat();
    const data = p.precision === "float32" ? Float32Array.from(flat) : Float64Array.from(flat);
    const out = await session.run({ input: new ort.Tensor(p.precision, data, [100, p.x[0]!.length]) });
    const result = out[session.outputNames[0]!]!;
    expect(result.type).toBe(p.precision);
    expectClose(result.data as Float32Array, p.expected, 1e-5);
    await session.release();
  });

  it("tf.loadLayersModel reads the tfjs folder and predicts sgd predict's outputs within 1e-5", async () => {
    const p = prepared.get(name)!;
    const folder = path.join(p.dir, "tfjs");
    const handler: tf.io.IOHandler = {
      load: () =>
        tf.io.getModelArtifactsForJSON(
          JSON.parse(fs.readFileSync(path.join(folder, "model.json"), "utf8")),
          async (manifest) => {
            const bytes = fs.readFileSync(path.join(folder, manifest[0]!.paths[0]!));
            const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
            return [manifest.flatMap((group) => group.weights), buffer];
          },
        ),
    };
    const model = await tf.loadLayersModel(handler);
    const y = model.predict(tf.tensor2d(p.x)) as tf.Tensor;
    expectClose(await y.data(), p.expected, 1e-5);
    model.dispose();
  });

  it("the safetensors tensors are model.json's layers with the normalization folded into 0.weight/0.bias", () => {
    const p = prepared.get(name)!;
    const model = JSON.parse(fs.readFileSync(path.join(p.dir, "model.json"), "utf8"));
    const file = decodeSafetensors(new Uint8Array(fs.readFileSync(path.join(p.dir, "model.safetensors"))));
    const dtype = p.precision === "float32" ? "F32" : "F64";
    const round = p.precision === "float32" ? Math.fround : (v: number) => v;
    const { offset, scale } = model.normalization;
    expect([...file.tensors.keys()]).toEqual(
      model.layers.flatMap((_: unknown, l: number) => [`${2 * l}.weight`, `${2 * l}.bias`]),
    );
    model.layers.forEach((layer: { weights: number[][]; bias: number[] }, l: number) => {
      const weight = file.tensors.get(`${2 * l}.weight`)!,
        bias = file.tensors.get(`${2 * l}.bias`)!;
      expect([weight.dtype, weight.shape, bias.shape]).toEqual([
        dtype,
        [layer.bias.length, layer.weights[0]!.length],
        [layer.bias.length],
      ]);
      // layer 1: W'_ji = W_ji / s_i and b'_j = b_j − Σ_i W'_ji o_i; the others as they are
      const w = l > 0 ? layer.weights : layer.weights.map((row) => row.map((v, i) => v / scale[i]));
      const b = l > 0 ? layer.bias : layer.bias.map((v, j) => v - w[j]!.reduce((s, wji, i) => s + wji * offset[i], 0));
      expect(Array.from(weight.data)).toEqual(w.flat().map(round));
      expect(Array.from(bias.data)).toEqual(b.map(round));
    });
    expect(file.metadata).toMatchObject({
      format: "pt",
      task: model.task,
      normalization: "folded into 0.weight and 0.bias",
    });
    // a forward pass on the tensors alone (PyTorch's nn.Sequential) gives sgd's outputs
    const act = {
      "leaky-relu": (z: number) => (z > 0 ? z : 0.01 * z),
      relu: (z: number) => Math.max(0, z),
      tanh: Math.tanh,
      sigmoid: (z: number) => 1 / (1 + Math.exp(-z)),
    };
    const outputs = p.x.map((row) => {
      let a = row;
      model.layers.forEach((layer: { activation: keyof typeof act | "softmax" | "linear" }, l: number) => {
        const W = file.tensors.get(`${2 * l}.weight`)!,
          bias = file.tensors.get(`${2 * l}.bias`)!;
        const z = Array.from(bias.data, (bj, j) => a.reduce((s, ai, i) => s + W.data[j * a.length + i]! * ai, bj));
        a =
          layer.activation === "softmax"
            ? softmax(z)
            : layer.activation === "linear"
              ? z
              : z.map(act[layer.activation]);
      });
      return a;
    });
    expectClose(outputs.flat(), p.expected, 1e-5);
  });
});

function softmax(z: number[]): number[] {
  const m = Math.max(...z),
    e = z.map((v) => Math.exp(v - m)),
    s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe("sgd export refuses", () => {
  it("a directory without a model, an unknown format, an existing --out without --force (exit 2, one line)", async () => {
    const dir = prepared.get("classifier-float64")!.dir;
    const cases: [string[], RegExp][] = [
      [["--model", tmp, "--format", "onnx"], /model\.json: not found \(is .* a run directory of sgd train\?\)/],
      [
        ["--model", dir, "--format", "pmml"],
        /argument 'pmml' is invalid\. Allowed choices are onnx, tfjs, safetensors/,
      ],
      [["--model", dir, "--format", "onnx"], /model\.onnx: already exists \(use --force to overwrite it\)/],
      [["--model", dir, "--format", "tfjs"], /tfjs: already exists/],
    ];
    for (const [args, message] of cases) {
      const before = fs.statSync(path.join(dir, "model.onnx")).mtimeMs;
      const { code, io } = await sgd(["export", ...args]);
      expect(code).toBe(2);
      expect(io.err().trim().split("\n")).toHaveLength(1);
      expect(io.err()).toMatch(message);
      expect(fs.statSync(path.join(dir, "model.onnx")).mtimeMs).toBe(before);
    }
  });

  it("overwrites with --force, and --json prints one document naming the files", async () => {
    const dir = prepared.get("regressor-float64")!.dir;
    const { code, io } = await sgd(["export", "--model", dir, "--format", "onnx", "--force", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc).toMatchObject({
      format: "onnx",
      out: path.join(dir, "model.onnx"),
      network: "1-32-32-1",
      precision: "float64",
      details: { ir_version: 7, opset: 13, input: "input", output: "outputs" },
    });
    expect(doc.files).toEqual([
      { path: path.join(dir, "model.onnx"), bytes: fs.statSync(path.join(dir, "model.onnx")).size },
    ]);
  });

  it("safetensors prints the five lines of PyTorch that load it", async () => {
    const dir = prepared.get("classifier-float32")!.dir;
    const io = capturedIo({ cwd: tmp }); // the file is named relative to the working directory
    const code = await run(["export", "--model", dir, "--format", "safetensors", "--out", "plants.safetensors"], io);
    expect(code).toBe(0);
    expect(io.out().trim().split("\n")).toEqual([
      "# load it in PyTorch:",
      "import torch",
      "from safetensors.torch import load_file",
      "model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3), torch.nn.Softmax(dim=1))",
      'model.load_state_dict(load_file("plants.safetensors"))',
      "print(model(torch.zeros(1, 4)))",
    ]);
  });
});
