/**
 * The bench's Python-peer and end-to-end rows (perf/python-peers.ts, perf/peer-rows.ts): which peers
 * run and why the others do not, the environment numpy-native runs in, and the ratios and targets
 * computed from rounds of figures (no timing here: the figures are given).
 */
import { describe, expect, it } from "vitest";
import { availablePeers, PEERS, peerEnv } from "../../perf/python-peers.js";
import { endToEndRows, peerRows } from "../../perf/peer-rows.js";
import type { BenchResults } from "../../perf/results-table.js";
import type { Throughput } from "../../perf/train-bench.js";
import type { SgdTrainRun } from "../../perf/end-to-end.js";

const throughput = (arch: string, batchSize: number, samplesPerSecond: number, threads = 1): Throughput => ({
  arch,
  batchSize,
  engine: "wasm-simd-fma",
  threads,
  repeatSeconds: [],
  samplesPerSecond,
  testAccuracy: null,
  lastLoss: 0,
  otherLoadCores: 0,
});

const peerRun = (arch: string, b32: number, b1: number) => ({
  arch,
  batch32_samples_per_s: b32,
  batch1_samples_per_s: b1,
  test_accuracy_after_3_epochs: 0.9,
  other_load_cores: 0,
});

// two rounds of sgd figures; the 2-thread 784-128-10 figure is what a 2-thread sgd train is held to
const results = {
  training: [
    [
      throughput("784-128-10", 32, 240_000),
      throughput("784-128-10", 1, 40_000),
      throughput("784-128-10", 32, 270_000, 2),
    ],
    [
      throughput("784-128-10", 32, 250_000),
      throughput("784-128-10", 1, 36_000),
      throughput("784-128-10", 32, 260_000, 2),
    ],
  ],
} as unknown as BenchResults;

describe("availablePeers", () => {
  it("names SGD_BENCH_PYTHON as missing for the frameworks, and probes python3 for numpy", () => {
    const probed: string[] = [];
    const peers = availablePeers({}, (python, module) => {
      probed.push(`${python}:${module}`);
      return { version: "2.4.6" };
    });
    expect(probed).toEqual(["python3:numpy"]);
    expect(peers[0]).toEqual({ id: "numpy-native", ok: true, python: "python3", version: "numpy 2.4.6" });
    expect(peers.slice(1).map((p) => (p.ok ? "ok" : p.reason))).toEqual([
      'SGD_BENCH_PYTHON is not set (a Python with jax: see perf/README.md, "Python peers")',
      'SGD_BENCH_PYTHON is not set (a Python with jax: see perf/README.md, "Python peers")',
      'SGD_BENCH_PYTHON is not set (a Python with torch: see perf/README.md, "Python peers")',
    ]);
  });

  it("with SGD_BENCH_PYTHON, runs what imports and says why the rest cannot", () => {
    const peers = availablePeers({ SGD_BENCH_PYTHON: "/venv/bin/python" }, (python, module) =>
      module === "torch" ? { error: `${python} has no torch: ModuleNotFoundError` } : { version: "0.10.2" },
    );
    expect(peers.map((p) => [p.id, p.ok ? p.python : p.reason])).toEqual([
      ["numpy-native", "python3"],
      ["jax-jit", "/venv/bin/python"],
      ["jax-scan", "/venv/bin/python"],
      ["torch-eager", "/venv/bin/python has no torch: ModuleNotFoundError"],
    ]);
  });
});

describe("peerEnv", () => {
  const machine = { OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "524288", PATH: "/bin" };
  it("removes OpenBLAS's CPU overrides for numpy-native only, and pins one thread", () => {
    expect(peerEnv(PEERS["numpy-native"], machine)).toEqual({ PATH: "/bin", OPENBLAS_NUM_THREADS: "1" });
    expect(peerEnv(PEERS["jax-jit"], machine)).toEqual({ ...machine, OPENBLAS_NUM_THREADS: "1" });
  });
});

describe("peerRows", () => {
  it("sets sgd's fastest round beside the peer's, with the single-round range and the target", () => {
    const rows = peerRows(results, {
      availability: [],
      runs: [
        {
          id: "jax-scan",
          version: "jax 0.10.2",
          runs: [[peerRun("784-128-10", 300_000, 100_000)], [peerRun("784-128-10", 320_000, 110_000)]],
        },
      ],
    });
    expect(rows.map((r) => [r.workload, r.sgd, r.numpy, r.roundRatios, r.target, r.met])).toEqual([
      [
        "train 784-128-10, batch 32, sgd (1 thread) vs JAX lax.scan (jax 0.10.2)",
        250_000,
        320_000,
        "0.78–0.80",
        "",
        null,
      ],
      [
        "train 784-128-10, batch 1, sgd (1 thread) vs JAX lax.scan (jax 0.10.2)",
        40_000,
        110_000,
        "0.33–0.40",
        "≥ 1.0× JAX lax.scan",
        false,
      ],
    ]);
    expect(rows[0]!.speedVsNumpy).toBeCloseTo(250_000 / 320_000, 12);
  });
});

describe("endToEndRows", () => {
  const run = (samplesPerSecond: number, wallSeconds: number, stepLoop: number | null = null): SgdTrainRun => ({
    epochs: 10,
    wallSeconds,
    samplesPerSecond,
    computeSamplesPerSecond: 240_000,
    totalSeconds: 0.8,
    computeSeconds: 0.32,
    threads: 2,
    engine: "wasm-simd-fma",
    evaluation: "second thread",
    testAccuracy: 0.9584,
    stepLoopSamplesPerSecond: stepLoop,
  });
  it("holds sgd train's samples/s to the step loop on as many threads, and the whole process to numpy's", () => {
    const numpy = { threads: 2, wallSeconds: 0.75, trainSeconds: 0.5, testAccuracy: 0.9573, version: "numpy 2.4.6" };
    const rows = endToEndRows(results, [
      { quickStart: run(100_000, 1.5), oneEpoch: null, numpy: [numpy], problems: [] },
      { quickStart: run(120_000, 1.4), oneEpoch: null, numpy: [{ ...numpy, wallSeconds: 0.7 }], problems: [] },
    ]);
    expect(rows).toHaveLength(2);
    expect([rows[0]!.sgd, rows[0]!.numpy, rows[0]!.met]).toEqual([120_000, 270_000, false]);
    expect(rows[0]!.speedVsNumpy).toBeCloseTo(120_000 / 270_000, 12);
    expect(rows[0]!.workload).toContain("the run had 2, evaluations on second thread");
    expect(rows[0]!.workload).toContain("the rest (batches filled, evaluations, rows) 60% of 0.80 s");
    expect([rows[1]!.sgd, rows[1]!.numpy, rows[1]!.accuracy]).toEqual([1.4, 0.7, "95.8% / 95.7%"]);
    expect(rows[1]!.speedVsNumpy).toBeCloseTo(0.5, 12);
  });

  it("holds each run to the same training's steps alone, by its best round", () => {
    const rows2 = endToEndRows(results, [
      { quickStart: run(100_000, 1.5, 125_000), oneEpoch: null, numpy: [], problems: [] },
      { quickStart: run(120_000, 1.4, 160_000), oneEpoch: null, numpy: [], problems: [] },
    ]);
    expect(rows2).toHaveLength(2);
    // the best round by its own ratio: 100k / 125k = 0.8 beats 120k / 160k = 0.75
    expect([rows2[1]!.sgd, rows2[1]!.numpy, rows2[1]!.roundRatios, rows2[1]!.met]).toEqual([
      100_000,
      125_000,
      "0.75–0.80",
      false,
    ]);
    expect(rows2[1]!.speedVsNumpy).toBeCloseTo(0.8, 12);
    expect(rows2[1]!.workload).toContain("engine threads for --threads 2");
  });

  it("holds a 2-thread run to the 1-thread step loop when that is the faster", () => {
    const oneFaster = {
      training: [[throughput("784-128-10", 32, 300_000), throughput("784-128-10", 32, 270_000, 2)]],
    } as unknown as BenchResults;
    const rows = endToEndRows(oneFaster, [{ quickStart: run(240_000, 1), oneEpoch: null, numpy: [], problems: [] }]);
    expect([rows[0]!.sgd, rows[0]!.numpy]).toEqual([240_000, 300_000]);
    expect(rows[0]!.speedVsNumpy).toBeCloseTo(0.8, 12);
  });
});
