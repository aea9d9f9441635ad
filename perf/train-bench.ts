/**
 * Training throughput of sgd's own pieces by the peers protocol (shared/peers/README.md). One step is
 * what `sgd train` runs: fillBatch → loss = method.compute(w, batch, dw) → w ← w − γ·dw (the optimizer).
 *   batch 32: 3 epochs of ⌈8000/32⌉ steps, each timed;  samples/s = 8000 / median epoch seconds
 *   batch 1:  3 × 1000 steps, each timed;               samples/s = 1000 / median seconds
 * A warm-up runs first: 10 blocks as long as a timed repeat on a new engine (1 on one kept from an earlier
 * round). V8 optimizes the step's code while it runs — each 1000-step block of a fresh batch-1 run took
 * 36, 31, 10, 9.5, 12, 11, 9.0, 8.8 ms and then ~8.7 ms, a batch-32 epoch 74, 38, 34, 39, 41, 33 and then ~31 ms
 * (a 2-core EPYC, the other core idle; later when it is busy). Then the weights are reset; data loading,
 * warm-up and evaluation are not timed (nor are the peers' warm-up and JAX's compile).
 */
import { readFileSync } from "node:fs";
import { TrainConfig, type Precision } from "../src/config/train-schema.js";
import type { Dataset } from "../src/data/dataset.js";
import type { Float } from "../src/core/types.js";
import { createGradientMethod, ParallelFiniteDifference, type GradientMethodName } from "../src/grad/index.js";
import type { Engine } from "../src/engine/engine.js";
import { selectEngine } from "../src/engine/select-engine.js";
import { batchSource, fillBatch, type BatchSource } from "../src/model/batch.js";
import { createWorkspace, forwardLoss } from "../src/model/mlp.js";
import { loadDataset } from "../src/data/load-dataset.js";
import { buildExperiment, engineBytesFor, seedStreams, type Experiment } from "../src/run/experiment.js";

export const SEED = 1;
export const LEARNING_RATE = 0.05;
/** warm-up blocks (each as long as a timed repeat) on a new engine, and on one kept from an earlier round */
const WARM_UP_BLOCKS = 10;
const WARM_UP_BLOCKS_KEPT = 1;
const PHASE_WARM_UP_STEPS = 2000;

/** The benchmark's MNIST: `sgd train`'s default data (8,000 training and 2,000 test digits, seed 1). */
export function loadBenchData(): Dataset {
  const config = TrainConfig.parse({ seed: SEED });
  return loadDataset(config.data, seedStreams(SEED).data, { cwd: process.cwd() });
}

/** The full-MNIST row's data: all 60,000 training and 10,000 test digits (source: mnist-full), float32 as trained. */
export function loadFullMnistData(): Dataset {
  const config = TrainConfig.parse({ seed: SEED, data: { source: "mnist-full" } });
  return loadDataset(config.data, seedStreams(SEED).data, { cwd: process.cwd(), precision: "float32" });
}

export interface Setup {
  hidden: number[];
  batchSize: number;
  precision: Precision;
  method: GradientMethodName;
  /** "auto" = what `sgd train` picks (wasm for float32); "typescript" = the reference engine */
  engine: "auto" | "typescript";
  /** threads of the wasm engine (default 1; selectEngine waits for its workers to start) */
  threads?: number;
}

export interface Built {
  exp: Experiment;
  engine: Engine;
  engineName: string;
  source: BatchSource;
  /** "784-128-10" */
  arch: string;
}

/** An experiment from a config like the one `sgd train` would validate, on the engine it would select. */
export function build(dataset: Dataset, s: Setup): Built {
  const config = TrainConfig.parse({
    seed: SEED,
    model: { hidden: s.hidden, precision: s.precision, activation: "relu" },
    loss: "cross-entropy",
    optimizer: { batchSize: s.batchSize, learningRate: LEARNING_RATE, momentum: 0, epochs: 1 },
    gradient: { method: s.method === "path-enumeration" ? "backprop" : s.method },
  });
  const engine = selectEngine(s.precision, engineBytesFor(config, dataset), s.engine, s.threads ?? 1);
  const exp = buildExperiment(config, dataset, seedStreams(SEED).init, engine);
  const arch = [dataset.inputs, ...s.hidden, dataset.outputs].join("-");
  return { exp, engine, engineName: engine.name, source: batchSource(dataset.train, exp.spec, exp.engine), arch };
}

/** Built experiments of the training workloads, kept across rounds: one engine (and one set of workers) per workload. */
const trainingBuilds = new Map<string, Built & { initial: Float; warm: boolean }>();

/** The backprop experiment for `hidden`/`batchSize`/`threads`/`engine`, with its weights reset to their seeded start. */
function trainingBuild(
  dataset: Dataset,
  hidden: number[],
  batchSize: number,
  engine: "auto" | "typescript",
  threads: number,
): Built & { warm: boolean } {
  const key = JSON.stringify([dataset.name, dataset.train.n, hidden, batchSize, engine, threads]);
  let b = trainingBuilds.get(key);
  if (b === undefined) {
    const built = build(dataset, { hidden, batchSize, precision: "float32", method: "backprop", engine, threads });
    b = { ...built, initial: built.exp.w.slice(), warm: false };
    trainingBuilds.set(key, b);
  }
  b.exp.w.set(b.initial);
  return b;
}

/** Ends the workers of the training workloads' engines. */
export function disposeTrainingBuilds(): Promise<void> {
  const all = [...trainingBuilds.values()].map((b) => b.exp.dispose());
  trainingBuilds.clear();
  return Promise.all(all).then(() => undefined);
}

/** `steps` training steps on samples order[first + k·B …]; returns the last minibatch loss. */
function runSteps(b: Built, order: Int32Array, first: number, steps: number): number {
  const { exp, source } = b;
  const B = exp.batchSize,
    n = source.n;
  let loss = 0;
  for (let s = 0; s < steps; s++) {
    const start = first + s * B;
    fillBatch(exp.batch, source, exp.spec, order, start, Math.min(B, n - start));
    loss = exp.method.compute(exp.w, exp.batch, exp.dw);
    exp.optimizer.update(exp.w, exp.dw, exp.schedule(s), exp.optimizerState);
  }
  return loss;
}

/** Busy CPU seconds of the whole machine so far (/proc/stat, 100 ticks a second); 0 where unreadable. */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (fields.reduce((a, v) => a + v, 0) - idle) / 100;
  } catch {
    return 0;
  }
}

/** Other processes' CPU use during a measurement, in cores: (machine busy − own CPU) / wall. */
export class LoadMeter {
  private readonly wall0 = performance.now();
  private readonly busy0 = machineBusySeconds();
  private readonly own0 = process.cpuUsage();

  otherCores(): number {
    const wall = (performance.now() - this.wall0) / 1000,
      own = process.cpuUsage(this.own0);
    const other = machineBusySeconds() - this.busy0 - (own.user + own.system) / 1e6;
    return wall > 0 ? Math.round((Math.max(0, other) / wall) * 100) / 100 : 0;
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Throughput {
  arch: string;
  batchSize: number;
  engine: string;
  /** threads of the engine */
  threads: number;
  /** seconds of each timed repeat (an epoch at batch 32, `steps` steps at batch 1) */
  repeatSeconds: number[];
  samplesPerSecond: number;
  /** test accuracy after the timed steps (batch 32 only: after its epochs) */
  testAccuracy: number | null;
  lastLoss: number;
  otherLoadCores: number;
}

/**
 * Times `repeats` epochs (batch > 1) or `repeats` × `steps` steps (batch 1) of training from the
 * seeded initial weights. Each epoch uses a fresh permutation of the shuffle stream, as `sgd train` does.
 */
export function measureThroughput(
  dataset: Dataset,
  hidden: number[],
  batchSize: number,
  engine: "auto" | "typescript",
  repeats: number,
  steps: number,
  threads = 1,
): Throughput {
  const b = trainingBuild(dataset, hidden, batchSize, engine, threads);
  const n = b.source.n,
    initial = b.exp.w.slice();
  const shuffle = seedStreams(SEED).shuffle;
  const perEpoch = Math.ceil(n / batchSize);
  const online = batchSize === 1;
  warmUp(b, shuffle.permutation(n), online ? steps : perEpoch, b.warm ? WARM_UP_BLOCKS_KEPT : WARM_UP_BLOCKS);
  b.warm = true;
  b.exp.w.set(initial);
  const meter = new LoadMeter();
  const seconds: number[] = [];
  let order = shuffle.permutation(n),
    loss = 0;
  for (let r = 0; r < repeats; r++) {
    if (!online) order = shuffle.permutation(n);
    const t0 = performance.now();
    loss = online ? runSteps(b, order, (r * steps) % (n - steps + 1), steps) : runSteps(b, order, 0, perEpoch);
    seconds.push((performance.now() - t0) / 1000);
  }
  const otherLoadCores = meter.otherCores();
  const samples = online ? steps : n;
  const testAccuracy = online ? null : b.exp.evaluator.evaluate(b.exp.w, dataset.test).accuracy;
  return {
    arch: b.arch,
    batchSize,
    engine: b.engineName,
    threads,
    repeatSeconds: seconds,
    samplesPerSecond: samples / median(seconds),
    testAccuracy,
    lastLoss: loss,
    otherLoadCores,
  };
}

/** `blocks` blocks of `blockSteps` steps (batch 1: each from the next offset, as the timed repeats are). */
function warmUp(b: Built, order: Int32Array, blockSteps: number, blocks: number): void {
  const n = b.source.n;
  for (let k = 0; k < blocks; k++)
    runSteps(b, order, b.exp.batchSize === 1 ? (k * blockSteps) % (n - blockSteps + 1) : 0, blockSteps);
}

/** Mean microseconds per step of each phase; forward is timed on its own (a second pass, not part of a step). */
export interface PhaseSplit {
  arch: string;
  batchSize: number;
  engine: string;
  threads: number;
  steps: number;
  fillMicros: number;
  gradientMicros: number;
  forwardMicros: number;
  updateMicros: number;
}

/** The phases of `steps` steps timed one by one after PHASE_WARM_UP_STEPS untimed ones (the timers cost ~0.1 µs each). */
export function measurePhases(
  dataset: Dataset,
  hidden: number[],
  batchSize: number,
  steps: number,
  threads = 1,
): PhaseSplit {
  const b = trainingBuild(dataset, hidden, batchSize, "auto", threads);
  const { exp, source } = b;
  const ws = createWorkspace(exp.spec, batchSize, b.engine);
  const order = seedStreams(SEED).shuffle.permutation(source.n);
  const n = source.n,
    perEpoch = Math.ceil(n / batchSize);
  // steady state: V8 needs a few thousand calls to tier every kernel and loop up, so warm up longer here
  for (let s = 0; s < PHASE_WARM_UP_STEPS; s += perEpoch)
    runSteps(b, order, 0, Math.min(perEpoch, PHASE_WARM_UP_STEPS - s));
  for (let s = 0; s < PHASE_WARM_UP_STEPS; s++) forwardLoss(ws, exp.w, exp.batch);
  let fill = 0,
    forward = 0,
    gradient = 0,
    update = 0;
  for (let s = 0; s < steps; s++) {
    const start = (s % perEpoch) * batchSize;
    const t0 = performance.now();
    fillBatch(exp.batch, source, exp.spec, order, start, Math.min(batchSize, n - start));
    const t1 = performance.now();
    forwardLoss(ws, exp.w, exp.batch);
    const t2 = performance.now();
    exp.method.compute(exp.w, exp.batch, exp.dw);
    const t3 = performance.now();
    exp.optimizer.update(exp.w, exp.dw, LEARNING_RATE, exp.optimizerState);
    const t4 = performance.now();
    fill += t1 - t0;
    forward += t2 - t1;
    gradient += t3 - t2;
    update += t4 - t3;
  }
  const us = (ms: number): number => (1000 * ms) / steps;
  return {
    arch: b.arch,
    batchSize,
    engine: b.engineName,
    threads,
    steps,
    fillMicros: us(fill),
    gradientMicros: us(gradient),
    forwardMicros: us(forward),
    updateMicros: us(update),
  };
}

export interface GradientTime {
  arch: string;
  precision: Precision;
  engine: string;
  /** threads of the finite-difference method, the main one included */
  threads: number;
  parameters: number;
  /** seconds of each full gradient (2p + 1 loss evaluations, central, ε = 1e-5) */
  runSeconds: number[];
  seconds: number;
  /** threads > 1: seconds of the untimed first gradient (workers starting up), else null */
  firstCallSeconds: number | null;
  otherLoadCores: number;
}

/**
 * Central finite differences of the loss on the first training sample, by sgd's own gradient method
 * (createGradientMethod, as buildExperiment makes it, with `threads` threads). With workers, a first
 * untimed gradient lets them start up (reported apart); the serial method is timed from its first call.
 */
export function measureFiniteDifference(
  dataset: Dataset,
  hidden: number[],
  precision: Precision,
  repeats: number,
  threads: number,
): GradientTime {
  const b = build(dataset, { hidden, batchSize: 1, precision, method: "finite-difference", engine: "auto" });
  const { exp } = b;
  const method =
    threads === 1 ? exp.method : createGradientMethod({ method: "finite-difference", threads }, exp.spec, 1, b.engine);
  fillBatch(exp.batch, b.source, exp.spec, null, 0, 1);
  const runSeconds: number[] = [];
  let firstCallSeconds: number | null = null,
    meter = new LoadMeter();
  try {
    if (threads > 1) {
      const t0 = performance.now();
      method.compute(exp.w, exp.batch, exp.dw);
      firstCallSeconds = (performance.now() - t0) / 1000;
      meter = new LoadMeter();
    }
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      method.compute(exp.w, exp.batch, exp.dw);
      runSeconds.push((performance.now() - t0) / 1000);
    }
  } finally {
    if (method instanceof ParallelFiniteDifference) void method.dispose();
    void exp.dispose();
  }
  return {
    arch: b.arch,
    precision,
    engine: b.engineName,
    threads,
    parameters: exp.parameters,
    runSeconds,
    seconds: median(runSeconds),
    firstCallSeconds,
    otherLoadCores: meter.otherCores(),
  };
}
