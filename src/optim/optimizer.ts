/**
 * What an optimizer is, whichever rule it applies (optax style): an init/update pair over an
 * explicit state that only it reads. It receives a gradient and never asks where it came from.
 *   state = optimizer.init(p, alloc)                 once
 *   optimizer.update(w, dw, γ_n, state)              each step: w ← w − γ_n·d(∇C, state), in place
 * The state is plain data — named buffers of p numbers and named scalars — so a checkpoint saves
 * and restores any optimizer's state bit for bit without knowing what the names mean.
 */
import type { Float } from "../core/types.js";

export interface OptimizerState {
  /** per-parameter buffers [p], by name (none for plain SGD) */
  readonly buffers: Readonly<Record<string, Float>>;
  /** numbers the rule carries from step to step, by name (a step count, say) */
  readonly scalars: Record<string, number>;
}

export interface Optimizer {
  /** for logs: the rule and its settings, e.g. "sgd (momentum 0.9)" */
  readonly description: string;
  /** State for `p` parameters; `alloc` decides where its buffers live (an engine's memory). */
  init(p: number, alloc: (n: number) => Float): OptimizerState;
  /** One step in place: w ← w − γ·d(∇C). */
  update(w: Float, dw: Float, learningRate: number, state: OptimizerState): void;
}
