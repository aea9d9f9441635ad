/**
 * Adam, AdamW, RMSprop and Adagrad on f(x) = x² (∇f = 2x), a few steps worked out by hand as
 * tfjs's optimizer tests do, each from x = 4. The intermediate numbers are in the comments; the
 * expected x is the rule's last line evaluated on them.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { createAdagrad } from "../../src/optim/adagrad.js";
import { createAdam } from "../../src/optim/adam.js";
import { createAdamW } from "../../src/optim/adamw.js";
import { createOptimizer } from "../../src/optim/create-optimizer.js";
import type { Optimizer } from "../../src/optim/optimizer.js";
import { createRmsprop } from "../../src/optim/rmsprop.js";
import { TrainConfig } from "../../src/config/train-schema.js";

const alloc = (n: number) => new Float64Array(n);
const gradSquare = (w: Float64Array) => Float64Array.from(w, (x) => 2 * x);

/** x after each of `steps` updates of `opt` at rate γ from x₀. */
function trajectory(opt: Optimizer, x0: number, lr: number, steps: number): number[] {
  const w = Float64Array.of(x0);
  const state = opt.init(1, alloc);
  const seen: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.update(w, gradSquare(w), lr, state);
    seen.push(w[0]!);
  }
  return seen;
}

const adamDefaults = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

describe("Adam on x² from x = 4, γ = 0.1 (PyTorch defaults β1 0.9, β2 0.999, ε 1e-8)", () => {
  it("step 1 moves by γ·g/(|g| + ε) ≈ γ; step 2 uses the bias-corrected averages", () => {
    // t = 1: g = 8, m = 0.1·8 = 0.8, v = 0.001·64 = 0.064; m/(1 − 0.9) = 8, √(v/(1 − 0.999)) = 8
    //        x = 4 − 0.1 · 8 / (8 + 1e-8)
    // t = 2: g = 7.8, m = 0.9·0.8 + 0.1·7.8 = 1.5, v = 0.999·0.064 + 0.001·60.84 = 0.124776
    //        x = 3.9… − (0.1 / (1 − 0.81)) · 1.5 / (√0.124776 / √(1 − 0.998001) + 1e-8)
    const [x1, x2] = trajectory(createAdam(adamDefaults), 4, 0.1, 2);
    expect(x1).toBeCloseTo(4 - (0.1 * 8) / (8 + 1e-8), 14);
    expect(x2).toBeCloseTo(x1! - (0.1 / 0.19) * (1.5 / (Math.sqrt(0.124776) / Math.sqrt(0.001999) + 1e-8)), 9);
    expect(x2).toBeCloseTo(3.800073995080272, 12);
  });

  it("keeps m, v and t as its state, by its own names", () => {
    const opt = createAdam(adamDefaults);
    const w = Float64Array.of(4);
    const s = opt.init(1, alloc);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(Object.keys(s.buffers).sort()).toEqual(["expAvg", "expAvgSq"]);
    expect(s.buffers.expAvg![0]).toBeCloseTo(0.8, 14);
    expect(s.buffers.expAvgSq![0]).toBeCloseTo(0.064, 14);
    expect(s.scalars).toEqual({ step: 1 });
  });

  it("L2 weight decay λ = 0.5 adds λw to g: step 1 is still ≈ γ (Adam is scale-free), m = 0.1·(8 + 2)", () => {
    const opt = createAdam({ ...adamDefaults, weightDecay: 0.5 });
    const w = Float64Array.of(4);
    const s = opt.init(1, alloc);
    opt.update(w, gradSquare(w), 0.1, s);
    expect(s.buffers.expAvg![0]).toBeCloseTo(1, 14);
    expect(w[0]).toBeCloseTo(4 - (0.1 * 10) / (10 + 1e-8), 14);
  });
});

describe("AdamW on x² from x = 4, γ = 0.1, λ = 0.5 (decoupled)", () => {
  it("shrinks w by (1 − γλ) first, then takes Adam's step on the plain gradient", () => {
    // the gradient is the one computed at w before the update, as in PyTorch (g = 2·4 = 8 at t = 1)
    // t = 1: g = 8, m = 0.8, v = 0.064 → x = 4·(1 − 0.05) − 0.1·8/(8 + 1e-8)
    // t = 2: g = 7.4, m = 0.9·0.8 + 0.74 = 1.46, v = 0.999·0.064 + 0.001·54.76 = 0.118696
    //        x = 3.7…·0.95 − (0.1 / 0.19) · 1.46 / (√0.118696 / √0.001999 + 1e-8)
    const [x1, x2] = trajectory(createAdamW({ ...adamDefaults, weightDecay: 0.5 }), 4, 0.1, 2);
    expect(x1).toBeCloseTo(3.8 - (0.1 * 8) / (8 + 1e-8), 14);
    expect(x2).toBeCloseTo(x1! * 0.95 - (0.1 / 0.19) * (1.46 / (Math.sqrt(0.118696) / Math.sqrt(0.001999) + 1e-8)), 9);
  });
});

describe("RMSprop on x² from x = 4, γ = 0.01 (PyTorch defaults α 0.99, ε 1e-8)", () => {
  const rmsDefaults = { alpha: 0.99, epsilon: 1e-8, weightDecay: 0, momentum: 0, centered: false };

  it("divides by the root of the squared-gradient average", () => {
    // t = 1: g = 8, s = 0.01·64 = 0.64, x = 4 − 0.01·8/(0.8 + 1e-8)
    // t = 2: g = 7.8, s = 0.99·0.64 + 0.01·60.84 = 1.2420, x = 3.9 − 0.01·7.8/(√1.242 + 1e-8)
    const [x1, x2] = trajectory(createRmsprop(rmsDefaults), 4, 0.01, 2);
    expect(x1).toBeCloseTo(4 - 0.08 / (0.8 + 1e-8), 14);
    expect(x2).toBeCloseTo(x1! - (0.01 * 2 * x1!) / (Math.sqrt(0.99 * 0.64 + 0.01 * (2 * x1!) ** 2) + 1e-8), 14);
    expect(x2).toBeCloseTo(3.830010354599014, 12);
  });

  it("momentum μ = 0.9 keeps b ← μb + g/r and steps along b", () => {
    // t = 1: b = 8/0.8 = 10 (≈), x = 3.9; t = 2: b = 9 + 7.8/√1.242, x = 3.9 − 0.01·b
    const [x1, x2] = trajectory(createRmsprop({ ...rmsDefaults, momentum: 0.9 }), 4, 0.01, 2);
    const b1 = 8 / (0.8 + 1e-8);
    expect(x1).toBeCloseTo(4 - 0.01 * b1, 14);
    const b2 = 0.9 * b1 + (2 * x1!) / (Math.sqrt(0.99 * 0.64 + 0.01 * (2 * x1!) ** 2) + 1e-8);
    expect(x2).toBeCloseTo(x1! - 0.01 * b2, 14);
  });

  it("centered subtracts the squared mean gradient: r = √(s − ḡ²) + ε", () => {
    // t = 1: s = 0.64, ḡ = 0.08, r = √(0.64 − 0.0064) = √0.6336
    const [x1] = trajectory(createRmsprop({ ...rmsDefaults, centered: true }), 4, 0.01, 1);
    expect(x1).toBeCloseTo(4 - 0.08 / (Math.sqrt(0.6336) + 1e-8), 14);
  });
});

describe("Adagrad on x² from x = 4, γ = 0.1 (PyTorch defaults ε 1e-10)", () => {
  it("divides by the root of every squared gradient so far", () => {
    // t = 1: s = 64, x = 4 − 0.1·8/8 = 3.9; t = 2: s = 64 + 60.84 = 124.84, x = 3.9 − 0.1·7.8/√124.84
    const [x1, x2, x3] = trajectory(createAdagrad({ epsilon: 1e-10, weightDecay: 0 }), 4, 0.1, 3);
    expect(x1).toBeCloseTo(3.9, 10);
    expect(x2).toBeCloseTo(3.9 - 0.78 / Math.sqrt(124.84), 10);
    expect(x3).toBeCloseTo(x2! - (0.1 * 2 * x2!) / Math.sqrt(124.84 + (2 * x2!) ** 2), 10);
  });
});

describe("every optimizer", () => {
  const opts: [string, Optimizer, number][] = [
    ["adam", createAdam(adamDefaults), 0.05],
    ["adamw", createAdamW({ ...adamDefaults, weightDecay: 0.01 }), 0.05],
    ["rmsprop", createRmsprop({ alpha: 0.9, epsilon: 1e-8, weightDecay: 0, momentum: 0.5, centered: false }), 0.01],
    ["adagrad", createAdagrad({ epsilon: 1e-10, weightDecay: 0 }), 0.5],
  ];
  it.each(opts)("%s reaches the minimum of a 3-D quadratic", (_name, opt, lr) => {
    const w = Float64Array.of(1, -2, 5);
    const s = opt.init(3, alloc);
    for (let i = 0; i < 3000; i++) opt.update(w, gradSquare(w), lr, s);
    for (const x of w) expect(Math.abs(x)).toBeLessThan(1e-2);
  });

  it("rejects bad hyper-parameters when made, naming the key", () => {
    expect(() => createAdam({ ...adamDefaults, beta1: 1 })).toThrow(/optimizer.beta1/);
    expect(() => createAdamW({ ...adamDefaults, beta2: -0.1 })).toThrow(/optimizer.beta2/);
    expect(() => createAdam({ ...adamDefaults, epsilon: 0 })).toThrow(ConfigError);
    expect(() => createRmsprop({ alpha: 1, epsilon: 1e-8, weightDecay: 0, momentum: 0, centered: false })).toThrow(
      /optimizer.alpha/,
    );
    expect(() => createAdagrad({ epsilon: 1e-10, weightDecay: -1 })).toThrow(/optimizer.weightDecay/);
  });

  it("the config picks the rule and fills PyTorch's defaults by type", () => {
    const resolved = (type: string) => TrainConfig.parse({ optimizer: { type } }).optimizer;
    expect(resolved("adam")).toMatchObject({ learningRate: 0.001, weightDecay: 0, epsilon: 1e-8 });
    expect(resolved("adamw")).toMatchObject({ learningRate: 0.001, weightDecay: 0.01, epsilon: 1e-8 });
    expect(resolved("rmsprop")).toMatchObject({ learningRate: 0.01, alpha: 0.99, epsilon: 1e-8 });
    expect(resolved("adagrad")).toMatchObject({ learningRate: 0.01, epsilon: 1e-10 });
    expect(resolved("sgd")).toMatchObject({ learningRate: 0.05, weightDecay: 0, epsilon: null });
    for (const type of ["sgd", "adam", "adamw", "rmsprop", "adagrad"]) {
      expect(createOptimizer(resolved(type), "float64").description).toMatch(new RegExp(`^${type}`));
    }
  });

  it("the config refuses keys the chosen optimizer would ignore", () => {
    const issues = (optimizer: object) => {
      const r = TrainConfig.safeParse({ optimizer });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ type: "adam", momentum: 0.9 })).toEqual([
      "optimizer.momentum: adam has no momentum (used by sgd, rmsprop); its averaging is optimizer.beta1 and beta2",
    ]);
    expect(issues({ type: "sgd", epsilon: 1e-8 })).toEqual([
      "optimizer.epsilon: sgd has no epsilon (used by adam, adamw, rmsprop, adagrad)",
    ]);
    expect(issues({ type: "adam", momentum: 0 })).toEqual([]);
    expect(issues({ type: "sgd", beta1: 0.8, centered: true })).toEqual([
      "optimizer.beta1: sgd has no beta1 (used by adam, adamw)",
      "optimizer.centered: sgd has no centered (used by rmsprop)",
    ]);
    expect(issues({ type: "rmsprop", beta2: 0.99 })).toEqual([
      "optimizer.beta2: rmsprop has no beta2 (used by adam, adamw)",
    ]);
    expect(issues({ type: "adam", alpha: 0.9 })).toEqual(["optimizer.alpha: adam has no alpha (used by rmsprop)"]);
    // the defaults every resolved config.json holds read back for every type
    for (const type of ["sgd", "adam", "adamw", "rmsprop", "adagrad"]) {
      const resolved = TrainConfig.parse({ optimizer: { type } }).optimizer;
      expect(issues(resolved)).toEqual([]);
    }
  });
});
