/**
 * An engine as plain data, so a worker thread can build the same one: a worker cannot share the
 * main thread's kernels or wasm memory, but the same kernels on the same numbers give the same
 * bits, so a recipe (which kernels, sparse first layer or not, wasm flavour) is all it needs.
 *   recipe = engineRecipe(engine, spec, capacity)   (main thread)   engine' = engineFromRecipe(recipe)   (worker)
 */
import { typescriptEngine, type Engine } from "../engine/engine.js";
import { typescriptSparseEngine, wasmTrainingEngine } from "../engine/select-engine.js";
import type { WasmVariant } from "../engine/wasm/wasm-engine.js";
import { paramCount } from "../model/layout.js";
import { layerCount, width, type NetworkSpec } from "../model/network-spec.js";

export type EngineRecipe =
  | { kind: "typescript"; sparse: boolean }
  | { kind: "wasm"; variant: WasmVariant; bytes: number };

const WASM_VARIANTS: Record<string, WasmVariant> = { "wasm-simd-fma": "fma", "wasm-simd-mul+add": "mul+add" };

/** How to rebuild `engine` in a worker holding w, one batch of `capacity` and a workspace of `spec`. */
export function engineRecipe(engine: Engine, spec: NetworkSpec, capacity: number): EngineRecipe {
  if (engine === typescriptEngine) return { kind: "typescript", sparse: false };
  if (engine === typescriptSparseEngine) return { kind: "typescript", sparse: true };
  const variant = WASM_VARIANTS[engine.kernels.name];
  if (variant !== undefined) return { kind: "wasm", variant, bytes: workerEngineBytes(spec, capacity) };
  throw new RangeError(
    `parallel gradients rebuild the typescript or wasm engines in each worker; engine "${engine.kernels.name}" is neither`,
  );
}

/** The engine a recipe describes (a wasm engine gets its own memory of recipe.bytes). */
export function engineFromRecipe(recipe: EngineRecipe): Engine {
  if (recipe.kind === "wasm") return wasmTrainingEngine(recipe.bytes, recipe.variant);
  return recipe.sparse ? typescriptSparseEngine : typescriptEngine;
}

/**
 * Bytes of float32 wasm memory a worker uses, with room to spare: w [p], a gradient [p], a batch
 * x [capacity×I] + targets [capacity×O], the workspace's activations and deltas 2·capacity·Σ_l n_l,
 * the sparse index (≤ 16 bytes per input per row) and the kernels' packing scratch.
 */
export function workerEngineBytes(spec: NetworkSpec, capacity: number): number {
  const I = width(spec, 0), O = width(spec, layerCount(spec));
  let units = 0;
  for (let l = 1; l <= layerCount(spec); l++) units += width(spec, l);
  const floats = 2 * paramCount(spec) + capacity * (I + O + 2 * units);
  return Math.ceil((4 * floats + 16 * capacity * I) * 1.25) + 16 * 2 ** 20;
}
