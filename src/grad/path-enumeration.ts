/**
 * The chain rule written out per weight, as a sum over every path from the weight to the outputs:
 *   ∂C/∂W^l[j,i] = Σ_b a^{l−1}_{b,i} · pathSum(l, j, b)
 *   pathSum(L, j, b) = ∂C/∂z^L_{b,j} = σ'_L · ∂C/∂a^L   (from the loss; σ'_L = 1 on a linear output)
 *   pathSum(l, j, b) = σ'(z^l_{b,j}) · Σ_k W^{l+1}[k,j] · pathSum(l+1, k, b)
 * Unrolled, pathSum(l, j) visits n_{l+1}·n_{l+2}⋯n_L paths, and it is called afresh for every
 * weight: cost ∝ a product of the later layers' widths. With `memoize`, each pathSum(l, j, b) is
 * computed once and reused: that cache IS backpropagation (δ^l = pathSum(l, ·)), at backprop's cost.
 */
import { activationBackward } from "../engine/activations.js";
import { allocateFloat } from "../engine/engine.js";
import { weightIndex, type LayerView } from "../model/layout.js";
import { forwardMultiplyAdds, mlpForward, type Workspace } from "../model/mlp.js";
import { layerActivation, layerCount, width } from "../model/network-spec.js";
import type { GradientCost, GradientMethod } from "./gradient-method.js";
import type { Batch, Float } from "../core/types.js";

export class PathEnumeration implements GradientMethod {
  readonly name: string;
  private readonly L: number;
  /** slopes[l] [capacity×n_l] = σ'(z^l) for hidden layers l = 1 … L−1 */
  private readonly slopes: Float[] = [];
  /** with memoize: memo[l] [capacity×n_l] and known[l] (1 when memo[l][b·n_l + j] is filled) */
  private readonly memo: Float64Array[] = [];
  private readonly known: Uint8Array[] = [];
  /** [capacity×max n_l] of 1s: σ' is the activation's backward applied to a unit gradient */
  private readonly ones: Float;
  /** per compute: layer l+1's weights W^{l+1} and where W^{l+1}[k, j] sits = j·jStride[l] + k·kStride[l] */
  private nextWeights: Float[] = [];
  private readonly kStride: number[] = [];
  private readonly jStride: number[] = [];
  /** n_l for l = 0 … L, and ∂C/∂z^L [capacity×n_L] */
  private readonly widths: number[] = [];
  private dOut: Float;
  /** multiply-adds of the pathSums so far in this compute */
  private pathAdds = 0;
  private multiplyAdds = 0;
  private forwardPasses = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly memoize = false,
  ) {
    this.name = memoize ? "path-enumeration (memoized)" : "path-enumeration";
    const spec = ws.spec,
      cap = ws.capacity;
    this.L = layerCount(spec);
    let widest = 0;
    for (let l = 0; l <= this.L; l++) {
      const n = l === 0 || l === this.L ? 0 : cap * width(spec, l);
      widest = Math.max(widest, n);
      this.slopes.push(allocateFloat(ws.engine.allocator, spec.precision, n));
      this.memo.push(new Float64Array(memoize ? cap * width(spec, l) : 0));
      this.known.push(new Uint8Array(memoize ? cap * width(spec, l) : 0));
    }
    this.ones = allocateFloat(ws.engine.allocator, spec.precision, widest).fill(1);
    for (let l = 0; l <= this.L; l++) this.widths.push(width(spec, l));
    this.dOut = ws.dActs[this.L]!;
  }

  compute(w: Float, batch: Batch, dw: Float): number {
    const ws = this.ws,
      spec = ws.spec,
      B = batch.size,
      L = this.L;
    ws.multiplyAdds = 0;
    // forward pass, keeping a^l; then ∂C/∂z^L from the loss and the output's σ'_L (in place), and
    // σ'(z^l) of the hidden layers = the backward of a unit gradient
    const out = mlpForward(ws, w, batch);
    const loss = ws.loss.forward(out, batch, width(spec, L));
    ws.loss.backward(out, batch, width(spec, L), ws.dActs[L]!);
    activationBackward(layerActivation(spec, L), out, ws.dActs[L]!, ws.dActs[L]!, B * width(spec, L));
    for (let l = 1; l < L; l++) {
      activationBackward(layerActivation(spec, l), ws.acts[l]!, this.ones, this.slopes[l]!, B * width(spec, l));
    }
    for (let l = 0; l <= L; l++) this.known[l]!.fill(0);
    this.viewNextLayers(ws.params.of(w));
    this.pathAdds = 0;
    const grads = ws.grads.of(dw);
    // every weight and bias on its own: its gradient is a sum over samples of sums over paths
    for (let l = 1; l <= L; l++) {
      const g = grads[l - 1]!,
        input = l === 1 ? batch.x : ws.acts[l - 1]!,
        I = width(spec, l - 1);
      for (let j = 0; j < width(spec, l); j++) {
        for (let i = 0; i < I; i++) {
          let sum = 0;
          for (let b = 0; b < B; b++) sum += input[b * I + i]! * this.pathSum(l, j, b);
          g.weights[weightIndex(g, j, i)] = sum;
          ws.multiplyAdds += B;
        }
        let sum = 0;
        for (let b = 0; b < B; b++) sum += this.pathSum(l, j, b);
        g.bias[j] = sum;
      }
    }
    ws.multiplyAdds += this.pathAdds;
    this.multiplyAdds = ws.multiplyAdds;
    this.forwardPasses = ws.multiplyAdds / forwardMultiplyAdds(spec, B);
    return loss;
  }

  /** W^{l+1} for each l, with the strides of its storage order (so the recursion does no lookups). */
  private viewNextLayers(layers: readonly LayerView[]): void {
    this.nextWeights = [];
    for (let l = 0; l < this.L; l++) {
      const next = layers[l]!; // layer l+1: weights [n_{l+1} × n_l]
      this.nextWeights.push(next.weights);
      // weightIndex(next, k, j): k·n_l + j (out-in) or j·n_{l+1} + k (in-out)
      this.kStride[l] = next.order === "in-out" ? 1 : next.inputs;
      this.jStride[l] = next.order === "in-out" ? next.outputs : 1;
    }
  }

  /** ∂C/∂z^l_{b,j}: the sum, over every path from unit j of layer l to the outputs, of its product. */
  private pathSum(l: number, j: number, b: number): number {
    const n = this.widths[l]!;
    if (l === this.L) return this.dOut[b * n + j]!;
    if (this.memoize && this.known[l]![b * n + j] === 1) return this.memo[l]![b * n + j]!;
    const W = this.nextWeights[l]!,
      outputs = this.widths[l + 1]!,
      kStride = this.kStride[l]!,
      base = j * this.jStride[l]!;
    let sum = 0;
    for (let k = 0; k < outputs; k++) sum += W[base + k * kStride]! * this.pathSum(l + 1, k, b);
    this.pathAdds += outputs;
    const value = this.slopes[l]![b * n + j]! * sum;
    if (this.memoize) {
      this.memo[l]![b * n + j] = value;
      this.known[l]![b * n + j] = 1;
    }
    return value;
  }

  lastCost(): GradientCost {
    return { multiplyAdds: this.multiplyAdds, forwardPasses: this.forwardPasses };
  }
}
