/**
 * The training loop against a gradient method written out in the test (a single linear unit
 * with mse, ∂C/∂w = 2/B Σ (ŷ−y)x), so the loop is checked independently of src/grad.
 */
import { describe, expect, it } from "vitest";
import type { Dataset, Split } from "../../src/data/dataset.js";
import type { GradientMethod } from "../../src/grad/gradient-method.js";
import type { Batch, Float } from "../../src/core/types.js";
import { createSgd } from "../../src/optim/sgd.js";
import { createSchedule } from "../../src/optim/schedule.js";
import { Rng } from "../../src/core/rng.js";
import type { MetricsRow, TrainProgress } from "../../src/train/state.js";
import { initialProgress, train, type TrainEvent } from "../../src/train/train.js";
import { encodeCheckpoint, restoreCheckpoint } from "../../src/train/checkpoint.js";

/** y = 2x₁ − x₂ + 0.5 exactly, on a fixed grid. */
function lineDataset(n: number): Dataset {
  const split = (m: number, shift: number): Split => {
    const x = new Float64Array(m * 2);
    const t = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const a = ((i * 7) % 11) / 11 - 0.5 + shift,
        b = ((i * 5) % 13) / 13 - 0.5;
      x[2 * i] = a;
      x[2 * i + 1] = b;
      t[i] = 2 * a - b + 0.5;
    }
    return { n: m, x, labels: null, targets: t };
  };
  return {
    name: "line",
    task: "regression",
    inputs: 2,
    outputs: 1,
    classNames: null,
    train: split(n, 0),
    test: split(10, 0.1),
    normalization: { kind: "none", offset: null, scale: null },
  };
}

/** w = [w₁, w₂, b]; C = 1/B Σ (w·x + b − y)². */
const linearMse: GradientMethod = {
  name: "test-linear",
  compute(w: Float, batch: Batch, dw: Float): number {
    dw.fill(0);
    let loss = 0;
    for (let i = 0; i < batch.size; i++) {
      const r = w[0]! * batch.x[2 * i]! + w[1]! * batch.x[2 * i + 1]! + w[2]! - batch.targets[i]!;
      loss += r * r;
      dw[0] = dw[0]! + (2 * r * batch.x[2 * i]!) / batch.size;
      dw[1] = dw[1]! + (2 * r * batch.x[2 * i + 1]!) / batch.size;
      dw[2] = dw[2]! + (2 * r) / batch.size;
    }
    return loss / batch.size;
  },
  lastCost: () => ({ multiplyAdds: 0, forwardPasses: 1 }),
};

function evaluate(w: Float, split: Split) {
  let loss = 0;
  for (let i = 0; i < split.n; i++) {
    const r = w[0]! * split.x[2 * i]! + w[1]! * split.x[2 * i + 1]! + w[2]! - split.targets![i]!;
    loss += r * r;
  }
  return { loss: loss / split.n, accuracy: null };
}

interface RunOptions {
  lr?: number;
  stopAfter?: number;
  resumeFrom?: ReturnType<typeof encodeCheckpoint>;
  checkpointSeconds?: number;
  /** evaluations "on another thread": w copied at the call, the numbers a timer tick later */
  later?: boolean;
  /** the deferred evaluation fails */
  laterFails?: boolean;
  /** the engine's finiteness check, in place of the loop's own scan */
  allFinite?: (w: Float) => boolean;
}

function evaluateLater(fails: boolean) {
  return (w: Float, split: Split) => {
    const copy = w.slice();
    return new Promise<ReturnType<typeof evaluate>>((resolve, reject) =>
      setTimeout(() => (fails ? reject(new Error("the thread died")) : resolve(evaluate(copy, split))), 0),
    );
  };
}

async function runLoop(o: RunOptions = {}) {
  const dataset = lineDataset(50);
  const optimizer = createSgd({ momentum: 0.5, nesterov: false, weightDecay: 0 });
  const w = new Float64Array(3);
  const state = optimizer.init(3, (n) => new Float64Array(n));
  let progress: TrainProgress = initialProgress(Rng.fromSeed(9));
  if (o.resumeFrom) progress = restoreCheckpoint(JSON.parse(JSON.stringify(o.resumeFrom)), "ckpt", w, state);
  const batch: Batch = { size: 0, x: new Float64Array(16), labels: new Int32Array(8), targets: new Float64Array(8) };
  let filled = 0;
  const fillBatch = (b: Batch, order: Int32Array, start: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const s = order[start + i]!;
      b.x[2 * i] = dataset.train.x[2 * s]!;
      b.x[2 * i + 1] = dataset.train.x[2 * s + 1]!;
      b.targets[i] = dataset.train.targets![s]!;
    }
    b.size = count;
    filled++;
  };
  const rows: MetricsRow[] = [];
  const snapshots: { step: number; w: number[]; dw: number[] }[] = [];
  let lastCheckpoint: ReturnType<typeof encodeCheckpoint> | null = null;
  const checkpointSteps: number[] = [];
  const checkpointTests: (number | null)[] = [];
  const rowsSent: { step: number; filled: number }[] = [];
  let t = 0; // `filled`: batches filled so far; a row sent while later steps ran shows more than its step
  const result = await train({
    dataset,
    method: linearMse,
    optimizer,
    optimizerState: state,
    schedule: createSchedule({ type: "constant" }, o.lr ?? 0.5, 100),
    evaluate,
    ...(o.later || o.laterFails ? { evaluateLater: evaluateLater(o.laterFails === true) } : {}),
    w,
    dw: new Float64Array(3),
    batch,
    fillBatch,
    ...(o.allFinite ? { allFinite: o.allFinite } : {}),
    batchSize: 8,
    epochs: 20,
    maxSteps: null,
    logEvery: 3,
    evalEvery: 7,
    ...(o.checkpointSeconds === undefined ? {} : { checkpointSeconds: o.checkpointSeconds }),
    progress,
    clock: () => (t += 0.001),
    shouldStop: () => o.stopAfter !== undefined && (rows.at(-1)?.step ?? 0) >= o.stopAfter,
    yieldControl: () => new Promise<void>((resolve) => setImmediate(resolve)),
    onEvent: (e: TrainEvent) => {
      if (e.type === "row") {
        rows.push(e.row);
        rowsSent.push({ step: e.row.step, filled });
      } else if (e.type === "parameters") snapshots.push({ step: e.step, w: Array.from(e.w), dw: Array.from(e.dw) });
      else {
        lastCheckpoint = encodeCheckpoint(e.progress, e.w, e.optimizerState);
        checkpointSteps.push(e.progress.step);
        checkpointTests.push(e.progress.lastTest?.loss ?? null);
      }
    },
  });
  return {
    result,
    rows,
    w,
    snapshots,
    checkpoint: lastCheckpoint!,
    checkpointSteps,
    checkpointTests,
    rowsSent,
    dataset,
  };
}

const noTime = (r: MetricsRow) => ({ ...r, elapsed_s: 0, gradient_s: 0, compute_s: 0 });

describe("train loop", () => {
  it("fits an exact line: test loss falls below 1e-3 and rows follow the log schedule", async () => {
    const { result, rows } = await runLoop();
    expect(result.status).toBe("completed");
    expect(result.steps).toBe(20 * 7); // ceil(50/8) = 7 steps per epoch
    expect(result.samples).toBe(1000);
    expect(result.final.test_loss!).toBeLessThan(1e-3);
    // a row at every multiple of 3, of 7 (eval), and the end; test columns only at evals
    const steps = rows.map((r) => r.step);
    expect(steps.slice(0, 6)).toEqual([3, 6, 7, 9, 12, 14]);
    expect(rows.find((r) => r.step === 6)!.test_loss).toBeNull();
    expect(rows.find((r) => r.step === 7)!.test_loss).not.toBeNull();
    expect(rows.at(-1)!.step).toBe(140);
    expect(rows.find((r) => r.step === 7)!.epoch).toBe(1);
  });

  it("is deterministic: two runs give identical rows apart from time columns", async () => {
    const a = await runLoop(),
      b = await runLoop();
    expect(a.rows.map(noTime)).toEqual(b.rows.map(noTime));
  });

  it("interrupt + resume from the checkpoint reproduces the uninterrupted rows and weights exactly", async () => {
    const full = await runLoop();
    const first = await runLoop({ stopAfter: 16 });
    expect(first.result.status).toBe("interrupted");
    expect(first.result.steps).toBeLessThan(140);
    const second = await runLoop({ resumeFrom: first.checkpoint });
    expect(second.result.status).toBe("completed");
    const joined = [...first.rows, ...second.rows].map(noTime);
    expect(joined).toEqual(full.rows.map(noTime));
    expect(Array.from(second.w)).toEqual(Array.from(full.w));
  });

  it("checkpoints at every evaluation, or with checkpointSeconds only that often, always at the end and on a stop", async () => {
    const every = await runLoop();
    expect(every.checkpointSteps).toEqual(Array.from({ length: 20 }, (_, k) => 7 * (k + 1)));
    // the clock advances 1 ms a call: a 1e9 s interval is never reached, so only the end is written
    const rare = await runLoop({ checkpointSeconds: 1e9 });
    expect(rare.checkpointSteps).toEqual([140]);
    expect(rare.rows).toHaveLength(every.rows.length);
    expect(Array.from(rare.w)).toEqual(Array.from(every.w));
    const stopped = await runLoop({ checkpointSeconds: 1e9, stopAfter: 16 });
    expect(stopped.checkpointSteps).toEqual([stopped.result.steps]);
    const resumed = await runLoop({ checkpointSeconds: 1e9, resumeFrom: stopped.checkpoint });
    expect(Array.from(resumed.w)).toEqual(Array.from(every.w));
  });

  it("with evaluations on another thread, sends the same rows in the same order, later", async () => {
    for (const checkpointSeconds of [1e9, 0.02]) {
      // the clock advances 1 ms a call: 0.02 s passes between any two evaluations
      const here = await runLoop({ checkpointSeconds }),
        there = await runLoop({ checkpointSeconds, later: true });
      expect(there.rows.map(noTime)).toEqual(here.rows.map(noTime));
      expect(there.rows.filter((r) => r.test_loss !== null)).toHaveLength(20);
      expect(there.result.final).toEqual(here.result.final);
      expect(Array.from(there.w)).toEqual(Array.from(here.w));
      // a checkpoint waits for the evaluations before it: its progress holds the last one's numbers
      expect(there.checkpointSteps).toEqual(here.checkpointSteps);
      expect(there.checkpointTests).toEqual(here.checkpointTests);
      expect(there.checkpointTests.every((loss) => loss !== null)).toBe(true);
      // the rows did wait: some went out after later steps had run (never without the other thread)
      expect(here.rowsSent.every((r) => r.filled === r.step)).toBe(true);
      // with a checkpoint at the end only, nothing waits for them before (at 0.02 s each checkpoint does)
      expect(there.rowsSent.some((r) => r.filled > r.step)).toBe(checkpointSeconds === 1e9);
    }
  });

  it("fails the run when an evaluation on another thread fails", async () => {
    await expect(runLoop({ laterFails: true, checkpointSeconds: 1e9 })).rejects.toThrow("the thread died");
  });

  it("sends parameter snapshots: w₀ with ∇C(w₀) of the first batch at step 0, then one per evaluation", async () => {
    const { snapshots, w, dataset } = await runLoop();
    // 7 steps per epoch: every evaluation (evalEvery 7) is an epoch end; 20 epochs
    expect(snapshots.map((s) => s.step)).toEqual([0, ...Array.from({ length: 20 }, (_, k) => 7 * (k + 1))]);
    expect(snapshots[0]!.w).toEqual([0, 0, 0]);
    // the first batch: samples 0…7 of the first epoch's permutation (seed 9); at w = 0, r = −y
    const order = Rng.fromSeed(9).permutation(50).slice(0, 8);
    const expected: [number, number, number] = [0, 0, 0];
    for (const i of order) {
      const [a, b, y] = [dataset.train.x[2 * i]!, dataset.train.x[2 * i + 1]!, dataset.train.targets![i]!];
      expected[0] += (-2 * y * a) / 8;
      expected[1] += (-2 * y * b) / 8;
      expected[2] += (-2 * y) / 8;
    }
    snapshots[0]!.dw.forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 12));
    expect(snapshots.at(-1)!.w).toEqual(Array.from(w));
  });

  it("checks w at each log row with the engine's scan when it has one", async () => {
    const checked: number[] = [];
    const { result } = await runLoop({ allFinite: (w) => checked.push(w.length) < 3 });
    expect(checked).toEqual([3, 3, 3]);
    expect(result.status).toBe("diverged");
    // rows at steps 3 and 6 (log.every 3), then 7 (evalEvery 7): the third check fails
    expect(result.divergence).toMatchObject({ step: 7, reason: "a parameter is not finite" });
    expect(result.steps).toBe(7); // step 7 was taken: its update is what the check finds
  });

  it("stops as diverged at the first non-finite loss, reporting step and learning rate", async () => {
    const { result } = await runLoop({ lr: 5000 });
    expect(result.status).toBe("diverged");
    expect(result.divergence!.learningRate).toBe(5000);
    expect(result.divergence!.step).toBeGreaterThan(1);
    expect(result.steps).toBe(result.divergence!.step - 1);
  });
});
