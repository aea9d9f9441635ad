/** checkGradients (src/grad/check-gradients.ts, sgd check-gradients): backprop against central differences and path
 * enumeration, per tensor, by gradcheck's rule. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { typescriptEngine } from "../../src/engine/typescript/typescript-engine.js";
import { checkGradients, type GradientCheckOptions } from "../../src/grad/check-gradients.js";
import { createGradientMethod } from "../../src/grad/index.js";
import { createBatch } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { engineLayout } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";

const spec: NetworkSpec = { sizes: [3, 5, 4, 2], activation: "tanh", loss: "cross-entropy", precision: "float64" };
const layout = engineLayout(spec, typescriptEngine);

function setup() {
  const rng = Rng.fromSeed(7);
  const w = createParams(layout, "xavier", rng);
  const batch = createBatch(spec, 4);
  for (let i = 0; i < batch.x.length; i++) batch.x[i] = rng.normal();
  batch.labels.set([0, 1, 1, 0]);
  batch.size = 4;
  return { w, batch };
}

const options: GradientCheckOptions = {
  parameters: 6,
  epsilon: 1e-6,
  atol: 1e-5,
  rtol: 1e-3,
  pathBudget: 1e8,
  methods: ["finite-difference", "path-enumeration"],
};

describe("checkGradients", () => {
  it("passes backprop on a small tanh network, reporting each tensor's worst parameter", () => {
    const { w, batch } = setup();
    const result = checkGradients(layout, w, batch, options, Rng.fromSeed(1));
    expect(result.passed).toBe(true);
    expect(result.tensors.map((t) => `${t.tensor}:${t.method}:${t.checked}/${t.size}`)).toEqual([
      "layer1.weights:finite-difference:6/15",
      "layer1.bias:finite-difference:5/5",
      "layer2.weights:finite-difference:6/20",
      "layer2.bias:finite-difference:4/4",
      "layer3.weights:finite-difference:6/8",
      "layer3.bias:finite-difference:2/2",
      "layer1.weights:path-enumeration:15/15",
      "layer1.bias:path-enumeration:5/5",
      "layer2.weights:path-enumeration:20/20",
      "layer2.bias:path-enumeration:4/4",
      "layer3.weights:path-enumeration:8/8",
      "layer3.bias:path-enumeration:2/2",
    ]);
    // the worst values are backprop's own gradient at that index
    const g = new Float64Array(w.length);
    createGradientMethod({ method: "backprop" }, spec, 4).compute(w, batch, g);
    for (const t of result.tensors) {
      expect(t.worst.backprop).toBe(g[t.worst.index]);
      expect(t.worst.absError).toBeLessThan(1e-8);
      expect(t.worst.allowed).toBeCloseTo(1e-5 + 1e-3 * Math.abs(t.worst.other), 15);
    }
    const w2 = result.tensors[2]!.worst;
    // layer2.weights stored W [O×I] = [4, 5]
    expect(w2.position).toEqual([Math.floor((w2.index - 20) / 5), (w2.index - 20) % 5]);
  });

  it("fails when the difference step is too coarse for the tolerance (truncation error ∝ ε²)", () => {
    const { w, batch } = setup();
    const coarse = checkGradients(
      layout,
      w,
      batch,
      { ...options, epsilon: 0.5, atol: 1e-6, rtol: 1e-6 },
      Rng.fromSeed(1),
    );
    expect(coarse.passed).toBe(false);
    const fd = coarse.tensors.filter((t) => t.method === "finite-difference");
    expect(fd.some((t) => !t.passed)).toBe(true);
    for (const t of fd.filter((x) => !x.passed)) expect(t.worst.absError).toBeGreaterThan(t.worst.allowed);
    // path enumeration is exact: it still agrees
    expect(coarse.tensors.filter((t) => t.method === "path-enumeration").every((t) => t.passed)).toBe(true);
  });

  it("skips path enumeration over its budget, with the predicted cost", () => {
    const { w, batch } = setup();
    const result = checkGradients(layout, w, batch, { ...options, pathBudget: 10 }, Rng.fromSeed(1));
    const run = result.methods.find((m) => m.method === "path-enumeration")!;
    expect(run.ran).toBe(false);
    expect(run.skipped).toMatch(/multiply-adds > budget 10/);
    expect(result.tensors.every((t) => t.method === "finite-difference")).toBe(true);
  });
});
