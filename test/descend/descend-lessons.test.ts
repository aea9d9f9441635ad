/**
 * The descend lessons added for the tutorial: verdicts that tolerate floating-point drift, "not converged
 * within N steps", SGD's momentum through the optimizer's own update, minibatch descent on mean-squares,
 * and the --out report with isolines and trajectories.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { descend, type DescendRequest } from "../../src/descend/descend.js";
import { classifyRun, quadraticBound } from "../../src/descend/gradient-descent.js";
import { capturedIo as captured } from "../cli/captured-io.js";

const request = (over: Partial<DescendRequest>): DescendRequest => ({
  function: "quadratic",
  start: [-3],
  learningRates: [1],
  steps: 10,
  scale: 1,
  gradient: "exact",
  epsilon: 1e-6,
  momentum: 0,
  batchSizes: ["full"],
  samples: 100,
  seed: 1,
  ...over,
});

const capturedIo = (cwd: string) => captured({ cwd });

describe("verdicts", () => {
  it("give x² from −3 with γ = 1 the same verdict, oscillating, from central differences over 100,000 steps", () => {
    const exact = descend(request({ steps: 100_000 })).runs[0]!;
    const fd = descend(request({ steps: 100_000, gradient: "finite-difference" })).runs[0]!;
    expect(exact.final.x[0]).toBe(-3);
    expect(Math.abs(fd.final.x[0]! + 3)).toBeLessThan(1e-3);
    expect(fd.classification).toBe("oscillating");
    expect(exact.classification).toBe("oscillating");
  });

  it("count a rise of 1e-9 a step on f = 9 as drift, but a rise of 4e-7·f a step (γ = 1.0000001) as diverging", () => {
    const iterates = (rise: number) =>
      Array.from({ length: 101 }, (_, step) => ({
        step,
        x: [step % 2 ? 3 : -3],
        f: 9 * (1 + rise) ** step,
        gradNorm: 6,
      }));
    expect(classifyRun(iterates(1e-9 / 9)).classification).toBe("oscillating");
    expect(classifyRun(iterates(4e-7)).classification).toBe("diverging");
    const slow = descend(request({ learningRates: [1.0000001], steps: 100 })).runs[0]!;
    expect(slow.classification).toBe("diverging");
  });

  it("say 'not converged' for γ = 0.001 after 20 steps: f = 9·0.998^40 = 8.31 is 92 % of the start", () => {
    const r = descend(request({ learningRates: [0.001], steps: 20 })).runs[0]!;
    expect(r.final.f).toBeCloseTo(9 * 0.998 ** 40, 12);
    expect(r.classification).toBe("not converged");
    expect(r.reason).toBe("within 20 steps: f fell at each of the last 5 steps; f − f* = 8.31, 92 % of f(x_0) − f*");
    // and converging once it has had the steps: 0.998^(2·1500) = 0.0025
    expect(descend(request({ learningRates: [0.001], steps: 1500 })).runs[0]!.classification).toBe("converging");
  });
});

describe("--momentum: SGD's own update, v ← μv + ∇f, x ← x − γv", () => {
  it("from 4 with γ = 0.1, μ = 0.9 gives 3.2 (v = 8) then 1.84 (v = 0.9·8 + 6.4 = 13.6)", () => {
    const r = descend(request({ start: [4], learningRates: [0.1], momentum: 0.9, steps: 2 })).runs[0]!;
    expect(r.iterates.map((it) => it.x[0])).toEqual([4, expect.closeTo(3.2, 12), expect.closeTo(1.84, 12)]);
  });

  it("has the heavy-ball bound (1 + μ)/a and the spectral radius of z² − (1 + μ − 2aγ)z + μ", () => {
    // γ = 0.1, μ = 0.9: t = 1.7, t² − 4μ < 0, so |z| = √0.9
    expect(quadraticBound(1, 0.1, 0.9).spectralRadius).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(quadraticBound(1, 1.9, 0.9)).toMatchObject({ maxStableLearningRate: 1.9, predicted: "oscillating" });
    expect(quadraticBound(1, 1.5, 0.9).predicted).toBe("converging"); // plain GD diverges at γ = 1.5
    expect(quadraticBound(1, 2, 0.9).predicted).toBe("diverging");
    const measured = descend(request({ learningRates: [1.5, 2], momentum: 0.9, steps: 200 })).runs;
    expect(measured.map((r) => r.classification)).toEqual(["converging", "diverging"]);
    // f is not monotone with momentum (it spirals in): the peaks of f − f* shrink
    expect(measured[0]!.reason).toMatch(/its peaks shrinking$/);
  });
});

describe("mean-squares: f = mean_i ‖x − s_i‖² with --batch", () => {
  const sgd = descend(
    request({ function: "mean-squares", start: [-3, 3], learningRates: [0.05], steps: 100, batchSizes: [1, "full"] }),
  );

  it("has its minimum f* = mean ‖s_i − s̄‖² at s̄, and full batch is plain GD: x − s̄ shrinks by 1 − 2γ = 0.9", () => {
    const xStar = sgd.minimizer!;
    const samples = sgd.samples!;
    expect(samples).toHaveLength(100);
    const mean = [0, 1].map((j) => samples.reduce((s, v) => s + v[j]!, 0) / 100);
    expect(xStar[0]).toBeCloseTo(mean[0]!, 12);
    const full = sgd.runs[1]!;
    expect(full.batchSize).toBe(100);
    for (const it of full.iterates.slice(0, 5)) {
      expect(it.x[0]! - xStar[0]!).toBeCloseTo((-3 - xStar[0]!) * 0.9 ** it.step, 12);
    }
    expect(full.pathLength).toBeCloseTo(full.distance, 9); // a straight line
  });

  it("wanders with one sample per step: path length over twice the distance, still near the minimum", () => {
    const one = sgd.runs[0]!;
    expect(one.batchSize).toBe(1);
    expect(one.pathLength).toBeGreaterThan(2 * one.distance);
    expect(one.classification).toBe("converging");
    expect(one.reason).toMatch(/^mean f − f\* over the last 5 steps = /);
  });

  it("is seeded: the same seed gives the same path, another seed another", () => {
    const again = descend(
      request({ function: "mean-squares", start: [-3, 3], learningRates: [0.05], steps: 100, batchSizes: [1, "full"] }),
    );
    expect(again.runs[0]!.iterates).toEqual(sgd.runs[0]!.iterates);
    const other = descend(
      request({
        function: "mean-squares",
        start: [-3, 3],
        learningRates: [0.05],
        steps: 100,
        batchSizes: [1],
        seed: 2,
      }),
    );
    expect(other.runs[0]!.final.x).not.toEqual(sgd.runs[0]!.final.x);
  });
});

describe("sgd descend flags and --out", () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-descend-"));

  it("writes descend.json and a report with isolines and one trajectory per run", async () => {
    const io = capturedIo(cwd);
    const args = ["descend", "--function", "mean-squares", "--lr", "0.05", "--batch", "1,10,full", "--steps", "50"];
    expect(await run([...args, "--out", "lesson", "--quiet"], io)).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(cwd, "lesson", "descend.json"), "utf8"));
    expect(doc.runs.map((r: { batchSize: number }) => r.batchSize)).toEqual([1, 10, 100]);
    const html = fs.readFileSync(path.join(cwd, "lesson", "report.html"), "utf8");
    expect(html.match(/data-level="/g)!.length).toBeGreaterThan(5);
    for (const b of [1, 10, 100]) expect(html).toContain(`data-series="γ = 0.05, B = ${b} (`);
    // the plotted path is the run's iterates
    const first = doc.runs[0].iterates
      .slice(0, 2)
      .map((it: { x: number[] }) => it.x.join(","))
      .join(" ");
    expect(html).toContain(`data-points="${first} `);
    expect(await run([...args, "--out", "lesson", "--quiet"], capturedIo(cwd))).toBe(2); // not empty
    expect(await run([...args, "--out", "lesson", "--quiet", "--force"], capturedIo(cwd))).toBe(0);
  });

  it("rejects --batch off mean-squares, a batch over --samples, and μ outside [0, 1) with exit 2", async () => {
    const bad = [
      ["--function", "quadratic", "--lr", "0.1", "--batch", "1"],
      ["--function", "mean-squares", "--lr", "0.1", "--batch", "101"],
      ["--function", "quadratic", "--lr", "0.1", "--momentum", "1"],
    ];
    for (const args of bad) {
      const io = capturedIo(cwd);
      expect(await run(["descend", ...args], io)).toBe(2);
      expect(io.err().trim().split("\n")).toHaveLength(1);
    }
  });
});
