/**
 * The library API through the package's public entry point: `import … from "sgd"` resolves by
 * package.json's "exports" (under vitest its "sgd-source" condition, src/index.ts; for every
 * other consumer dist/index.js, built from it). loadTrainConfig fills defaults and reports the
 * CLI's errors; train() writes the run directory `sgd train` writes, with one progress event
 * per metrics row, and returns the summary; an AbortSignal stops it with the checkpoint saved;
 * evaluate() reproduces the run's final test numbers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { evaluate, InvalidConfigError, loadTrainConfig, train, type TrainProgressEvent } from "sgd";
import { afterAll, describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-library-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MOONS = { name: "lib-moons", data: { source: "synthetic", generator: "moons", samples: 200 } };

describe("package.json", () => {
  it("exports the entry point: dist/index.js (compiled from src/index.ts) with its types", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
    expect(pkg.name).toBe("sgd");
    expect(pkg.exports["."]).toEqual({
      "sgd-source": "./src/index.ts",
      types: "./dist/index.d.ts",
      default: "./dist/index.js",
    });
    const build = JSON.parse(fs.readFileSync(path.join(repo, "tsconfig.build.json"), "utf8"));
    expect([build.compilerOptions.rootDir, build.compilerOptions.outDir]).toEqual(["src", "dist"]);
    expect(pkg.files).toContain("dist");
  });
});

describe("loadTrainConfig", () => {
  it("takes an object or a file, applies set overrides and fills every default", () => {
    const config = loadTrainConfig(MOONS, { set: ["optimizer.epochs=3"] });
    expect(config.optimizer).toMatchObject({ epochs: 3, batchSize: 32, learningRate: 0.05 });
    expect(config.log).toEqual({
      every: 50,
      evalEvery: 500,
      tensorboard: true,
      fullTrainLoss: false,
      gradientNoise: 0,
    });
    const fromFile = loadTrainConfig("configs/csv-example.yaml", { cwd: repo });
    expect(fromFile.data).toMatchObject({ source: "csv", path: path.join(repo, "data/plants.csv") });
  });

  it("throws the CLI's typed error, naming the key, for a bad config", () => {
    try {
      loadTrainConfig({ ...MOONS, optimiser: {} });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidConfigError);
      expect((err as InvalidConfigError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(/optimiser.*did you mean "optimizer"/);
    }
  });
});

describe("train and evaluate", () => {
  it("train() writes the run directory, sends one event per metrics row and returns the summary", async () => {
    const out = path.join(tmp, "moons");
    const events: TrainProgressEvent[] = [];
    const lines: string[] = [];
    const config = loadTrainConfig(MOONS, {
      set: ["optimizer.epochs=10", "log.every=5", "optimizer.learningRate=0.3"],
    });
    const { dir, summary } = await train(config, { out, onProgress: (e) => events.push(e), log: (l) => lines.push(l) });
    expect(dir).toBe(out);
    expect(summary).toEqual(JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")));
    expect(summary.status).toBe("completed");
    expect(summary.steps).toBe(50); // 160 training samples / batch 32 = 5 steps × 10 epochs
    const csv = fs.readFileSync(path.join(out, "metrics.csv"), "utf8").trim().split("\n").slice(1);
    expect(events.map((e) => e.step)).toEqual(csv.map((l) => Number(l.split(",")[0])));
    expect(events.every((e) => e.totalSteps === 50 && e.type === "row")).toBe(true);
    expect(events.at(-1)!.row.test_accuracy).toBe(summary.final.test_accuracy);
    expect(lines.some((l) => l.startsWith("lib-moons: 2-128-2 relu"))).toBe(true);

    const scored = evaluate(dir);
    expect([scored.loss, scored.accuracy, scored.samples]).toEqual([
      summary.final.test_loss,
      summary.final.test_accuracy,
      40,
    ]);
    expect(evaluate(dir, { split: "train" }).samples).toBe(160);
  });

  it("an aborted signal stops the run after the current step, with its checkpoint: status interrupted", async () => {
    const out = path.join(tmp, "stopped");
    const stop = new AbortController();
    const { summary } = await train(
      { ...MOONS, optimizer: { epochs: 10 }, log: { every: 5 } },
      { out, signal: stop.signal, onProgress: (e) => e.step === 15 && stop.abort() },
    );
    expect([summary.status, summary.steps]).toEqual(["interrupted", 15]);
    expect(JSON.parse(fs.readFileSync(path.join(out, "checkpoint.json"), "utf8")).progress.step).toBe(15);
  });

  it("refuses a non-empty out without force, as sgd train does", async () => {
    await expect(train(MOONS, { out: path.join(tmp, "moons") })).rejects.toThrow(/directory is not empty/);
  });
});
