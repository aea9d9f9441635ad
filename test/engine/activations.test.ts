import { describe, expect, it } from "vitest";
import type { Activation } from "../../src/config/train-schema.js";
import { activationBackward, activationForward } from "../../src/engine/activations.js";

const ALL: Activation[] = ["relu", "leaky-relu", "sigmoid", "tanh", "linear"];

function forward(kind: Activation, zs: number[]): number[] {
  const a = new Float64Array(zs.length);
  activationForward(kind, new Float64Array(zs), a, zs.length);
  return Array.from(a);
}

describe("activation forward, values by hand", () => {
  it("relu, leaky-relu, linear", () => {
    expect(forward("relu", [-2, 0, 3])).toEqual([0, 0, 3]);
    expect(forward("leaky-relu", [-2, 0, 3])).toEqual([-0.02, 0, 3]);
    expect(forward("linear", [-2, 0, 3])).toEqual([-2, 0, 3]);
  });
  it("sigmoid(0) = ½, sigmoid(ln 3) = 3/4, sigmoid(−ln 3) = 1/4; tanh(ln 2) = (2 − ½)/(2 + ½) = 0.6", () => {
    const s = forward("sigmoid", [0, Math.log(3), -Math.log(3)]);
    [0.5, 0.75, 0.25].forEach((v, k) => expect(s[k]).toBeCloseTo(v, 15));
    expect(forward("tanh", [Math.log(2)])[0]).toBeCloseTo(0.6, 15);
  });
  it("sigmoid saturates without overflow at ±1000", () => {
    expect(forward("sigmoid", [1000, -1000])).toEqual([1, 0]);
  });
  it("works in place", () => {
    const z = new Float32Array([-1, 2]);
    activationForward("relu", z, z, 2);
    expect(Array.from(z)).toEqual([0, 2]);
  });
});

describe("activation backward = dA · dσ/dz (central differences, away from the kink)", () => {
  const zs = [-2.5, -0.7, -0.1, 0.2, 0.9, 3.1];
  for (const kind of ALL) {
    it(kind, () => {
      const a = new Float64Array(forward(kind, zs));
      const dA = new Float64Array(zs.map((_, k) => 1 + k)); // upstream gradients 1…6
      const dZ = new Float64Array(zs.length);
      activationBackward(kind, a, dA, dZ, zs.length);
      const h = 1e-6;
      zs.forEach((z, k) => {
        const slope = (forward(kind, [z + h])[0]! - forward(kind, [z - h])[0]!) / (2 * h);
        expect(dZ[k]).toBeCloseTo(dA[k]! * slope, 8);
      });
    });
  }
});
