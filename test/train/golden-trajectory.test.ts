/**
 * The golden trajectory: the 20 minibatch losses of a fixed-seed MNIST run (golden-run.ts),
 * recorded once in float64 and committed (test/fixtures/golden-trajectory.json). Replayed:
 *   float64 on the TypeScript engine   — bit for bit, every one of the 20;
 *   float32 on the WebAssembly engine  — both flavours (FMA, mul + add), each within 1e-6
 *                                        relative of the float64 recording (float32 rounding).
 * A change that alters training's arithmetic fails here; re-record only on purpose
 * (`npx tsx scripts/record-golden-trajectory.ts`) and say why in the commit.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GOLDEN_STEPS, goldenConfig, goldenTrajectory } from "./golden-run.js";

const recorded = JSON.parse(readFileSync(new URL("../fixtures/golden-trajectory.json", import.meta.url), "utf8")) as {
  config: unknown;
  engine: string;
  losses: number[];
};

describe("golden trajectory (784-32-10 on 640 MNIST digits, 20 steps of batch 32)", () => {
  it("is the recording of today's golden config, starting near ln 10 and falling", () => {
    expect(recorded.config).toEqual(goldenConfig("float64"));
    expect(recorded.losses).toHaveLength(GOLDEN_STEPS);
    expect(Math.abs(recorded.losses[0]! - Math.log(10))).toBeLessThan(0.1);
    expect(recorded.losses[GOLDEN_STEPS - 1]!).toBeLessThan(0.6 * recorded.losses[0]!);
  });

  it("float64 on the TypeScript engine replays it exactly", async () => {
    const { engine, losses } = await goldenTrajectory("float64");
    expect(engine).toBe("typescript");
    expect(losses).toEqual(recorded.losses);
  });

  for (const variant of ["fma", "mul+add"] as const) {
    it(`float32 on the wasm engine (${variant}) replays it within 1e-6 relative`, async () => {
      const { engine, losses } = await goldenTrajectory("float32", variant);
      expect(engine).toBe(`wasm-simd-${variant}`);
      const worst = Math.max(...losses.map((l, k) => Math.abs(l - recorded.losses[k]!) / recorded.losses[k]!));
      expect(losses).toHaveLength(GOLDEN_STEPS);
      expect(worst).toBeLessThan(1e-6);
    });
  }
});
