/**
 * Early stopping and the best weights: the rule of src/train/early-stopping.ts on sequences worked
 * by hand, then `sgd train` on the moons with data.validation: status stopped-early, model.json the
 * best weights (its validation loss is the best logged one, `sgd evaluate` agrees with summary.json),
 * model-last.json the last, the test split only at the end, resume bit for bit, and the refusals.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { initialMonitorState, observe, type MonitorRule } from "../../src/train/early-stopping.js";
import type { MetricsRow } from "../../src/train/state.js";
import { capturedIo } from "../cli/captured-io.js";
import { metrics, readJson, repo, train } from "./train-cli.js";
import { metricsRow } from "./metrics-row.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-early-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const at = (step: number, validation_loss: number): MetricsRow =>
  metricsRow(step, { learning_rate: 0.1, validation_loss });

describe("the early-stopping rule", () => {
  it("min, patience 2, minDelta 0.05: 1.0 improves, 0.97 is within minDelta, 0.9 improves, then two misses stop", () => {
    const rule: MonitorRule = { monitor: "validation_loss", direction: "min", patience: 2, minDelta: 0.05 };
    const state = initialMonitorState();
    const seen = [1, 0.97, 0.9, 0.88, 0.95].map((v, i) => observe(rule, state, at(10 * (i + 1), v)));
    expect(seen).toEqual(["improved", "waiting", "improved", "waiting", "stop"]);
    expect(state).toEqual({ best: 0.9, bestStep: 30, wait: 2 });
  });

  it("max (an accuracy): higher is better; NaN never improves; patience ∞ never stops", () => {
    const rule: MonitorRule = { monitor: "validation_loss", direction: "max", patience: Infinity, minDelta: 0 };
    const state = initialMonitorState();
    const seen = [0.5, 0.7, Number.NaN, 0.6, 0.7].map((v, i) => observe(rule, state, at(i + 1, v)));
    expect(seen).toEqual(["improved", "improved", "waiting", "waiting", "waiting"]);
    expect(state).toEqual({ best: 0.7, bestStep: 2, wait: 3 });
  });
});

const ARGS = ["--config", "configs/moons-backprop.yaml", "--set", "data.validation=0.2", "--set", "stop.patience=2"];

async function evaluate(dir: string, ...more: string[]) {
  const io = capturedIo({ cwd: repo });
  expect(await run(["evaluate", "--model", dir, "--json", ...more], io)).toBe(0);
  return JSON.parse(io.out()) as { loss: number; accuracy: number };
}

describe("sgd train with data.validation and stop", () => {
  const full = path.join(tmp, "full");

  it("stops early and keeps the best weights in model.json, the last in model-last.json", async () => {
    const { code, io } = await train([...ARGS, "--out", full]);
    expect(code).toBe(0);
    expect(io.err()).toMatch(/120 train \/ 30 validation \/ 50 test/);
    const summary = readJson(full, "summary.json");
    expect(summary.status).toBe("stopped-early");
    const rows = metrics(full);
    expect(rows.every((r) => r.test_loss === "" && r.test_accuracy === "")).toBe(true); // test untouched until the end
    const evaluated = rows.filter((r) => r.validation_loss !== "");
    const losses = evaluated.map((r) => Number(r.validation_loss));
    const bestAt = losses.indexOf(Math.min(...losses));
    expect(summary.best).toEqual({
      step: Number(evaluated[bestAt]!.step),
      monitor: "validation_loss",
      value: losses[bestAt],
    });
    expect(evaluated.length - 1 - bestAt).toBe(2); // two evaluations without improvement, then the stop
    expect(summary.steps).toBe(Number(rows.at(-1)!.step));
    expect(summary.steps).toBeLessThan(240);
    // model.json holds the best weights: its validation loss is the best one logged, to the bit
    expect((await evaluate(full, "--split", "validation")).loss).toBe(summary.best.value);
    expect(summary.final.validation_loss).toBe(summary.best.value);
    const test = await evaluate(full);
    expect([test.loss, test.accuracy]).toEqual([summary.final.test_loss, summary.final.test_accuracy]);
    expect(readJson(full, "model-last.json").layers).not.toEqual(readJson(full, "model.json").layers);
    expect(io.err()).toMatch(/best model\s+step \d+ \(validation_loss [\d.]+\): model\.json/);
  });

  it("an interrupted run resumed from its checkpoint stops at the same step with the same files", async () => {
    const part = path.join(tmp, "part");
    const first = await train([...ARGS, "--out", part], (text, interrupt) => {
      if (text.startsWith("step 40/")) interrupt();
    });
    expect(first.code).toBe(130);
    expect(readJson(part, "checkpoint.json").best).toEqual(expect.any(String));
    expect(fs.existsSync(path.join(part, "model-last.json"))).toBe(true); // written whatever stopped the run
    expect((await train(["--resume", part, "--quiet"])).code).toBe(0);
    expect(metrics(part)).toEqual(metrics(full));
    for (const file of ["model.json", "model-last.json"]) expect(readJson(part, file)).toEqual(readJson(full, file));
    const [a, b] = [readJson(part, "summary.json"), readJson(full, "summary.json")];
    expect([a.status, a.best, a.final]).toEqual([b.status, b.best, b.final]);
  });

  it("a validation split alone keeps the best weights and never stops", async () => {
    const out = path.join(tmp, "validation-only");
    const args = ["--config", "configs/moons-backprop.yaml", "--set", "data.validation=30", "--out", out, "--quiet"];
    expect((await train(args)).code).toBe(0);
    const summary = readJson(out, "summary.json");
    expect([summary.status, summary.steps, summary.best.monitor]).toEqual(["completed", 240, "validation_loss"]);
    expect(fs.existsSync(path.join(out, "model-last.json"))).toBe(true);
  });

  it("watches the test split when there is no validation split (stop.monitor: test_accuracy, max)", async () => {
    const out = path.join(tmp, "test-monitor");
    const args = ["--config", "configs/moons-backprop.yaml", "--set", "stop={monitor: test_accuracy, patience: 1}"];
    expect((await train([...args, "--out", out, "--quiet"])).code).toBe(0);
    const summary = readJson(out, "summary.json");
    expect(summary.status).toBe("stopped-early");
    const accuracies = metrics(out)
      .filter((r) => r.test_accuracy !== "")
      .map((r) => Number(r.test_accuracy));
    expect(summary.best.value).toBe(Math.max(...accuracies));
    expect(summary.final.test_accuracy).toBe(summary.best.value);
  });

  it.each([
    [["--set", "stop.patience=2"], /stop\.monitor: validation_loss needs a validation split: set data\.validation/],
    [
      ["--set", "data.validation=0.2", "--set", "stop.monitor=test_loss"],
      /stop\.monitor: test_loss would pick the model by the test split .*watch validation_loss/,
    ],
    [["--set", "data.validation=2000"], /data\.validation 2000 of 150 training samples/],
  ])("refuses %j with exit 2, writing nothing", async (sets, message) => {
    const out = path.join(tmp, `refused-${sets.length}-${String(sets[1]).length}`);
    const { code, io } = await train(["--config", "configs/moons-backprop.yaml", ...sets, "--out", out]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses an accuracy to watch on a regression dataset", async () => {
    const sets = ["--set", "data.validation=0.1", "--set", "stop.monitor=validation_accuracy"];
    const { code, io } = await train(["--config", "configs/synthetic-regression-mse.yaml", ...sets]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/stop\.monitor: validation_accuracy needs a classifier.*watch validation_loss/);
  });
});
