/**
 * The step loop of one config's own training, with nothing else: the run `sgd train --config FILE`
 * would do (its data, network, optimizer with its momentum and schedule, engine and threads, epochs),
 * timed from its first step to its last — fillBatch → method.compute → optimizer.update per step —
 * with no evaluations, rows, checkpoints or files. Like the run, it starts cold (no warm-up):
 *   samples/s = epochs · n / seconds of all the steps
 * This is what the end-to-end rows hold `sgd train` to besides the bench's plain-SGD step loop:
 * the run's samples/s ÷ this = the share of the run's clock its steps take.
 * Run as a child process, cold as `sgd train` is (perf/end-to-end.ts):
 *   tsx perf/config-step-loop.ts OUT.json CONFIG THREADS [KEY=VALUE …]   writes ConfigStepLoop as JSON
 * (THREADS: the run's --threads; `threads` in the JSON: the engine's)
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TrainConfig } from "../src/config/train-schema.js";
import { loadConfig } from "../src/config/load-config.js";
import { loadDataset } from "../src/data/load-dataset.js";
import { selectEngine } from "../src/engine/select-engine.js";
import { batchSource, fillBatch } from "../src/model/batch.js";
import { buildExperiment, engineBytesFor, seedStreams } from "../src/run/experiment.js";
import { engineThreadsFor } from "../src/run/prepare-run.js";
import { availableParallelism } from "node:os";

export interface ConfigStepLoop {
  config: string;
  epochs: number;
  threads: number;
  engine: string;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * Times the step loop of `configPath` (relative to `cwd`) with `sets` applied, on the engine threads a run
 * with `threads` threads gives its engine (engineThreadsFor, as `sgd train` decides them).
 */
export async function measureConfigStepLoop(
  cwd: string,
  configPath: string,
  sets: string[],
  threads: number,
): Promise<ConfigStepLoop> {
  const config = loadConfig(TrainConfig, configPath, sets, cwd);
  const seeds = seedStreams(config.seed);
  const dataset = loadDataset(config.data, seeds.data, { cwd, precision: config.model.precision });
  const onEngine = engineThreadsFor(config, dataset, threads, availableParallelism());
  const engine = selectEngine(config.model.precision, engineBytesFor(config, dataset), "auto", onEngine);
  const exp = buildExperiment(config, dataset, seeds.init, engine, onEngine);
  try {
    const source = batchSource(dataset.train, exp.spec, exp.engine);
    const n = source.n,
      B = exp.batchSize,
      perEpoch = Math.ceil(n / B);
    const epochs = Math.ceil(exp.totalSteps / perEpoch);
    let step = 0;
    const t0 = performance.now();
    for (let e = 0; e < epochs && step < exp.totalSteps; e++) {
      const order = seeds.shuffle.permutation(n);
      for (let s = 0; s < perEpoch && step < exp.totalSteps; s++, step++) {
        fillBatch(exp.batch, source, exp.spec, order, s * B, Math.min(B, n - s * B));
        exp.method.compute(exp.w, exp.batch, exp.dw);
        exp.optimizer.update(exp.w, exp.dw, exp.schedule(step), exp.optimizerState);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const samples = Math.min(exp.totalSteps * B, epochs * n);
    const r = { config: configPath, epochs, threads: onEngine, engine: engine.name, seconds };
    return { ...r, samplesPerSecond: samples / seconds };
  } finally {
    await exp.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, config, threads, ...sets] = process.argv.slice(2);
  const m = await measureConfigStepLoop(process.cwd(), config!, sets, Number(threads));
  writeFileSync(out!, JSON.stringify(m));
}
