/**
 * `sgd train` end to end through run(argv, io): the run directory, determinism, the tutorial's
 * "same gradient" (backprop and finite-difference runs give the same loss curve), interrupt and
 * resume, divergence, and refusals.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeEvent } from "../../src/export/tensorboard-event.js";
import { readRecords } from "../../src/export/tfrecord.js";
import { fromModelJson } from "../../src/model/model-json.js";
import { eventFiles } from "../../src/report/tensorboard-log.js";
import { metrics, train } from "./train-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-train-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The run's TensorBoard events after the file version: step and scalars, the clock-made ones dropped. */
function events(dir: string): { step: number; scalars: Record<string, number> }[] {
  const files = eventFiles(dir);
  expect(files).toHaveLength(1);
  const { records, problem } = readRecords(new Uint8Array(fs.readFileSync(files[0]!)));
  expect(problem).toBeNull();
  return records.slice(1).map((data) => {
    const event = decodeEvent(data);
    if (!("scalars" in event)) throw new Error(`step ${event.step}: not a scalar event`);
    const scalars = Object.fromEntries(
      event.scalars.filter((s) => s.tag !== "samples_per_s").map((s) => [s.tag, s.value]),
    );
    return { step: event.step, scalars };
  });
}

describe("sgd train", () => {
  it("writes the run directory of docs/train.md and learns the moons", async () => {
    const out = path.join(tmp, "moons");
    const { code, io } = await train(["--config", "configs/moons-backprop.yaml", "--out", out, "--json"]);
    expect(code).toBe(0);
    for (const f of ["config.json", "metrics.csv", "metrics.jsonl", "summary.json", "model.json", "checkpoint.json"]) {
      expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(io.out());
    expect(summary).toEqual(JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")));
    expect(summary.status).toBe("completed");
    expect(summary.steps).toBe(300); // 150 training samples / batch 10 × 20 epochs
    expect(summary.parameters).toBe(2 * 8 + 8 + 8 * 2 + 2);
    expect(summary.final.test_accuracy).toBeGreaterThan(0.85);
    const model = fromModelJson(JSON.parse(fs.readFileSync(path.join(out, "model.json"), "utf8")));
    expect(model.spec.sizes).toEqual([2, 8, 2]);
    const jsonl = fs.readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n");
    expect(jsonl.length).toBe(metrics(out).length);
    // TensorBoard: one event per metrics row, its numbers those of the row (as float32)
    const rows = metrics(out);
    expect(events(out)).toEqual(
      rows.map((r) => ({
        step: Number(r.step),
        scalars: Object.fromEntries(
          ["learning_rate", "train_loss", "test_loss", "test_accuracy"]
            .filter((c) => r[c] !== "")
            .map((c) => [c, Math.fround(Number(r[c]))]),
        ),
      })),
    );
    // histograms.json: the end moment's weights are model.json's weights
    const histograms = JSON.parse(fs.readFileSync(path.join(out, "histograms.json"), "utf8"));
    expect(histograms.snapshots.map((s: { moment: string }) => s.moment)).toEqual(["start", "middle", "end"]);
    const end = histograms.snapshots[2];
    expect(end.step).toBe(300);
    const saved = JSON.parse(fs.readFileSync(path.join(out, "model.json"), "utf8"));
    saved.layers.forEach((layer: { weights: number[][] }, l: number) => {
      const values = layer.weights.flat();
      const h = end.layers[l];
      expect(h.shape).toEqual([layer.weights.length, layer.weights[0]!.length]);
      expect(h.weights.min).toBe(Math.min(...values));
      expect(h.weights.max).toBe(Math.max(...values));
      expect(h.weights.counts.reduce((a: number, b: number) => a + b, 0)).toBe(values.length);
      expect(h.weights.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
      expect(h.gradient.counts.reduce((a: number, b: number) => a + b, 0)).toBe(values.length);
    });
  });

  it("log.tensorboard: false writes no event file", async () => {
    const out = path.join(tmp, "no-tensorboard");
    const args = ["--config", "configs/moons-backprop.yaml", "--out", out, "--quiet", "--set", "optimizer.epochs=1"];
    expect((await train([...args, "--set", "log.tensorboard=false"])).code).toBe(0);
    expect(fs.existsSync(path.join(out, "tensorboard"))).toBe(false);
    expect(metrics(out).length).toBeGreaterThan(0);
  });

  it("same config and seed twice ⇒ identical metrics.csv apart from the time columns", async () => {
    const a = path.join(tmp, "det-a"),
      b = path.join(tmp, "det-b");
    expect((await train(["--config", "configs/moons-backprop.yaml", "--out", a, "--quiet"])).code).toBe(0);
    expect((await train(["--config", "configs/moons-backprop.yaml", "--out", b, "--quiet"])).code).toBe(0);
    expect(metrics(a)).toEqual(metrics(b));
    const c = path.join(tmp, "det-c");
    expect((await train(["--config", "configs/moons-backprop.yaml", "--out", c, "--quiet", "--seed", "2"])).code).toBe(
      0,
    );
    expect(metrics(c)).not.toEqual(metrics(a));
  });

  it("backprop and finite differences give the same loss curve (≤ 1e-6 relative at every row)", async () => {
    const bp = path.join(tmp, "bp"),
      fd = path.join(tmp, "fd");
    expect((await train(["--config", "configs/moons-backprop.yaml", "--out", bp, "--quiet"])).code).toBe(0);
    expect((await train(["--config", "configs/moons-finite-difference.yaml", "--out", fd, "--quiet"])).code).toBe(0);
    const a = metrics(bp),
      b = metrics(fd);
    expect(b.length).toBe(a.length);
    let worst = 0;
    a.forEach((row, i) => {
      for (const col of ["train_loss", "test_loss"]) {
        if (row[col] === "") continue;
        const x = Number(row[col]),
          y = Number(b[i]![col]);
        worst = Math.max(worst, Math.abs(x - y) / Math.abs(x));
      }
    });
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(worst).toBeGreaterThan(0); // they are different computations, not a copy
  });

  it("a finite-difference run gives the same metrics on 1 and 2 threads", async () => {
    const one = path.join(tmp, "fd-1"),
      two = path.join(tmp, "fd-2");
    const args = ["--config", "configs/moons-finite-difference.yaml", "--quiet", "--set", "optimizer.epochs=3"];
    expect((await train([...args, "--out", one, "--threads", "1"])).code).toBe(0);
    expect((await train([...args, "--out", two, "--threads", "2"])).code).toBe(0);
    expect(metrics(two)).toEqual(metrics(one));
    expect(JSON.parse(fs.readFileSync(path.join(two, "summary.json"), "utf8")).environment.threads).toBe(2);
  });

  it("a backprop run on the wasm engine gives the same metrics on 1 and 2 threads (MNIST, 784-256-128-10)", async () => {
    const one = path.join(tmp, "bp-1"),
      two = path.join(tmp, "bp-2");
    const sets = [
      "model.hidden=[256,128]",
      "data.train=1000",
      "data.test=300",
      "optimizer.epochs=2",
      "log.every=5",
      "log.evalEvery=10",
    ];
    const args = ["--config", "configs/mnist-minibatch.yaml", ...sets.flatMap((s) => ["--set", s])];
    const first = await train([...args, "--out", one, "--threads", "1"]);
    expect(first.code).toBe(0);
    expect(first.io.err()).toMatch(/784-256-128-10 relu cross-entropy float32 on wasm-simd-[a-z+]+, /);
    const { code, io } = await train([...args, "--out", two, "--threads", "2"]);
    expect(code).toBe(0);
    expect(io.err()).toMatch(/784-256-128-10 relu cross-entropy float32 on wasm-simd-[a-z+]+ \(2 threads\)/);
    expect(metrics(two).length).toBeGreaterThan(10);
    expect(metrics(two)).toEqual(metrics(one));
  });

  for (const precision of ["float64", "float32"]) {
    it(`an interrupted run exits 130 and --resume finishes it with the uninterrupted metrics (${precision})`, async () => {
      const set = ["--set", `model.precision=${precision}`];
      const full = path.join(tmp, `full-${precision}`),
        part = path.join(tmp, `part-${precision}`);
      expect((await train(["--config", "configs/moons-backprop.yaml", "--out", full, "--quiet", ...set])).code).toBe(0);
      const first = await train(
        ["--config", "configs/moons-backprop.yaml", "--out", part, ...set],
        (text, interrupt) => {
          if (text.startsWith("step 125/")) interrupt();
        },
      );
      expect(first.code).toBe(130);
      expect(first.io.err()).toMatch(/interrupted at step 125.*--resume/);
      const summary = JSON.parse(fs.readFileSync(path.join(part, "summary.json"), "utf8"));
      expect(summary.status).toBe("interrupted");
      expect(metrics(part).length).toBeLessThan(metrics(full).length);
      const second = await train(["--resume", part, "--quiet"]);
      expect(second.code).toBe(0);
      expect(metrics(part)).toEqual(metrics(full));
      expect(events(part)).toEqual(events(full)); // appended to the same event file
      // the start was taken before the interruption, the middle (step ≥ 150) and the end after it
      const histograms = (dir: string) => fs.readFileSync(path.join(dir, "histograms.json"), "utf8");
      expect(JSON.parse(histograms(part)).snapshots.map((s: { step: number }) => s.step)).toEqual([0, 150, 300]);
      expect(histograms(part)).toEqual(histograms(full));
    });
  }

  it("a learning rate of 50 on MNIST diverges: exit 3, status diverged, logs kept", async () => {
    const out = path.join(tmp, "diverge");
    const { code, io } = await train([
      "--config",
      "configs/mnist-minibatch.yaml",
      "--out",
      out,
      "--set",
      "optimizer.learningRate=50",
      "--set",
      "data.train=500",
      "--set",
      "data.test=100",
      "--set",
      "optimizer.maxSteps=200",
      "--set",
      "log.every=1",
    ]);
    expect(code).toBe(3);
    expect(io.err()).toMatch(
      /diverged at step \d+ \(loss .* is over 10000 × the first step.*learning rate (50|49\.9\d+)\).*lower optimizer.learningRate/,
    );
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    expect(summary.status).toBe("diverged");
    expect(metrics(out).length).toBeGreaterThan(0);
  });

  it("refuses a non-empty --out without --force and leaves its files alone", async () => {
    const out = path.join(tmp, "busy");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "keep.txt"), "precious");
    const { code, io } = await train(["--config", "configs/moons-backprop.yaml", "--out", out]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/not empty.*--force/);
    expect(fs.readdirSync(out)).toEqual(["keep.txt"]);
    expect(fs.readFileSync(path.join(out, "keep.txt"), "utf8")).toBe("precious");
  });

  it("refuses a finite-difference run estimated over an hour unless --allow-slow", async () => {
    const out = path.join(tmp, "slow");
    const { code, io } = await train([
      "--config",
      "configs/mnist-minibatch.yaml",
      "--out",
      out,
      "--set",
      "gradient.method=finite-difference",
      "--set",
      "data.test=100",
    ]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/203,541 forward passes per step/); // 2p + 1, p = 101,770
    expect(io.err()).toMatch(/--allow-slow/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
