/**
 * The one place that knows where each parameter lives in the flat vector w = (w_1 … w_p).
 * Order: for l = 1 … L, the weights W^l [n_l × n_{l−1}] (W^l[j,i] links input i to unit j), then
 * the bias b^l [n_l]. So p = Σ_l n_l·(n_{l−1} + 1). How each W^l is stored is the engine's choice
 * (`orders`): row-major W [O×I] ("out-in"), or its transpose Wᵀ [I×O] ("in-out") — same numbers,
 * other order. Every other module reads parameters through the views made here (weightIndex).
 */
import type { Float } from "../core/types.js";
import type { Engine, LayerParams, WeightOrder } from "../engine/engine.js";
import { checkSpec, layerCount, width, type NetworkSpec } from "./network-spec.js";

/** A network's parameters as stored: what the network is, and how each layer's weights are ordered. */
export interface ParameterLayout {
  readonly spec: NetworkSpec;
  /** orders[l − 1]: layer l's weight storage */
  readonly orders: readonly WeightOrder[];
}

/** One named slice of w, e.g. "layer2.weights" at offset 80, shape [8, 4]. */
export interface ParameterTensor {
  readonly name: string;
  readonly layer: number;
  readonly offset: number;
  readonly size: number;
  /** [O, I] for weights stored "out-in", [I, O] for "in-out", [O] for a bias */
  readonly shape: readonly number[];
}

/** Layer l's parameters as views into one flat vector (w or dw). */
export type LayerView = LayerParams;

/** The layout of `spec` with the given weight orders (default: every layer W [O×I]). */
export function layoutOf(spec: NetworkSpec, orders?: readonly WeightOrder[]): ParameterLayout {
  checkSpec(spec);
  const L = layerCount(spec);
  const chosen = orders ?? Array.from({ length: L }, (): WeightOrder => "out-in");
  if (chosen.length !== L) throw new RangeError(`a layout of ${L} layers got ${chosen.length} weight orders`);
  return { spec, orders: chosen };
}

/** The layout `engine` stores `spec` in. */
export function engineLayout(spec: NetworkSpec, engine: Engine): ParameterLayout {
  return layoutOf(spec, engine.weightOrders(spec.sizes));
}

/** p, the number of parameters. */
export function paramCount(spec: NetworkSpec): number {
  let p = 0;
  for (let l = 1; l <= layerCount(spec); l++) p += width(spec, l) * (width(spec, l - 1) + 1);
  return p;
}

/** Every tensor of w in layout order: layer1.weights, layer1.bias, layer2.weights, … */
export function parameterTensors(layout: ParameterLayout): ParameterTensor[] {
  const { spec, orders } = layout;
  const tensors: ParameterTensor[] = [];
  let offset = 0;
  for (let l = 1; l <= layerCount(spec); l++) {
    const o = width(spec, l),
      i = width(spec, l - 1);
    const shape = orders[l - 1] === "in-out" ? [i, o] : [o, i];
    tensors.push({ name: `layer${l}.weights`, layer: l, offset, size: o * i, shape });
    offset += o * i;
    tensors.push({ name: `layer${l}.bias`, layer: l, offset, size: o, shape: [o] });
    offset += o;
  }
  return tensors;
}

/** views[l−1] = layer l's weights and bias inside `w` (no copy: writing a view writes w). */
export function layerViews(layout: ParameterLayout, w: Float): LayerView[] {
  const { spec, orders } = layout;
  const p = paramCount(spec);
  if (w.length !== p)
    throw new RangeError(`parameter vector has length ${w.length}, the network ${spec.sizes.join("-")} needs ${p}`);
  const tensors = parameterTensors(layout);
  const views: LayerView[] = [];
  for (let t = 0; t < tensors.length; t += 2) {
    const weights = tensors[t]!,
      bias = tensors[t + 1]!,
      l = weights.layer;
    views.push({
      inputs: width(spec, l - 1),
      outputs: width(spec, l),
      order: orders[l - 1]!,
      weights: w.subarray(weights.offset, weights.offset + weights.size),
      bias: w.subarray(bias.offset, bias.offset + bias.size),
    });
  }
  return views;
}

/** Index in view.weights of W[j, i], the weight from input i to unit j, in either storage order. */
export function weightIndex(view: LayerView, j: number, i: number): number {
  return view.order === "in-out" ? i * view.outputs + j : j * view.inputs + i;
}

/** to ← from, parameter by parameter, whatever the two layouts' storage orders. */
export function copyParams(fromLayout: ParameterLayout, from: Float, toLayout: ParameterLayout, to: Float): void {
  const src = layerViews(fromLayout, from),
    dst = layerViews(toLayout, to);
  src.forEach((s, l) => {
    const d = dst[l]!;
    for (let j = 0; j < s.outputs; j++)
      for (let i = 0; i < s.inputs; i++) d.weights[weightIndex(d, j, i)] = s.weights[weightIndex(s, j, i)]!;
    d.bias.set(s.bias);
  });
}

/**
 * layerViews(layout, w) remembered for the last vector seen, so a hot loop that is handed the
 * same w every step makes its views once. Checks the precision when the vector changes.
 */
export class LayerViewCache {
  private vector: Float | null = null;
  private views: LayerView[] = [];

  constructor(private readonly layout: ParameterLayout) {}

  of(w: Float): LayerView[] {
    if (w !== this.vector) {
      const expected = this.layout.spec.precision === "float32" ? Float32Array : Float64Array;
      if (!(w instanceof expected)) {
        throw new RangeError(`the network is ${this.layout.spec.precision} but was handed a ${w.constructor.name}`);
      }
      this.views = layerViews(this.layout, w);
      this.vector = w;
    }
    return this.views;
  }
}
