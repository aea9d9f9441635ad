import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import type { Batch } from "../../src/core/types.js";
import { crossEntropyLoss, mseLoss, softmaxRows } from "../../src/model/losses.js";

function batchOf(size: number, labels: number[], targets: number[]): Batch {
  return { size, x: new Float64Array(0), labels: new Int32Array(labels), targets: new Float64Array(targets) };
}

describe("mse = 1/B Σ_b Σ_o (ŷ − y)² (article Eq. 5)", () => {
  // ŷ = [[1, 2], [3, 5]], y = [[0, 2], [3, 3]]: errors (1, 0, 0, 2) → (1 + 0 + 0 + 4)/2 = 2.5
  // (PyTorch's MSELoss would also divide by O = 2: 1.25)
  const out = new Float64Array([1, 2, 3, 5]),
    batch = batchOf(2, [0, 0], [0, 2, 3, 3]);
  it("value", () => expect(mseLoss.forward(out, batch, 2)).toBe(2.5));
  it("gradient 2(ŷ − y)/B", () => {
    const d = new Float64Array(4);
    mseLoss.backward(out, batch, 2, d);
    expect(Array.from(d)).toEqual([1, 0, 0, 2]);
  });
  it("averages over the batch's size, not its capacity", () => {
    expect(mseLoss.forward(out, batchOf(1, [0], [0, 2, 3, 3]), 2)).toBe(1);
  });
});

describe("softmax cross-entropy", () => {
  // logits (0, ln 3): softmax = (1/4, 3/4). Row 1 label 1 → −ln ¾, row 2 label 0 → −ln ¼
  const out = new Float64Array([0, Math.log(3), 0, Math.log(3)]),
    batch = batchOf(2, [1, 0], []);
  it("value = mean of −ln p_label", () => {
    expect(crossEntropyLoss.forward(out, batch, 2)).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 15);
  });
  it("gradient (softmax − onehot)/B", () => {
    const d = new Float64Array(4);
    crossEntropyLoss.backward(out, batch, 2, d);
    [0.125, -0.125, -0.375, 0.375].forEach((v, k) => expect(d[k]).toBeCloseTo(v, 15));
  });
  it("is finite at logits ±1000: log(e^0 + e^−1000 + e^−2000) + 2000 = 2000", () => {
    const z = new Float64Array([1000, -1000, 0]),
      b = batchOf(1, [1], []),
      d = new Float64Array(3);
    expect(crossEntropyLoss.forward(z, b, 3)).toBe(2000);
    crossEntropyLoss.backward(z, b, 3, d);
    expect(Array.from(d)).toEqual([1, -1, Math.exp(-1000)]);
    const f32 = new Float32Array([1000, -1000, 0]);
    expect(crossEntropyLoss.forward(f32, batchOf(1, [0], []), 3)).toBe(0);
  });
  it("gradient matches central differences of the value", () => {
    const z = new Float64Array([0.3, -1.2, 2.0, 0.7, 0.1, -0.4]),
      b = batchOf(2, [2, 0], []),
      d = new Float64Array(6);
    crossEntropyLoss.backward(z, b, 3, d);
    for (let k = 0; k < 6; k++) {
      const up = Float64Array.from(z),
        down = Float64Array.from(z);
      up[k]! += 1e-6;
      down[k]! -= 1e-6;
      expect(d[k]).toBeCloseTo((crossEntropyLoss.forward(up, b, 3) - crossEntropyLoss.forward(down, b, 3)) / 2e-6, 9);
    }
  });
  it("rejects a label outside the classes", () => {
    expect(() => crossEntropyLoss.forward(new Float64Array(2), batchOf(1, [2], []), 2)).toThrow(DataError);
  });
  it("softmax rows sum to one", () => {
    const p = new Float64Array(4);
    softmaxRows(new Float64Array([1, 2, 3, 4]), 2, 2, p);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 15);
    expect(p[1]! / p[0]!).toBeCloseTo(Math.E, 14);
  });
});

describe("forwardBackward (one pass) gives the bits of forward then backward", () => {
  for (const [name, loss] of [
    ["cross-entropy", crossEntropyLoss],
    ["mse", mseLoss],
  ] as const) {
    for (const Array32 of [Float32Array, Float64Array]) {
      it(`${name}, ${Array32.name}`, () => {
        const B = 7,
          O = 10;
        // logits from a fixed pattern spanning ±40, so the max subtraction matters
        const out = new Array32(B * O);
        for (let k = 0; k < B * O; k++) out[k] = 40 * Math.sin(k * 1.7);
        const batch = batchOf(
          B,
          Array.from({ length: B }, (_, b) => (b * 3) % O),
          Array.from({ length: B * O }, (_, k) => Math.cos(k)),
        );
        const apart = new Array32(B * O),
          fused = new Array32(B * O);
        const want = loss.forward(out, batch, O);
        loss.backward(out, batch, O, apart);
        const got = loss.forwardBackward(out, batch, O, fused);
        expect(got).toBe(want);
        expect(Array.from(fused)).toEqual(Array.from(apart));
        expect(fused.some((v) => v !== 0)).toBe(true);
      });
    }
  }
  it("cross-entropy still refuses a label outside the classes", () => {
    expect(() =>
      crossEntropyLoss.forwardBackward(new Float64Array(4), batchOf(2, [0, 5], []), 2, new Float64Array(4)),
    ).toThrow(DataError);
  });
});
