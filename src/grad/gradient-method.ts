/**
 * The one interface every way of computing ∇C implements (backprop, finite differences,
 * path enumeration). The optimizer and the training loop see only this: they never know which
 * method produced the gradient.
 *
 *   loss = method.compute(w, batch, dw)   // dw[p] ← ∇_w C(w; batch), returns C(w; batch)
 *
 * Shapes: B batch, I inputs, O outputs, p parameters (one flat vector, see src/model/layout.ts).
 */
import type { Batch, Float } from "../core/types.js";

export interface GradientCost {
  /** multiply-adds performed by the last `compute` call, counted exactly */
  multiplyAdds: number;
  /** the same cost in forward-pass equivalents (forward pass over the batch = 1) */
  forwardPasses: number;
}

export interface GradientMethod {
  /** "backprop" | "finite-difference" | "path-enumeration" (for display only; nobody branches on it) */
  readonly name: string;
  /**
   * true when compute reads the batch's inputs only through the engine's layers (mlpForward /
   * mlpBackward), so a batch may be filled with its x on demand (Batch.xOnDemand); absent: false
   */
  readonly inputsThroughLayers?: boolean;
  /** Write ∇C(w) into `dw` (length p, caller-owned) and return C(w). Allocates nothing. */
  compute(w: Float, batch: Batch, dw: Float): number;
  /** The exact cost of the last `compute` call. */
  lastCost(): GradientCost;
  /** Ends worker threads the method started, if any (it is not used afterwards). */
  dispose?(): Promise<void>;
}
