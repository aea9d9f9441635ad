/**
 * The real BenchBackend: compare-gradients' method ids mapped onto src/grad's factory, the
 * closed-form costs of src/grad/cost-model.ts, src/model's seeded init, and the layout's
 * tensors for naming a parameter. Forward-pass equivalents of a prediction = madds / F with
 * F = B·Σ_l n_l·n_{l−1}, except finite differences, which count loss evaluations (2p+1 or p+1).
 */
import type { CompareMethodId } from "../config/compare-schema.js";
import { createGradientMethod, estimatedMultiplyAdds, type GradientOptions } from "../grad/index.js";
import { finiteDifferencePasses } from "../grad/finite-difference.js";
import { createParams } from "../model/init.js";
import { layoutOf, paramCount, parameterTensors, type ParameterLayout } from "../model/layout.js";
import { forwardMultiplyAdds } from "../model/mlp.js";
import type { NetworkSpec } from "../model/network-spec.js";
import type { BenchBackend, BenchNetwork, ParamLocation } from "./compare-types.js";

export function gradientOptions(method: CompareMethodId, epsilon: number): GradientOptions {
  switch (method) {
    case "backprop":
      return { method: "backprop" };
    case "finite-difference-central":
      return { method: "finite-difference", epsilon, scheme: "central" };
    case "finite-difference-forward":
      return { method: "finite-difference", epsilon, scheme: "forward" };
    case "path-enumeration":
      return { method: "path-enumeration" };
  }
}

export function networkSpec(net: BenchNetwork): NetworkSpec {
  return { sizes: net.sizes, activation: net.activation, loss: net.loss, precision: net.precision };
}

/**
 * Parameter `index` of w as (layer, unit j = row, input i = column, or bias entry), from the
 * layout's tensors: k = index − offset is [j, i] of shape [O, I], or [i, j] of a transposed [I, O].
 */
export function locateParameter(layout: ParameterLayout, index: number): ParamLocation {
  for (const t of parameterTensors(layout)) {
    if (index < t.offset || index >= t.offset + t.size) continue;
    const k = index - t.offset;
    if (t.shape.length === 2) {
      const major = Math.floor(k / t.shape[1]!),
        minor = k % t.shape[1]!;
      const transposed = layout.orders[t.layer - 1] === "in-out";
      return {
        index,
        layer: t.layer,
        kind: "weight",
        row: transposed ? minor : major,
        column: transposed ? major : minor,
      };
    }
    return { index, layer: t.layer, kind: "bias", row: k, column: null };
  }
  throw new RangeError(`parameter ${index} is outside the network ${layout.spec.sizes.join("-")}`);
}

export const coreBackend: BenchBackend = {
  createMethod(method, net, batchCapacity, epsilon) {
    return createGradientMethod(gradientOptions(method, epsilon), networkSpec(net), batchCapacity);
  },
  predictCost(method, net, batchSize) {
    const spec = networkSpec(net);
    // epsilon does not change the count
    const options = gradientOptions(method, 1);
    const multiplyAdds = estimatedMultiplyAdds(options, spec, batchSize);
    const forwardPasses =
      options.method === "finite-difference"
        ? finiteDifferencePasses(paramCount(spec), options.scheme ?? "central")
        : multiplyAdds / forwardMultiplyAdds(spec, batchSize);
    return { multiplyAdds, forwardPasses };
  },
  createParams(net, rng) {
    return createParams(layoutOf(networkSpec(net)), net.init, rng);
  },
  locate(net, index) {
    return locateParameter(layoutOf(networkSpec(net)), index);
  },
};
