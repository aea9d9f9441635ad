/**
 * `sgd predict` end to end through run(argv, io): its probabilities and values equal a forward
 * pass written out here from model.json alone (normalization, then the layers); the score of rows
 * that carry the target is their accuracy and mean loss; CSV columns in any order, JSON rows
 * (arrays or objects) and IDX images give the same predictions; --out, --force, --json; and bad
 * input names the file, row and column (exit 2, one line).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-predict-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sgd(args: string[]) {
  const io = capturedIo({ cwd: repo });
  const code = await run(args, io);
  return { code, io };
}

const plants = path.join(tmp, "plants"),
  moons = path.join(tmp, "moons"),
  sine = path.join(tmp, "sine");
const file = (name: string, content: string | Uint8Array) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, content);
  return f;
};

beforeAll(async () => {
  const train = async (config: string, out: string, ...sets: string[]) =>
    expect(
      (await sgd(["train", "--config", config, "--out", out, "--quiet", ...sets.flatMap((s) => ["--set", s])])).code,
    ).toBe(0);
  await train("configs/csv-example.yaml", plants, "model.precision=float64");
  await train("configs/moons-backprop.yaml", moons, "data.normalize=standard");
  await train("configs/synthetic-regression-mse.yaml", sine, "optimizer.epochs=2", "data.normalize=minmax");
});

interface ModelFile {
  normalization: { offset: number[] | null; scale: number[] | null };
  layers: { weights: number[][]; bias: number[]; activation: string }[];
}

/** The model of `dir` on raw features x, computed from its model.json alone. */
function forward(dir: string, x: number[]): number[] {
  const m: ModelFile = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const { offset, scale } = m.normalization;
  let a = x.map((v, i) => (offset && scale ? (v - offset[i]!) / scale[i]! : v));
  for (const layer of m.layers) {
    const z = layer.weights.map((row, j) => row.reduce((s, w, i) => s + w * a[i]!, layer.bias[j]!));
    if (layer.activation === "softmax") {
      const top = Math.max(...z),
        e = z.map((v) => Math.exp(v - top)),
        sum = e.reduce((s, v) => s + v, 0);
      a = e.map((v) => v / sum);
    } else
      a = z.map((v) => (layer.activation === "tanh" ? Math.tanh(v) : layer.activation === "relu" ? Math.max(0, v) : v));
  }
  return a;
}

const csvLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => l.split(","));
const plantRows = () => csvLines(fs.readFileSync(path.join(repo, "data/plants.csv"), "utf8"));

describe("sgd predict on CSV", () => {
  it("gives the class and probabilities of a forward pass from model.json, and scores the rows' own target", async () => {
    const { code, io } = await sgd(["predict", "--model", plants, "--input", "data/plants.csv"]);
    expect(code).toBe(0);
    const [header, ...rows] = csvLines(io.out());
    expect(header).toEqual(["row", "species", "predicted", "p_fern", "p_moss", "p_palm"]);
    const input = plantRows().slice(1);
    expect(rows).toHaveLength(300);
    let correct = 0,
      loss = 0;
    rows.forEach((r, k) => {
      const p = forward(plants, input[k]!.slice(0, 4).map(Number));
      const got = r.slice(3).map(Number);
      got.forEach((v, c) => expect(Math.abs(v - p[c]!)).toBeLessThan(1e-12));
      expect(r[0]).toBe(String(k + 1));
      expect(r[1]).toBe(input[k]![4]);
      expect(r[2]).toBe(["fern", "moss", "palm"][got.indexOf(Math.max(...got))]);
      if (r[1] === r[2]) correct++;
      loss -= Math.log(got[["fern", "moss", "palm"].indexOf(r[1]!)]!);
    });
    const json = JSON.parse(
      (await sgd(["predict", "--model", plants, "--input", "data/plants.csv", "--json"])).io.out(),
    );
    expect(json.score.accuracy).toBe(correct / 300);
    expect(Math.abs(json.score.loss - loss / 300)).toBeLessThan(1e-12);
    expect(json.score.confusion.flat().reduce((s: number, v: number) => s + v, 0)).toBe(300);
    expect(io.err()).toMatch(/scored on its "species" column: loss [\d.]+, accuracy [\d.]+%/);
  });

  it("reads the feature columns in any order, the target optional; JSON rows and objects give the same", async () => {
    const rows = plantRows().slice(1, 21);
    const reordered = file(
      "plants-reordered.csv",
      `stem_mm,leaf_width,frond_count,leaf_length\n${rows.map((r) => [r[3], r[1], r[2], r[0]].join(",")).join("\n")}\n`,
    );
    const arrays = file("plants.json", JSON.stringify(rows.map((r) => r.slice(0, 4).map(Number))));
    const names = ["leaf_length", "leaf_width", "frond_count", "stem_mm"];
    const objects = file(
      "plants-objects.json",
      JSON.stringify(rows.map((r) => Object.fromEntries(names.map((n, j) => [n, Number(r[j])])))),
    );
    const outputs = await Promise.all(
      [reordered, arrays, objects].map((f) => sgd(["predict", "--model", plants, "--input", f])),
    );
    const [header, ...first] = csvLines(outputs[0]!.io.out());
    expect(header).toEqual(["row", "predicted", "p_fern", "p_moss", "p_palm"]);
    first.forEach((r, k) =>
      expect(Math.abs(Number(r[2]) - forward(plants, rows[k]!.slice(0, 4).map(Number))[0]!)).toBeLessThan(1e-12),
    );
    for (const o of outputs) expect([o.code, o.io.out()]).toEqual([0, outputs[0]!.io.out()]);
  });

  it("a regression model prints predicted values, scored by mean squared error when the target is there", async () => {
    const input = file("sine.csv", "target,x0\n0.5,0.1\n-0.25,-2\n1,1.5\n");
    const { code, io } = await sgd(["predict", "--model", sine, "--input", input, "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    const truth = [0.5, -0.25, 1],
      xs = [0.1, -2, 1.5];
    const expected = xs.map((x) => forward(sine, [x])[0]!);
    doc.predictions.forEach((p: { predicted: number; target: number }, k: number) => {
      expect(Math.abs(p.predicted - expected[k]!)).toBeLessThan(1e-12);
      expect(p.target).toBe(truth[k]);
    });
    const mse = expected.reduce((s, v, k) => s + (v - truth[k]!) ** 2, 0) / 3;
    expect(Math.abs(doc.score.loss - mse)).toBeLessThan(1e-12);
    expect(doc.score.accuracy).toBeNull();
    const csv = csvLines((await sgd(["predict", "--model", sine, "--input", input])).io.out());
    expect(csv[0]).toEqual(["row", "target", "predicted"]);
  });
});

describe("sgd predict on IDX images and into --out", () => {
  it("scales IDX pixels by 1/255 like the training data, one image per row", async () => {
    // two 1×2 "images" for the 2-input moons model
    const idx = file(
      "points-idx3-ubyte",
      Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 128, 64]),
    );
    const { code, io } = await sgd(["predict", "--model", moons, "--input", idx, "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.format).toBe("idx");
    const expected = [forward(moons, [0, 1])[1]!, forward(moons, [128 / 255, 64 / 255])[1]!];
    doc.predictions.forEach((p: { probabilities: number[] }, k: number) =>
      expect(Math.abs(p.probabilities[1]! - expected[k]!)).toBeLessThan(1e-12),
    );
  });

  it("--out writes the CSV (an existing file needs --force)", async () => {
    const out = path.join(tmp, "predictions.csv");
    const first = await sgd(["predict", "--model", plants, "--input", "data/plants.csv", "--out", out]);
    expect([first.code, first.io.out()]).toEqual([0, ""]);
    const printed = (await sgd(["predict", "--model", plants, "--input", "data/plants.csv"])).io.out();
    expect(fs.readFileSync(out, "utf8")).toBe(printed);
    fs.writeFileSync(out, "keep me\n");
    const refused = await sgd(["predict", "--model", plants, "--input", "data/plants.csv", "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.io.err()).toMatch(/predictions\.csv: already exists \(use --force/);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me\n");
    expect(
      (await sgd(["predict", "--model", plants, "--input", "data/plants.csv", "--out", out, "--force"])).code,
    ).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(printed);
  });
});

describe("bad input (exit 2, one line naming the file, row and column)", () => {
  const header = "leaf_length,leaf_width,frond_count,stem_mm,species";
  it.each([
    [
      "a cell that is not a number",
      "bad-cell.csv",
      `${header}\n1,2,3,4,moss\n1,x,3,4,moss\n`,
      /bad-cell\.csv:3:3: row 2, column 2 \("leaf_width"\): "x" is not a number/,
    ],
    [
      "an empty cell",
      "empty.csv",
      `${header}\n1,2,,4,moss\n`,
      /empty\.csv:2:5: row 1, column 3 \("frond_count"\): is empty/,
    ],
    [
      "an unknown class",
      "class.csv",
      `${header}\n1,2,3,4,cactus\n`,
      /class\.csv:2:9: row 1, column 5 \("species"\): "cactus" is not one of the model's classes \(fern, moss, palm\)/,
    ],
    [
      "a column the model does not know",
      "extra.csv",
      `${header},height\n1,2,3,4,moss,5\n`,
      /extra\.csv:1:52: column "height" is not one of the model's features/,
    ],
    [
      "a missing feature",
      "missing.csv",
      "leaf_length,leaf_width,stem_mm\n1,2,3\n",
      /missing\.csv:1: no column "frond_count"/,
    ],
    [
      "a JSON cell that is not a number",
      "cell.json",
      "[[1,2,3,4],[1,2,true,4]]",
      /cell\.json: row 2, column 3 \("frond_count"\): true is not a number/,
    ],
    [
      "a JSON row of the wrong length",
      "short.json",
      "[[1,2,3]]",
      /short\.json: row 1: has 3 values, the model takes 4/,
    ],
    [
      "JSON that is not an array",
      "object.json",
      '{"rows": []}',
      /object\.json: expected a non-empty JSON array of rows/,
    ],
    [
      "IDX images of another size",
      "images-idx3-ubyte",
      Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2]),
      /images of 1×2 = 2 pixels, the model takes 4/,
    ],
  ])("%s", async (_, name, content, message) => {
    const { code, io } = await sgd(["predict", "--model", plants, "--input", file(name, content), "--json"]);
    expect(code).toBe(2);
    expect(io.err().trim().split("\n")).toHaveLength(1);
    expect(io.err()).toMatch(message);
    expect(JSON.parse(io.out())).toMatchObject({ status: "error", exitCode: 2 });
  });

  it("an input file that does not exist, and a directory without a model", async () => {
    const missing = await sgd(["predict", "--model", plants, "--input", path.join(tmp, "nope.csv")]);
    expect([missing.code, missing.io.err()]).toEqual([2, expect.stringMatching(/nope\.csv: file not found/)]);
    const noModel = await sgd(["predict", "--model", tmp, "--input", "data/plants.csv"]);
    expect([noModel.code, noModel.io.err()]).toEqual([2, expect.stringMatching(/model\.json: not found/)]);
  });
});
