/**
 * The naive gradient: nudge one parameter, re-evaluate the whole loss, repeat for all p of them.
 * It needs nothing but the loss as a function of w:
 *   central  ∂C/∂w_j ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε     2p passes (+1 for C(w) itself)
 *   forward  ∂C/∂w_j ≈ (C(w + εe_j) − C(w)) / ε              p + 1 passes
 * The step divided by is the one actually stored (w_j ± ε rounded to the precision of w), and
 * w_j is restored bit for bit afterwards.
 */
import { forwardLoss, type Workspace } from "../model/mlp.js";
import type { Batch, Float, GradientCost, GradientMethod } from "./gradient-method.js";
import type { DifferenceScheme } from "./gradient-options.js";

/** C(w): the only thing finite differences know about the network. */
export type LossOfWeights = (w: Float) => number;

/** Writes the estimate of ∇C(w) into dw; w is perturbed in place and restored. Returns C(w). */
export function finiteDifferenceGradient(
  loss: LossOfWeights, w: Float, dw: Float, epsilon: number, scheme: DifferenceScheme,
): number {
  const base = loss(w);
  for (let j = 0; j < w.length; j++) {
    const wj = w[j]!;
    w[j] = wj + epsilon;
    const up = w[j]!;
    const lossUp = loss(w);
    if (scheme === "central") {
      w[j] = wj - epsilon;
      const down = w[j]!;
      dw[j] = (lossUp - loss(w)) / (up - down);
    } else {
      dw[j] = (lossUp - base) / (up - wj);
    }
    w[j] = wj;
  }
  return base;
}

/** Loss evaluations finiteDifferenceGradient makes for p parameters. */
export function finiteDifferencePasses(p: number, scheme: DifferenceScheme): number {
  return scheme === "central" ? 2 * p + 1 : p + 1;
}

export class FiniteDifference implements GradientMethod {
  readonly name = "finite-difference";
  private batch: Batch | null = null;
  private passes = 0;
  private multiplyAdds = 0;
  /** C(w) on the current batch, counting its calls: made once, so compute() allocates nothing */
  private readonly loss: LossOfWeights = (w) => {
    this.passes++;
    return forwardLoss(this.ws, w, this.batch!);
  };

  constructor(
    private readonly ws: Workspace,
    readonly epsilon: number,
    readonly scheme: DifferenceScheme,
  ) {
    if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`finite-difference epsilon must be positive, got ${epsilon}`);
  }

  compute(w: Float, batch: Batch, dw: Float): number {
    this.batch = batch;
    this.passes = 0;
    this.ws.multiplyAdds = 0;
    const loss = finiteDifferenceGradient(this.loss, w, dw, this.epsilon, this.scheme);
    this.multiplyAdds = this.ws.multiplyAdds;
    this.batch = null;
    return loss;
  }

  lastCost(): GradientCost {
    return { multiplyAdds: this.multiplyAdds, forwardPasses: this.passes };
  }
}
