import { describe, expect, it } from "vitest";
import type { Split } from "../../src/data/dataset.js";
import { DataError } from "../../src/core/errors.js";
import { batchSource, createBatch, fillBatch, heapBatchSource } from "../../src/model/batch.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { Evaluator } from "../../src/model/evaluate.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";

// One 2→2 layer with W = I, b = 0: the logits are the inputs, so the prediction is the larger input.
const spec: NetworkSpec = { sizes: [2, 2], activation: "relu", loss: "cross-entropy", precision: "float64" };
const w = new Float64Array([1, 0, 0, 1, 0, 0]);
// 5 samples: predictions 0, 1, 1, 0, 0 against labels 0, 1, 0, 0, 1 → 3/5 correct
const split: Split = {
  n: 5,
  x: new Float64Array([2, 0, 0, 1, 0, 3, 1, -1, 5, 4]),
  labels: new Int32Array([0, 1, 0, 0, 1]),
  targets: null,
};
// per-sample loss ln(1 + e^{−m}) with m = z_label − z_other: m = 2, 1, −3, 2, −1
const expectedLoss = [2, 1, -3, 2, -1].reduce((s, m) => s + Math.log1p(Math.exp(-m)), 0) / 5;

describe("Evaluator", () => {
  for (const chunk of [1, 2, 5, 8]) {
    it(`loss and accuracy worked by hand, chunks of ${chunk}`, () => {
      const result = new Evaluator(spec, chunk).evaluate(w, split);
      expect(result.accuracy).toBe(0.6);
      expect(result.loss).toBeCloseTo(expectedLoss, 14);
      expect(result.samples).toBe(5);
    });
  }

  it("mse on labelled data compares with one-hot targets", () => {
    // ŷ = x; row 0: (2, 0) vs (1, 0) → 1; row 1: (0, 1) vs (0, 1) → 0; … summed over outputs
    const result = new Evaluator({ ...spec, loss: "mse" }, 2).evaluate(w, split);
    const sq = [1 + 0, 0 + 0, 1 + 9, 0 + 1, 25 + 9];
    expect(result.loss).toBeCloseTo(sq.reduce((a, b) => a + b) / 5, 14);
    expect(result.accuracy).toBe(0.6);
  });

  for (const chunk of [2, 5]) {
    it(`classes are the larger input of each sample (the first on a tie), chunks of ${chunk}`, () => {
      const tie: Split = { ...split, x: new Float64Array([2, 0, 0, 1, 0, 3, 1, -1, 4, 4]) };
      expect([...new Evaluator(spec, chunk).classes(w, split)]).toEqual([0, 1, 1, 0, 0]);
      expect([...new Evaluator(spec, chunk).classes(w, tie)]).toEqual([0, 1, 1, 0, 0]);
    });
  }

  it("predict gives softmax probabilities", () => {
    const out = new Float64Array(10);
    new Evaluator(spec, 3).predict(w, split.x, 5, out);
    expect(out[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(out[2]! + out[3]!).toBeCloseTo(1, 15);
  });
});

describe("Evaluator.predict with the first hidden layer", () => {
  // 2 → 2 (tanh) → 1 (mse): W¹ = [[1, 2], [−1, 0.5]], b¹ = [0.1, −0.2]; W² = [[3, −1]], b² = [0.5]
  const deep: NetworkSpec = { sizes: [2, 2, 1], activation: "tanh", loss: "mse", precision: "float64" };
  const params = new Float64Array([1, 2, -1, 0.5, 0.1, -0.2, 3, -1, 0.5]);
  const x = new Float64Array([0.5, -1, 2, 0.25, -0.3, 0.7]);

  it("gives a¹ = tanh(W¹x + b¹) per sample and ŷ = W²a¹ + b², worked by hand", () => {
    const expected = [0, 1, 2].map((k) => {
      const [x1, x2] = [x[2 * k]!, x[2 * k + 1]!];
      const a = [Math.tanh(x1 + 2 * x2 + 0.1), Math.tanh(-x1 + 0.5 * x2 - 0.2)];
      return { a, y: 3 * a[0]! - a[1]! + 0.5 };
    });
    for (const chunk of [1, 2, 8]) {
      const out = new Float64Array(3),
        hidden = new Float64Array(6);
      new Evaluator(deep, chunk).predict(params, x, 3, out, hidden);
      expected.forEach((e, k) => {
        expect(hidden[2 * k]).toBeCloseTo(e.a[0]!, 14);
        expect(hidden[2 * k + 1]).toBeCloseTo(e.a[1]!, 14);
        expect(out[k]).toBeCloseTo(e.y, 14);
      });
    }
    expect(() => new Evaluator(spec, 2).predict(w, split.x, 5, new Float64Array(10), new Float64Array(10))).toThrow(
      "no hidden layer",
    );
  });
});

describe("fillBatch", () => {
  it("gathers rows in the given order and refuses labels-less data for cross-entropy", () => {
    const batch = createBatch(spec, 3);
    fillBatch(batch, heapBatchSource(split, spec), spec, new Int32Array([4, 0, 2]), 0, 3);
    expect(Array.from(batch.x)).toEqual([5, 4, 2, 0, 0, 3]);
    expect(Array.from(batch.labels)).toEqual([1, 0, 0]);
    const regression: Split = { n: 1, x: new Float64Array(2), labels: null, targets: new Float64Array(2) };
    expect(() => fillBatch(batch, heapBatchSource(regression, spec), spec, null, 0, 1)).toThrow(DataError);
  });

  it("gathers rows inside one engine buffer (the engine's gather_rows) exactly as it copies from the heap", () => {
    const spec32: NetworkSpec = { ...spec, precision: "float32" };
    const engine = wasmTrainingEngine(4 * 2 ** 20);
    const inEngine = batchSource(split, spec32, engine);
    expect(inEngine.features.x.buffer).toBe(engine.allocator.float32(1).buffer);
    const small = { ...createBatch(spec32, 3, engine.allocator), x: engine.allocator.float32(3) };
    expect(() => inEngine.features.copyRows(null, 0, 2, small)).toThrow(/gatherRows to: has 3 elements, needs 4/);
    expect(() => inEngine.features.copyRows(new Int32Array([5]), 0, 1, small)).toThrow(/gatherRows: row 5 of 5/);
    const a = createBatch(spec32, 3, engine.allocator),
      b = createBatch(spec32, 3);
    fillBatch(a, inEngine, spec32, new Int32Array([4, 0, 2]), 0, 3);
    fillBatch(b, heapBatchSource(split, spec32), spec32, new Int32Array([4, 0, 2]), 0, 3);
    expect(Array.from(a.x)).toEqual([5, 4, 2, 0, 0, 3]);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });
});

describe("Evaluator with resident features (a run's test and validation splits)", () => {
  // 784 inputs, ~15 % nonzero like MNIST, so the engine lists each row's nonzeros (the sparse path)
  const n = 1_100,
    inputs = 784;
  const sparse: Split = { n, x: new Float32Array(n * inputs), labels: new Int32Array(n), targets: null };
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n * inputs; i++) if (next() < 0.15) sparse.x[i] = next();
  for (let i = 0; i < n; i++) sparse.labels![i] = i % 10;
  const net: NetworkSpec = { sizes: [inputs, 32, 10], activation: "relu", loss: "cross-entropy", precision: "float32" };
  const p = 32 * (inputs + 1) + 10 * 33;

  it("gives the heap evaluator's loss and accuracy bit for bit, from the engine's own copy of the rows", () => {
    const engine = wasmTrainingEngine(64 * 2 ** 20);
    const wts = engine.allocator.float32(p);
    for (let i = 0; i < p; i++) wts[i] = (next() - 0.5) * 0.2;
    const free = () => engine.allocator.float32(1).byteOffset;
    const heap = new Evaluator(net, 500, engine).evaluate(wts, sparse);
    const resident = new Evaluator(net, 500, engine, true);
    const before = free();
    const first = resident.evaluate(wts, sparse);
    const copied = free() - before;
    expect(copied).toBeGreaterThanOrEqual(4 * n * inputs); // the rows went into the engine's memory
    expect(resident.evaluate(wts, sparse)).toEqual(first);
    expect(free() - before - copied).toBeLessThanOrEqual(64); // … once (64: this probe's own allocation)
    expect(first).toEqual(heap);
    expect(first.accuracy).toBeGreaterThan(0);
  });

  it("classes() are the argmax of predict()'s probabilities, from the engine's own (sparse) copy of the rows", () => {
    const engine = wasmTrainingEngine(64 * 2 ** 20);
    const wts = engine.allocator.float32(p);
    for (let i = 0; i < p; i++) wts[i] = (next() - 0.5) * 0.2;
    const out = new Float64Array(n * 10);
    new Evaluator(net, 500, engine).predict(wts, sparse.x, n, out);
    const expected = Array.from({ length: n }, (_, b) => {
      const row = [...out.subarray(10 * b, 10 * b + 10)];
      return row.indexOf(Math.max(...row));
    });
    expect(new Set(expected).size).toBeGreaterThan(2);
    const resident = new Evaluator(net, 500, engine, true);
    resident.use(sparse, batchSource(sparse, net, engine));
    expect([...resident.classes(wts, sparse)]).toEqual(expected);
  });

  it("use() evaluates a split from a source the caller already made (training's), copying no rows", () => {
    const allocated = (adopt: boolean) => {
      const engine = wasmTrainingEngine(64 * 2 ** 20);
      const wts = engine.allocator.float32(p).fill(0.01);
      const evaluator = new Evaluator(net, 500, engine, true);
      if (adopt) evaluator.use(sparse, batchSource(sparse, net, engine));
      const before = engine.allocator.float32(1).byteOffset;
      const result = evaluator.evaluate(wts, sparse);
      return { bytes: engine.allocator.float32(1).byteOffset - before, result };
    };
    const adopted = allocated(true),
      own = allocated(false);
    // the rows' nonzero lists (8 bytes an entry) are what evaluating the split anew copies in (its dense rows
    // only if a chunk took the dense path)
    const nonzeros = sparse.x.filter((v) => v !== 0).length;
    expect(own.bytes - adopted.bytes).toBeGreaterThanOrEqual(8 * nonzeros);
    expect(adopted.result).toEqual(own.result);
  });
});
