import { describe, expect, it } from "vitest";
import { classifyRun, gradientDescent, quadraticBound, type Iterate } from "../../src/descend/gradient-descent.js";
import { quadratic, ROSENBROCK } from "../../src/descend/objectives.js";

/** GD on f = a·x² (∇f = 2a·x), so x_{n+1} = (1 − 2aγ)·x_n */
const run = (start: number[], lr: number, steps: number, a = 1): Iterate[] => {
  const f = quadratic(a);
  return gradientDescent((x) => f.value(x), f.gradient, start, lr, steps);
};
const xs = (iterates: Iterate[]): number[] => iterates.map((it) => it.x[0]!);

describe("gradientDescent on x²", () => {
  it("from 4 with γ = 0.1 gives 3.2 then 2.56 (x − 0.1·2x = 0.8x)", () => {
    const it = run([4], 0.1, 2);
    expect(it.map((i) => i.step)).toEqual([0, 1, 2]);
    expect(it[1]!.x[0]).toBeCloseTo(3.2, 14);
    expect(it[2]!.x[0]).toBeCloseTo(2.56, 14);
    expect(it[2]!.f).toBeCloseTo(6.5536, 13); // 2.56²
    expect(it[1]!.gradNorm).toBeCloseTo(6.4, 13); // |2·3.2|
  });

  it("from -3 with γ = 1 gives exactly -3, 3, -3, 3 (x − 2x = −x), f = 9 throughout", () => {
    const it = run([-3], 1, 5);
    expect(xs(it)).toEqual([-3, 3, -3, 3, -3, 3]);
    expect(it.map((i) => i.f)).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it("with γ = 1/(2a) lands on 0 in one step, and with γ = 1/a cycles, for a = 2.5", () => {
    expect(xs(run([-3], 0.2, 2, 2.5))).toEqual([-3, 0, 0]);
    expect(xs(run([-3], 0.4, 3, 2.5))).toEqual([-3, 3, -3, 3]);
  });

  it("updates every coordinate of a 3-D quadratic by the same factor (1 − 2aγ)", () => {
    const it = run([1, -2, 4], 0.25, 1, 0.5); // factor 1 − 2·0.5·0.25 = 0.75
    expect(it[1]!.x).toEqual([0.75, -1.5, 3]);
    expect(it[0]!.f).toBeCloseTo(0.5 * (1 + 4 + 16), 14);
    expect(it[0]!.gradNorm).toBeCloseTo(Math.sqrt(1 + 4 + 16), 14); // ∇f = 2·0.5·x = x
  });

  it("stops at the first non-finite iterate (rosenbrock, γ = 0.01 from (-1.2, 1))", () => {
    const it = gradientDescent((x) => ROSENBROCK.value(x), ROSENBROCK.gradient, [-1.2, 1], 0.01, 100);
    expect(it.length).toBeLessThan(101);
    expect(Number.isFinite(it[it.length - 1]!.f)).toBe(false);
    expect(it.slice(0, -1).every((i) => Number.isFinite(i.f))).toBe(true);
    expect(classifyRun(it).classification).toBe("diverging");
  });
});

describe("classifyRun", () => {
  it("labels γ = 0.1, 0.5, 1, 1.1 on x² from -3 as converging, converging, oscillating, diverging", () => {
    const verdicts = [0.1, 0.5, 1, 1.1].map((lr) => classifyRun(run([-3], lr, 20)).classification);
    expect(verdicts).toEqual(["converging", "converging", "oscillating", "diverging"]);
  });

  it("says why: γ = 0.5 has zero gradient, γ = 1.1 has f rising, γ = 3 leaves the 1e6 box", () => {
    expect(classifyRun(run([-3], 0.5, 20)).reason).toContain("‖∇f‖ = 0");
    expect(classifyRun(run([-3], 1.1, 20)).reason).toContain("f rose");
    // x_{n+1} = −5·x_n: |x_20| = 3·5^20 ≈ 2.9e14 > 1e6
    expect(classifyRun(run([-3], 3, 20)).reason).toContain("‖x‖∞");
  });

  it("calls a run that alternates sign but shrinks (γ = 0.9, factor −0.8) converging", () => {
    const it = run([-3], 0.9, 10);
    expect(
      xs(it)
        .slice(0, 3)
        .map((v) => Math.sign(v)),
    ).toEqual([-1, 1, -1]);
    expect(classifyRun(it).classification).toBe("converging");
  });

  const fake = (fs: number[]): Iterate[] => fs.map((f, step) => ({ step, x: [step % 2 ? 1 : -1], f, gradNorm: 1 }));
  it("applies the trend rules to f over the last 5 steps", () => {
    expect(classifyRun(fake([6, 3, 1.5, 0.75, 0.4, 0.2])).classification).toBe("converging");
    // falling, but f − f* = 1 is still 1/6 of where it started
    expect(classifyRun(fake([6, 5, 4, 3, 2, 1])).classification).toBe("not converged");
    expect(classifyRun(fake([1, 2, 3, 4, 5, 6])).classification).toBe("diverging");
    expect(classifyRun(fake([1, 2, 1, 2, 1, 2])).classification).toBe("oscillating");
    // rising at the end but still below f(x_0): not called diverging
    expect(classifyRun(fake([100, 1, 2, 3, 4, 5, 6])).classification).toBe("oscillating");
  });
});

describe("quadraticBound", () => {
  it("gives the factor 1 − 2aγ and the bound 1/a", () => {
    expect(quadraticBound(1, 0.1)).toEqual({
      factor: 0.8,
      momentum: 0,
      spectralRadius: 0.8,
      maxStableLearningRate: 1,
      oneStepLearningRate: 0.5,
      predicted: "converging",
    });
    expect(quadraticBound(1, 1).predicted).toBe("oscillating");
    expect(quadraticBound(1, 1.1).predicted).toBe("diverging");
    expect(quadraticBound(4, 0.25)).toMatchObject({
      factor: -1,
      maxStableLearningRate: 0.25,
      predicted: "oscillating",
    });
  });

  it("agrees with the measured verdict across learning rates on x²", () => {
    for (const lr of [0.05, 0.3, 0.5, 0.7, 0.95, 1, 1.05, 1.5]) {
      expect(classifyRun(run([2], lr, 40)).classification, `γ = ${lr}`).toBe(quadraticBound(1, lr).predicted);
    }
  });
});
