/**
 * The naive gradient: nudge one parameter, re-evaluate the whole loss, repeat for all p of them.
 * It needs nothing but the loss as a function of w:
 *   central  ∂C/∂w_j ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε     2p passes (+1 for C(w) itself)
 *   forward  ∂C/∂w_j ≈ (C(w + εe_j) − C(w)) / ε              p + 1 passes
 * The step divided by is the one actually stored (w_j ± ε rounded to the precision of w), and
 * w_j is restored bit for bit afterwards.
 */
import { forwardLoss, type Workspace } from "../model/mlp.js";
import type { GradientCost, GradientMethod } from "./gradient-method.js";
import type { Batch, Float } from "../core/types.js";
import type { DifferenceScheme } from "./gradient-options.js";

/** C(w): the only thing finite differences know about the network. */
export type LossOfWeights = (w: Float) => number;

/** Writes the estimate of ∇C(w) into dw; w is perturbed in place and restored. Returns C(w). */
export function finiteDifferenceGradient(
  loss: LossOfWeights,
  w: Float,
  dw: Float,
  epsilon: number,
  scheme: DifferenceScheme,
): number {
  const base = loss(w);
  finiteDifferenceRange(loss, w, dw, epsilon, scheme, base, 0, w.length);
  return base;
}

/** dw[j] for j in [from, to) only, given base = C(w) (the forward scheme reads it); w restored. */
export function finiteDifferenceRange(
  loss: LossOfWeights,
  w: Float,
  dw: Float,
  epsilon: number,
  scheme: DifferenceScheme,
  base: number,
  from: number,
  to: number,
): void {
  for (let j = from; j < to; j++) {
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
}

/** Loss evaluations finiteDifferenceGradient makes for p parameters. */
export function finiteDifferencePasses(p: number, scheme: DifferenceScheme): number {
  return scheme === "central" ? 2 * p + 1 : p + 1;
}

/** ε must be a positive finite number (RangeError otherwise). */
export function checkEpsilon(epsilon: number): void {
  if (!(epsilon > 0 && Number.isFinite(epsilon)))
    throw new RangeError(`finite-difference epsilon must be positive, got ${epsilon}`);
}

/**
 * C(w) on the batch of the moment, through one workspace, counting its calls
 * (made once: allocates nothing per call).
 */
export class CountedLoss {
  batch: Batch | null = null;
  passes = 0;
  readonly of: LossOfWeights = (w) => {
    this.passes++;
    return forwardLoss(this.ws, w, this.batch!);
  };

  constructor(readonly ws: Workspace) {}

  /** Zero the counts (passes and the workspace's multiply-adds) and aim at `batch`. */
  reset(batch: Batch): void {
    this.batch = batch;
    this.passes = 0;
    this.ws.multiplyAdds = 0;
  }
}

export class FiniteDifference implements GradientMethod {
  readonly name = "finite-difference";
  private readonly loss: CountedLoss;
  private multiplyAdds = 0;

  constructor(
    ws: Workspace,
    readonly epsilon: number,
    readonly scheme: DifferenceScheme,
  ) {
    checkEpsilon(epsilon);
    this.loss = new CountedLoss(ws);
  }

  compute(w: Float, batch: Batch, dw: Float): number {
    this.loss.reset(batch);
    const loss = finiteDifferenceGradient(this.loss.of, w, dw, this.epsilon, this.scheme);
    this.multiplyAdds = this.loss.ws.multiplyAdds;
    this.loss.batch = null;
    return loss;
  }

  lastCost(): GradientCost {
    return { multiplyAdds: this.multiplyAdds, forwardPasses: this.loss.passes };
  }
}
