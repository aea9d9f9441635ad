/**
 * The wasm engine around the kernels: its arena (aligned views that stay attached, a clear
 * error when exhausted), the argument checks, the variant it picks, and the training kernels
 * on numbers worked by hand: SGD w − lr·g, momentum v = μv + g; w − lr·v, ReLU backward, transpose.
 */
import { describe, expect, it } from "vitest";
import { allFinite } from "../../src/core/finite.js";
import { createWasmEngine } from "../../src/engine/wasm/wasm-engine.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";

const engine = createWasmEngine({ maxBytes: 4 * 2 ** 20 });
const { allocator, kernels } = engine;
const f32 = (values: number[]): Float32Array => {
  const a = allocator.float32(values.length);
  a.set(values);
  return a;
};

describe("wasm arena", () => {
  it("hands out 16-byte-aligned float32 views of one memory that never detach", () => {
    const first = allocator.float32(3);
    first.set([1, 2, 3]);
    const views = [first, allocator.float32(5), allocator.float32(1), allocator.float32(1000)];
    for (const v of views) {
      expect(v.byteOffset % 16).toBe(0);
      expect(v.buffer).toBe(engine.memory.buffer);
    }
    // later allocations never overlap earlier ones and never detach them
    views[1]!.fill(9);
    expect(Array.from(first)).toEqual([1, 2, 3]);
    expect(views[1]![0]).toBe(9);
  });

  it("refuses, with the sizes in the message, an allocation larger than what is free", () => {
    const small = createWasmEngine({ maxBytes: 65536 * 4 });
    const free = small.bytesFree();
    expect(() => small.allocator.float32(free)).toThrow(
      /wasm arena exhausted: float32\(\d+\) needs \d+ bytes but only \d+ of 262144 are free; create the engine with a larger maxBytes/,
    );
    const fits = small.allocator.float32(free / 4);
    expect(fits.length).toBe(free / 4);
    expect(() => small.allocator.float32(1)).toThrow(/wasm arena exhausted/);
    expect(fits.buffer).toBe(small.memory.buffer);
  });

  it("gives float64 arrays from the ordinary heap", () => {
    const a = allocator.float64(4);
    expect(a).toBeInstanceOf(Float64Array);
    expect(a.buffer).not.toBe(engine.memory.buffer);
  });

  it("rejects a maxBytes below one page", () => {
    expect(() => createWasmEngine({ maxBytes: 1000 })).toThrow(/maxBytes must be an integer/);
  });
});

describe("argument checks", () => {
  const A = f32([1, 2, 3, 4]),
    B = f32([1, 0, 0, 1]),
    out = allocator.float32(4);
  it("refuses arrays outside the engine's memory, float64 arrays and short arrays", () => {
    expect(() => kernels.gemmNT(2, 2, 2, new Float32Array(4), B, null, out)).toThrow(
      /gemmNT A: not a view into this engine's wasm memory/,
    );
    expect(() => kernels.gemmNN(2, 2, 2, A, new Float64Array(4), out)).toThrow(
      /gemmNN B: got a Float64Array; the wasm kernels are float32 only/,
    );
    expect(() => kernels.gemmTN(2, 2, 2, A, B, out.subarray(0, 3), false)).toThrow(
      /gemmTN out: has 3 elements, needs 4/,
    );
    expect(() => kernels.colSum(-1, 2, A, out, false)).toThrow(/colSum M, N = -1 is not a size/);
    const other = createWasmEngine({ maxBytes: 65536 * 4 });
    expect(() => other.kernels.gemmNT(2, 2, 2, A, B, null, other.allocator.float32(4))).toThrow(
      /not a view into this engine's wasm memory/,
    );
  });

  it("checks a view's length at every call, also once the view is known (addressOf remembers checked views)", () => {
    const short = allocator.float32(3);
    kernels.colSum(1, 3, A, short, false); // checked and remembered: 3 elements
    expect(Array.from(short)).toEqual([1, 2, 3]);
    expect(() => kernels.colSum(1, 4, A, short, false)).toThrow(/colSum out: has 3 elements, needs 4/);
    const fresh = short.subarray(1); // another view of the same memory: checked on its own
    expect(() => kernels.colSum(1, 3, A, fresh, false)).toThrow(/colSum out: has 2 elements, needs 3/);
  });

  it("computes [[1,2],[3,4]]·I = itself through a subarray view (byteOffset honoured)", () => {
    const backing = allocator.float32(12);
    const view = backing.subarray(5, 9);
    kernels.gemmNT(2, 2, 2, A, B, null, view);
    expect(Array.from(view)).toEqual([1, 2, 3, 4]);
    expect(Array.from(backing.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("variant", () => {
  it("has relaxed SIMD on Node ≥ 20, natively or through the V8 flag set at run time (also in vitest's forked workers)", () => {
    expect(["native", "enabled-by-flag"]).toContain(engine.relaxedSimd);
  });

  it("is FMA exactly when relaxed SIMD is available, and names the kernel set", () => {
    expect(engine.variant).toBe(engine.relaxedSimd === "unavailable" ? "mul+add" : "fma");
    expect(kernels.name).toBe(`wasm-simd-${engine.variant}`);
    expect(createWasmEngine({ maxBytes: 65536 * 4, variant: "mul+add" }).variant).toBe("mul+add");
  });
});

describe.each(["fma", "mul+add"] as const)("training kernels, %s", (variant) => {
  const e = createWasmEngine({ maxBytes: 65536 * 8, variant });
  const v32 = (values: number[]): Float32Array => {
    const a = e.allocator.float32(values.length);
    a.set(values);
    return a;
  };
  it("sgdStep: w = 1, 2, …, 7 (vector + tail), g = 0.5 each, lr 0.1 → w − 0.05", () => {
    const w = v32([1, 2, 3, 4, 5, 6, 7]),
      g = v32([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    e.training.sgdStep(7, w, g, 0.1);
    expect(Array.from(w)).toEqual([0.95, 1.95, 2.95, 3.95, 4.95, 5.95, 6.95].map(Math.fround));
  });

  it("sgdStep over a range leaves the rest alone", () => {
    const w = v32([1, 1, 1, 1, 1, 1]),
      g = v32([2, 2, 2, 2, 2, 2]);
    e.training.sgdStep(3, w.subarray(2), g.subarray(2), 0.25);
    expect(Array.from(w)).toEqual([1, 1, 0.5, 0.5, 0.5, 1]);
  });

  it("momentumStep: x² from x = 4, μ 0.9, lr 0.1: v 8 → x 3.2; then g 6.4, v 13.6 → x 1.84", () => {
    const x = v32([4, 4, 4, 4, 4]),
      g = e.allocator.float32(5),
      v = e.allocator.float32(5);
    g.fill(8);
    e.training.momentumStep(5, x, g, v, 0.1, 0.9);
    expect(Array.from(v)).toEqual([8, 8, 8, 8, 8]);
    expect(Array.from(x, (t) => t.toFixed(5))).toEqual(new Array(5).fill("3.20000"));
    g.fill(6.4);
    e.training.momentumStep(5, x, g, v, 0.1, 0.9);
    expect(Array.from(v, (t) => t.toFixed(5))).toEqual(new Array(5).fill("13.60000"));
    expect(Array.from(x, (t) => t.toFixed(5))).toEqual(new Array(5).fill("1.84000"));
  });

  it("reluBackward passes dA where the output is positive", () => {
    const a = v32([0, 1.5, 0, 2, 3, 0, 0.25]),
      dA = v32([1, 2, 3, 4, 5, 6, 7]),
      dZ = e.allocator.float32(7);
    e.training.reluBackward(7, a, dA, dZ);
    expect(Array.from(dZ)).toEqual([0, 2, 0, 4, 5, 0, 7]);
  });

  // 37 = two steps of four vectors, one single vector, one tail float; entry 37 must stay as it was
  it("sgdStep, momentumStep and reluBackward over 37 floats: every entry, none past the end", () => {
    const n = 37,
      count = (f: (i: number) => number): number[] => Array.from({ length: n + 1 }, (_, i) => f(i));
    const w = v32(count((i) => i)),
      g = v32(count(() => 0.5));
    e.training.sgdStep(n, w, g, 0.25); // w − 0.125, exact in float32
    expect(Array.from(w)).toEqual(count((i) => (i < n ? i - 0.125 : i)));

    const x = v32(count(() => 8)),
      v = v32(count((i) => i)),
      ones = v32(count(() => 1));
    e.training.momentumStep(n, x, ones, v, 0.25, 0.5); // v = i/2 + 1, x = 8 − v/4: exact
    expect(Array.from(v)).toEqual(count((i) => (i < n ? i / 2 + 1 : i)));
    expect(Array.from(x)).toEqual(count((i) => (i < n ? 8 - (i / 2 + 1) / 4 : 8)));

    const a = v32(count((i) => (i % 3 === 0 ? 0 : i))),
      dA = v32(count((i) => -i - 1)),
      dZ = v32(count(() => 99));
    e.training.reluBackward(n, a, dA, dZ);
    expect(Array.from(dZ)).toEqual(count((i) => (i === n ? 99 : i % 3 === 0 ? 0 : -i - 1)));
  });

  it.each([
    [1, 1],
    [3, 5],
    [4, 4],
    [9, 6],
    [7, 13],
    [6, 37],
    [20, 16],
  ])("transpose %i×%i puts src[r,c] at dst[c,r]", (rows, cols) => {
    const src = v32(Array.from({ length: rows * cols }, (_, i) => i));
    const dst = e.allocator.float32(rows * cols);
    e.training.transpose(rows, cols, src, dst);
    const want = Array.from({ length: rows * cols }, (_, i) => (i % rows) * cols + Math.floor(i / rows));
    expect(Array.from(dst)).toEqual(want);
  });
});

describe("wasm allFinite", () => {
  it("agrees with the plain scan on every length and position of ±∞ and NaN, and on huge, tiny and −0 values", () => {
    const engine = wasmTrainingEngine(4 * 2 ** 20);
    for (let n = 0; n <= 40; n++) {
      const x = engine.allocator.float32(n).fill(0.5) as Float32Array;
      if (n > 2) x.set([-0, 3.4e38, 1e-45].slice(0, n));
      expect(engine.allFinite!(x), `n = ${n}`).toBe(true);
      for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
        for (let at = 0; at < n; at++) {
          x[at] = bad;
          expect(engine.allFinite!(x), `n = ${n}, ${bad} at ${at}`).toBe(false);
          expect(allFinite(x)).toBe(false);
          x[at] = 0.5;
        }
      }
    }
    const outside = Float32Array.of(1, 2, Number.NaN); // not in the engine's memory: the plain scan
    expect(engine.allFinite!(outside)).toBe(false);
  });
});
