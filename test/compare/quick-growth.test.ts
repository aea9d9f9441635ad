/**
 * The growth fits on real timings: 20 runs of the --quick grid in this process, on whatever load
 * the machine has. Backprop's time must read linear every time (its cost is a + b·L), no fit may
 * report shrinking growth, and every count fit must be exact.
 */
import { describe, expect, it } from "vitest";
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

  it("never call backprop's time growth anything but linear", () => {
    const words = runs.flatMap((r) =>
      r.fits.filter((f) => f.method === "backprop" && f.quantity === "seconds").map((f) => f.time!.words),
    );
    expect(words).toHaveLength(2 * RUNS);
    for (const w of words) expect(w).toMatch(/^linear/);
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
