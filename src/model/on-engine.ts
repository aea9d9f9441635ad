/**
 * A saved network made ready to run on the engine `sgd train` would pick for its precision:
 * the same weights, copied into that engine's memory and storage order (layer 1 may be stored
 * transposed; see layout.ts). So `sgd evaluate` computes with the very kernels that training
 * evaluated with, and reproduces its numbers exactly.
 */
import type { Float } from "../grad/gradient-method.js";
import { allocateFloat } from "../engine/engine.js";
import { engineBytes, selectEngine, type EngineChoice } from "../engine/select-engine.js";
import { layerViews, paramCount, weightIndex } from "./layout.js";
import type { NetworkSpec } from "./network-spec.js";

/** to ← from, parameter by parameter, whatever the two storage orders. */
export function copyParams(fromSpec: NetworkSpec, from: Float, toSpec: NetworkSpec, to: Float): void {
  const src = layerViews(fromSpec, from), dst = layerViews(toSpec, to);
  src.forEach((s, l) => {
    const d = dst[l]!;
    for (let j = 0; j < s.outputs; j++) for (let i = 0; i < s.inputs; i++) d.weights[weightIndex(d, j, i)] = s.weights[weightIndex(s, j, i)]!;
    d.bias.set(s.bias);
  });
}

export interface NetworkOnEngine extends EngineChoice {
  spec: NetworkSpec;
  w: Float;
}

/** `rows`: the largest batch that will be run (sizes the engine's memory). */
export function onTrainingEngine(spec: NetworkSpec, w: Float, rows: number): NetworkOnEngine {
  const p = paramCount(spec);
  const choice = selectEngine(spec.precision, engineBytes(spec.sizes, p, rows));
  const runSpec: NetworkSpec = { ...spec, transposeFirstLayer: choice.engine.transposeFirstLayer === true };
  const runW = allocateFloat(choice.engine.allocator, spec.precision, p);
  copyParams(spec, w, runSpec, runW);
  return { ...choice, spec: runSpec, w: runW };
}
