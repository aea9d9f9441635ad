/**
 * Backpropagation: one forward pass that keeps every layer's activations, then one reverse pass
 * that reuses them (the chain rule with its shared sub-products memoized, layer by layer):
 *   δ^L = ∂C/∂a^L ⊙ σ'(z^L),   ∂C/∂W^l = δ^lᵀ·a^{l−1},   δ^{l−1} = (δ^l·W^l) ⊙ σ'(z^{l−1})
 * (σ'(z^L) = 1 on a linear output, and on cross-entropy's, whose softmax the loss's ∂C/∂z^L holds).
 * Cost: forward B·Σ n_l n_{l−1} multiply-adds, backward twice that minus the first layer's dX,
 * so ≈ 3 forward passes whatever the depth. Compare path-enumeration.ts, the same sum unmemoized.
 */
import { forwardMultiplyAdds, mlpBackward, mlpForward, type Workspace } from "../model/mlp.js";
import { layerCount, width } from "../model/network-spec.js";
import type { GradientCost, GradientMethod } from "./gradient-method.js";
import type { Batch, Float } from "../core/types.js";

export class Backprop implements GradientMethod {
  /** x is read by mlpForward and mlpBackward alone */
  readonly inputsThroughLayers = true;
  readonly name = "backprop";
  private multiplyAdds = 0;
  private forwardPasses = 0;

  constructor(private readonly ws: Workspace) {}

  compute(w: Float, batch: Batch, dw: Float): number {
    const ws = this.ws,
      B = batch.size,
      O = width(ws.spec, layerCount(ws.spec));
    ws.multiplyAdds = 0;
    // forward: a^1 … a^L, kept in the workspace
    const out = mlpForward(ws, w, batch);
    // the loss, and ∂C/∂a^L from it (in one pass), then down through the layers (layer L applies σ'_L)
    const loss = ws.loss.forwardBackward(out, batch, O, ws.dActs[layerCount(ws.spec)]!);
    mlpBackward(ws, w, batch, dw);
    this.multiplyAdds = ws.multiplyAdds;
    this.forwardPasses = ws.multiplyAdds / forwardMultiplyAdds(ws.spec, B);
    return loss;
  }

  lastCost(): GradientCost {
    return { multiplyAdds: this.multiplyAdds, forwardPasses: this.forwardPasses };
  }
}
