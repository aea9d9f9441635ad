/**
 * The MLP's forward and backward passes, layer by layer, over one workspace (allocated once per
 * network, batch capacity and engine; the passes allocate nothing). For l = 1 … L:
 *   forward   a^l = σ_l(a^{l−1}·W^lᵀ + b^l)                      (a^0 = x, a^L = the output)
 *   backward  from dA^L = ∂C/∂a^L (the loss's), for l = L … 1:
 *             dZ^l = dA^l ⊙ σ'_l,  ∂C/∂W^l = dZ^lᵀ·a^{l−1},  ∂C/∂b^l = Σ_b dZ^l,  dA^{l−1} = dZ^l·W^l
 * Each layer is one call to the engine's dense layer (src/engine/engine.ts), which counts the
 * multiply-adds it performs; how it computes them (sparse inputs, fused ReLU, threads) is its own.
 */
import type { Batch, Float } from "../core/types.js";
import { allocateFloat, type Engine, type LayerKernels } from "../engine/engine.js";
import { typescriptEngine } from "../engine/typescript/typescript-engine.js";
import { engineLayout, LayerViewCache, type ParameterLayout } from "./layout.js";
import { lossFunction, type LossFunction } from "./losses.js";
import { checkSpec, layerActivations, layerCount, width, type NetworkSpec } from "./network-spec.js";

export interface Workspace {
  readonly spec: NetworkSpec;
  /** how w is stored on this workspace's engine */
  readonly layout: ParameterLayout;
  /** the largest batch the buffers hold */
  readonly capacity: number;
  readonly engine: Engine;
  readonly layers: LayerKernels;
  readonly loss: LossFunction;
  /** acts[l] [capacity×n_l] = a^l for l = 1 … L (acts[0] is unused: a^0 is the batch's x) */
  readonly acts: Float[];
  /** dActs[l] [capacity×n_l] = ∂C/∂a^l, turned into ∂C/∂z^l by layer l's backward */
  readonly dActs: Float[];
  /** views of the parameter vector w and of the gradient dw, made once per vector */
  readonly params: LayerViewCache;
  readonly grads: LayerViewCache;
  /** multiply-adds performed since the caller last reset it */
  multiplyAdds: number;
}

export function createWorkspace(spec: NetworkSpec, capacity: number, engine: Engine = typescriptEngine): Workspace {
  checkSpec(spec);
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`batch capacity must be a positive integer, got ${capacity}`);
  const L = layerCount(spec),
    layout = engineLayout(spec, engine);
  const acts: Float[] = [],
    dActs: Float[] = [];
  for (let l = 0; l <= L; l++) {
    const n = l === 0 ? 0 : capacity * width(spec, l);
    acts.push(allocateFloat(engine.allocator, spec.precision, n));
    dActs.push(allocateFloat(engine.allocator, spec.precision, n));
  }
  return {
    spec,
    layout,
    capacity,
    engine,
    acts,
    dActs,
    layers: engine.layers(spec.sizes, layerActivations(spec), capacity),
    loss: lossFunction(spec.loss),
    params: new LayerViewCache(layout),
    grads: new LayerViewCache(layout),
    multiplyAdds: 0,
  };
}

/** Runs the layers on the batch's x [B×I]; returns the output a^L, a view of [B×O] rows in acts[L]. */
export function mlpForward(ws: Workspace, w: Float, batch: Batch): Float {
  const B = batch.size;
  if (B > ws.capacity) throw new RangeError(`batch of ${B} exceeds the workspace capacity ${ws.capacity}`);
  const layers = ws.params.of(w);
  for (let l = 1; l <= layers.length; l++) {
    const input = l === 1 ? batch.x : ws.acts[l - 1]!;
    ws.multiplyAdds += ws.layers.forward(
      l,
      layers[l - 1]!,
      input,
      l === 1 ? (batch.prepared ?? null) : null,
      ws.acts[l]!,
      B,
    );
  }
  return ws.acts[layers.length]!;
}

/** After mlpForward on `batch`, with dActs[L] = ∂C/∂a^L filled in: writes ∇_w C into dw [p]. */
export function mlpBackward(ws: Workspace, w: Float, batch: Batch, dw: Float): void {
  const layers = ws.params.of(w),
    grads = ws.grads.of(dw),
    B = batch.size;
  for (let l = layers.length; l >= 1; l--) {
    const input = l === 1 ? batch.x : ws.acts[l - 1]!,
      dInput = l === 1 ? null : ws.dActs[l - 1]!;
    ws.multiplyAdds += ws.layers.backward(
      l,
      layers[l - 1]!,
      input,
      ws.acts[l]!,
      ws.dActs[l]!,
      grads[l - 1]!,
      dInput,
      B,
    );
  }
}

/** C(w; batch): a forward pass and the loss, nothing else. */
export function forwardLoss(ws: Workspace, w: Float, batch: Batch): number {
  const out = mlpForward(ws, w, batch);
  return ws.loss.forward(out, batch, width(ws.spec, layerCount(ws.spec)));
}

/** Multiply-adds of one forward pass over B samples: B·Σ_l n_l·n_{l−1} (weights only). */
export function forwardMultiplyAdds(spec: NetworkSpec, B: number): number {
  let macs = 0;
  for (let l = 1; l <= layerCount(spec); l++) macs += B * width(spec, l) * width(spec, l - 1);
  return macs;
}
