/**
 * Stochastic gradient descent as an init/update pair (optax style). It receives a gradient and
 * never asks where it came from. Momentum follows PyTorch's convention (v₀ = 0):
 *   g ← ∇C + λ·w                       (L2 weight decay λ)
 *   v ← μ·v + g
 *   d ← g + μ·v  (Nesterov)   or   d ← v
 *   w ← w − γ_n · d                    (μ = 0: the article's w ← w − γ_n ∇C)
 */
import { ConfigError } from "../core/errors.js";
import type { Float } from "../core/types.js";

export interface SgdOptions {
  /** μ in [0, 1) */
  momentum: number;
  nesterov: boolean;
  /** λ ≥ 0 */
  weightDecay: number;
}

/** Optimizer state is an explicit value, never stored on the model. */
export interface SgdState {
  /** [p] velocity, or null when μ = 0 */
  velocity: Float | null;
}

export interface Optimizer {
  readonly options: SgdOptions;
  /** State for `p` parameters; `alloc` decides where the velocity buffer lives. */
  init(p: number, alloc: (n: number) => Float): SgdState;
  /** One step in place: w ← w − γ·d(∇C). */
  update(w: Float, dw: Float, learningRate: number, state: SgdState): void;
}

/** Vectorised versions of the two common updates (an engine's); the plain loops are the reference. */
export interface UpdateKernels {
  sgdStep(n: number, w: Float, g: Float, lr: number): void;
  momentumStep(n: number, w: Float, g: Float, v: Float, lr: number, mu: number): void;
}

/** Bad hyper-parameters are rejected here, when the optimizer is made, not forty steps later. */
export function createSgd(options: SgdOptions, kernels: UpdateKernels | null = null): Optimizer {
  const { momentum: mu, nesterov, weightDecay: lambda } = options;
  if (!(mu >= 0 && mu < 1)) throw new ConfigError(`optimizer.momentum: expected 0 <= momentum < 1, found ${mu}`);
  if (!(lambda >= 0 && Number.isFinite(lambda))) {
    throw new ConfigError(`optimizer.weightDecay: expected a finite number >= 0, found ${lambda}`);
  }
  if (nesterov && mu === 0) throw new ConfigError("optimizer.nesterov: Nesterov momentum needs optimizer.momentum > 0");
  return {
    options,
    init(p, alloc) {
      return { velocity: mu > 0 ? alloc(p) : null };
    },
    update(w, dw, lr, state) {
      if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be finite and >= 0, got ${lr}`);
      const n = w.length;
      const v = state.velocity;
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
