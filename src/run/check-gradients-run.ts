/**
 * `sgd check-gradients`: the network of a training config, in float64, with its seeded initial
 * weights, on N seeded samples of the config's own training data; backprop checked per tensor
 * against central differences and path enumeration (src/grad/check-gradients.ts). No files.
 */
import type { TrainConfig } from "../config/train-schema.js";
import { UsageError } from "../core/errors.js";
import type { Io } from "../core/io.js";
import { loadDataset } from "../data/load-dataset.js";
import { typescriptEngine } from "../engine/typescript/typescript-engine.js";
import { checkGradients, type CheckMethod } from "../grad/check-gradients.js";
import { createBatch, fillBatch, heapBatchSource } from "../model/batch.js";
import { createParams } from "../model/init.js";
import { engineLayout, paramCount } from "../model/layout.js";
import { describeSpec } from "../model/network-spec.js";
import type { CheckGradientsDocument } from "../report/check-gradients-report.js";
export type { CheckGradientsDocument };
import { networkSpecFor, seedStreams } from "./experiment.js";

export interface CheckRunOptions {
  io: Io;
  /** --samples, overriding check.samples */
  samples?: number;
  methods: readonly CheckMethod[];
}

export function runGradientCheck(
  config: TrainConfig,
  options: CheckRunOptions,
  clock: () => number,
): CheckGradientsDocument {
  const started = clock();
  const seeds = seedStreams(config.seed);
  const dataset = loadDataset(config.data, seeds.data, { cwd: options.io.cwd, precision: "float64" });
  const spec = networkSpecFor({ ...config, model: { ...config.model, precision: "float64" } }, dataset);
  const layout = engineLayout(spec, typescriptEngine);
  const w = createParams(layout, config.model.init, seeds.init);
  const n = Math.min(options.samples ?? config.check.samples, dataset.train.n);
  if (n < 1) throw new UsageError(`check-gradients: the training split of ${dataset.name} is empty`);
  const order = seeds.shuffle.permutation(dataset.train.n);
  const batch = createBatch(spec, n);
  fillBatch(batch, heapBatchSource(dataset.train, spec), spec, order, 0, n);
  const { check } = config;
  const result = checkGradients(layout, w, batch, { ...check, methods: options.methods }, seeds.shuffle.fork());
  return {
    name: config.name,
    network: describeSpec(spec),
    parameters: paramCount(spec),
    samples: n,
    seed: config.seed,
    tolerance: { atol: check.atol, rtol: check.rtol, epsilon: check.epsilon },
    ...result,
    seconds: clock() - started,
  };
}
