/**
 * The multiply-adds each method counts while it runs equal closed forms worked out here.
 * Convention: a multiply-add is one w·x term of a linear layer (or of a path sum); elementwise
 * activation and loss work is not counted. With F = B·Σ_l n_l·n_{l−1} (one forward pass):
 *   backprop 3F − B·n_1·n_0 · central FD (2p+1)·F · forward FD (p+1)·F
 *   path enumeration F + B·Σ_l [n_l·n_{l−1}·(1 + P_l) + n_l·P_l],  P_l = Σ_{m>l} n_{l+1}⋯n_m
 */
import { describe, expect, it } from "vitest";
import { estimatedMultiplyAdds } from "../../src/grad/cost-model.js";
import type { GradientMethod } from "../../src/grad/gradient-method.js";
import type { Batch } from "../../src/core/types.js";
import { createGradientMethod } from "../../src/grad/index.js";
import type { GradientOptions } from "../../src/grad/gradient-options.js";
import { PathEnumeration } from "../../src/grad/path-enumeration.js";
import { paramCount } from "../../src/model/layout.js";
import { createWorkspace } from "../../src/model/mlp.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { randomCase } from "./random-networks.js";

function costOf(method: GradientMethod, _spec: NetworkSpec, batch: Batch, w: Float64Array) {
  method.compute(w, batch, new Float64Array(w.length));
  return method.lastCost();
}

describe("counts on a 3-4-5-2 network, batch 2 (worked by hand)", () => {
  // F = 2·(4·3 + 5·4 + 2·5) = 84;  p = 4·(3+1) + 5·(4+1) + 2·(5+1) = 53
  // path sums: P_1 = n_2 + n_2·n_3 = 5 + 10 = 15, P_2 = n_3 = 2, P_3 = 0
  // path enumeration per sample: 12·16 + 4·15 = 252, 20·3 + 5·2 = 70, 10·1 + 0 = 10 → 332
  const spec: NetworkSpec = { sizes: [3, 4, 5, 2], activation: "tanh", loss: "cross-entropy", precision: "float64" };
  const w = new Float64Array(53).map((_, k) => Math.sin(k));
  const batch: Batch = {
    size: 2,
    x: new Float64Array([0.1, -0.2, 0.3, 0.5, 0.4, -0.6]),
    labels: new Int32Array([0, 1]),
    targets: new Float64Array(4),
  };
  const expected: [GradientOptions, number, number][] = [
    [{ method: "backprop" }, 3 * 84 - 2 * 4 * 3, (3 * 84 - 24) / 84],
    [{ method: "finite-difference", scheme: "central" }, 107 * 84, 107],
    [{ method: "finite-difference", scheme: "forward" }, 54 * 84, 54],
    [{ method: "path-enumeration" }, 84 + 2 * 332, (84 + 664) / 84],
  ];
  for (const [options, macs, passes] of expected) {
    it(`${options.method} ${options.scheme ?? ""}: ${macs} multiply-adds`, () => {
      const cost = costOf(createGradientMethod(options, spec, 2), spec, batch, w);
      expect(cost.multiplyAdds).toBe(macs);
      expect(cost.forwardPasses).toBeCloseTo(passes, 12);
      expect(estimatedMultiplyAdds(options, spec, 2)).toBe(macs);
    });
  }

  it("memoized path enumeration costs exactly what backprop costs, and gives its gradient", () => {
    const memo = new PathEnumeration(createWorkspace(spec, 2), true);
    const dMemo = new Float64Array(53),
      dBp = new Float64Array(53);
    memo.compute(w, batch, dMemo);
    createGradientMethod({ method: "backprop" }, spec, 2).compute(w, batch, dBp);
    expect(memo.lastCost().multiplyAdds).toBe(228);
    dMemo.forEach((g, k) => expect(Math.abs(g - dBp[k]!)).toBeLessThanOrEqual(1e-15));
  });
});

/** The closed forms above, for any sizes: P_l by explicit products of widths. */
function closedForm(options: GradientOptions, sizes: number[], B: number): number {
  const L = sizes.length - 1,
    n = (l: number) => sizes[l]!;
  let F = 0,
    p = 0;
  for (let l = 1; l <= L; l++) {
    F += B * n(l) * n(l - 1);
    p += n(l) * (n(l - 1) + 1);
  }
  if (options.method === "backprop") return 3 * F - B * n(1) * n(0);
  if (options.method === "finite-difference") return (options.scheme === "forward" ? p + 1 : 2 * p + 1) * F;
  let total = F;
  for (let l = 1; l <= L; l++) {
    let P = 0;
    for (let m = l + 1; m <= L; m++) P += sizes.slice(l + 1, m + 1).reduce((a, b) => a * b, 1);
    total += B * (n(l) * n(l - 1) * (1 + P) + n(l) * P);
  }
  return total;
}

describe("counts on random networks equal the closed forms", () => {
  const methods: GradientOptions[] = [
    { method: "backprop" },
    { method: "path-enumeration" },
    { method: "finite-difference", scheme: "central" },
    { method: "finite-difference", scheme: "forward" },
  ];
  for (const depth of [1, 2, 3, 4]) {
    it(`depth ${depth}, a batch of 3 in a workspace of 5`, () => {
      const c = randomCase(77 + depth, depth, "sigmoid", "mse", 3);
      for (const options of methods) {
        const cost = costOf(createGradientMethod(options, c.spec, 5), c.spec, c.batch, c.w as Float64Array);
        expect(cost.multiplyAdds).toBe(closedForm(options, [...c.spec.sizes], 3));
      }
    });
  }

  it("measured: path enumeration multiplies by ≈ the width per extra layer, backprop adds a constant", () => {
    const measure = (method: "backprop" | "path-enumeration", depth: number): number => {
      const spec: NetworkSpec = {
        sizes: [3, ...Array<number>(depth - 1).fill(4), 2],
        activation: "tanh",
        loss: "mse",
        precision: "float64",
      };
      const w = new Float64Array(paramCount(spec)).fill(0.1);
      const batch: Batch = {
        size: 1,
        x: new Float64Array([1, 2, 3]),
        labels: new Int32Array(1),
        targets: new Float64Array(2),
      };
      return costOf(createGradientMethod({ method }, spec, 1), spec, batch, w).multiplyAdds;
    };
    for (let depth = 3; depth <= 6; depth++) {
      // per extra width-4 layer: path enumeration ×(3.5…4), backprop +3·16 = 48 multiply-adds
      const growth = measure("path-enumeration", depth) / measure("path-enumeration", depth - 1);
      expect(growth).toBeGreaterThan(3.5);
      expect(growth).toBeLessThan(4.5);
      expect(measure("backprop", depth) - measure("backprop", depth - 1)).toBe(48);
    }
  });
});
