/**
 * Adagrad (Duchi, Hazan & Singer, 2011) as an init/update pair, written as PyTorch's
 * torch.optim.Adagrad runs it (defaults γ = 0.01, ε = 1e-10, λ = 0, initial accumulator 0):
 *   g ← ∇C + λ·w
 *   s ← s + g²                                      (s₀ = 0: every gradient so far, squared)
 *   w ← w − γ_n · g / (√s + ε)
 * PyTorch's lr_decay, γ/(1 + (t − 1)·k), is the inverse-time schedule (optimizer.schedule).
 * State: the buffer s ("sum") [p].
 */
import { ConfigError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { UpdateKernels } from "../engine/engine.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";

export interface AdagradOptions {
  /** ε > 0 */
  epsilon: number;
  /** λ ≥ 0 */
  weightDecay: number;
}

export interface AdagradState extends OptimizerState {
  readonly buffers: { readonly sum: Float };
}

/** `kernels`: an engine's vectorised update (the plain loop below is the reference). */
export function createAdagrad(options: AdagradOptions, kernels: UpdateKernels | null = null): Optimizer {
  const { epsilon: eps, weightDecay: lambda } = options;
  if (!(eps > 0 && Number.isFinite(eps))) {
    throw new ConfigError(`optimizer.epsilon: expected a finite number > 0, found ${eps}`);
  }
  if (!(lambda >= 0 && Number.isFinite(lambda))) {
    throw new ConfigError(`optimizer.weightDecay: expected a finite number >= 0, found ${lambda}`);
  }
  const fast = kernels?.adagradStep ?? null;
  return {
    description: `adagrad (ε ${eps}${lambda === 0 ? "" : `, weight decay ${lambda}`})`,
    init(p, alloc): AdagradState {
      return { buffers: { sum: alloc(p).fill(0) }, scalars: {} };
    },
    update(w, dw, lr, state) {
      if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be finite and >= 0, got ${lr}`);
      const s = (state as AdagradState).buffers.sum;
      const n = w.length;
      if (fast !== null) {
        fast(n, w, dw, s, lr, eps, lambda);
        return;
      }
      for (let i = 0; i < n; i++) {
        const g = dw[i]! + lambda * w[i]!;
        s[i] = s[i]! + g * g;
        w[i] = w[i]! - (lr * g) / (Math.sqrt(s[i]!) + eps);
      }
    },
  };
}
