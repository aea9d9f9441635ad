/**
 * The wasm engine's plain-SGD update after a sparse first layer visits only the rows of layer 1's
 * gradient the scatter or the column lists wrote (gradient-rows.ts). Held here: the weights after N
 * steps are the same bits as with the full update (batch 1 and 3, batch 32 by column lists with runs
 * of inputs no sample uses, batch sizes mixed so that a scatter follows the column lists, samples whose
 * nonzero inputs differ step to step, −0 weights, the rest of the vector split over 2 threads), and so
 * are they with the zeroing of only the rows the last gradient wrote; dw read after the gradient, and after the
 * update, is the whole gradient; and a gradient written by another method between the backprop and
 * the update makes the update full again, and one written between two backprops makes the next
 * backprop zero all of dWt again.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import type { Split } from "../../src/data/dataset.js";
import { typescriptEngine } from "../../src/engine/typescript/typescript-engine.js";
import { wasmTrainingEngine, type WasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { createGradientMethod, type GradientMethodName } from "../../src/grad/index.js";
import { batchSource, createBatch, fillBatch, heapBatchSource } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { copyParams, engineLayout } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { createSgd } from "../../src/optim/sgd.js";
import { logicalParams } from "../model/logical-params.js";

const MEMORY = 16 * 2 ** 20;
const LR = 0.05;
const engines: WasmTrainingEngine[] = [];
afterAll(() => Promise.all(engines.map((e) => e.dispose())));

function engineOf(threads = 1): WasmTrainingEngine {
  const engine = wasmTrainingEngine(MEMORY, "auto", threads);
  if (threads > 1) expect(engine.waitForThreads(60_000)).toBe(true);
  engines.push(engine);
  return engine;
}

/** n samples of `inputs` features, 85 % zeros (each sample its own nonzero inputs), labels i mod classes. */
function sparseSplit(n: number, inputs: number, classes: number): Split {
  const r = Rng.fromSeed(17);
  const x = Float64Array.from({ length: n * inputs }, () => (r.uniform() < 0.85 ? 0 : r.uniform()));
  return { n, x, labels: Int32Array.from({ length: n }, (_, i) => i % classes), targets: null };
}

/**
 * n samples of 64 features like small digits: each sample's nonzeros (60 % of them) in a window of 16
 * inputs starting at 8…40, so inputs 0–7 and 56–63 are zero in every sample and a batch of 32 leaves
 * runs of columns empty, while it has enough nonzeros (~300 ≥ 2 a column) for the column lists.
 */
function windowSplit(n: number, classes: number): Split {
  const r = Rng.fromSeed(23);
  const x = new Float64Array(n * 64);
  for (let i = 0; i < n; i++) {
    const start = 8 + r.int(33);
    for (let k = start; k < start + 16; k++) if (r.uniform() < 0.6) x[64 * i + k] = r.uniform();
  }
  return { n, x, labels: Int32Array.from({ length: n }, (_, i) => i % classes), targets: null };
}

const spec = (sizes: number[]): NetworkSpec => ({
  sizes,
  activation: "relu",
  loss: "cross-entropy",
  precision: "float32",
});

interface Setup {
  engine: WasmTrainingEngine;
  base: NetworkSpec;
  w: Float32Array;
  dw: Float32Array;
  /** one step on samples [start, start + count) (count: B); `look` sees dw between the gradient and the update */
  step(start: number, look?: (dw: Float32Array) => void, count?: number): void;
}

/** Backprop + plain SGD at batch B on `engine`; `full` forgets the rows record before each update. */
function setup(engine: WasmTrainingEngine, base: NetworkSpec, data: Split, B: number, full: boolean, heap = false) {
  const w = createParams(engineLayout(base, engine), "he", Rng.fromSeed(5), engine.allocator) as Float32Array;
  const dw = engine.allocator.float32(w.length);
  const method = createGradientMethod({ method: "backprop" }, base, B, engine);
  const sgd = createSgd({ momentum: 0, nesterov: false, weightDecay: 0 }, engine.update ?? null);
  const state = sgd.init(w.length, (k) => engine.allocator.float32(k));
  const batch = createBatch(base, B, engine.allocator);
  const source = heap ? heapBatchSource(data, base) : batchSource(data, base, engine);
  const step = (start: number, look?: (dw: Float32Array) => void, count = B): void => {
    fillBatch(batch, source, base, null, start, count);
    method.compute(w, batch, dw);
    look?.(dw);
    if (full) engine.gradientRows.forget();
    sgd.update(w, dw, LR, state);
  };
  return { engine, base, w, dw, step } satisfies Setup;
}

/** Two setups of the same run at batch capacity B on engines of their own: rows updated as recorded, and full. */
function rowsAndFull(data: Split, B: number): { rows: Setup; dense: Setup } {
  const base = spec([64, 16, 5]);
  return { rows: setup(engineOf(), base, data, B, false), dense: setup(engineOf(), base, data, B, true) };
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** Index of the first weight whose bits differ, or −1. */
function firstBitDifference(a: Float32Array, b: Float32Array): number {
  const x = bits(a),
    y = bits(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe("plain SGD over the rows the sparse gradient wrote", () => {
  const cases: [string, number[], number, boolean, number][] = [
    ["batch 1, lists gathered from the training set", [64, 16, 5], 1, false, 1],
    ["batch 1, lists built per batch", [64, 16, 5], 1, true, 1],
    ["batch 3 (columns deduplicated)", [64, 16, 5], 3, false, 1],
    ["batch 1, the dense rest of w split over 2 threads", [120, 16, 2048, 16], 1, false, 2],
  ];
  for (const [name, sizes, B, heap, threads] of cases) {
    it(`gives the full update's weights bit for bit: ${name}`, () => {
      const base = spec(sizes),
        data = sparseSplit(12, sizes[0]!, sizes[sizes.length - 1]!);
      const rows = setup(engineOf(threads), base, data, B, false, heap);
      const dense = setup(engineOf(threads), base, data, B, true, heap);
      // −0 weights in layer 1 (stored Wᵀ: row k = input k): w − γ·(+0) keeps them −0 either way
      for (const s of [rows, dense]) for (let j = 0; j < sizes[1]!; j += 3) s.w[5 * sizes[1]! + j] = -0;
      const steps = 24;
      for (let s = 0; s < steps; s++) {
        rows.step((s * B) % (data.n - B + 1));
        dense.step((s * B) % (data.n - B + 1));
      }
      expect(rows.engine.gradientRows.rowUpdates).toBe(steps);
      expect(rows.engine.gradientRows.rowClears).toBe(steps - 1);
      expect(dense.engine.gradientRows.rowUpdates + dense.engine.gradientRows.rowClears).toBe(0);
      expect(firstBitDifference(rows.w, dense.w)).toBe(-1);
      expect(Object.is(rows.w[5 * sizes[1]!], -0) || rows.w[5 * sizes[1]!] !== 0).toBe(true);
      if (threads > 1) expect(rows.engine.splitCalls()).toBeGreaterThanOrEqual(steps);
      // the weights moved: a test of nothing would pass too
      const w0 = createParams(engineLayout(base, rows.engine), "he", Rng.fromSeed(5));
      expect(rows.w.some((v, i) => v !== Math.fround(w0[i]!))).toBe(true);
    });
  }

  it("gives the full update's weights bit for bit: batch 32 by column lists, runs of empty columns", () => {
    const { rows, dense } = rowsAndFull(windowSplit(96, 5), 32);
    for (const s of [rows, dense]) for (let j = 0; j < 16; j += 3) s.w[2 * 16 + j] = -0; // input 2: empty in every batch
    let emptyRows = 0;
    const look = (dw: Float32Array): void => {
      for (let k = 0; k < 64; k++) if (dw.subarray(16 * k, 16 * k + 16).every((g) => Object.is(g, 0))) emptyRows++;
    };
    const steps = 9;
    for (let s = 0; s < steps; s++) {
      rows.step(32 * (s % 3), look);
      dense.step(32 * (s % 3));
    }
    expect(emptyRows).toBeGreaterThanOrEqual(16 * steps); // inputs 0–7 and 56–63 at least, each step
    expect(rows.engine.gradientRows.rowUpdates).toBe(steps);
    expect(rows.engine.gradientRows.rowClears).toBe(0); // the column lists write every row
    expect(dense.engine.gradientRows.rowUpdates).toBe(0);
    expect(firstBitDifference(rows.w, dense.w)).toBe(-1);
    expect(Object.is(rows.w[2 * 16], -0)).toBe(true);
    const w0 = createParams(engineLayout(rows.base, rows.engine), "he", Rng.fromSeed(5));
    expect(rows.w.some((v, i) => v !== Math.fround(w0[i]!))).toBe(true);
  });

  it("gives the full update's weights bit for bit: batch sizes mixed, a scatter after the column lists", () => {
    const data = windowSplit(96, 5);
    const { rows, dense } = rowsAndFull(data, 32);
    // 32 (column lists), 1 (scatter: zeroes only the 32's recorded rows), 2, 32, 1, …
    const counts = [32, 1, 2, 32, 1, 32, 2, 1];
    let start = 0;
    for (const count of counts) {
      rows.step(start, undefined, count);
      dense.step(start, undefined, count);
      start = (start + count) % (data.n - 32);
    }
    expect(rows.engine.gradientRows.rowUpdates).toBe(counts.length);
    expect(rows.engine.gradientRows.rowClears).toBe(counts.filter((c) => c < 32).length);
    expect(firstBitDifference(rows.w, dense.w)).toBe(-1);
    expect(firstBitDifference(rows.dw, dense.dw)).toBe(-1);
  });

  it("leaves dw the whole gradient, after the gradient and after the update, on a sample after another", () => {
    const base = spec([64, 16, 5]),
      data = sparseSplit(4, 64, 5);
    const s = setup(engineOf(), base, data, 1, false);
    s.step(0); // sample 0's rows are written and updated; sample 1 has nonzero inputs where sample 0 has none
    const clears = s.engine.gradientRows.rowClears;
    const x1 = (k: number): number => data.x[64 + k]!;
    expect([...Array(64).keys()].some((k) => x1(k) !== 0 && data.x[k] === 0)).toBe(true);
    const pre = s.w.slice();
    let beforeUpdate = new Float32Array(0);
    s.step(1, (dw) => {
      beforeUpdate = dw.slice();
    });
    expect(firstBitDifference(s.dw, beforeUpdate)).toBe(-1);
    expect(s.engine.gradientRows.rowClears).toBe(clears + 1); // sample 0's rows zeroed, not all of dWt
    // the same sample's gradient at the same weights on the plain dense TypeScript engine
    const want = gradientAt(base, pre, s.engine, data, 1);
    const got = logicalParams(engineLayout(base, s.engine), s.dw);
    const scale = Math.max(...want.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    expect(Math.max(...got.map((g, i) => Math.abs(g - want[i]!)))).toBeLessThan(1e-5 * scale);
    // layer 1 (Wᵀ: row k = input k): rows of sample 1's zero inputs are exactly +0 (sample 0's rows too)
    for (let k = 0; k < 64; k++) {
      const row = [...s.dw.subarray(16 * k, 16 * k + 16)];
      if (x1(k) === 0) expect(row.every((g) => Object.is(g, 0))).toBe(true);
    }
    expect(s.dw.subarray(0, 64 * 16).some((g) => g !== 0)).toBe(true);
  });
});

/** The gradient (logical order) of sample `start` at weights w (engine layout of `engine`) on the dense TypeScript engine. */
function gradientAt(base: NetworkSpec, w: Float32Array, engine: WasmTrainingEngine, data: Split, start: number) {
  const ts = typescriptEngine,
    layout = engineLayout(base, ts);
  const wt = ts.allocator.float32(w.length),
    dw = ts.allocator.float32(w.length);
  copyParams(engineLayout(base, engine), w, layout, wt);
  const batch = createBatch(base, 1, ts.allocator);
  fillBatch(batch, heapBatchSource(data, base), base, null, start, 1);
  createGradientMethod({ method: "backprop" }, base, 1, ts).compute(wt, batch, dw);
  return logicalParams(layout, dw);
}

describe("a gradient written by another method between the backprop and the update", () => {
  const others: GradientMethodName[] = ["finite-difference", "path-enumeration"];
  for (const other of others) {
    it(`makes the update full again: ${other}`, () => {
      const base = spec([64, 16, 5]),
        data = sparseSplit(4, 64, 5);
      const engine = engineOf();
      const s = setup(engine, base, data, 1, false);
      s.step(0);
      // backprop on sample 0 records its rows; then `other` writes sample 1's gradient into the same dw
      const batch = createBatch(base, 1, engine.allocator);
      fillBatch(batch, batchSource(data, base, engine), base, null, 0, 1);
      createGradientMethod({ method: "backprop" }, base, 1, engine).compute(s.w, batch, s.dw);
      fillBatch(batch, batchSource(data, base, engine), base, null, 1, 1);
      createGradientMethod({ method: other }, base, 1, engine).compute(s.w, batch, s.dw);
      // rows of inputs nonzero in sample 1 and zero in sample 0 have a gradient the record does not list
      const missed = [...Array(64).keys()].filter((k) => data.x[64 + k] !== 0 && data.x[k] === 0);
      expect(missed.some((k) => s.dw.subarray(16 * k, 16 * k + 16).some((g) => g !== 0))).toBe(true);
      // the full update, on a second engine that has no record
      const plain = engineOf(),
        w = plain.allocator.float32(s.w.length),
        g = plain.allocator.float32(s.w.length);
      w.set(s.w);
      g.set(s.dw);
      plain.update!.sgdStep(w.length, w, g, LR);
      const full = engine.gradientRows.fullUpdates;
      engine.update!.sgdStep(s.w.length, s.w, s.dw, LR);
      expect(engine.gradientRows.fullUpdates).toBe(full + 1);
      expect(firstBitDifference(s.w, w)).toBe(-1);
    });
  }
});

describe("a gradient written by another method between two backprops", () => {
  const others: GradientMethodName[] = ["finite-difference", "path-enumeration"];
  for (const other of others) {
    it(`makes the next backprop zero all of dWt: ${other}`, () => {
      const base = spec([64, 16, 5]),
        data = sparseSplit(4, 64, 5);
      const engine = engineOf();
      const w = createParams(engineLayout(base, engine), "he", Rng.fromSeed(5), engine.allocator) as Float32Array;
      const dw = engine.allocator.float32(w.length);
      const batch = createBatch(base, 1, engine.allocator),
        source = batchSource(data, base, engine);
      const backprop = createGradientMethod({ method: "backprop" }, base, 1, engine);
      const gradient = (method: typeof backprop, sample: number): void => {
        fillBatch(batch, source, base, null, sample, 1);
        method.compute(w, batch, dw);
      };
      gradient(backprop, 0);
      gradient(createGradientMethod({ method: other }, base, 1, engine), 1);
      // rows of inputs nonzero in sample 1 only: written by `other`, in neither backprop's list
      const x = (sample: number, k: number): number => data.x[64 * sample + k]!;
      const only1 = [...Array(64).keys()].filter((k) => x(1, k) !== 0 && x(0, k) === 0 && x(2, k) === 0);
      const row = (k: number): number[] => [...dw.subarray(16 * k, 16 * k + 16)];
      expect(only1.some((k) => row(k).some((g) => g !== 0))).toBe(true);
      const clears = engine.gradientRows.rowClears;
      gradient(backprop, 2);
      expect(engine.gradientRows.rowClears).toBe(clears);
      for (const k of only1) expect(row(k).every((g) => Object.is(g, 0))).toBe(true);
      const want = gradientAt(base, w, engine, data, 2);
      const got = logicalParams(engineLayout(base, engine), dw);
      const scale = Math.max(...want.map(Math.abs));
      expect(Math.max(...got.map((g, i) => Math.abs(g - want[i]!)))).toBeLessThan(1e-5 * scale);
    });
  }
});
