/**
 * A batch marked xOnDemand (backprop's: it reads x only through the layers) is filled by the wasm
 * engine with its nonzero lists alone; x is written only when a layer takes the dense path after all
 * (prepared.fillX). Held here: the loss and gradient are the same bits as with x written, x itself is
 * left as it was on the sparse path, a batch too dense for the sparse path gets its x (and the dense
 * result), and a method that reads x itself (finite differences) never gets a batch on demand.
 */
import { afterAll, describe, expect, it } from "vitest";
import { TrainConfig } from "../../src/config/train-schema.js";
import { Rng } from "../../src/core/rng.js";
import type { Dataset, Split } from "../../src/data/dataset.js";
import { wasmTrainingEngine, type WasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { createGradientMethod } from "../../src/grad/index.js";
import { batchSource, createBatch, fillBatch } from "../../src/model/batch.js";
import { createParams } from "../../src/model/init.js";
import { engineLayout } from "../../src/model/layout.js";
import type { NetworkSpec } from "../../src/model/network-spec.js";
import { buildExperiment } from "../../src/run/experiment.js";

const engines: WasmTrainingEngine[] = [];
afterAll(() => Promise.all(engines.map((e) => e.dispose())));
const engineOf = (): WasmTrainingEngine => {
  const e = wasmTrainingEngine(16 * 2 ** 20, "auto", 1);
  engines.push(e);
  return e;
};

const base: NetworkSpec = { sizes: [64, 16, 5], activation: "relu", loss: "cross-entropy", precision: "float32" };

/** 12 samples: the first 10 are 90 % zeros, the last 2 have no zero at all (the split is 25 % nonzero). */
function split(): Split {
  const r = Rng.fromSeed(3);
  const x = Float64Array.from({ length: 12 * 64 }, (_, k) =>
    k >= 10 * 64 ? 0.1 + r.uniform() : r.uniform() < 0.9 ? 0 : r.uniform(),
  );
  return { n: 12, x, labels: Int32Array.from({ length: 12 }, (_, i) => i % 5), targets: null };
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** Loss and gradient bits of backprop on samples [start, start + B), with the batch on demand or not. */
function gradient(engine: WasmTrainingEngine, start: number, B: number, onDemand: boolean) {
  const data = split();
  const w = createParams(engineLayout(base, engine), "he", Rng.fromSeed(5), engine.allocator) as Float32Array;
  const dw = engine.allocator.float32(w.length);
  const method = createGradientMethod({ method: "backprop" }, base, B, engine);
  const batch = { ...createBatch(base, B, engine.allocator), xOnDemand: onDemand };
  batch.x.fill(Number.NaN); // what x holds before the fill: NaN shows it was never written
  fillBatch(batch, batchSource(data, base, engine), base, null, start, B);
  const loss = method.compute(w, batch, dw);
  return { loss, dw: bits(dw), x: Array.from(batch.x as Float32Array), expected: data.x.subarray(start * 64) };
}

describe("a batch with x on demand", () => {
  it("gives the same loss and gradient bits, with x never written, on the sparse path", () => {
    const engine = engineOf();
    for (const [start, B] of [
      [0, 1],
      [2, 3],
      [0, 8],
    ] as const) {
      const lazy = gradient(engine, start, B, true),
        eager = gradient(engine, start, B, false);
      expect(lazy.loss).toBe(eager.loss);
      expect(lazy.dw).toEqual(eager.dw);
      expect(lazy.x.every(Number.isNaN)).toBe(true);
      expect(eager.x.slice(0, B * 64)).toEqual(Array.from(Float32Array.from(eager.expected.subarray(0, B * 64))));
    }
  });

  it("writes x when the batch is too dense for the sparse path, and gives the dense result", () => {
    const engine = engineOf();
    const lazy = gradient(engine, 10, 2, true),
      eager = gradient(engine, 10, 2, false);
    expect(lazy.loss).toBe(eager.loss);
    expect(lazy.dw).toEqual(eager.dw);
    expect(lazy.x).toEqual(Array.from(Float32Array.from(eager.expected.subarray(0, 2 * 64))));
  });

  it("is what an experiment gives backprop's batch, and not finite differences' (which reads x itself)", () => {
    const data = split();
    const dataset: Dataset = {
      name: "test",
      task: "classification",
      inputs: 64,
      outputs: 5,
      classNames: null,
      train: data,
      test: data,
      normalization: { kind: "none", offset: null, scale: null },
    };
    const on = (method: "backprop" | "finite-difference") => {
      const config = TrainConfig.parse({
        seed: 1,
        model: { hidden: [16], precision: "float32" },
        gradient: { method },
      });
      const exp = buildExperiment(config, dataset, Rng.fromSeed(1), engineOf());
      return exp.batch.xOnDemand;
    };
    expect(on("backprop")).toBe(true);
    expect(on("finite-difference")).toBe(false);
  });
});
