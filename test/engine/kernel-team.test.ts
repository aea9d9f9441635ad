/**
 * Splitting kernels over threads changes no bit: every split call of a 3-thread (and 2-thread)
 * wasm engine equals the same call on a 1-thread engine on the same inputs, for odd shapes,
 * shapes with fewer rows than threads, both sparse weight-gradient paths, the updates, and whole
 * training steps of an MLP. Each case also checks that the call really was split.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Float } from "../../src/core/types.js";
import { createGradientMethod } from "../../src/grad/index.js";
import { createWasmEngine, type WasmEngine } from "../../src/engine/wasm/wasm-engine.js";
import type { KernelExports } from "../../src/engine/wasm/kernel-exports.js";
import { startKernelTeam, type KernelTeamFunctions } from "../../src/engine/wasm/kernel-team.js";
import { splitExports } from "../../src/engine/wasm/split-exports.js";
import { KERNELS_MUL_ADD_WASM } from "../../src/engine/wasm/kernels-binary.js";
import { webAssembly } from "../../src/engine/wasm/webassembly-api.js";
import { engineThreads, MIN_SPLIT_STEP_MACS } from "../../src/engine/select-engine.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { createBatch, fillBatch, heapBatchSource } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { createSgd } from "../../src/optim/sgd.js";
import { Rng } from "../../src/core/rng.js";
import { randomF32 } from "./wasm-fixtures.js";
import { engineLayout, layoutOf } from "../../src/model/layout.js";

const MEMORY = 48 * 2 ** 20;

/** Index of the first element whose bits differ (−1: none). */
function firstDifference(a: Float, b: Float): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length),
    y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (a.length !== b.length) return 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe.each([3, 2])("kernels split over %i threads", (threads) => {
  let serial: WasmEngine, team: WasmEngine;
  beforeAll(() => {
    serial = createWasmEngine({ maxBytes: MEMORY });
    team = createWasmEngine({ maxBytes: MEMORY, threads });
    expect(team.waitForThreads(60_000)).toBe(true);
  });
  afterAll(() => team.dispose());

  /** Runs `call` on both engines with the same random arrays (sizes `sizes`, output last) and compares the outputs. */
  function same(sizes: number[], call: (e: WasmEngine, arrays: Float32Array[]) => void, zeros = 0): void {
    const make = (e: WasmEngine): Float32Array[] => {
      const rng = Rng.fromSeed(sizes.reduce((a, n) => a * 31 + n, 7));
      return sizes.map((n) => randomF32(e.allocator, n, rng, zeros));
    };
    const want = make(serial),
      got = make(team);
    const before = team.splitCalls();
    call(serial, want);
    call(team, got);
    expect(team.splitCalls()).toBeGreaterThan(before);
    expect(firstDifference(got[got.length - 1]!, want[want.length - 1]!)).toBe(-1);
  }

  // [M, N, K]: uneven thirds, fewer rows than threads, the MNIST layers, a wide skinny one
  const shapes: [number, number, number][] = [
    [37, 29, 53],
    [2, 300, 100],
    [32, 128, 784],
    [100, 10, 128],
    [5, 1000, 9],
  ];
  for (const [M, N, K] of shapes) {
    it(`gemmNT, gemmNTRelu ${M}×${N}×${K}`, () => {
      same([M * K, N * K, N, M * N], (e, [a, b, bias, out]) => e.kernels.gemmNT(M, N, K, a!, b!, bias!, out!));
      same([M * K, N * K, M * N], (e, [a, b, out]) => e.kernels.gemmNT(M, N, K, a!, b!, null, out!));
      same([M * K, N * K, N, M * N], (e, [a, b, bias, out]) => e.training.gemmNTRelu(M, N, K, a!, b!, bias!, out!));
    });
    it(`gemmNN, gemmNNBias ${M}×${N}×${K}`, () => {
      same([M * K, K * N, M * N], (e, [a, b, out]) => e.kernels.gemmNN(M, N, K, a!, b!, out!));
      same([M * K, K * N, N, M * N], (e, [a, b, bias, out]) =>
        e.training.gemmNNBias(M, N, K, a!, b!, bias!, out!, true),
      );
    });
    it(`gemmTN ${M}×${N}×${K}, written and accumulated`, () => {
      same([K * M, K * N, M * N], (e, [a, b, out]) => e.kernels.gemmTN(M, N, K, a!, b!, out!, false));
      same([K * M, K * N, M * N], (e, [a, b, out]) => e.kernels.gemmTN(M, N, K, a!, b!, out!, true));
    });
  }

  for (const B of [32, 3]) {
    it(`sparse forward and weight gradient, batch ${B} (${B === 32 ? "column lists" : "scatter from rows"})`, () => {
      const I = 784,
        O = 130;
      const inputs = (e: WasmEngine, x: Float32Array): ReturnType<WasmEngine["sparseInput"]> => {
        x.fill(0, I, 2 * I); // an empty row
        const s = e.sparseInput(B, I);
        s.load(B, x);
        return s;
      };
      same([B * I, I * O, O, B * O], (e, [x, wt, bias, z]) => inputs(e, x!).forward(O, wt!, bias!, z!, true), 0.8);
      same([B * I, I * O, B * O], (e, [x, wt, z]) => inputs(e, x!).forward(O, wt!, null, z!, false), 0.8);
      if (B === 32)
        same([B * I, B * O, I * O], (e, [x, dz, dwt]) => inputs(e, x!).weightGradient(O, dz!, dwt!, false), 0.8);
    });
  }

  it("the SGD update of only the rows the column lists wrote (runs cut into windows of rows)", () => {
    const B = 32,
      I = 784,
      O = 130;
    const rowUpdates = team.gradientRows.rowUpdates;
    same(
      [B * I, B * O, I * O, I * O],
      (e, [x, dz, dwt, wt]) => {
        // inputs 0–99, 300–339 and 700–783 zero in every sample: dWt's rows there are +0, the rest in 2 runs
        for (let b = 0; b < B; b++)
          for (const [k0, k1] of [
            [0, 100],
            [300, 340],
            [700, I],
          ] as const)
            x!.fill(0, b * I + k0, b * I + k1);
        const s = e.sparseInput(B, I);
        s.load(B, x!);
        s.weightGradient(O, dz!, dwt!, false);
        e.training.sgdStep(I * O, wt!, dwt!, 0.05);
      },
      0.8,
    );
    expect(team.gradientRows.rowUpdates).toBe(rowUpdates + 1);
  });

  // (on 2 threads only: 3 spinning threads on a 2-core machine take turns by time slices)
  if (threads === 2)
    it("5,000 back-to-back split calls lose no part (a missed job would change v and w)", () => {
      const n = 65_536;
      same([n, n, n], (e, [g, v, w]) => {
        for (let k = 0; k < 5000; k++) e.training.momentumStep(n, w!, g!, v!, 1e-3, 0.5);
      });
    });

  it("sgd and momentum updates over 100,003 parameters", () => {
    const n = 100_003;
    same([n, n], (e, [g, w]) => e.training.sgdStep(n, w!, g!, 0.05));
    same([n, n, n], (e, [g, v, w]) => {
      e.training.momentumStep(n, w!, g!, v!, 0.05, 0.9);
      e.training.momentumStep(n, w!, g!, v!, 0.05, 0.9);
    });
  });
});

describe("training steps on 1 and 2 threads", () => {
  // 72,378 parameters: the momentum update is split too, where the sparse weight gradient's parts ended
  it("give the same weights bit for bit (MNIST-like sparse inputs, 400-160-48-10, batch 32)", () => {
    const base: NetworkSpec = {
      sizes: [400, 160, 48, 10],
      activation: "relu",
      loss: "cross-entropy",
      precision: "float32",
    };
    const r = Rng.fromSeed(3),
      n = 64;
    const x = Float64Array.from({ length: n * 400 }, () => (r.uniform() < 0.8 ? 0 : r.uniform()));
    const data = { n, x, labels: Int32Array.from({ length: n }, (_, i) => (i * 7) % 10), targets: null };
    const run = (threads: number): { w: Float; splits: number } => {
      const engine = wasmTrainingEngine(MEMORY, "auto", threads);
      if (threads > 1) expect(engine.waitForThreads(60_000)).toBe(true);
      const w = createParams(engineLayout(base, engine), "he", Rng.fromSeed(5), engine.allocator),
        dw = engine.allocator.float32(w.length);
      const method = createGradientMethod({ method: "backprop" }, base, 32, engine);
      const sgd = createSgd({ momentum: 0.9, nesterov: false, weightDecay: 0 }, engine.update ?? null);
      const state = sgd.init(w.length, (k) => engine.allocator.float32(k));
      const batch = createBatch(base, 32, engine.allocator),
        source = heapBatchSource(data, base);
      for (let step = 0; step < 6; step++) {
        fillBatch(batch, source, base, null, (step % 2) * 32, 32);
        method.compute(w, batch, dw);
        sgd.update(w, dw, 0.05, state);
      }
      const splits = engine.splitCalls();
      void engine.dispose();
      return { w, splits };
    };
    const one = run(1),
      two = run(2);
    expect(one.splits).toBe(0);
    expect(two.splits).toBeGreaterThan(6 * 4); // every step splits its products
    expect(firstDifference(two.w, one.w)).toBe(-1);
    expect(
      one.w.some(
        (v, i) => v !== createParams(layoutOf(base, ["in-out", "out-in", "out-in"]), "he", Rng.fromSeed(5))[i],
      ),
    ).toBe(true);
  });
});

describe("engineThreads", () => {
  it("gives workers only to networks whose dense products hold MIN_SPLIT_STEP_MACS a step, at batch 2 or more", () => {
    expect(MIN_SPLIT_STEP_MACS).toBe(524_288); // the figures below are worked out for this
    expect(engineThreads([784, 256, 128, 10], 32, 2, true)).toBe(2); // 32·(128·256 + 10·128) = 1,089,536
    expect(engineThreads([784, 128, 10], 32, 2, true)).toBe(1); // 32·10·128 = 40,960 (layer 1 sparse)
    expect(engineThreads([784, 128, 10], 32, 2, false)).toBe(2); // dense inputs: + 32·128·784
    expect(engineThreads([784, 256, 128, 10], 1, 2, false)).toBe(1); // batch 1: one row
    expect(engineThreads([2, 8, 2], 10, 2, false)).toBe(1); // moons: 320
    expect(engineThreads([64, 128, 128, 1], 32, 3, false)).toBe(3); // 32·(128·64 + 128·128 + 128) = 790,528
    expect(engineThreads([64, 128, 63, 1], 16, 3, false)).toBe(1); // 16·(8,192 + 8,064 + 63) = 261,104
  });
});

describe("the kernel team", () => {
  /** A one-helper team on a fresh shared memory of `pages` 64 KiB pages, started. */
  function startedTeam(pages: number) {
    const module = new webAssembly.Module(Buffer.from(KERNELS_MUL_ADD_WASM, "base64"));
    const memory = new webAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const own = new webAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    const team = startKernelTeam(module, memory, 1, own as KernelTeamFunctions);
    expect(team.waitUntilReady(60_000)).toBe(true);
    const inside = team as unknown as { workers: { terminate(): Promise<number> }[] };
    return { team, memory, own, worker: inside.workers[0]! };
  }

  it("rethrows a worker's trap on the main thread, and runs serially after dispose", async () => {
    const { team } = startedTeam(1);
    expect(team.threads).toBe(2);
    team.post(1, "sgd", 64, 2 ** 20, 64, 0.5); // w at 1 MiB: outside the 64 KiB memory
    team.start(2);
    // the part is left to the worker (not taken back), so the worker is the one that traps
    expect(() => team.join(false)).toThrow(/kernel team worker 0 failed: RuntimeError: memory access out of bounds/);
    expect(team.partsTakenBack).toBe(0);
    await team.dispose();
    expect(team.threads).toBe(1);
  });

  it("a worker that is gone holds nothing up: the main thread takes its parts back, same bits", async () => {
    const { team, memory, own, worker } = startedTeam(64);
    await worker.terminate(); // as if preempted for good: its parts are never claimed
    const split = splitExports(own, team, memory, [2 ** 20, 2 ** 20 + 131_072]);
    const f32 = new Float32Array(memory.buffer),
      M = 32,
      N = 96,
      K = 80,
      a = 4096,
      b = a + 4 * M * K,
      out = b + 4 * K * N,
      want = out + 4 * M * N;
    for (let i = 0; i < (want - a) / 4; i++) f32[a / 4 + i] = Math.sin(i);
    own.gemm_nn(M, N, K, a, b, 0, want, 0);
    for (let k = 0; k < 50; k++) split.gemm_nn(M, N, K, a, b, 0, out, 0);
    expect(team.jobsStarted).toBe(50);
    expect(team.partsTakenBack).toBe(50);
    expect(firstDifference(f32.subarray(out / 4, out / 4 + M * N), f32.subarray(want / 4, want / 4 + M * N))).toBe(-1);
    await team.dispose();
  });
});
