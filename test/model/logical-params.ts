/** Test helper: every layer's W[j,i] (through the layout, whatever the storage order), then its bias. */
import type { Float } from "../../src/grad/gradient-method.js";
import { layerViews, weightIndex } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";

export function logicalParams(spec: NetworkSpec, w: Float): number[] {
  const out: number[] = [];
  for (const v of layerViews(spec, w)) {
    for (let j = 0; j < v.outputs; j++) for (let i = 0; i < v.inputs; i++) out.push(v.weights[weightIndex(v, j, i)]!);
    out.push(...v.bias);
  }
  return out;
}
