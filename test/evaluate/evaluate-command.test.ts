/**
 * `sgd evaluate --model RUN_DIR` end to end: on the run's own test split it reproduces exactly
 * the final test loss and accuracy `sgd train` recorded (float64 and float32 models); other data
 * from --set is scaled with the model's stored normalization; broken or foreign model files,
 * non-data --set keys and data that does not fit the model are refused with exit 2.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/data/load-dataset.js";
import { Evaluator } from "../../src/model/evaluate.js";
import { fromModelJson } from "../../src/model/model-json.js";
import type { TrainConfig } from "../../src/config/train-schema.js";
import { seedStreams } from "../../src/run/experiment.js";
import { REPO as repo, readRunJson as readJson, runSgd as sgd } from "../cli/run-sgd.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-evaluate-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const moons = path.join(tmp, "moons");
const moons32 = path.join(tmp, "moons32");
const standard = path.join(tmp, "standard");
const sine = path.join(tmp, "sine");

beforeAll(async () => {
  const train = (out: string, config: string, ...sets: string[]) =>
    sgd(["train", "--config", config, "--out", out, "--quiet", ...sets.flatMap((s) => ["--set", s])]);
  expect((await train(moons, "configs/moons-backprop.yaml")).code).toBe(0);
  expect((await train(moons32, "configs/moons-backprop.yaml", "model.precision=float32")).code).toBe(0);
  expect((await train(standard, "configs/moons-backprop.yaml", "data.normalize=standard", "data.noise=0.3")).code).toBe(
    0,
  );
  expect((await train(sine, "configs/synthetic-regression-mse.yaml", "optimizer.epochs=2")).code).toBe(0);
});

describe("on the run's own test split", () => {
  it.each([
    ["float64", moons],
    ["float32", moons32],
  ])("reproduces sgd train's final test numbers exactly (%s)", async (_, dir) => {
    const { code, io } = await sgd(["evaluate", "--model", dir, "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    const summary = readJson(dir, "summary.json");
    expect(doc.accuracy).toBe(summary.final.test_accuracy);
    expect(doc.loss).toBe(summary.final.test_loss);
    expect(doc.samples).toBe(50); // 200 moons, testFraction 0.25
    expect(doc.classNames).toHaveLength(2);
    const m: number[][] = doc.confusion;
    expect(m.flat().reduce((s, v) => s + v, 0)).toBe(50);
    expect((m[0]![0]! + m[1]![1]!) / 50).toBe(doc.accuracy);
  });

  it("prints loss, accuracy and the confusion matrix for a human on stdout", async () => {
    const { code, io } = await sgd(["evaluate", "--model", moons]);
    expect(code).toBe(0);
    const accuracy = readJson(moons, "summary.json").final.test_accuracy;
    expect(io.out()).toContain(`accuracy  ${(accuracy * 100).toFixed(2)}% (${Math.round(accuracy * 50)} of 50)`);
    expect(io.out()).toContain("confusion matrix (rows: true class, columns: predicted class)");
    expect(io.err()).toContain("test split, 50 samples");
  });

  it("a regression model reports its mean squared error, with no accuracy or matrix", async () => {
    const { code, io } = await sgd(["evaluate", "--model", sine, "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.loss).toBe(readJson(sine, "summary.json").final.test_loss);
    expect(doc.accuracy).toBeNull();
    expect(doc.confusion).toBeUndefined();
    expect(doc.samples).toBe(200); // 1000 samples, testFraction 0.2
  });
});

describe("on other data (--set data.…)", () => {
  it("scales the new data with the model's normalization instead of refitting it", async () => {
    const sets = ["data.testFraction=0.5", "data.samples=400"];
    const { code, io } = await sgd(["evaluate", "--model", standard, "--json", ...sets.flatMap((s) => ["--set", s])]);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    // the expected numbers: the raw new split, scaled here by hand with model.json's offset and scale
    const config = readJson(standard, "config.json") as TrainConfig;
    const data = { ...config.data, testFraction: 0.5, samples: 400, normalize: "none" } as TrainConfig["data"];
    const raw = loadDataset(data, seedStreams(config.seed).data, { cwd: repo }).test;
    const modelFile = readJson(standard, "model.json");
    const { offset, scale } = modelFile.normalization as { offset: number[]; scale: number[] };
    const x = raw.x.map((v, k) => (v - offset[k % 2]!) / scale[k % 2]!);
    const model = fromModelJson(modelFile);
    const expected = new Evaluator(model.spec, 500).evaluate(model.w, { ...raw, x });
    expect(doc.samples).toBe(200);
    expect(doc.loss).toBe(expected.loss);
    expect(doc.accuracy).toBe(expected.accuracy);
  });

  it("refuses data the model cannot take (3 classes for a 2-output model)", async () => {
    const { code, io } = await sgd([
      "evaluate",
      "--model",
      moons,
      "--set",
      "data.generator=blobs",
      "--set",
      "data.classes=3",
    ]);
    expect(code).toBe(2);
    expect(io.err()).toContain(
      "the model maps 2 inputs to 2 outputs, but synthetic:blobs has 2 features and 3 classes",
    );
  });

  it("refuses --set keys outside data.*", async () => {
    const { code, io } = await sgd(["evaluate", "--model", moons, "--set", "optimizer.epochs=3"]);
    expect(code).toBe(2);
    expect(io.err()).toContain("evaluate takes data.* keys only");
  });
});

describe("broken model files (exit 2)", () => {
  function copyWithModel(name: string, model: string | null): string {
    const dir = path.join(tmp, name);
    fs.cpSync(moons, dir, { recursive: true });
    if (model === null) fs.rmSync(path.join(dir, "model.json"));
    else fs.writeFileSync(path.join(dir, "model.json"), model);
    return dir;
  }
  const text = () => fs.readFileSync(path.join(moons, "model.json"), "utf8");
  const shortRow = (json: string): string => {
    const model = JSON.parse(json);
    model.layers[0].weights[0] = [1];
    return JSON.stringify(model);
  };

  it.each([
    ["truncated", () => text().slice(0, 200), "model.json: not valid JSON"],
    ["another version", () => text().replace('"version": 1', '"version": 2'), "model version 2 is not supported"],
    [
      "another format",
      () => text().replace('"format": "sgd-mlp"', '"format": "onnx"'),
      'not an sgd model (format is "onnx"',
    ],
    ["a short weight row", () => shortRow(text()), "layers.0.weights.0: has 1 entries, expected inputs = 2"],
    [
      "another network",
      () => JSON.stringify({ ...JSON.parse(text()), layers: [JSON.parse(text()).layers[1]] }),
      "the model maps 8 inputs to 2 outputs",
    ],
    ["missing", () => null, "model.json: not found"],
  ])("%s", async (name, model, message) => {
    const dir = copyWithModel(name.replace(/ /g, "-"), model());
    const { code, io } = await sgd(["evaluate", "--model", dir, "--json"]);
    expect(code).toBe(2);
    expect(io.err()).toContain(message);
    expect(JSON.parse(io.out())).toMatchObject({ status: "error", exitCode: 2 });
  });
});
