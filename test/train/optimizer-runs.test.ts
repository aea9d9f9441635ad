/**
 * Every optimizer through `sgd train` on the two moons: it learns them; an interrupted run
 * resumed from its checkpoint ends with the uninterrupted run's metrics.csv and model.json bit
 * for bit (float64 on the TypeScript engine, float32 on the wasm engine's vectorised updates);
 * and the checkpoint keeps the optimizer's state under the optimizer's own names.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { metrics, readJson, repo, train } from "./train-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-optimizers-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Rates that suit each rule on the moons (the defaults of adam/adamw are slow for 90 steps). */
const RULES: [string, number, string[]][] = [
  ["sgd", 0.3, ["optimizer.momentum=0.5"]],
  ["adam", 0.02, []],
  ["adamw", 0.02, []],
  ["rmsprop", 0.01, ["optimizer.momentum=0.5"]],
  ["adagrad", 0.1, []],
];
const STATE_NAMES: Record<string, string[]> = {
  sgd: ["velocity"],
  adam: ["expAvg", "expAvgSq"],
  adamw: ["expAvg", "expAvgSq"],
  rmsprop: ["buffer", "squareAvg"],
  adagrad: ["sum"],
};

describe.each(["float64", "float32"])("optimizers through sgd train (%s)", (precision) => {
  it.each(RULES)(
    "%s: learns the moons, and interrupt + --resume equals the uninterrupted run",
    async (type, lr, extra) => {
      const sets = [`optimizer.type=${type}`, `optimizer.learningRate=${lr}`, `model.precision=${precision}`, ...extra];
      const args = [
        "--config",
        "configs/moons-backprop.yaml",
        ...sets.flatMap((s) => ["--set", s]),
        "--set",
        "optimizer.epochs=6",
      ];
      const full = path.join(tmp, `${type}-${precision}-full`),
        part = path.join(tmp, `${type}-${precision}-part`);
      expect((await train([...args, "--out", full, "--quiet"])).code).toBe(0);
      const summary = readJson(full, "summary.json");
      expect(summary.final.test_accuracy).toBeGreaterThan(0.8);
      const first = await train([...args, "--out", part], (text, interrupt) => {
        if (text.startsWith("step 45/")) interrupt();
      });
      expect(first.code).toBe(130);
      const checkpoint = readJson(part, "checkpoint.json");
      expect(Object.keys(checkpoint.optimizer.buffers).sort()).toEqual(STATE_NAMES[type]);
      expect(checkpoint.progress.step).toBe(45);
      expect((await train(["--resume", part, "--quiet"])).code).toBe(0);
      expect(metrics(part)).toEqual(metrics(full));
      expect(readJson(part, "model.json")).toEqual(readJson(full, "model.json"));
    },
  );
});

describe("sgd sweep --grid optimizer.type=sgd,adam", () => {
  it("trains one point per optimizer, each from the same config (its learningRate applies to both)", async () => {
    const out = path.join(tmp, "sweep");
    const io = capturedIo({ cwd: repo });
    const code = await run(
      [
        "sweep",
        "--config",
        "configs/moons-backprop.yaml",
        "--grid",
        "optimizer.type=sgd,adam",
        "--set",
        "optimizer.epochs=3",
        "--out",
        out,
        "--json",
      ],
      io,
    );
    expect(code).toBe(0);
    const doc = readJson(out, "sweep.json");
    expect(doc.points.map((p: { overrides: unknown; status: string }) => [p.overrides, p.status])).toEqual([
      [{ "optimizer.type": "sgd" }, "completed"],
      [{ "optimizer.type": "adam" }, "completed"],
    ]);
    const configs = doc.points.map((p: { dir: string }) => readJson(path.join(out, p.dir), "config.json").optimizer);
    expect(configs.map((o: { type: string; learningRate: number }) => [o.type, o.learningRate])).toEqual([
      ["sgd", 0.3],
      ["adam", 0.3], // the config's learningRate applies to both
    ]);
    expect(JSON.parse(io.out()).points).toHaveLength(2);
    expect(io.err()).toMatch(/optimizer\.type=adam/); // the table, on stderr with --json
  });
});
