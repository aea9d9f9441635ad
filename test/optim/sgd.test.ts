import { describe, expect, it } from "vitest";
import { createSgd } from "../../src/optim/sgd.js";
import { createSchedule } from "../../src/optim/schedule.js";
import { ConfigError } from "../../src/core/errors.js";

const alloc = (n: number) => new Float64Array(n);
/** d(x²)/dx = 2x: the objective every optimizer test below works out by hand. */
const gradSquare = (w: Float64Array) => Float64Array.from(w, (x) => 2 * x);

describe("SGD on f(x) = x²", () => {
  it("plain SGD: x = 4, γ = 0.1 gives 3.2 then 2.56 (x ← x − 0.1·2x = 0.8x)", () => {
    const opt = createSgd({ momentum: 0, nesterov: false, weightDecay: 0 });
    const w = Float64Array.of(4);
    const s = opt.init(1, alloc);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(w[0]).toBeCloseTo(3.2, 14);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(w[0]).toBeCloseTo(2.56, 14);
  });

  it("γ = 1 from x = −3 oscillates −3, 3, −3 exactly (the tutorial's example)", () => {
    const opt = createSgd({ momentum: 0, nesterov: false, weightDecay: 0 });
    const w = Float64Array.of(-3);
    const s = opt.init(1, alloc);
    const seen = [w[0]];
    for (let i = 0; i < 3; i++) {
      opt.update(w, gradSquare(w), 1, s);
      seen.push(w[0]);
    }
    expect(seen).toEqual([-3, 3, -3, 3]);
  });

  it("momentum μ = 0.9 (PyTorch v = μv + g): x = 4, γ = 0.1 gives 3.2, then 1.84", () => {
    // step 1: g = 8, v = 8, x = 4 − 0.8 = 3.2
    // step 2: g = 6.4, v = 0.9·8 + 6.4 = 13.6, x = 3.2 − 1.36 = 1.84
    const opt = createSgd({ momentum: 0.9, nesterov: false, weightDecay: 0 });
    const w = Float64Array.of(4);
    const s = opt.init(1, alloc);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(w[0]).toBeCloseTo(3.2, 14);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(w[0]).toBeCloseTo(1.84, 14);
    expect(s.buffers.velocity![0]).toBeCloseTo(13.6, 14);
  });

  it("Nesterov μ = 0.9: x = 4, γ = 0.1 gives 4 − 0.1(8 + 0.9·8) = 2.48", () => {
    const opt = createSgd({ momentum: 0.9, nesterov: true, weightDecay: 0 });
    const w = Float64Array.of(4);
    const s = opt.init(1, alloc);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(w[0]).toBeCloseTo(2.48, 14);
  });

  it("weight decay λ = 0.5 adds λw to the gradient: x = 4, γ = 0.1 gives 4 − 0.1(8 + 2) = 3", () => {
    const opt = createSgd({ momentum: 0, nesterov: false, weightDecay: 0.5 });
    const w = Float64Array.of(4);
    opt.update(w, gradSquare(w), 0.1, opt.init(1, alloc));
    expect(w[0]).toBeCloseTo(3, 14);
  });

  it("converges to the minimum of a 3-D quadratic", () => {
    const opt = createSgd({ momentum: 0.5, nesterov: false, weightDecay: 0 });
    const w = Float64Array.of(1, -2, 5);
    const s = opt.init(3, alloc);
    for (let i = 0; i < 200; i++) opt.update(w, gradSquare(w), 0.1, s);
    for (const x of w) expect(Math.abs(x)).toBeLessThan(1e-8);
  });

  it("rejects bad hyper-parameters when made", () => {
    expect(() => createSgd({ momentum: 1, nesterov: false, weightDecay: 0 })).toThrow(ConfigError);
    expect(() => createSgd({ momentum: -0.1, nesterov: false, weightDecay: 0 })).toThrow(/optimizer.momentum/);
    expect(() => createSgd({ momentum: 0, nesterov: false, weightDecay: -1 })).toThrow(/optimizer.weightDecay/);
    expect(() => createSgd({ momentum: 0, nesterov: true, weightDecay: 0 })).toThrow(/nesterov/);
  });
});

describe("learning-rate schedules", () => {
  it("constant, step, exponential, inverse-time values by hand", () => {
    expect(createSchedule({ type: "constant" }, 0.5, 100)(99)).toBe(0.5);
    const step = createSchedule({ type: "step", every: 10, factor: 0.1 }, 1, 100);
    expect([step(0), step(9), step(10), step(25)].map((x) => +x.toPrecision(12))).toEqual([1, 1, 0.1, 0.01]);
    const exp = createSchedule({ type: "exponential", decay: 0.5 }, 2, 100);
    expect([exp(0), exp(1), exp(3)]).toEqual([2, 1, 0.25]);
    const inv = createSchedule({ type: "inverse-time", k: 0.5 }, 3, 100);
    expect([inv(0), inv(2), inv(4)]).toEqual([3, 1.5, 1]);
  });

  it("cosine goes from γ₀ through the midpoint to γ_min and stays there", () => {
    const cos = createSchedule({ type: "cosine", minLearningRate: 0.1, steps: null }, 1.1, 100);
    expect(cos(0)).toBeCloseTo(1.1, 14);
    expect(cos(50)).toBeCloseTo(0.6, 14);
    expect(cos(100)).toBeCloseTo(0.1, 14);
    expect(cos(150)).toBeCloseTo(0.1, 14);
  });

  it("rejects a non-positive initial rate and γ_min above γ₀", () => {
    expect(() => createSchedule({ type: "constant" }, 0, 10)).toThrow(/learningRate/);
    expect(() => createSchedule({ type: "cosine", minLearningRate: 2, steps: null }, 1, 10)).toThrow(/minLearningRate/);
  });
});
