/**
 * The health verdict (src/train/health.ts): its rules on numbers worked by hand, then the run the
 * verdict exists for — the moons at B = 1, γ = 3 end "completed" with a tiny last-interval loss
 * while their minibatch losses run far above the initial 0.69 and the test accuracy is 50 % —
 * through `sgd train` (exit 0, unstable with both reasons and a hint) and `sgd sweep` (the table
 * and the overlaid report mark the point).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { assessHealth, chanceThreshold, LOSS_SMOOTHING, majorityShare, smoothedLoss } from "../../src/train/health.js";
import { capturedIo } from "../cli/captured-io.js";
import { readJson, repo, train } from "./train-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-health-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const completed = { status: "completed" as const, divergence: null };

describe("the health rules", () => {
  it("smoothing: one step of loss x gives a = 0.02x and a/(1 − 0.98) = x; two steps weigh the second 0.02/0.0396", () => {
    expect(LOSS_SMOOTHING).toBe(0.98);
    expect(smoothedLoss(0.02 * 5, 1)).toBeCloseTo(5, 12);
    const a2 = 0.98 * (0.02 * 4) + 0.02 * 6; // losses 4 then 6
    expect(smoothedLoss(a2, 2)).toBeCloseTo((0.98 * 0.02 * 4 + 0.02 * 6) / (1 - 0.98 ** 2), 12);
    expect(smoothedLoss(0, 0)).toBeNull();
  });

  it("chance: the most common class's share, and 'at chance' up to a tenth of the way to 100 %", () => {
    expect(majorityShare(Int32Array.of(0, 1, 1, 1), 2)).toBe(0.75);
    expect(chanceThreshold(0.5)).toBeCloseTo(0.55, 15);
    expect(chanceThreshold(0.1)).toBeCloseTo(0.19, 15);
  });

  it("healthy when the loss fell and the accuracy is above chance; unstable with each reason otherwise", () => {
    const accuracy = { split: "test" as const, value: 0.9, chance: 0.5 };
    const ok = assessHealth({
      result: { ...completed, trend: { initial: 0.7, smoothed: 0.2 } },
      accuracy,
      learningRate: 0.3,
    });
    expect(ok).toEqual({ verdict: "healthy", reasons: [], hint: null });
    const bad = assessHealth({
      result: { ...completed, trend: { initial: 0.7459, smoothed: 16.48 } },
      accuracy: { ...accuracy, value: 0.54 },
      learningRate: 3,
    });
    expect(bad.verdict).toBe("unstable");
    expect(bad.reasons).toEqual([
      "the smoothed training loss ends at 16.48, above the initial 0.7459",
      "test accuracy 54.0 % is at chance (the most common class is 50.0 % of the test split)",
    ]);
    expect(bad.hint).toMatch(/^try a smaller learning rate \(optimizer\.learningRate=0\.3, a tenth of 3\)/);
    const regression = assessHealth({
      result: { ...completed, trend: { initial: 0.26, smoothed: 0.3 } },
      accuracy: { split: "validation", value: null, chance: null },
      learningRate: 0.05,
    });
    expect(regression.reasons).toEqual(["the smoothed training loss ends at 0.3, above the initial 0.26"]);
  });
});

const UNSTABLE = ["--config", "configs/moons-backprop.yaml", "--set", "optimizer.batchSize=1"];

describe("health through the commands", () => {
  it("sgd train: B = 1, γ = 3 on the moons is unstable (exit 0); the config's own γ = 0.3 is healthy", async () => {
    const out = path.join(tmp, "unstable");
    const { code, io } = await train([...UNSTABLE, "--set", "optimizer.learningRate=3", "--out", out]);
    expect(code).toBe(0);
    const summary = readJson(out, "summary.json");
    expect(summary.status).toBe("completed");
    expect(summary.final.test_accuracy).toBe(0.5);
    expect(summary.health.verdict).toBe("unstable");
    expect(summary.health.initial_loss).toBeCloseTo(0.7459, 4); // C(w₀) on the 150 training moons
    expect(summary.health.smoothed_loss).toBeGreaterThan(5 * summary.health.initial_loss);
    expect(summary.health.reasons).toHaveLength(2);
    expect(summary.health.reasons[1]).toBe(
      "test accuracy 50.0 % is at chance (the most common class is 50.0 % of the test split)",
    );
    expect(io.err()).toMatch(/health\s+unstable: the smoothed training loss ends at [\d.]+, above the initial 0\.7459/);
    expect(io.err()).toMatch(/try a smaller learning rate \(optimizer\.learningRate=0\.3, a tenth of 3\)/);
    const ok = path.join(tmp, "healthy");
    expect((await train(["--config", "configs/moons-backprop.yaml", "--out", ok, "--quiet"])).code).toBe(0);
    expect(readJson(ok, "summary.json").health).toMatchObject({ verdict: "healthy", reasons: [], hint: null });
  });

  it("sgd sweep marks the unstable point in its table, sweep.json and sweep report", async () => {
    const out = path.join(tmp, "sweep");
    const io = capturedIo({ cwd: repo });
    const args = ["sweep", ...UNSTABLE, "--grid", "optimizer.learningRate=0.3,3", "--set", "optimizer.epochs=5"];
    expect(await run([...args, "--out", out], io)).toBe(0);
    const doc = readJson(out, "sweep.json");
    expect(doc.points.map((p: { health: { verdict: string } }) => p.health.verdict)).toEqual(["healthy", "unstable"]);
    const table = io.out();
    expect(table).toMatch(/^\s*0\s+optimizer\.learningRate=0\.3\s+completed\s+healthy\s/m);
    expect(table).toMatch(/^\s*1\s+optimizer\.learningRate=3\s+completed\s+unstable\s/m);
    expect(table).toMatch(/^point 1 is unstable: the smoothed training loss ends at/m);
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    expect(html).toMatch(/<title>learningRate=3 \(unstable\)<\/title>|>learningRate=3 \(unstable\)</);
    expect(html).toMatch(/<td>unstable: the smoothed training loss ends at [0-9.]+, above the initial 0\.7459<\/td>/);
    expect(html).not.toMatch(/learningRate=0\.3 \(unstable\)/);
  });
});
