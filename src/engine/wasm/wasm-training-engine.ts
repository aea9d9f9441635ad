/**
 * The wasm engine as an `Engine` for float32 networks: the generated SIMD kernels behind the
 * dense layers, with ReLU fused into the forward product, layer 1 stored as Wᵀ and computed from
 * the nonzero inputs (its lists gathered per batch from lists made once per training set), the
 * optimizers' updates vectorised, and the big calls split over worker threads when `threads` > 1
 * (results identical for any count: split-exports.ts).
 */
import { allFinite } from "../../core/finite.js";
import type { Engine } from "../engine.js";
import { denseLayers, type SparseInputPath } from "../dense-layers.js";
import { heapFeatures } from "../heap-features.js";
import { sparseFirstLayerOrders } from "../typescript/typescript-engine.js";
import { BatchIndex } from "./row-index.js";
import { createWasmEngine, type WasmEngine, type WasmVariant } from "./wasm-engine.js";
import { wasmFeatures } from "./wasm-features.js";

/** A wasm engine as an Engine, with its worker threads' controls. */
export type WasmTrainingEngine = Engine &
  Pick<WasmEngine, "waitForThreads" | "splitCalls" | "dispose" | "gradientRows">;

/**
 * An engine whose memory holds about `bytes` (reserved once: see engineBytes in select-engine.ts),
 * splitting its big products over `threads` threads.
 */
export function wasmTrainingEngine(
  bytes: number,
  variant: WasmVariant | "auto" = "auto",
  threads = 1,
): WasmTrainingEngine {
  const wasm: WasmEngine = createWasmEngine({ maxBytes: bytes, variant, threads });
  const t = wasm.training;
  const sparseInput = (maxRows: number, cols: number): SparseInputPath => {
    const s = wasm.sparseInput(maxRows, cols);
    return {
      load: (rows, x) => s.load(rows, x),
      adopt: (prepared) =>
        prepared instanceof BatchIndex && prepared.ptr.buffer === wasm.memory.buffer ? s.adopt(prepared) : null,
      forward: (N, wt, bias, z, relu) => s.forward(N, wt, bias, z, relu),
      weightGradient: (N, dZ, dWt) => s.weightGradient(N, dZ, dWt, false),
    };
  };
  const relu = {
    gemmNT: t.gemmNTRelu,
    backward: t.reluBackward,
  };
  return {
    name: wasm.kernels.name,
    allocator: wasm.allocator,
    weightOrders: sparseFirstLayerOrders,
    layers: (sizes, activations, capacity) =>
      denseLayers(wasm.kernels, sizes, activations, capacity, { relu, sparseInput }),
    features: (x, rows, cols, precision) =>
      precision === "float32" ? wasmFeatures(wasm, x, rows, cols) : heapFeatures(x, rows, cols, precision),
    update: {
      sgdStep: t.sgdStep,
      momentumStep: t.momentumStep,
      adamStep: t.adamStep,
      rmspropStep: t.rmspropStep,
      adagradStep: t.adagradStep,
    },
    allFinite: (x) => (x instanceof Float32Array && x.buffer === wasm.memory.buffer ? t.allFinite(x) : allFinite(x)),
    recipe: { kind: "wasm", variant: wasm.variant },
    waitForThreads: (timeoutMs) => wasm.waitForThreads(timeoutMs),
    splitCalls: () => wasm.splitCalls(),
    gradientRows: wasm.gradientRows,
    dispose: () => wasm.dispose(),
  };
}
