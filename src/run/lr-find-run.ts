/**
 * `sgd lr-find`: the learning-rate range test (src/train/lr-range-test.ts) on a training config:
 *   prepareRun (config → dataset → engine → experiment: the initial weights, the configured
 *   optimizer and gradient method) → lrRangeTest over `steps` minibatches → lr-find.json,
 *   lr-find.csv, report.html in the output directory (src/report/lr-find-files.ts).
 * The config's schedule, epochs and evaluations are not used; nothing else of the run changes.
 */
import type { TrainConfig } from "../config/train-schema.js";
import { UsageError } from "../core/errors.js";
import { batchSource, fillBatch } from "../model/batch.js";
import { type LrFindDocument, writeLrFind } from "../report/lr-find-files.js";
import { prepareOutputDir } from "../report/run-directory.js";
import { lrRangeTest } from "../train/lr-range-test.js";
import { prepareRun, type PrepareOptions } from "./prepare-run.js";

export interface LrFindOptions extends Omit<PrepareOptions, "allowSlow"> {
  /** the config file, recorded in lr-find.json */
  configFile: string;
  steps: number;
  minLearningRate: number;
  maxLearningRate: number;
  force: boolean;
}

export { LR_FIND_DEFAULTS } from "./run-limits.js";

/** Runs the range test of `config` and writes its files into `dir`; returns what lr-find.json holds. */
export async function runLrFind(config: TrainConfig, dir: string, options: LrFindOptions): Promise<LrFindDocument> {
  const { steps, minLearningRate: min, maxLearningRate: max } = options;
  if (!(min > 0 && max > min && Number.isFinite(max))) {
    throw new UsageError(`--min-lr ${min} and --max-lr ${max}: expected 0 < min-lr < max-lr`);
  }
  if (!(Number.isInteger(steps) && steps >= 3))
    throw new UsageError(`--steps: expected an integer >= 3, found ${steps}`);
  // the estimate prepareRun prints is for the config's run; the range test is `steps` steps of it
  const prepared = prepareRun(config, { ...options, allowSlow: true });
  try {
    const { exp, dataset, seeds } = prepared;
    prepareOutputDir(dir, options.force);
    const source = batchSource(dataset.train, exp.spec, exp.engine);
    const result = lrRangeTest({
      method: exp.method,
      optimizer: exp.optimizer,
      optimizerState: exp.optimizerState,
      w: exp.w,
      dw: exp.dw,
      batch: exp.batch,
      fillBatch: (batch, order, start, count) => fillBatch(batch, source, exp.spec, order, start, count),
      n: dataset.train.n,
      batchSize: exp.batchSize,
      shuffle: seeds.shuffle.state(),
      minLearningRate: min,
      maxLearningRate: max,
      steps,
    });
    const doc: LrFindDocument = {
      format: "sgd-lr-find",
      version: 1,
      name: config.name,
      config: options.configFile,
      optimizer: exp.optimizer.description,
      batch_size: exp.batchSize,
      steps,
      min_lr: min,
      max_lr: max,
      ...result,
    };
    writeLrFind(dir, doc);
    return doc;
  } finally {
    await prepared.exp.dispose();
  }
}
