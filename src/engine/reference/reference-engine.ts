/**
 * The reference engine: every layer dense, on the plain triple loops of reference-kernels.ts.
 * Slow and obviously right; the fast engines are tested against it.
 */
import type { Engine } from "../engine.js";
import { denseLayers } from "../dense-layers.js";
import { heapFeatures } from "../heap-features.js";
import { heapAllocator } from "../kernels.js";
import { referenceKernels } from "./reference-kernels.js";

export const referenceEngine: Engine = {
  name: "reference",
  allocator: heapAllocator,
  weightOrders: (sizes) => sizes.slice(1).map(() => "out-in"),
  layers: (sizes, activations, capacity) => denseLayers(referenceKernels, sizes, activations, capacity),
  features: heapFeatures,
  recipe: { kind: "reference" },
};
