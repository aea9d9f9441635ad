/** Test helper: every layer's W[j,i] (through the layout, whatever the storage order), then its bias. */
import type { Float } from "../../src/core/types.js";
import { layerViews, weightIndex, type ParameterLayout } from "../../src/model/layout.js";

export function logicalParams(layout: ParameterLayout, w: Float): number[] {
  const out: number[] = [];
  for (const v of layerViews(layout, w)) {
    for (let j = 0; j < v.outputs; j++) for (let i = 0; i < v.inputs; i++) out.push(v.weights[weightIndex(v, j, i)]!);
    out.push(...v.bias);
  }
  return out;
}
