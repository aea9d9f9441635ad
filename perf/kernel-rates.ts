/**
 * GFLOP/s of the products of the first MNIST layer B×I×O = 32×784×128 on the engines `sgd train` uses:
 *   forward Z[B×O] = X·Wᵀ + b (gemmNT),  dW[O×I] = dZᵀ·X (gemmTN),  dX[B×I] = dZ·W (gemmNN)
 *   GFLOP/s = 2·B·I·O / seconds per call; sparse rows count the dense flops ("effective")
 * X holds real MNIST rows. Rounds of one sample (≈ 5 ms of calls) per kernel are interleaved, so load hits all alike.
 * (perf/kernels.ts is the full micro-benchmark: every layer, both wasm flavours, tile shapes.)
 */
import type { Split } from "../src/data/dataset.js";
import type { Float } from "../src/core/types.js";
import type { SparseInputPath } from "../src/engine/dense-layers.js";
import { heapAllocator, type Allocator, type Kernels } from "../src/engine/kernels.js";
import { typedKernels } from "../src/engine/typescript/typed-kernels.js";
import { createWasmEngine } from "../src/engine/wasm/wasm-engine.js";
import { LoadMeter, median } from "./train-bench.js";

export const KERNEL_SHAPE = { B: 32, I: 784, O: 128 } as const;
const SAMPLE_MS = 5;
const WARM_UP_MS = 100;

export interface KernelRate {
  engine: string;
  kernel: string;
  /** "32×784×128" */
  shape: string;
  dense: boolean;
  /** from the median sample, and from the fastest one (the least disturbed by other load) */
  gflops: number;
  bestGflops: number;
  microsPerCall: number;
  otherLoadCores: number;
}

interface Case {
  engine: string;
  kernel: string;
  dense: boolean;
  fn: () => void;
  samples: number[];
}

/** Calls per sample: as many as took SAMPLE_MS during a WARM_UP_MS warm-up (V8 tiers the kernels up meanwhile). */
function warmUp(fn: () => void): number {
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < WARM_UP_MS) {
    fn();
    calls++;
  }
  return Math.max(1, Math.ceil((calls * SAMPLE_MS) / WARM_UP_MS));
}

/** Seconds per call, over one sample of `calls` calls. */
function sample(fn: () => void, calls: number): number {
  const t0 = performance.now();
  for (let k = 0; k < calls; k++) fn();
  return (performance.now() - t0) / 1000 / calls;
}

/** The cases of one engine: dense products, and the sparse first-layer path where the engine has one. */
interface KernelSet {
  kernels: Kernels;
  allocator: Allocator;
  /** the sparse first layer, where the engine has one */
  sparseInput?: (rows: number, cols: number) => Pick<SparseInputPath, "load" | "forward" | "weightGradient">;
}

function engineCases(name: string, engine: KernelSet, rows: Float): Case[] {
  const { B, I, O } = KERNEL_SHAPE;
  const f32 = (n: number, fill: (k: number) => number): Float32Array => {
    const a = engine.allocator.float32(n);
    for (let k = 0; k < n; k++) a[k] = fill(k);
    return a;
  };
  // deterministic values in [−0.5, 0.5): no Rng needed for timing
  const wave = (k: number): number => ((k * 7919) % 1000) / 1000 - 0.5;
  const X = f32(B * I, (k) => rows[k]!),
    W = f32(O * I, wave),
    Wt = f32(I * O, wave),
    bias = f32(O, wave);
  const dZ = f32(B * O, wave),
    Z = f32(B * O, () => 0),
    dW = f32(O * I, () => 0),
    dX = f32(B * I, () => 0);
  const k = engine.kernels;
  const cases: Case[] = [];
  const add = (kernel: string, dense: boolean, fn: () => void): void =>
    void cases.push({ engine: name, kernel, dense, fn, samples: [] });
  add("gemmNT forward X·Wᵀ+b", true, () => k.gemmNT(B, O, I, X, W, bias, Z));
  add("gemmTN dW = dZᵀ·X", true, () => k.gemmTN(O, I, B, dZ, X, dW, false));
  add("gemmNN dX = dZ·W", true, () => k.gemmNN(B, I, O, dZ, W, dX));
  if (engine.sparseInput !== undefined) {
    const sparse = engine.sparseInput(B, I),
      dWt = f32(I * O, () => 0);
    add("sparse load + forward X·Wt+b (eff.)", false, () => {
      sparse.load(B, X);
      sparse.forward(O, Wt, bias, Z, false);
    });
    add("sparse load + dWt = Xᵀ·dZ (eff.)", false, () => {
      sparse.load(B, X);
      sparse.weightGradient(O, dZ, dWt);
    });
  }
  return cases;
}

/** Times the wasm engine's (when it compiles here) and the TypeScript engine's kernels on train rows 0…31. */
export function timeKernels(train: Split, samples: number): KernelRate[] {
  const { B, I, O } = KERNEL_SHAPE;
  const rows = train.x.subarray(0, B * I);
  const cases: Case[] = [];
  try {
    const wasm = createWasmEngine({ maxBytes: 64 * 2 ** 20 });
    const sparseInput = (r: number, c: number) => {
      const s = wasm.sparseInput(r, c);
      return {
        load: s.load.bind(s),
        forward: s.forward.bind(s),
        weightGradient: (N: number, dZ: Float, dWt: Float) => s.weightGradient(N, dZ, dWt, false),
      };
    };
    cases.push(
      ...engineCases(wasm.kernels.name, { kernels: wasm.kernels, allocator: wasm.allocator, sparseInput }, rows),
    );
  } catch {
    // no WebAssembly SIMD here: only the TypeScript kernels are timed
  }
  cases.push(
    ...engineCases("typescript", { kernels: typedKernels, allocator: heapAllocator }, rows).filter((c) =>
      c.kernel.startsWith("gemmNT"),
    ),
  );
  const meter = new LoadMeter();
  const calls = cases.map((c) => warmUp(c.fn));
  for (let r = 0; r < samples; r++) for (const [i, c] of cases.entries()) c.samples.push(sample(c.fn, calls[i]!));
  const flops = 2 * B * I * O,
    otherLoadCores = meter.otherCores();
  return cases.map((c) => {
    const seconds = median(c.samples),
      best = Math.min(...c.samples);
    return {
      engine: c.engine,
      kernel: c.kernel,
      shape: `${B}×${I}×${O}`,
      dense: c.dense,
      gflops: flops / seconds / 1e9,
      bestGflops: flops / best / 1e9,
      microsPerCall: seconds * 1e6,
      otherLoadCores,
    };
  });
}
