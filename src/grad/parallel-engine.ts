/**
 * The engine a finite-difference worker thread computes with: a worker cannot share the main
 * thread's engine (its own copy of w is nudged), but the same kernels on the same numbers give
 * the same bits, so each worker rebuilds the engine from its recipe (plain data) with memory for
 * one workspace: recipe = engine.recipe (main thread) → engineFromRecipe(recipe, bytes) (worker).
 */
import type { EngineRecipe } from "../engine/engine.js";
import { paramCount } from "../model/layout.js";
import { layerCount, width, type NetworkSpec } from "../model/network-spec.js";

export type { EngineRecipe };

/**
 * Bytes of engine memory a worker uses, with room to spare: w [p], a gradient [p], a batch
 * x [capacity×I] + targets [capacity×O], the workspace's activations and their gradients
 * 2·capacity·Σ_l n_l, the sparse index (≤ 16 bytes per input per row) and the kernels' scratch.
 */
export function workerEngineBytes(spec: NetworkSpec, capacity: number): number {
  const I = width(spec, 0),
    O = width(spec, layerCount(spec));
  let units = 0;
  for (let l = 1; l <= layerCount(spec); l++) units += width(spec, l);
  const floats = 2 * paramCount(spec) + capacity * (I + O + 2 * units);
  return Math.ceil((4 * floats + 16 * capacity * I) * 1.25) + 16 * 2 ** 20;
}
