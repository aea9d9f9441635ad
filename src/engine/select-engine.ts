/**
 * Which engine trains a network: float32 networks run on the WebAssembly SIMD engine (with its
 * exact sparse first layer and vectorised updates) wherever this V8 can compile it; float64
 * networks, and any machine without WebAssembly SIMD, on the TypeScript kernels with the same
 * sparse first layer. compare-gradients and the gradient tests use the plain dense
 * `typescriptEngine`. All compute the same functions; only speed and float rounding differ.
 */
import type { Precision } from "../config/train-schema.js";
import { typescriptEngine, type Engine } from "./engine.js";
import { TypedSparseInput } from "./typescript/typed-sparse-input.js";
import { createWasmEngine, type WasmEngine, type WasmVariant } from "./wasm/wasm-engine.js";

export interface EngineChoice {
  engine: Engine;
  /** for logs and summary.json: "typescript" or "wasm-simd-fma" / "wasm-simd-mul+add" */
  name: string;
}

/** A wasm engine as an Engine, with its name and its worker threads' controls. */
export type WasmTrainingEngine = Engine & Pick<WasmEngine, "waitForThreads" | "splitCalls" | "dispose"> & { name: string };

/**
 * An engine for a float32 network whose buffers need about `bytes` of memory (variant: see
 * WasmEngineOptions), splitting its big products over `threads` threads (same results for any count).
 */
export function wasmTrainingEngine(bytes: number, variant: WasmVariant | "auto" = "auto", threads = 1): WasmTrainingEngine {
  const wasm: WasmEngine = createWasmEngine({ maxBytes: bytes, variant, threads });
  return {
    name: wasm.kernels.name,
    waitForThreads: (timeoutMs) => wasm.waitForThreads(timeoutMs),
    splitCalls: () => wasm.splitCalls(),
    dispose: () => wasm.dispose(),
    kernels: wasm.kernels,
    allocator: wasm.allocator,
    transposeFirstLayer: true,
    sparseInput(maxRows, cols) {
      const s = wasm.sparseInput(maxRows, cols);
      return {
        load: (rows, x) => s.load(rows, x),
        adopt: (index) => s.adopt(index),
        forward: (N, wt, bias, z, relu) => s.forward(N, wt, bias, z, relu),
        weightGradient: (N, dZ, dWt) => s.weightGradient(N, dZ, dWt, false),
      };
    },
    relu: {
      gemmNT: (M, N, K, A, B, bias, out) => wasm.training.gemmNTRelu(M, N, K, A, B, bias, out),
      backward: (n, a, dA, dZ) => wasm.training.reluBackward(n, a, dA, dZ),
    },
    update: {
      sgdStep: (n, w, g, lr) => wasm.training.sgdStep(n, w, g, lr),
      momentumStep: (n, w, g, v, lr, mu) => wasm.training.momentumStep(n, w, g, v, lr, mu),
    },
  };
}

/** The TypeScript kernels plus the exact sparse first layer (any precision). */
export const typescriptSparseEngine: Engine = {
  ...typescriptEngine,
  transposeFirstLayer: true,
  sparseInput: (maxRows, cols) => new TypedSparseInput(maxRows, cols),
};

/**
 * Bytes to reserve for a network of `sizes` = [I, H…, O] with p parameters: parameter-sized
 * buffers (w, dw, velocity, scratch), `rows` samples of batches, activations, deltas and sparse
 * indexes (all workspaces together: a workspace's row and column lists, a batch's gathered lists,
 * 8 bytes an input each), and `extraFloats` more (e.g. training features and their row index),
 * with a quarter to spare: a WebAssembly engine reserves its memory once and never grows it.
 */
export function engineBytes(sizes: readonly number[], p: number, rows: number, extraFloats = 0): number {
  const units = sizes.reduce((a, n) => a + n, 0);
  const bytes = 4 * 4 * p + 4 * extraFloats + rows * (4 * (sizes[0]! + sizes[sizes.length - 1]! + 2 * units) + 24 * sizes[0]!);
  return Math.ceil(bytes * 1.25) + 16 * 2 ** 20;
}

/** How long selectEngine waits for the engine's worker threads to start. */
const THREAD_START_MS = 10_000;

/**
 * Multiply-adds per step of dense products below which the engine's threads do not pay: measured
 * on 2 cores, the Quick-start 784-128-10 on MNIST (41k dense, its first layer sparse) is no faster
 * on two threads (10 epochs 0.7–1.1 s either way, 40 epochs 3.0–3.3 s either way); 784-256-128-10
 * (1.09M) takes 1.1–1.3× less time a step on two.
 */
export const MIN_SPLIT_STEP_MACS = 2 ** 19;

/**
 * Threads worth giving a wasm engine for a network of `sizes` trained at `batchSize`: `threads`
 * when the dense products of a step (layer 1's left out when its inputs are sparse: it then does a
 * fifth of the work, and moving its weights between cores costs more than splitting it saves) hold
 * MIN_SPLIT_STEP_MACS multiply-adds, else 1 (no workers are started). Batch 1 gets 1: its
 * products have one row to split (splitting its update alone made 784-128-10 ~1.5× slower).
 */
export function engineThreads(sizes: readonly number[], batchSize: number, threads: number, sparseInputs: boolean): number {
  let dense = 0;
  for (let l = 1; l < sizes.length; l++) if (l > 1 || !sparseInputs) dense += batchSize * sizes[l]! * sizes[l - 1]!;
  return batchSize >= 2 && dense >= MIN_SPLIT_STEP_MACS ? threads : 1;
}

/**
 * `engine: "auto"` picks by precision; "typescript" forces the TypeScript kernels. `threads`:
 * how many threads the wasm engine splits its big calls over (the TypeScript kernels use one).
 */
export function selectEngine(precision: Precision, bytes: number, preference: "auto" | "typescript" = "auto", threads = 1): EngineChoice {
  if (precision === "float32" && preference === "auto") {
    let engine: WasmTrainingEngine | null = null;
    try {
      engine = wasmTrainingEngine(bytes, "auto", threads);
    } catch {
      // no WebAssembly SIMD here: fall through to the TypeScript kernels
    }
    if (engine !== null) {
      if (threads > 1) startThreads(engine);
      return { engine, name: engine.name };
    }
  }
  return { engine: typescriptSparseEngine, name: "typescript" };
}

/**
 * Waits for the engine's workers (they take ~50 ms; until then calls run on this thread, with
 * the same results). Workers that cannot start are ended: the engine then runs on one thread.
 */
function startThreads(engine: WasmTrainingEngine): void {
  let ready = false;
  try {
    ready = engine.waitForThreads(THREAD_START_MS);
  } catch {
    // a worker failed to set up (reported through the team): same as not ready
  }
  if (!ready) void engine.dispose();
}
