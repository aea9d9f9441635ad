/**
 * Stochastic gradient descent as an init/update pair (optax style). It receives a gradient and
 * never asks where it came from. Momentum follows PyTorch's convention (v₀ = 0):
 *   g ← ∇C + λ·w                       (L2 weight decay λ)
 *   v ← μ·v + g
 *   d ← g + μ·v  (Nesterov)   or   d ← v
 *   w ← w − γ_n · d                    (μ = 0: the tutorial's w ← w − γ_n ∇C, docs/background.md)
 */
import { ConfigError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { UpdateKernels } from "../engine/engine.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";

export interface SgdOptions {
  /** μ in [0, 1) */
  momentum: number;
  nesterov: boolean;
  /** λ ≥ 0 */
  weightDecay: number;
}

/** SGD's state: the velocity v [p] when μ > 0, nothing otherwise. */
export interface SgdState extends OptimizerState {
  readonly buffers: { readonly velocity?: Float };
}

/**
 * Bad hyper-parameters are rejected here, when the optimizer is made, not forty steps later.
 * `kernels`: an engine's vectorised updates (the plain loops below are the reference).
 */
export function createSgd(options: SgdOptions, kernels: UpdateKernels | null = null): Optimizer {
  const { momentum: mu, nesterov, weightDecay: lambda } = options;
  if (!(mu >= 0 && mu < 1)) throw new ConfigError(`optimizer.momentum: expected 0 <= momentum < 1, found ${mu}`);
  if (!(lambda >= 0 && Number.isFinite(lambda))) {
    throw new ConfigError(`optimizer.weightDecay: expected a finite number >= 0, found ${lambda}`);
  }
  if (nesterov && mu === 0) throw new ConfigError("optimizer.nesterov: Nesterov momentum needs optimizer.momentum > 0");
  const description = mu === 0 ? "sgd" : `sgd (${nesterov ? "Nesterov " : ""}momentum ${mu})`;
  return {
    description: lambda === 0 ? description : `${description}, weight decay ${lambda}`,
    init(p, alloc): SgdState {
      return { buffers: mu > 0 ? { velocity: alloc(p) } : {}, scalars: {} };
    },
    update(w, dw, lr, state) {
      if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be finite and >= 0, got ${lr}`);
      const n = w.length;
      const v = (state as SgdState).buffers.velocity ?? null;
      if (kernels !== null && lambda === 0 && !nesterov) {
        if (v === null) kernels.sgdStep(n, w, dw, lr);
        else kernels.momentumStep(n, w, dw, v, lr, mu);
        return;
      }
      if (v === null) {
        if (lambda === 0) for (let i = 0; i < n; i++) w[i] = w[i]! - lr * dw[i]!;
        else for (let i = 0; i < n; i++) w[i] = w[i]! - lr * (dw[i]! + lambda * w[i]!);
        return;
      }
      for (let i = 0; i < n; i++) {
        const g = dw[i]! + lambda * w[i]!;
        const vi = mu * v[i]! + g;
        v[i] = vi;
        w[i] = w[i]! - lr * (nesterov ? g + mu * vi : vi);
      }
    },
  };
}
