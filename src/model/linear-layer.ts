/**
 * The fully connected layer as a forward/backward pair on a batch (B batch, I inputs, O outputs):
 *   forward   Z[B×O] = X[B×I]·Wᵀ + b
 *   backward  dW[O×I] = dZᵀ·X     db[O] = Σ_b dZ[b,:]     dX[B×I] = dZ·W
 * Each returns the multiply-adds it performed (B·O·I per product), the unit every gradient
 * method is charged in. The products run on whichever `Kernels` set is passed in. A layer stored
 * transposed (Wt = Wᵀ [I×O], see layout.ts) uses the same products with the operands swapped:
 *   Z = X·Wt + b        dWt[I×O] = Xᵀ·dZ        dX = dZ·Wtᵀ
 */
import type { Float } from "../grad/gradient-method.js";
import type { Kernels } from "../engine/kernels.js";
import type { LayerView } from "./layout.js";

/** z [B×O] = x [B×I] · Wᵀ + b. Returns B·O·I. */
export function linearForward(kernels: Kernels, layer: LayerView, x: Float, z: Float, B: number): number {
  const O = layer.outputs, I = layer.inputs;
  if (!layer.transposed) {
    kernels.gemmNT(B, O, I, x, layer.weights, layer.bias, z);
  } else {
    kernels.gemmNN(B, O, I, x, layer.weights, z);
    for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) z[b * O + o] = z[b * O + o]! + layer.bias[o]!;
  }
  return B * O * I;
}

/**
 * From dZ [B×O] and the layer's input x [B×I]: grads.weights [O×I] = dZᵀ·x, grads.bias [O] = Σ_b dZ,
 * and, unless dX is null (the first layer needs no input gradient), dX [B×I] = dZ·W.
 * Returns B·O·I, or 2·B·O·I with dX.
 */
export function linearBackward(
  kernels: Kernels, layer: LayerView, x: Float, dZ: Float,
  grads: LayerView, dX: Float | null, B: number,
): number {
  const O = layer.outputs, I = layer.inputs;
  if (!layer.transposed) kernels.gemmTN(O, I, B, dZ, x, grads.weights, false);
  else kernels.gemmTN(I, O, B, x, dZ, grads.weights, false);
  kernels.colSum(B, O, dZ, grads.bias, false);
  if (dX === null) return B * O * I;
  if (!layer.transposed) kernels.gemmNN(B, I, O, dZ, layer.weights, dX);
  else kernels.gemmNT(B, I, O, dZ, layer.weights, null, dX);
  return 2 * B * O * I;
}
