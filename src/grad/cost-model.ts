/**
 * Closed-form multiply-add counts of one gradient over B samples, for estimating a method's
 * time before running it (the methods count what they actually do; a test holds the two equal).
 * With F = B·Σ_l n_l·n_{l−1} (one forward pass) and P(l) = Σ_{m=l+1..L} Π_{k=l+1..m} n_k
 * (the path products below a unit of layer l, i.e. one pathSum):
 *   backprop 3F − B·n_1·n_0 · finite differences (2p+1)F central, (p+1)F forward
 *   path enumeration F + B·Σ_l [n_l·n_{l−1}·(1 + P(l)) + n_l·P(l)]
 */
import { paramCount } from "../model/layout.js";
import { forwardMultiplyAdds } from "../model/mlp.js";
import { layerCount, width, type NetworkSpec } from "../model/network-spec.js";
import { finiteDifferencePasses } from "./finite-difference.js";
import type { GradientOptions } from "./gradient-options.js";

/** P(l): multiply-adds of one unmemoized pathSum from a unit of layer l. */
export function pathProducts(spec: NetworkSpec, l: number): number {
  let total = 0,
    product = 1;
  for (let m = l + 1; m <= layerCount(spec); m++) {
    product *= width(spec, m);
    total += product;
  }
  return total;
}

export function estimatedMultiplyAdds(options: GradientOptions, spec: NetworkSpec, B: number): number {
  const F = forwardMultiplyAdds(spec, B);
  switch (options.method) {
    case "backprop":
      return 3 * F - B * width(spec, 1) * width(spec, 0);
    case "finite-difference":
      return finiteDifferencePasses(paramCount(spec), options.scheme ?? "central") * F;
    case "path-enumeration": {
      let perSample = 0;
      for (let l = 1; l <= layerCount(spec); l++) {
        const n = width(spec, l),
          nIn = width(spec, l - 1),
          P = pathProducts(spec, l);
        perSample += n * nIn * (1 + P) + n * P;
      }
      return F + B * perSample;
    }
  }
}
