/**
 * Which engine trains a network: float32 networks run on the WebAssembly SIMD engine wherever
 * this V8 can compile it; float64 networks, and any machine without WebAssembly SIMD, on the
 * TypeScript kernels with the same sparse first layer. compare-gradients and the gradient tests
 * use the plain dense `typescriptEngine`. All compute the same functions; only speed and float
 * rounding differ. A worker thread rebuilds an engine from its recipe (engineFromRecipe).
 */
import type { Precision } from "../config/train-schema.js";
import type { Engine, EngineRecipe } from "./engine.js";
import { referenceEngine } from "./reference/reference-engine.js";
import { typescriptEngine, typescriptSparseEngine } from "./typescript/typescript-engine.js";
import { wasmTrainingEngine, type WasmTrainingEngine } from "./wasm/wasm-training-engine.js";

/**
 * Bytes to reserve for a network of `sizes` = [I, H…, O] with p parameters: parameter-sized
 * buffers (w, dw, velocity, scratch), `rows` samples of batches, activations, deltas and sparse
 * indexes (all workspaces together: a workspace's row and column lists, a batch's gathered lists,
 * 8 bytes an input each), and `extraFloats` more (e.g. training features and their row index),
 * with a quarter to spare: a WebAssembly engine reserves its memory once and never grows it.
 */
export function engineBytes(sizes: readonly number[], p: number, rows: number, extraFloats = 0): number {
  const units = sizes.reduce((a, n) => a + n, 0);
  const bytes =
    4 * 4 * p + 4 * extraFloats + rows * (4 * (sizes[0]! + sizes[sizes.length - 1]! + 2 * units) + 24 * sizes[0]!);
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
export function engineThreads(
  sizes: readonly number[],
  batchSize: number,
  threads: number,
  sparseInputs: boolean,
): number {
  let dense = 0;
  for (let l = 1; l < sizes.length; l++) if (l > 1 || !sparseInputs) dense += batchSize * sizes[l]! * sizes[l - 1]!;
  return batchSize >= 2 && dense >= MIN_SPLIT_STEP_MACS ? threads : 1;
}

/**
 * `engine: "auto"` picks by precision; "typescript" forces the TypeScript kernels. `threads`:
 * how many threads the wasm engine splits its big calls over (the TypeScript kernels use one).
 */
export function selectEngine(
  precision: Precision,
  bytes: number,
  preference: "auto" | "typescript" = "auto",
  threads = 1,
): Engine {
  if (precision === "float32" && preference === "auto") {
    let engine: WasmTrainingEngine | null = null;
    try {
      engine = wasmTrainingEngine(bytes, "auto", threads);
    } catch {
      // no WebAssembly SIMD here: fall through to the TypeScript kernels
    }
    if (engine !== null) {
      if (threads > 1) startThreads(engine);
      return engine;
    }
  }
  return typescriptSparseEngine;
}

/** The engine a recipe describes; a wasm engine gets its own memory of `bytes`. */
export function engineFromRecipe(recipe: EngineRecipe, bytes: number): Engine {
  switch (recipe.kind) {
    case "wasm":
      return wasmTrainingEngine(bytes, recipe.variant);
    case "typescript":
      return recipe.sparse ? typescriptSparseEngine : typescriptEngine;
    case "reference":
      return referenceEngine;
  }
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
