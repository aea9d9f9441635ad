/**
 * RMSprop (Hinton, 2012) as an init/update pair, written as PyTorch's torch.optim.RMSprop runs it
 * (defaults γ = 0.01, α = 0.99, ε = 1e-8, λ = 0, μ = 0, not centered):
 *   g ← ∇C + λ·w
 *   s ← α·s + (1 − α)·g²                                            (s₀ = 0)
 *   centered:  ḡ ← α·ḡ + (1 − α)·g,   r = √(s − ḡ²) + ε    else  r = √s + ε
 *   μ > 0:     b ← μ·b + g / r,   w ← w − γ_n·b                    else  w ← w − γ_n·g / r
 * State: the buffers s ("squareAvg"), ḡ ("gradAvg", centered only) and b ("buffer", μ > 0 only).
 */
import { ConfigError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { UpdateKernels } from "../engine/engine.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";

export interface RmspropOptions {
  /** α in [0, 1) */
  alpha: number;
  /** ε > 0 */
  epsilon: number;
  /** λ ≥ 0 */
  weightDecay: number;
  /** μ in [0, 1) */
  momentum: number;
  centered: boolean;
}

export interface RmspropState extends OptimizerState {
  readonly buffers: { readonly squareAvg: Float; readonly gradAvg?: Float; readonly buffer?: Float };
}

function checkOptions(o: RmspropOptions): void {
  if (!(o.alpha >= 0 && o.alpha < 1))
    throw new ConfigError(`optimizer.alpha: expected 0 <= alpha < 1, found ${o.alpha}`);
  if (!(o.momentum >= 0 && o.momentum < 1)) {
    throw new ConfigError(`optimizer.momentum: expected 0 <= momentum < 1, found ${o.momentum}`);
  }
  if (!(o.epsilon > 0 && Number.isFinite(o.epsilon))) {
    throw new ConfigError(`optimizer.epsilon: expected a finite number > 0, found ${o.epsilon}`);
  }
  if (!(o.weightDecay >= 0 && Number.isFinite(o.weightDecay))) {
    throw new ConfigError(`optimizer.weightDecay: expected a finite number >= 0, found ${o.weightDecay}`);
  }
}

/** `kernels`: an engine's vectorised update, used for the plain rule (not centered, μ = 0). */
export function createRmsprop(options: RmspropOptions, kernels: UpdateKernels | null = null): Optimizer {
  checkOptions(options);
  const { alpha, epsilon: eps, weightDecay: lambda, momentum: mu, centered } = options;
  const fast = !centered && mu === 0 ? (kernels?.rmspropStep ?? null) : null;
  const extras = [
    centered ? "centered" : "",
    mu > 0 ? `momentum ${mu}` : "",
    lambda > 0 ? `weight decay ${lambda}` : "",
  ];
  return {
    description: `rmsprop (α ${alpha}, ε ${eps}${extras.map((e) => (e === "" ? "" : `, ${e}`)).join("")})`,
    init(p, alloc): RmspropState {
      const zeros = () => alloc(p).fill(0);
      return {
        buffers: {
          squareAvg: zeros(),
          ...(centered ? { gradAvg: zeros() } : {}),
          ...(mu > 0 ? { buffer: zeros() } : {}),
        },
        scalars: {},
      };
    },
    update(w, dw, lr, state) {
      if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be finite and >= 0, got ${lr}`);
      const { squareAvg: s, gradAvg: avg = null, buffer: b = null } = (state as RmspropState).buffers;
      const n = w.length;
      if (fast !== null) {
        fast(n, w, dw, s, lr, alpha, eps, lambda);
        return;
      }
      for (let i = 0; i < n; i++) {
        const g = dw[i]! + lambda * w[i]!;
        s[i] = alpha * s[i]! + (1 - alpha) * g * g;
        let r: number;
        if (avg !== null) {
          avg[i] = alpha * avg[i]! + (1 - alpha) * g;
          r = Math.sqrt(s[i]! - avg[i]! * avg[i]!) + eps;
        } else r = Math.sqrt(s[i]!) + eps;
        if (b !== null) {
          b[i] = mu * b[i]! + g / r;
          w[i] = w[i]! - lr * b[i]!;
        } else w[i] = w[i]! - (lr * g) / r;
      }
    },
  };
}
