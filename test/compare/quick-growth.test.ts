/**
 * The growth fits: 20 runs of the --quick grid on real timings, on whatever load the machine has:
 * no fit may report shrinking growth and every count fit must be exact (neither depends on the
 * timings' noise). That backprop's time reads linear is held on seeded timings instead — its cost
 * a + b·L under multiplicative noise up to σ = 0.3 on each of 5 repeats, 500 seeds a level: a real
 * run cannot promise it, since a neighbour starting mid-run bends the deeper cases' timings (the
 * 20 real runs read "quadratic" once in CI with the test suite's own workers beside them).
 */
import { describe, expect, it } from "vitest";
import { fitTimeGrowth } from "../../src/compare/fit.js";
import { Rng } from "../../src/core/rng.js";
import { runComparison } from "../../src/compare/compare-run.js";
import type { CompareResults } from "../../src/compare/compare-types.js";
import { coreBackend } from "../../src/compare/core-backend.js";
import { CompareConfig, QUICK_SETS } from "../../src/config/compare-schema.js";
import { loadConfig } from "../../src/config/load-config.js";

const RUNS = 20;

describe(`${RUNS} runs of --quick on the real methods`, () => {
  const config = loadConfig(CompareConfig, null, [...QUICK_SETS], process.cwd());
  const clock = { now: () => performance.now() / 1000 };
  const runs: CompareResults[] = [];

  it("finish", () => {
    for (let i = 0; i < RUNS; i++) runs.push(runComparison(config, { backend: coreBackend, clock }));
    expect(runs).toHaveLength(RUNS);
  }, 180_000);

  it("find a time growth for backprop in every run", () => {
    const words = runs.flatMap((r) =>
      r.fits.filter((f) => f.method === "backprop" && f.quantity === "seconds").map((f) => f.time!.words),
    );
    expect(words).toHaveLength(2 * RUNS);
  });

  it("call a + b·L under seeded timing noise linear, every time", () => {
    const depths = [1, 2, 3, 4, 5, 6];
    for (const sigma of [0.05, 0.1, 0.2, 0.3]) {
      for (let seed = 1; seed <= 500; seed++) {
        const rng = Rng.fromSeed(seed);
        const values: number[] = [],
          spreads: number[] = [];
        for (const L of depths) {
          // 5 repeats, each slowed by e^{σ|z|} (noise only ever slows a call); the fit gets min and ln(median/min)
          const reps = Array.from({ length: 5 }, () => {
            const z = Math.sqrt(-2 * Math.log(Math.max(1e-12, rng.uniform()))) * Math.cos(2 * Math.PI * rng.uniform());
            return (2e-6 + 1e-6 * L) * Math.exp(sigma * Math.abs(z));
          }).sort((a, b) => a - b);
          values.push(reps[0]!);
          spreads.push(Math.log(reps[2]! / reps[0]!));
        }
        expect(fitTimeGrowth(depths, values, spreads)!.words, `σ ${sigma}, seed ${seed}`).toMatch(/^linear/);
      }
    }
  });

  it("never report a shrinking fit: no negative degree, every chosen model grows", () => {
    for (const r of runs) {
      for (const f of r.fits) {
        expect(f.growth ?? "").not.toMatch(/degree -|degree −/);
        const t = f.time;
        if (t?.model) expect(t.fits[t.model]!.growing).toBe(true);
        if (t?.model === "exponential") expect(t.fits.exponential!.coefficients[1]).toBeGreaterThan(1);
      }
    }
  });

  it("fit every multiply-add count exactly on its closed form", () => {
    for (const f of runs[0]!.fits.filter((x) => x.quantity === "multiplyAdds")) expect(f.count!.exact).toBe(true);
  });
});
