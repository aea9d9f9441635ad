/**
 * Making a gradient method by name. Everything downstream (optimizer, training loop, benchmark)
 * holds only the `GradientMethod` this returns:  loss = method.compute(w, batch, dw).
 * Each method gets its own workspace for (network, batch capacity) on the given engine; with
 * options.threads > 1, finite differences share the parameters among that many threads.
 */
import type { Engine } from "../engine/engine.js";
import { typescriptEngine } from "../engine/typescript/typescript-engine.js";
import { createWorkspace } from "../model/mlp.js";
import type { NetworkSpec } from "../model/network-spec.js";
import { Backprop } from "./backprop.js";
import { FiniteDifference } from "./finite-difference.js";
import type { GradientMethod } from "./gradient-method.js";
import { DEFAULT_EPSILON, type GradientOptions } from "./gradient-options.js";
import { ParallelFiniteDifference } from "./parallel-finite-difference.js";
import { PathEnumeration } from "./path-enumeration.js";

export function createGradientMethod(
  options: GradientOptions,
  network: NetworkSpec,
  batchCapacity: number,
  engine: Engine = typescriptEngine,
): GradientMethod {
  const ws = createWorkspace(network, batchCapacity, engine);
  switch (options.method) {
    case "backprop":
      return new Backprop(ws);
    case "finite-difference": {
      const epsilon = options.epsilon ?? DEFAULT_EPSILON,
        scheme = options.scheme ?? "central",
        threads = options.threads ?? 1;
      return threads > 1
        ? new ParallelFiniteDifference(ws, epsilon, scheme, threads)
        : new FiniteDifference(ws, epsilon, scheme);
    }
    case "path-enumeration":
      return new PathEnumeration(ws);
  }
}

export type { Batch, Float } from "../core/types.js";
export type { GradientCost, GradientMethod } from "./gradient-method.js";
export * from "./gradient-options.js";
export { estimatedMultiplyAdds } from "./cost-model.js";
export { ParallelFiniteDifference } from "./parallel-finite-difference.js";
