/**
 * Adam (Kingma & Ba, 2015) as an init/update pair, written as PyTorch's torch.optim.Adam runs it
 * (defaults γ = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0), for step t = 1, 2, …:
 *   g ← ∇C + λ·w                                   (L2 weight decay: adam; adamw.ts decays w instead)
 *   m ← β1·m + (1 − β1)·g                          v ← β2·v + (1 − β2)·g²         (m₀ = v₀ = 0)
 *   w ← w − (γ_n / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * State: the buffers m ("expAvg") and v ("expAvgSq") [p] and the scalar t ("step").
 */
import { ConfigError } from "../core/errors.js";
import type { Float } from "../core/types.js";
import type { UpdateKernels } from "../engine/engine.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";

export interface AdamOptions {
  /** β1, β2 in [0, 1) */
  beta1: number;
  beta2: number;
  /** ε > 0 */
  epsilon: number;
  /** λ ≥ 0 */
  weightDecay: number;
}

export interface AdamState extends OptimizerState {
  readonly buffers: { readonly expAvg: Float; readonly expAvgSq: Float };
  readonly scalars: { step: number };
}

/** Rejects what PyTorch's constructor rejects, naming the config key. */
export function checkAdamOptions(o: AdamOptions): void {
  for (const [key, beta] of [
    ["beta1", o.beta1],
    ["beta2", o.beta2],
  ] as const) {
    if (!(beta >= 0 && beta < 1)) throw new ConfigError(`optimizer.${key}: expected 0 <= ${key} < 1, found ${beta}`);
  }
  if (!(o.epsilon > 0 && Number.isFinite(o.epsilon))) {
    throw new ConfigError(`optimizer.epsilon: expected a finite number > 0, found ${o.epsilon}`);
  }
  if (!(o.weightDecay >= 0 && Number.isFinite(o.weightDecay))) {
    throw new ConfigError(`optimizer.weightDecay: expected a finite number >= 0, found ${o.weightDecay}`);
  }
}

/**
 * Adam, or with `decoupled` AdamW's rule (w ← (1 − γλ)·w before the step, no λ·w in g).
 * `kernels`: an engine's vectorised update (the plain loop below is the reference).
 */
export function createAdamRule(
  name: "adam" | "adamw",
  options: AdamOptions,
  decoupled: boolean,
  kernels: UpdateKernels | null = null,
): Optimizer {
  checkAdamOptions(options);
  const { beta1: b1, beta2: b2, epsilon: eps, weightDecay: lambda } = options;
  const fast = kernels?.adamStep ?? null;
  return {
    description: `${name} (β1 ${b1}, β2 ${b2}, ε ${eps}${lambda === 0 ? "" : `, weight decay ${lambda}`})`,
    init(p, alloc): AdamState {
      const expAvg = alloc(p).fill(0),
        expAvgSq = alloc(p).fill(0);
      return { buffers: { expAvg, expAvgSq }, scalars: { step: 0 } };
    },
    update(w, dw, lr, state) {
      if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`learning rate must be finite and >= 0, got ${lr}`);
      const s = state as AdamState;
      const t = ++s.scalars.step;
      const stepSize = lr / (1 - b1 ** t),
        rootBc2 = Math.sqrt(1 - b2 ** t);
      const l2 = decoupled ? 0 : lambda,
        shrink = decoupled ? 1 - lr * lambda : 1;
      const { expAvg: m, expAvgSq: v } = s.buffers;
      const n = w.length;
      if (fast !== null) {
        fast(n, w, dw, m, v, stepSize, b1, b2, 1 / rootBc2, eps, l2, shrink);
        return;
      }
      for (let i = 0; i < n; i++) {
        const g = dw[i]! + l2 * w[i]!;
        const mi = b1 * m[i]! + (1 - b1) * g;
        const vi = b2 * v[i]! + (1 - b2) * g * g;
        m[i] = mi;
        v[i] = vi;
        w[i] = shrink * w[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / rootBc2 + eps);
      }
    },
  };
}

/** Adam with L2 weight decay (λ·w added to the gradient), PyTorch's torch.optim.Adam. */
export function createAdam(options: AdamOptions, kernels: UpdateKernels | null = null): Optimizer {
  return createAdamRule("adam", options, false, kernels);
}
