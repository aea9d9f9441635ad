/**
 * The MLP's forward and backward passes over one workspace (allocated once per network and batch
 * capacity; the passes allocate nothing). For l = 1 … L:
 *   forward   z^l = a^{l−1}·W^lᵀ + b^l,  a^l = σ_l(z^l)            (a^0 = x, a^L = the output)
 *   backward  δ^L = ∂C/∂a^L (from the loss), then for l = L … 1:
 *             ∂C/∂W^l = δ^lᵀ·a^{l−1},  ∂C/∂b^l = Σ_b δ^l,  δ^{l−1} = (δ^l·W^l) ⊙ σ'_{l−1}
 * `multiplyAdds` counts the products' multiply-adds as they run (see linear-layer.ts).
 */
import type { Batch, BatchIndex, Float } from "../grad/gradient-method.js";
import { activationBackward, activationForward } from "../engine/reference/activations.js";
import { allocateFloat, SPARSE_DENSITY_LIMIT, typescriptEngine, type Engine, type SparseInputPath } from "../engine/engine.js";
import { LayerViewCache } from "./layout.js";
import { linearBackward, linearForward } from "./linear-layer.js";
import { lossFunction, type LossFunction } from "./losses.js";
import { checkSpec, layerActivation, layerCount, width, type NetworkSpec } from "./network-spec.js";

export interface Workspace {
  readonly spec: NetworkSpec;
  /** the largest batch the buffers hold */
  readonly capacity: number;
  readonly engine: Engine;
  readonly loss: LossFunction;
  /** acts[l] [capacity×n_l] = a^l for l = 1 … L; acts[0] is pointed at the batch input by forward */
  readonly acts: Float[];
  /** deltas[l] [capacity×n_l] = δ^l = ∂C/∂z^l (deltas[L] = ∂C/∂a^L, the output layer being linear) */
  readonly deltas: Float[];
  /** views of the parameter vector w and of the gradient dw, made once per vector */
  readonly params: LayerViewCache;
  readonly grads: LayerViewCache;
  /** multiply-adds performed since the caller last reset it */
  multiplyAdds: number;
  /** the engine's sparse path for layer 1, when it has one and layer 1 is stored transposed */
  readonly sparse: SparseInputPath | null;
  /** the last forward pass took the sparse path (so the backward pass must too) */
  sparseActive: boolean;
  /** nonzero inputs in that pass: each costs O multiply-adds per product */
  sparseNonzeros: number;
}

export function createWorkspace(spec: NetworkSpec, capacity: number, engine: Engine = typescriptEngine): Workspace {
  checkSpec(spec);
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`batch capacity must be a positive integer, got ${capacity}`);
  const L = layerCount(spec);
  const acts: Float[] = [], deltas: Float[] = [];
  for (let l = 0; l <= L; l++) {
    const n = l === 0 ? 0 : capacity * width(spec, l);
    acts.push(allocateFloat(engine.allocator, spec.precision, n));
    deltas.push(allocateFloat(engine.allocator, spec.precision, n));
  }
  const sparse =
    engine.sparseInput !== undefined && spec.transposeFirstLayer === true ? engine.sparseInput(capacity, width(spec, 0)) : null;
  return {
    spec, capacity, engine, loss: lossFunction(spec.loss), acts, deltas,
    params: new LayerViewCache(spec), grads: new LayerViewCache(spec), multiplyAdds: 0,
    sparse, sparseActive: false, sparseNonzeros: 0,
  };
}

/**
 * Runs the layers on x [B×I]; returns the output a^L, a view of [B×O] rows in acts[L]. `index`:
 * x's nonzeros gathered already (a batch's), used by the sparse first layer instead of indexing x.
 */
export function mlpForward(ws: Workspace, w: Float, x: Float, B: number, index?: BatchIndex): Float {
  if (B > ws.capacity) throw new RangeError(`batch of ${B} exceeds the workspace capacity ${ws.capacity}`);
  const layers = ws.params.of(w), L = layers.length;
  ws.acts[0] = x;
  ws.sparseActive = false;
  if (ws.sparse !== null) {
    // exact: the zero inputs contribute nothing, so only the nonzeros are multiplied
    const adopt = index !== undefined && index.rows === B && ws.sparse.adopt !== undefined;
    const nonzeros = adopt ? ws.sparse.adopt!(index) : ws.sparse.load(B, x);
    if (nonzeros < SPARSE_DENSITY_LIMIT * B * width(ws.spec, 0)) {
      ws.sparseActive = true;
      ws.sparseNonzeros = nonzeros;
      ws.sparse.forward(width(ws.spec, 1), layers[0]!.weights, layers[0]!.bias, ws.acts[1]!, layerActivation(ws.spec, 1) === "relu");
      ws.multiplyAdds += nonzeros * width(ws.spec, 1);
    }
  }
  const relu = ws.engine.relu;
  for (let l = 1; l <= L; l++) {
    const z = ws.acts[l]!, layer = layers[l - 1]!, activation = layerActivation(ws.spec, l);
    if (l === 1 && ws.sparseActive) {
      if (activation !== "relu") activationForward(activation, z, z, B * width(ws.spec, l)); // relu was fused
    } else if (activation === "relu" && relu !== undefined && !layer.transposed) {
      relu.gemmNT(B, layer.outputs, layer.inputs, ws.acts[l - 1]!, layer.weights, layer.bias, z); // fused
      ws.multiplyAdds += B * layer.outputs * layer.inputs;
    } else {
      ws.multiplyAdds += linearForward(ws.engine.kernels, layer, ws.acts[l - 1]!, z, B);
      activationForward(activation, z, z, B * width(ws.spec, l));
    }
  }
  return ws.acts[L]!;
}

/** C(w; batch): a forward pass and the loss, nothing else. */
export function forwardLoss(ws: Workspace, w: Float, batch: Batch): number {
  const out = mlpForward(ws, w, batch.x, batch.size, batch.index);
  return ws.loss.forward(out, batch, width(ws.spec, layerCount(ws.spec)));
}

/** After mlpForward and with deltas[L] = ∂C/∂a^L filled in: writes ∇_w C into dw [p]. */
export function mlpBackward(ws: Workspace, w: Float, dw: Float, B: number): void {
  const layers = ws.params.of(w), grads = ws.grads.of(dw);
  for (let l = layers.length; l >= 1; l--) {
    if (l === 1 && ws.sparseActive) {
      const O = width(ws.spec, 1);
      ws.sparse!.weightGradient(O, ws.deltas[1]!, grads[0]!.weights);
      ws.engine.kernels.colSum(B, O, ws.deltas[1]!, grads[0]!.bias, false);
      ws.multiplyAdds += ws.sparseNonzeros * O;
      continue;
    }
    const dX = l > 1 ? ws.deltas[l - 1]! : null;
    ws.multiplyAdds += linearBackward(ws.engine.kernels, layers[l - 1]!, ws.acts[l - 1]!, ws.deltas[l]!, grads[l - 1]!, dX, B);
    if (dX === null) continue;
    const activation = layerActivation(ws.spec, l - 1), n = B * width(ws.spec, l - 1);
    if (activation === "relu" && ws.engine.relu !== undefined) ws.engine.relu.backward(n, ws.acts[l - 1]!, dX, dX);
    else activationBackward(activation, ws.acts[l - 1]!, dX, dX, n);
  }
}

/** Multiply-adds of one forward pass over B samples: B·Σ_l n_l·n_{l−1} (weights only). */
export function forwardMultiplyAdds(spec: NetworkSpec, B: number): number {
  let macs = 0;
  for (let l = 1; l <= layerCount(spec); l++) macs += B * width(spec, l) * width(spec, l - 1);
  return macs;
}
