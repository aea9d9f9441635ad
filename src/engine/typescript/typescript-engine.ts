/**
 * The TypeScript engines, any precision, on ordinary typed arrays:
 *   typescriptEngine        every layer dense, W [O×I] — the plain engine compare-gradients and
 *                           the gradient tests use;
 *   typescriptSparseEngine  the same, but layer 1 stored as Wᵀ [I×O] and computed from the
 *                           nonzero inputs only when they are few (MNIST: ~19 %) — what float64
 *                           training runs on.
 */
import type { Engine, WeightOrder } from "../engine.js";
import { denseLayers } from "../dense-layers.js";
import { heapFeatures } from "../heap-features.js";
import { heapAllocator } from "../kernels.js";
import { typedKernels } from "./typed-kernels.js";
import { TypedSparseInput } from "./typed-sparse-input.js";

const allDense = (sizes: readonly number[]): WeightOrder[] => sizes.slice(1).map(() => "out-in");

export const typescriptEngine: Engine = {
  name: "typescript",
  allocator: heapAllocator,
  weightOrders: allDense,
  layers: (sizes, activations, capacity) => denseLayers(typedKernels, sizes, activations, capacity),
  features: heapFeatures,
  recipe: { kind: "typescript", sparse: false },
};

/** Layer 1 first as Wᵀ, the rest as W: the storage a sparse first layer reads (see dense-layers.ts). */
export function sparseFirstLayerOrders(sizes: readonly number[]): WeightOrder[] {
  return sizes.slice(1).map((_, l) => (l === 0 ? "in-out" : "out-in"));
}

export const typescriptSparseEngine: Engine = {
  name: "typescript",
  allocator: heapAllocator,
  weightOrders: sparseFirstLayerOrders,
  layers: (sizes, activations, capacity) =>
    denseLayers(typedKernels, sizes, activations, capacity, {
      sparseInput: (rows, cols) => new TypedSparseInput(rows, cols),
    }),
  features: heapFeatures,
  recipe: { kind: "typescript", sparse: true },
};
