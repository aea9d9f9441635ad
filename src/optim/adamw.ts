/**
 * AdamW (Loshchilov & Hutter, 2019): Adam with the weight decay taken out of the gradient and
 * applied to w directly, as PyTorch's torch.optim.AdamW (defaults γ = 0.001, β1 = 0.9,
 * β2 = 0.999, ε = 1e-8, λ = 0.01), for step t = 1, 2, …:
 *   w ← (1 − γ_n·λ)·w                              (decoupled decay: no λ·w in g)
 *   m ← β1·m + (1 − β1)·∇C                         v ← β2·v + (1 − β2)·∇C²        (m₀ = v₀ = 0)
 *   w ← w − (γ_n / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * The moment updates are Adam's (adam.ts); so is the state: m, v and t.
 */
import type { UpdateKernels } from "../engine/engine.js";
import { createAdamRule, type AdamOptions } from "./adam.js";
import type { Optimizer } from "./optimizer.js";

export function createAdamW(options: AdamOptions, kernels: UpdateKernels | null = null): Optimizer {
  return createAdamRule("adamw", options, true, kernels);
}
