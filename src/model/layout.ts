/**
 * The one place that knows where each parameter lives in the flat vector w = (w_1 … w_p).
 * Order: for l = 1 … L, the weights W^l [n_l × n_{l−1}] row-major (W^l[j,i] links input i to
 * unit j), then the bias b^l [n_l]. So p = Σ_l n_l·(n_{l−1} + 1). With spec.transposeFirstLayer,
 * W^1 is stored as its transpose [n_0 × n_1] (same numbers, other order). Every other module
 * reads parameters through the views made here (weightIndex), never its own offset arithmetic.
 */
import type { Float } from "../grad/gradient-method.js";
import { checkSpec, layerCount, width, type NetworkSpec } from "./network-spec.js";

/** One named slice of w, e.g. "layer2.weights" at offset 80, shape [8, 4]. */
export interface ParameterTensor {
  readonly name: string;
  readonly layer: number;
  readonly offset: number;
  readonly size: number;
  /** [O, I] for weights, [O] for a bias */
  readonly shape: readonly number[];
}

/** Layer l's parameters as views into one flat vector (w or dw). */
export interface LayerView {
  /** n_{l−1} */
  readonly inputs: number;
  /** n_l */
  readonly outputs: number;
  /** [O×I] row-major, or [I×O] (Wᵀ) when `transposed` */
  readonly weights: Float;
  readonly transposed: boolean;
  /** [O] */
  readonly bias: Float;
}

/** p, the number of parameters. */
export function paramCount(spec: NetworkSpec): number {
  let p = 0;
  for (let l = 1; l <= layerCount(spec); l++) p += width(spec, l) * (width(spec, l - 1) + 1);
  return p;
}

/** Every tensor of w in layout order: layer1.weights, layer1.bias, layer2.weights, … */
export function parameterTensors(spec: NetworkSpec): ParameterTensor[] {
  checkSpec(spec);
  const tensors: ParameterTensor[] = [];
  let offset = 0;
  for (let l = 1; l <= layerCount(spec); l++) {
    const o = width(spec, l), i = width(spec, l - 1);
    const shape = l === 1 && spec.transposeFirstLayer === true ? [i, o] : [o, i];
    tensors.push({ name: `layer${l}.weights`, layer: l, offset, size: o * i, shape });
    offset += o * i;
    tensors.push({ name: `layer${l}.bias`, layer: l, offset, size: o, shape: [o] });
    offset += o;
  }
  return tensors;
}

/** views[l−1] = layer l's weights and bias inside `w` (no copy: writing a view writes w). */
export function layerViews(spec: NetworkSpec, w: Float): LayerView[] {
  const p = paramCount(spec);
  if (w.length !== p) throw new RangeError(`parameter vector has length ${w.length}, the network ${spec.sizes.join("-")} needs ${p}`);
  const tensors = parameterTensors(spec);
  const views: LayerView[] = [];
  for (let t = 0; t < tensors.length; t += 2) {
    const weights = tensors[t]!, bias = tensors[t + 1]!;
    const transposed = weights.layer === 1 && spec.transposeFirstLayer === true;
    views.push({
      inputs: transposed ? weights.shape[0]! : weights.shape[1]!,
      outputs: transposed ? weights.shape[1]! : weights.shape[0]!,
      transposed,
      weights: w.subarray(weights.offset, weights.offset + weights.size),
      bias: w.subarray(bias.offset, bias.offset + bias.size),
    });
  }
  return views;
}

/** Index in view.weights of W[j, i], the weight from input i to unit j, in either storage order. */
export function weightIndex(view: LayerView, j: number, i: number): number {
  return view.transposed ? i * view.outputs + j : j * view.inputs + i;
}

/**
 * layerViews(spec, w) remembered for the last vector seen, so a hot loop that is handed the
 * same w every step makes its views once. Checks the precision when the vector changes.
 */
export class LayerViewCache {
  private vector: Float | null = null;
  private views: LayerView[] = [];

  constructor(private readonly spec: NetworkSpec) {}

  of(w: Float): LayerView[] {
    if (w !== this.vector) {
      const expected = this.spec.precision === "float32" ? Float32Array : Float64Array;
      if (!(w instanceof expected)) {
        throw new RangeError(`the network is ${this.spec.precision} but was handed a ${w.constructor.name}`);
      }
      this.views = layerViews(this.spec, w);
      this.vector = w;
    }
    return this.views;
  }
}
