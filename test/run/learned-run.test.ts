/**
 * The report's "what the network learned" inputs at the end of `sgd train` (src/run/learned-run.ts): the weights in
 * memory, stored as the engine stores them (here Wᵀ, "in-out"), give exactly the network that reading model.json
 * back gives; weights JSON cannot hold (NaN) send it to model.json after all, with the reason `sgd report` gives.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTrainConfig } from "../../src/config/load-config.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { layoutOf, paramCount } from "../../src/model/layout.js";
import { toModelJson } from "../../src/model/model-json.js";
import { modelExtras } from "../../src/report/train-run.js";
import { networkSpecFor, seedStreams } from "../../src/run/experiment.js";
import { learnedAtEnd, learnedOf } from "../../src/run/learned-run.js";
import { repo } from "../train/train-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-learned-run-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("learnedAtEnd", () => {
  const config = loadTrainConfig(path.join(repo, "configs/moons-backprop.yaml"), [], repo);
  const dataset = loadDataset(config.data, seedStreams(config.seed).data, { cwd: repo });
  const spec = networkSpecFor(config, dataset);
  const transposed = layoutOf(spec, ["in-out", "in-out"]);
  const p = paramCount(spec);
  // w_k = (k − p/2)/7 + 1/3: every entry a different float64, none exactly representable in few digits
  const w = Float64Array.from({ length: p }, (_, k) => (k - p / 2) / 7 + 1 / 3);
  const written = (dir: string, weights: Float64Array) => {
    fs.mkdirSync(dir);
    const json = toModelJson(transposed, weights, modelExtras(dataset));
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
    return dir;
  };
  const classes = () => new Int32Array(dataset.test.n);

  it("gives the network model.json gives back: its spec, and w in the file's layout, bit for bit", () => {
    const dir = written(path.join(tmp, "finite"), w);
    const atEnd = learnedAtEnd(dir, repo, dataset, { layout: transposed, w }, classes);
    const fromFile = learnedOf(dir, repo, dataset, classes);
    if (!("input" in atEnd) || !("input" in fromFile)) throw new Error("both should have inputs");
    expect(atEnd.input.w).toEqual(fromFile.input.w);
    expect(atEnd.input.w).not.toEqual(w); // stored W [O×I], not as the engine held it
    expect(atEnd.input.spec.sizes).toEqual(fromFile.input.spec.sizes);
    expect([atEnd.input.spec.activation, atEnd.input.spec.loss, atEnd.input.spec.precision]).toEqual([
      fromFile.input.spec.activation,
      fromFile.input.spec.loss,
      fromFile.input.spec.precision,
    ]);
    expect(atEnd.input.chunk).toBe(fromFile.input.chunk);
    expect(atEnd.input.dataset).toBe(dataset);
    expect(atEnd.input.testClasses).toBe(classes);
  });

  it("with a NaN weight (JSON writes null), says what reading model.json says", () => {
    const broken = w.slice();
    broken[3] = Number.NaN;
    const dir = written(path.join(tmp, "nan"), broken);
    const atEnd = learnedAtEnd(dir, repo, dataset, { layout: transposed, w: broken }, classes);
    expect(atEnd).toEqual(learnedOf(dir, repo, dataset, classes));
    expect(atEnd).toEqual({ unavailable: expect.stringContaining(path.join(dir, "model.json")) });
  });
});
