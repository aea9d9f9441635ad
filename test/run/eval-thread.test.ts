/**
 * Evaluation off the training thread (src/run/eval-thread.ts): when a run sends its evaluations to
 * a second thread, the worker's numbers (loss, accuracy, and the test classes of the report) equal the
 * training thread's Evaluator bit for bit, a w changed right after the call does not change them, and a
 * whole `sgd train` run writes the same metrics, final numbers and report either way.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTrainConfig } from "../../src/config/load-config.js";
import type { Dataset, Split } from "../../src/data/dataset.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { Evaluator } from "../../src/model/evaluate.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { EvalThread, evaluationCount, OFF_THREAD_MIN_WORK, offThreadEvaluation } from "../../src/run/eval-thread.js";
import { EVAL_CHUNK } from "../../src/run/experiment.js";
import { run as sgd } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { metrics, readJson, repo, train } from "../train/train-cli.js";

describe("offThreadEvaluation: when the evaluations go to a second thread", () => {
  const quickStart = loadTrainConfig(path.join(repo, "configs/mnist-minibatch.yaml"), [], repo);
  const split = (n: number) => ({ n }) as Split;
  const mnist = { train: split(8000), test: split(10_000) } as Dataset;
  // the Quick start: 2,500 steps of 32, 101,770 parameters, an evaluation every 250 steps and epoch
  const facts = { threads: 2, engineThreads: 1, totalSteps: 2500, batchSize: 32, parameters: 101_770 };

  it("counts the evaluating steps: multiples of log.evalEvery, epoch ends and the last, each once", () => {
    const brute = (T: number, every: number, perEpoch: number) =>
      Array.from({ length: T }, (_, k) => k + 1).filter((k) => k % every === 0 || k % perEpoch === 0 || k === T).length;
    for (const [T, every, perEpoch] of [
      [2500, 250, 250],
      [1260, 125, 63],
      [250, 250, 250],
      [1000, 7, 10],
      [999, 1000, 333],
      [15000, 1875, 1875],
    ] as const)
      expect(evaluationCount(T, every, perEpoch)).toBe(brute(T, every, perEpoch));
    expect(evaluationCount(2500, 250, 250)).toBe(10);
  });

  it("for the Quick start on 2 threads: 9 evaluations of 10,000 digits before the last, 9.2e9 parameter-samples", () => {
    expect(9 * 10_000 * 101_770).toBeGreaterThan(OFF_THREAD_MIN_WORK);
    expect(offThreadEvaluation(quickStart, mnist, facts)).toBe(true);
  });

  it("not on one thread, beside an engine on two, for finite differences, when a metric is watched, or for little work", () => {
    expect(offThreadEvaluation(quickStart, mnist, { ...facts, threads: 1 })).toBe(false);
    expect(offThreadEvaluation(quickStart, mnist, { ...facts, engineThreads: 2 })).toBe(false);
    const fd = { ...quickStart, gradient: { ...quickStart.gradient, method: "finite-difference" as const } };
    expect(offThreadEvaluation(fd, mnist, facts)).toBe(false);
    const stop = { monitor: "test_loss" as const, patience: 3, minDelta: 0, mode: "auto" as const };
    expect(offThreadEvaluation({ ...quickStart, stop }, mnist, facts)).toBe(false);
    // a validation split without `stop`: the loop watches validation_loss for the best weights, at once
    const validation = { ...quickStart, data: { ...quickStart.data, validation: 0.1 } } as typeof quickStart;
    expect(offThreadEvaluation(validation, { ...mnist, validation: split(800) } as Dataset, facts)).toBe(false);
    // one epoch: its one evaluation is the last (nothing to overlap), and 8,000 samples trained (8.1e8)
    expect(offThreadEvaluation(quickStart, mnist, { ...facts, totalSteps: 250 })).toBe(false);
  });
});

describe("EvalThread", () => {
  const n = 1_200,
    inputs = 784;
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const test: Split = { n, x: new Float32Array(n * inputs), labels: new Int32Array(n), targets: null };
  for (let i = 0; i < n * inputs; i++) if (next() < 0.18) test.x[i] = next();
  for (let i = 0; i < n; i++) test.labels![i] = (i * 7) % 10;
  const spec: NetworkSpec = {
    sizes: [inputs, 48, 10],
    activation: "relu",
    loss: "cross-entropy",
    precision: "float32",
  };
  const p = 48 * (inputs + 1) + 10 * 49;

  /** the same rows in shared memory (as a loaded split's are), read by the worker there rather than copied into its engine */
  const inShared = <T extends Float32Array | Int32Array>(a: T): T => {
    const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    return copy;
  };
  const once: Split = { ...test, x: inShared(test.x as Float32Array), labels: inShared(test.labels!) };

  /** `body` with an evaluator on this thread and an EvalThread holding `test` (and `once`), both of one engine's kind */
  async function withThread(body: (w: Float32Array, here: Evaluator, thread: EvalThread) => Promise<void>) {
    const engine = wasmTrainingEngine(64 * 2 ** 20);
    const thread = new EvalThread(spec, engine, { test }, { once });
    try {
      await body(engine.allocator.float32(p), new Evaluator(spec, EVAL_CHUNK, engine, true), thread);
    } finally {
      await thread.dispose();
    }
  }

  it("returns the training thread's loss and accuracy bit for bit, of w as it was at the call", () =>
    withThread(async (w, here, thread) => {
      const expected = [];
      const pending = [];
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < p; i++) w[i] = (next() - 0.5) * 0.3;
        expected.push(here.evaluate(w, test));
        pending.push(thread.evaluate(w, test)); // w changes on the next round, before the answer is back
      }
      const answers = await Promise.all(pending);
      expect(answers).toEqual(expected.map(({ loss, accuracy }) => ({ loss, accuracy })));
      expect(new Set(answers.map((a) => a.loss)).size).toBe(3);
      expect(answers[0]!.accuracy).toBeGreaterThan(0);
      expect(() => thread.evaluate(w, { ...test })).toThrow(/does not hold/);
    }));

  it("answers classes for the weights it last evaluated from that pass, and for any others anew", () =>
    withThread(async (w, here, thread) => {
      for (let i = 0; i < p; i++) w[i] = (next() - 0.5) * 0.3;
      const evaluated = thread.evaluate(w, test);
      const same = thread.classes(w, test);
      const expected = here.classes(w, test);
      // one weight one bit away: not the evaluated weights, so its classes are computed again
      const bits = new Int32Array(w.buffer, w.byteOffset, p);
      const k = Array.from({ length: p }, (_, i) => i).find((i) => Math.abs(w[i]!) > 0.1)!;
      bits[k]! ^= 1 << 22;
      const other = thread.classes(w, test);
      const otherExpected = here.classes(w, test);
      expect(otherExpected).not.toEqual(expected);
      await evaluated;
      expect(await same).toEqual(expected);
      expect(await other).toEqual(otherExpected);
    }));

  it("evaluates a split it was sent to read in place (not copied into its engine) bit for bit too", () =>
    withThread(async (w, here, thread) => {
      for (let i = 0; i < p; i++) w[i] = (next() - 0.5) * 0.3;
      const answer = thread.evaluate(w, once);
      const expected = here.evaluate(w, test);
      w.fill(0);
      expect(await answer).toEqual({ loss: expected.loss, accuracy: expected.accuracy });
      expect(thread.holds(once)).toBe(true);
    }));

  it("returns Evaluator.classes's test classes (argmax ŷ) on the training thread, sample for sample", () =>
    withThread(async (w, here, thread) => {
      for (let i = 0; i < p; i++) w[i] = (next() - 0.5) * 0.3;
      const answer = thread.classes(w, test);
      const expected = here.classes(w, test),
        { accuracy } = here.evaluate(w, test);
      w.fill(0); // after the call: the classes are of w as it was
      const classes = await answer;
      expect(classes).toEqual(expected);
      expect(new Set(classes).size).toBeGreaterThan(3); // not one class everywhere
      // the share of them equal to the labels is evaluate's accuracy
      expect(classes.filter((c, k) => c === test.labels![k]).length / n).toBe(accuracy);
      expect(thread.holds(test)).toBe(true);
      expect(thread.holds({ ...test })).toBe(false);
      expect(() => thread.classes(w, { ...test })).toThrow(/does not hold/);
    }));
});

/** report.html's "what the network learned" sections: the confusion matrix, the mistakes and the weight images. */
function learnedViews(dir: string): string {
  const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
  return html.slice(html.indexOf("<h2>Confusion matrix"), html.indexOf("<h2>Weights and gradients"));
}

describe("sgd train with evaluations on a second thread", () => {
  it("writes the same metrics, final numbers, model and report as on the training thread", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-eval-thread-"));
    // 2,000 digits × 20 epochs of the Quick start: 1.3e10 parameter-samples evaluated, 4.1e9 trained
    const sets = ["--set", "data.train=2000", "--set", "optimizer.epochs=20", "--set", "log.evalEvery=125"];
    const run = async (threads: string) => {
      const dir = path.join(root, threads);
      const args = ["--config", "configs/mnist-minibatch.yaml", ...sets, "--threads", threads, "--out", dir, "--quiet"];
      const { code } = await train(args);
      expect(code).toBe(0);
      return dir;
    };
    const one = await run("1"),
      two = await run("2");
    expect(readJson(one, "summary.json").environment.evaluation).toBe("training thread");
    expect(readJson(two, "summary.json").environment.evaluation).toBe("second thread");
    const rows = metrics(two);
    // ⌈2000/32⌉ = 63 steps an epoch: the 20 epoch ends and the 10 multiples of 125 up to 1,260 steps
    expect(rows.filter((r) => r.test_loss !== "")).toHaveLength(20 + 10);
    expect(rows).toEqual(metrics(one));
    expect(readJson(two, "summary.json").final).toEqual(readJson(one, "summary.json").final);
    // C(w₀), from the evaluation thread during the run, and from w₀ drawn again after it on one thread
    expect(readJson(two, "summary.json").health.initial_loss).toBe(readJson(one, "summary.json").health.initial_loss);
    expect(readJson(two, "summary.json").health.initial_loss).toBeGreaterThan(2);
    expect(readJson(two, "model.json")).toEqual(readJson(one, "model.json"));
    expect(readJson(two, "checkpoint.json").progress.lastTest).toEqual(
      readJson(one, "checkpoint.json").progress.lastTest,
    );
    // the report's views from the evaluation thread's test classes: those of the training thread's evaluator,
    // and those `sgd report` predicts anew from model.json
    const atTraining = learnedViews(two);
    expect(atTraining).toContain('data-kind="confusion" data-samples="10000"');
    expect(atTraining).toContain('data-kind="mistakes"');
    expect(atTraining).toBe(learnedViews(one));
    expect(await sgd(["report", two], capturedIo({ cwd: repo }))).toBe(0);
    expect(learnedViews(two)).toBe(atTraining);
    fs.rmSync(root, { recursive: true, force: true });
  }, 60_000);
});
