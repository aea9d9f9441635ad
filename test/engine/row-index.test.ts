/**
 * The row index of a training set (each row's nonzeros listed once, gathered per batch) against
 * what it replaces: the lists must be those of the batch's own x, written here with a plain loop
 * (columns ascending, every value ≠ 0, −0 and 0 left out), and a sparse layer or a whole gradient
 * computed from them must equal, bit for bit, the one computed by indexing x. Dense data gets none.
 */
import { describe, expect, it } from "vitest";
import type { Split } from "../../src/data/dataset.js";
import { createGradientMethod } from "../../src/grad/index.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { createWasmEngine } from "../../src/engine/wasm/wasm-engine.js";
import { batchSource, createBatch, fillBatch, type BatchSource } from "../../src/model/batch.js";
import { INDEX_CHUNK_FLOATS, type BatchIndex } from "../../src/engine/wasm/row-index.js";
import { wasmFeatures } from "../../src/engine/wasm/wasm-features.js";
import { createParams } from "../../src/model/init.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";
import { engineLayout } from "../../src/model/layout.js";

function sparseSplit(n: number, I: number, zeros: number, seed: number): Split {
  const r = Rng.fromSeed(seed);
  const x = Float64Array.from({ length: n * I }, () => (r.uniform() < zeros ? 0 : r.uniform() * 2 - 1));
  x.fill(0, 3 * I, 4 * I); // an empty row
  x[5 * I + 2] = -0;
  return { n, x, labels: Int32Array.from({ length: n }, (_, i) => i % 4), targets: null };
}

/** The lists of x[rows×I] as [ptr, (column, value bits) pairs], by a plain loop. */
function listsOf(x: ArrayLike<number>, rows: number, I: number): { ptr: number[]; pairs: number[] } {
  const f32 = new Float32Array(1),
    bits = new Int32Array(f32.buffer);
  const ptr = [0],
    pairs: number[] = [];
  for (let b = 0; b < rows; b++) {
    for (let k = 0; k < I; k++) {
      const v = x[b * I + k]!;
      if (v === 0) continue;
      f32[0] = v;
      pairs.push(k, bits[0]!);
    }
    ptr.push(pairs.length / 2);
  }
  return { ptr, pairs };
}

const spec = (I: number, hidden: number): NetworkSpec => ({
  sizes: [I, hidden, 4],
  activation: "relu",
  loss: "cross-entropy",
  precision: "float32",
});

/** The split's features in the wasm memory of `engine` (with their row lists when sparse), as training holds them. */
function inEngine(split: Split, engine: ReturnType<typeof createWasmEngine>, I: number) {
  const features = wasmFeatures(engine, split.x, split.n, I);
  const { x: _x, ...rest } = split;
  const source: BatchSource = { ...rest, features };
  return { source, index: features.index, x: features.x };
}

const lists = (batch: { prepared?: unknown }): BatchIndex => batch.prepared as BatchIndex;

describe("row index", () => {
  it("copies the rows themselves into the engine only when they are first read (sparse x); dense x at once", () => {
    const I = 784,
      n = 200;
    const used = (engine: ReturnType<typeof createWasmEngine>) => engine.allocator.float32(1).byteOffset;
    const engine = createWasmEngine({ maxBytes: 32 * 2 ** 20 });
    const split = sparseSplit(n, I, 0.8, 3);
    const start = used(engine);
    const features = wasmFeatures(engine, split.x, n, I);
    const indexed = used(engine) - start;
    expect(features.index).not.toBeNull();
    expect(indexed).toBeLessThan(4 * n * I); // lists and a chunk of rows, not the rows
    expect([...features.x]).toEqual([...Float32Array.from(split.x)]);
    expect(used(engine) - start - indexed).toBeGreaterThanOrEqual(4 * n * I);
    expect(features.x).toBe(features.x); // copied once
    const dense = createWasmEngine({ maxBytes: 32 * 2 ** 20 });
    const before = used(dense);
    expect(wasmFeatures(dense, sparseSplit(n, I, 0.1, 4).x, n, I).index).toBeNull();
    expect(used(dense) - before).toBeGreaterThanOrEqual(4 * n * I);
  });

  it("indexes x from outside the engine's memory (float64, rounded to float32) in chunks of rows, as one list", () => {
    const engine = createWasmEngine({ maxBytes: 32 * 2 ** 20 });
    for (const [n, I] of [
      [300, 784], // 83 rows a chunk: 4 chunks, the last of 51
      [3, INDEX_CHUNK_FLOATS + 5], // rows wider than a chunk: one row at a time
      [83, 784], // exactly one chunk
    ] as const) {
      const split = sparseSplit(n, I, 0.8, n);
      split.x[7] = 1e-50; // nonzero in float64, 0 once rounded to float32: not listed
      const index = engine.rowIndex.index(split.x, n, I, 1.01)!;
      const want = listsOf(Float32Array.from(split.x), n, I);
      expect([...index.ptr], `${n}×${I}`).toEqual(want.ptr);
      const pairs = [...index.entries.subarray(0, 2 * index.nonzeros)];
      expect(pairs.length, `${n}×${I}`).toBe(want.pairs.length);
      expect(pairs).toEqual(want.pairs);
    }
  });

  it("a batch's gathered lists are the lists of its own x (300 rows: more than one gather call)", () => {
    const I = 37,
      n = 400,
      engine = createWasmEngine({ maxBytes: 16 * 2 ** 20 }),
      s = spec(I, 8);
    const { source, index, x } = inEngine(sparseSplit(n, I, 0.8, 1), engine, I);
    expect(index?.nonzeros).toBe(listsOf(x, n, I).pairs.length / 2);
    const batch = createBatch(s, 300, engine.allocator);
    const order = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % n);
    fillBatch(batch, source, s, order, 50, 300);
    const want = listsOf(batch.x, 300, I);
    expect(lists(batch).rows).toBe(300);
    expect(lists(batch).nonzeros).toBe(want.pairs.length / 2);
    expect(Array.from(lists(batch).ptr.subarray(0, 301))).toEqual(want.ptr);
    expect(Array.from(lists(batch).entries.subarray(0, want.pairs.length))).toEqual(want.pairs);
  });

  it("consecutive rows (order null) are read in place: the same lists, and a shuffled batch after them its own", () => {
    const I = 37,
      n = 400,
      engine = createWasmEngine({ maxBytes: 16 * 2 ** 20 }),
      s = spec(I, 8);
    const { source, index } = inEngine(sparseSplit(n, I, 0.8, 2), engine, I);
    const batch = createBatch(s, 300, engine.allocator);
    for (const [start, count] of [
      [0, 300],
      [120, 280],
      [399, 1],
      [0, 0],
    ] as const) {
      fillBatch(batch, source, s, null, start, count);
      const want = listsOf(batch.x, count, I);
      expect(lists(batch).rows).toBe(count);
      expect(lists(batch).nonzeros).toBe(want.pairs.length / 2);
      expect(Array.from(lists(batch).ptr.subarray(0, count + 1))).toEqual(want.ptr);
      expect(Array.from(lists(batch).entries.subarray(0, want.pairs.length))).toEqual(want.pairs);
      if (count > 0) expect(lists(batch).entries.buffer).toBe(index!.entries.buffer); // no copy: the index's own
      expect(lists(batch).entries.byteOffset).toBe(index!.entries.byteOffset + 8 * index!.ptr[start]!);
    }
    const order = Int32Array.from({ length: n }, (_, i) => (i * 11 + 5) % n);
    fillBatch(batch, source, s, order, 10, 200);
    const want = listsOf(batch.x, 200, I);
    expect(Array.from(lists(batch).entries.subarray(0, want.pairs.length))).toEqual(want.pairs);
    expect(lists(batch).entries.byteOffset).not.toBe(index!.entries.byteOffset + 8 * index!.ptr[10]!);
  });

  it("the sparse layer gives the same bits from the gathered lists as from x", () => {
    const I = 60,
      O = 24,
      B = 16,
      engine = createWasmEngine({ maxBytes: 16 * 2 ** 20 }),
      s = spec(I, O);
    const { source } = inEngine(sparseSplit(50, I, 0.8, 2), engine, I);
    const batch = createBatch(s, B, engine.allocator);
    fillBatch(
      batch,
      source,
      s,
      Int32Array.from({ length: 50 }, (_, i) => 49 - i),
      3,
      B,
    );
    const r = Rng.fromSeed(3),
      wt = engine.allocator.float32(I * O),
      bias = engine.allocator.float32(O),
      dz = engine.allocator.float32(B * O);
    for (const a of [wt, bias, dz]) for (let i = 0; i < a.length; i++) a[i] = r.uniform() - 0.5;
    const run = (adopt: boolean): [number[], number[]] => {
      const sparse = engine.sparseInput(B, I),
        z = engine.allocator.float32(B * O),
        dwt = engine.allocator.float32(I * O);
      if (adopt) sparse.adopt(lists(batch));
      else sparse.load(B, batch.x);
      sparse.forward(O, wt, bias, z, true);
      sparse.weightGradient(O, dz, dwt, false);
      return [Array.from(z), Array.from(dwt)];
    };
    const [zIndexed, dwtIndexed] = run(true),
      [zLoaded, dwtLoaded] = run(false);
    expect(zIndexed).toEqual(zLoaded);
    expect(dwtIndexed).toEqual(dwtLoaded);
    expect(dwtIndexed.some((v) => v !== 0)).toBe(true);
  });

  it("a backprop gradient gives the same bits with and without the index", () => {
    const I = 100,
      s = spec(I, 32),
      engine = wasmTrainingEngine(16 * 2 ** 20);
    const split = sparseSplit(64, I, 0.8, 4),
      source = batchSource(split, s, engine);
    const w = createParams(engineLayout(s, engine), "he", Rng.fromSeed(5), engine.allocator);
    const gradient = (useIndex: boolean): number[] => {
      const batch = createBatch(s, 32, engine.allocator),
        dw = engine.allocator.float32(w.length);
      fillBatch(batch, source, s, null, 16, 32);
      expect(lists(batch).rows).toBe(32);
      if (!useIndex) batch.prepared = null; // as after a fill without an index: x is indexed instead
      createGradientMethod({ method: "backprop" }, s, 32, engine).compute(w, batch, dw);
      return Array.from(dw);
    };
    const indexed = gradient(true);
    expect(indexed).toEqual(gradient(false));
    expect(indexed.some((v) => v !== 0)).toBe(true);
  });

  it("dense data is not indexed, and its batches are indexed from x as before", () => {
    const I = 20,
      s = spec(I, 8),
      engine = createWasmEngine({ maxBytes: 16 * 2 ** 20 });
    const { source, index } = inEngine(sparseSplit(30, I, 0.5, 6), engine, I);
    expect(index).toBeNull();
    const batch = createBatch(s, 8, engine.allocator);
    fillBatch(batch, source, s, null, 0, 8);
    expect(batch.prepared).toBeNull();
  });

  it("counts the nonzeros in wasm as a plain loop does (−0 is zero, NaN and ±∞ are not), on any length", () => {
    const engine = createWasmEngine({ maxBytes: 16 * 2 ** 20 });
    const r = Rng.fromSeed(11);
    const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45];
    for (const [rows, cols] of [
      [1, 1],
      [3, 5],
      [7, 5],
      [4, 16],
      [9, 37],
      [40, 784],
    ] as const) {
      const x = engine.allocator.float32(rows * cols);
      for (let i = 0; i < x.length; i++) {
        const u = r.uniform();
        x[i] = u < 0.5 ? 0 : u < 0.6 ? specials[r.int(specials.length)]! : r.uniform() * 2 - 1;
      }
      x[x.length - 1] = 0.25; // the last float, in the count's 1–3 tail or its last vector
      let expected = 0;
      for (let i = 0; i < x.length; i++) if (x[i] !== 0) expected++;
      const index = engine.rowIndex.index(x, rows, cols, 1.01);
      expect(index?.nonzeros, `${rows}×${cols}`).toBe(expected);
      expect(index?.ptr[rows]).toBe(expected);
      expect(engine.rowIndex.index(x, rows, cols, expected / x.length)).toBeNull(); // at the density limit: none
    }
  });
});
