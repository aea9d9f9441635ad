/**
 * Finite differences over T threads give the serial gradient bit for bit — float64 on the
 * TypeScript engines (dense, and sparse with Wᵀ storage), float32 on the wasm engine — with the
 * serial operation counts, for T = 2 and T = 3 (p = 273: five blocks of ≤ 64 parameters claimed
 * by whichever thread is free), and
 * that gradient is the true one (backprop agrees to 1e-7 in float64).
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/engine.js";
import { typescriptEngine } from "../../src/engine/typescript/typescript-engine.js";
import { typescriptSparseEngine } from "../../src/engine/typescript/typescript-engine.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import type { GradientMethod } from "../../src/grad/gradient-method.js";
import type { Batch, Float } from "../../src/core/types.js";
import { createGradientMethod } from "../../src/grad/index.js";
import type { DifferenceScheme } from "../../src/grad/gradient-options.js";
import { ParallelFiniteDifference } from "../../src/grad/parallel-finite-difference.js";
import { createBatch } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { engineLayout, paramCount } from "../../src/model/layout.js";
import { createWorkspace } from "../../src/model/mlp.js";
import type { NetworkSpec, Precision } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";

const B = 4;
const made: GradientMethod[] = [];
afterAll(async () => {
  for (const m of made) if (m instanceof ParallelFiniteDifference) await m.dispose();
});

interface Setup {
  spec: NetworkSpec;
  engine: Engine;
  w: Float;
  batch: Batch;
}

/** 5-30-3 tanh cross-entropy, batch 4; 7 nonzero inputs of 20 (density 0.35: a sparse first layer is taken) */
function setup(precision: Precision, engine: Engine, seed: number): Setup {
  const spec: NetworkSpec = { sizes: [5, 30, 3], activation: "tanh", loss: "cross-entropy", precision };
  const rng = Rng.fromSeed(seed);
  const w = createParams(engineLayout(spec, engine), "xavier", rng, engine.allocator);
  const batch = createBatch(spec, B, engine.allocator);
  batch.size = B;
  for (let k = 0; k < B * 5; k++) batch.x[k] = k % 3 === 0 ? rng.normal() : 0;
  batch.labels.set([0, 2, 1, 2]);
  return { spec, engine, w, batch };
}

function method(s: Setup, scheme: DifferenceScheme, threads: number): GradientMethod {
  const m = createGradientMethod({ method: "finite-difference", epsilon: 1e-4, scheme, threads }, s.spec, B, s.engine);
  made.push(m);
  return m;
}

/** dw and the loss, with dw pre-filled with NaN so a skipped entry shows */
function run(m: GradientMethod, s: Setup): { loss: number; dw: Float } {
  const dw = s.engine.allocator[s.spec.precision](paramCount(s.spec)).fill(NaN);
  return { loss: m.compute(s.w, s.batch, dw), dw: Float64Array.from(dw) };
}

const engines: [string, Precision, () => Engine][] = [
  ["typescript float64", "float64", () => typescriptEngine],
  ["typescript sparse float64", "float64", () => typescriptSparseEngine],
  ["wasm float32", "float32", () => wasmTrainingEngine(32 * 2 ** 20)],
];

describe.each(engines)("parallel finite differences, %s, 5-30-3 (p = 273), batch 4", (_, precision, engineOf) => {
  const s = setup(precision, engineOf(), 7);
  for (const scheme of ["central", "forward"] as const) {
    const serial = run(method(s, scheme, 1), s);
    const serialCost = made.at(-1)!.lastCost();
    for (const threads of [2, 3]) {
      it(`${scheme}, T = ${threads}: the serial gradient and loss bit for bit, and the serial counts`, () => {
        // which thread claims which block depends on timing; the bits and counts must not
        const m = method(s, scheme, threads) as ParallelFiniteDifference;
        const parallel = run(m, s);
        expect(parallel.loss).toBe(serial.loss);
        expect(Array.from(parallel.dw)).toEqual(Array.from(serial.dw));
        // and the workers alone (the main thread computing C(w) only) give the same bits
        const workersOnly = new ParallelFiniteDifference(
          createWorkspace(s.spec, B, s.engine),
          1e-4,
          scheme,
          threads,
          false,
        );
        made.push(workersOnly);
        const fromWorkers = run(workersOnly, s);
        expect(workersOnly.lastShares()[0]).toBe(1);
        expect(Array.from(fromWorkers.dw)).toEqual(Array.from(serial.dw));
        expect(workersOnly.lastCost()).toEqual(serialCost);
        // p = 30·(5 + 1) + 3·(30 + 1) = 273: 2p + 1 = 547 or p + 1 = 274 loss evaluations
        expect(m.lastCost()).toEqual(serialCost);
        expect(serialCost.forwardPasses).toBe(scheme === "central" ? 547 : 274);
        // per pass: dense 4·(30·5 + 3·30) = 960; sparse first layer 7 nonzeros·30 + 4·3·30 = 570
        expect(serialCost.multiplyAdds).toBe(
          serialCost.forwardPasses * (s.engine.weightOrders(s.spec.sizes)[0] === "out-in" ? 960 : 570),
        );
      });
    }
  }

  it("central differences agree with backprop (the gradient is the true one, not just the same one)", () => {
    const bp = run(createGradientMethod({ method: "backprop" }, s.spec, B, s.engine), s);
    const fd = run(method(s, "central", 2), s);
    const tolerance = precision === "float64" ? 1e-7 : 2e-2;
    fd.dw.forEach((g, j) => expect(Math.abs(g - bp.dw[j]!)).toBeLessThan(tolerance));
    expect(Math.max(...Array.from(bp.dw, Math.abs))).toBeGreaterThan(1e-3);
  });
});

describe("one pool, many calls", () => {
  it("200 calls with a new w and batch size each time all equal the serial method's", () => {
    const s = setup("float64", typescriptEngine, 11);
    const serial = method(s, "central", 1),
      parallel = method(s, "central", 3);
    const rng = Rng.fromSeed(3);
    for (let call = 0; call < 200; call++) {
      for (let k = 0; k < s.w.length; k++) s.w[k] = s.w[k]! + 0.01 * rng.normal();
      s.batch.size = 1 + (call % B);
      const a = run(serial, s),
        b = run(parallel, s);
      expect(b.loss).toBe(a.loss);
      expect(Array.from(b.dw)).toEqual(Array.from(a.dw));
    }
  });

  it("dispose() ends the workers; the method then refuses to compute", async () => {
    const s = setup("float64", typescriptEngine, 12);
    const m = new ParallelFiniteDifference(createWorkspace(s.spec, B), 1e-4, "central", 2);
    expect(run(m, s).dw.every(Number.isFinite)).toBe(true);
    await m.dispose();
    expect(() => run(m, s)).toThrow(/disposed/);
  });

  it("refuses fewer than 2 threads and a bad ε where it is made", () => {
    const s = setup("float64", typescriptEngine, 13);
    expect(() => new ParallelFiniteDifference(createWorkspace(s.spec, B), 1e-4, "central", 1)).toThrow(
      /2 or more threads/,
    );
    expect(() => createGradientMethod({ method: "finite-difference", epsilon: 0, threads: 2 }, s.spec, B)).toThrow(
      /epsilon/,
    );
  });
});
