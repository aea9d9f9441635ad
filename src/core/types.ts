/**
 * The numbers every layer of sgd passes around, and the one shape legend. Row-major throughout:
 *   B  batch rows        I  inputs        H  hidden units      O  outputs
 *   p  parameters        L  weight layers n_l  units of layer l (n_0 = I, n_L = O)
 * "X [B×I]" is B rows of I numbers, element (b, i) at index b·I + i.
 */

/** A buffer of numbers in the network's precision. */
export type Float = Float32Array | Float64Array;

/** B samples, in buffers made once for a capacity and refilled every step. */
export interface Batch {
  /** B: samples in this batch (≤ the capacity its buffers were made for) */
  size: number;
  /** [B×I] inputs */
  x: Float;
  /** [B] class indices; read by cross-entropy */
  labels: Int32Array;
  /** [B×O] targets (one-hot for classification); read by mse */
  targets: Float;
  /**
   * what the engine that filled x derived from it (its nonzeros, say), for that engine alone;
   * absent or null when nothing
   */
  prepared?: PreparedInput | null;
  /**
   * x is read only through an engine's layers (mlpForward / mlpBackward: what backprop does): an engine
   * that fills `prepared` may then leave x unwritten, and writes it (prepared.fillX) only when a layer
   * takes the dense path after all. Absent or false: x is always written.
   */
  xOnDemand?: boolean;
}

/** An engine's private view of a batch's x (only the engine that made it reads it). */
export interface PreparedInput {
  /** rows of x it describes */
  readonly rows: number;
  /** writes the batch's x if the engine left it unwritten (xOnDemand); else does nothing */
  fillX?(): void;
}
