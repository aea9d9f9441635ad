/**
 * Seeded initial parameters, drawn layer by layer, weights row-major, biases zero but for `normal`:
 *   he       W ~ N(0, 2/fan_in)                            (for relu-like units)
 *   xavier   W ~ U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out)))   (Glorot uniform)
 *   uniform  W ~ U(−1/√fan_in, +1/√fan_in)                 (PyTorch nn.Linear's weight default;
 *            PyTorch also draws its bias that way, here its biases start at zero)
 *   normal   W ~ N(0, 1) and b ~ N(0, 1), the layer's biases drawn after its weights
 *            (Nielsen's network.py, "Neural Networks and Deep Learning" ch. 1)
 */
import type { Init } from "../config/train-schema.js";
import type { Float } from "../core/types.js";
import { allocateFloat } from "../engine/engine.js";
import { heapAllocator, type Allocator } from "../engine/kernels.js";
import type { Rng } from "../core/rng.js";
import { layerViews, paramCount, weightIndex, type ParameterLayout } from "./layout.js";

export type { Init };

/** A fresh parameter vector w [p] in the network's precision and `layout`, initialised by `init`. */
export function createParams(
  layout: ParameterLayout,
  init: Init,
  rng: Rng,
  allocator: Allocator = heapAllocator,
): Float {
  const w = allocateFloat(allocator, layout.spec.precision, paramCount(layout.spec));
  initParams(layout, init, rng, w);
  return w;
}

/** Overwrite w [p] with a fresh draw (W[j, i] drawn in the order j, i whatever the storage order). */
export function initParams(layout: ParameterLayout, init: Init, rng: Rng, w: Float): void {
  for (const layer of layerViews(layout, w)) {
    const fanIn = layer.inputs,
      fanOut = layer.outputs;
    const draw = weightDraw(init, fanIn, fanOut, rng);
    for (let j = 0; j < fanOut; j++) for (let i = 0; i < fanIn; i++) layer.weights[weightIndex(layer, j, i)] = draw();
    if (init === "normal") for (let j = 0; j < fanOut; j++) layer.bias[j] = rng.normal();
    else layer.bias.fill(0);
  }
}

function weightDraw(init: Init, fanIn: number, fanOut: number, rng: Rng): () => number {
  switch (init) {
    case "he": {
      const std = Math.sqrt(2 / fanIn);
      return () => std * rng.normal();
    }
    case "xavier": {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      return () => rng.range(-bound, bound);
    }
    case "uniform": {
      const bound = 1 / Math.sqrt(fanIn);
      return () => rng.range(-bound, bound);
    }
    case "normal":
      return () => rng.normal();
  }
}
