/**
 * The one interface every way of computing ∇C implements (backprop, finite differences,
 * path enumeration). The optimizer and the training loop see only this: they never know which
 * method produced the gradient.
 *
 *   loss = method.compute(w, batch, dw)   // dw[p] ← ∇_w C(w; batch), returns C(w; batch)
 *
 * Shapes: B batch, I inputs, O outputs, p parameters (one flat vector, see src/model/).
 */

export type Float = Float32Array | Float64Array;

export interface Batch {
  /** B: number of samples in this batch (≤ the capacity the method was built for) */
  size: number;
  /** [B×I] inputs, row-major, in the model's precision */
  x: Float;
  /** [B] class indices; read by cross-entropy */
  labels: Int32Array;
  /** [B×O] targets (one-hot for classification); read by mse */
  targets: Float;
  /** x's nonzeros, gathered from an index of the data (engines with a sparse first layer; see BatchIndex) */
  index?: BatchIndex;
}

/**
 * The nonzeros of a batch's x as row lists (CSR): what a sparse first layer builds from x, here
 * gathered from lists made once per dataset. Entries are (i32 column, f32 value) pairs, row by row.
 */
export interface BatchIndex {
  /** rows indexed: the batch's size after a fill that had an index, else 0 (then x is indexed as usual) */
  rows: number;
  nonzeros: number;
  /** [capacity + 1] entry offsets: row i's entries are [ptr[i], ptr[i+1]) */
  readonly ptr: Int32Array;
  /** [2 × capacity × I] */
  readonly entries: Int32Array;
}

export interface GradientCost {
  /** multiply-adds performed by the last `compute` call, counted exactly */
  multiplyAdds: number;
  /** the same cost in forward-pass equivalents (forward pass over the batch = 1) */
  forwardPasses: number;
}

export interface GradientMethod {
  /** "backprop" | "finite-difference" | "path-enumeration" (for display only; nobody branches on it) */
  readonly name: string;
  /** Write ∇C(w) into `dw` (length p, caller-owned) and return C(w). Allocates nothing. */
  compute(w: Float, batch: Batch, dw: Float): number;
  /** The exact cost of the last `compute` call. */
  lastCost(): GradientCost;
  /** Ends worker threads the method started, if any (it is not used afterwards). */
  dispose?(): Promise<void>;
}
