/**
 * The wasm updates of Adam, AdamW, RMSprop and Adagrad (optimizer-wat.ts) against the plain loops
 * of src/optim/ they replace: first x² from x = 4 worked by hand (the numbers of
 * test/optim/adaptive.test.ts, in float32), then 37 random parameters (four-vector steps, a single
 * vector and a 1-float tail; the float after the end must stay untouched) over 20 steps, both
 * flavours, equal within float32 rounding.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import type { Float } from "../../src/core/types.js";
import type { UpdateKernels } from "../../src/engine/engine.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { createAdagrad } from "../../src/optim/adagrad.js";
import { createAdam } from "../../src/optim/adam.js";
import { createAdamW } from "../../src/optim/adamw.js";
import type { Optimizer } from "../../src/optim/optimizer.js";
import { createRmsprop } from "../../src/optim/rmsprop.js";

type Make = (kernels: UpdateKernels | null) => Optimizer;
const adamOptions = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
const RULES: [string, Make, number][] = [
  ["adam", (k) => createAdam(adamOptions, k), 0.01],
  ["adam with L2 decay", (k) => createAdam({ ...adamOptions, weightDecay: 0.1 }, k), 0.01],
  ["adamw", (k) => createAdamW({ ...adamOptions, weightDecay: 0.5 }, k), 0.01],
  [
    "rmsprop",
    (k) => createRmsprop({ alpha: 0.99, epsilon: 1e-8, weightDecay: 0.1, momentum: 0, centered: false }, k),
    0.01,
  ],
  ["adagrad", (k) => createAdagrad({ epsilon: 1e-10, weightDecay: 0.1 }, k), 0.1],
];

describe.each(["fma", "mul+add"] as const)("wasm optimizer updates, %s", (variant) => {
  const engine = wasmTrainingEngine(4 * 2 ** 20, variant);
  const alloc = (n: number): Float => engine.allocator.float32(n);

  it("x² from x = 4: Adam (γ 0.1) 3.9 then 3.80007; RMSprop (γ 0.01) 3.9 then 3.83001; Adagrad (γ 0.1) 3.9", () => {
    const run = (opt: Optimizer, lr: number, steps: number): number => {
      const w = alloc(5).fill(4),
        g = alloc(5);
      const s = opt.init(5, alloc);
      for (let t = 0; t < steps; t++) {
        for (let i = 0; i < 5; i++) g[i] = 2 * w[i]!;
        opt.update(w, g, lr, s);
      }
      expect(new Set(w).size).toBe(1); // vector lanes and the tail agree
      return w[0]!;
    };
    expect(run(createAdam(adamOptions, engine.update!), 0.1, 1)).toBeCloseTo(3.9, 5);
    expect(run(createAdam(adamOptions, engine.update!), 0.1, 2)).toBeCloseTo(3.800074, 5);
    const rms = () =>
      createRmsprop({ alpha: 0.99, epsilon: 1e-8, weightDecay: 0, momentum: 0, centered: false }, engine.update!);
    expect(run(rms(), 0.01, 1)).toBeCloseTo(3.9, 5);
    expect(run(rms(), 0.01, 2)).toBeCloseTo(3.83001, 5);
    expect(run(createAdagrad({ epsilon: 1e-10, weightDecay: 0 }, engine.update!), 0.1, 1)).toBeCloseTo(3.9, 5);
  });

  it.each(RULES)(
    "%s: 37 random parameters over 20 steps equal the plain loop within float32 rounding",
    (_n, make, lr) => {
      const n = 37,
        rng = Rng.fromSeed(5);
      const w = alloc(n + 1),
        ref = new Float32Array(n);
      for (let i = 0; i <= n; i++) w[i] = rng.range(-1, 1);
      ref.set(w.subarray(0, n));
      const fast = make(engine.update!),
        plain = make(null);
      const fastState = fast.init(n, alloc),
        plainState = plain.init(n, (k) => new Float32Array(k));
      const g = alloc(n),
        after = w[n];
      const view = w.subarray(0, n);
      for (let t = 0; t < 20; t++) {
        for (let i = 0; i < n; i++) g[i] = Math.fround(Math.sin(3 * i + t) + 0.5 * ref[i]!);
        fast.update(view, g, lr, fastState);
        plain.update(ref, g, lr, plainState);
      }
      expect(w[n]).toBe(after);
      for (let i = 0; i < n; i++)
        expect(Math.abs(view[i]! - ref[i]!)).toBeLessThan(2e-6 * Math.max(1, Math.abs(ref[i]!)));
      for (const [name, buffer] of Object.entries(fastState.buffers)) {
        const other = plainState.buffers[name]!;
        for (let i = 0; i < n; i++)
          expect(Math.abs(buffer[i]! - other[i]!)).toBeLessThan(1e-5 * Math.max(1e-3, Math.abs(other[i]!)));
      }
      expect(fastState.scalars).toEqual(plainState.scalars);
    },
  );

  it("flushes an average that decays below 2^−126 to 0 (no subnormals), as sgd_momentum does", () => {
    const w = alloc(4).fill(1),
      g = alloc(4).fill(0),
      m = alloc(4).fill(2 ** -125),
      v = alloc(4).fill(2 ** -120);
    engine.update!.adamStep!(4, w, g, m, v, 0.1, 0.25, 0.999, 1, 1e-8, 0, 1);
    expect(Array.from(m)).toEqual([0, 0, 0, 0]);
    expect(v[0]).toBeGreaterThan(0);
  });
});
