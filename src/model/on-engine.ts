/**
 * A saved network made ready to run on the engine `sgd train` would pick for its precision:
 * the same weights, copied into that engine's memory and storage order (see layout.ts). So
 * `sgd evaluate` computes with the very kernels that training evaluated with, and reproduces
 * its numbers exactly.
 */
import type { Float } from "../core/types.js";
import { allocateFloat, type Engine } from "../engine/engine.js";
import { engineBytes, selectEngine } from "../engine/select-engine.js";
import { copyParams, engineLayout, layoutOf, paramCount, type ParameterLayout } from "./layout.js";
import type { NetworkSpec } from "./network-spec.js";

export interface NetworkOnEngine {
  engine: Engine;
  layout: ParameterLayout;
  w: Float;
}

/** `w` stored as layoutOf(spec); `rows`: the largest batch that will be run (sizes the engine's memory). */
export function onTrainingEngine(spec: NetworkSpec, w: Float, rows: number): NetworkOnEngine {
  const p = paramCount(spec);
  const engine = selectEngine(spec.precision, engineBytes(spec.sizes, p, rows));
  const layout = engineLayout(spec, engine);
  const runW = allocateFloat(engine.allocator, spec.precision, p);
  copyParams(layoutOf(spec), w, layout, runW);
  return { engine, layout, w: runW };
}
