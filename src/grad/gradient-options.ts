/**
 * How a gradient method is chosen: a name plus the finite-difference settings (config `gradient`).
 *   finite-difference  ∂C/∂w_j ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε  (central) or (C(w + εe_j) − C(w)) / ε
 */
import type { DifferenceScheme, GradientMethodName } from "../config/gradient-methods.js";

export { GRADIENT_METHODS, type DifferenceScheme, type GradientMethodName } from "../config/gradient-methods.js";

export interface GradientOptions {
  method: GradientMethodName;
  /** finite-difference step ε (default 1e-5) */
  epsilon?: number;
  /** finite-difference scheme (default central) */
  scheme?: DifferenceScheme;
  /**
   * Threads for finite differences, the main one included (default 1: no workers). The gradient
   * is bit for bit the same for every count (parallel-finite-difference.ts). Backprop and path
   * enumeration run on the calling thread whatever this says.
   */
  threads?: number;
}

export const DEFAULT_EPSILON = 1e-5;
