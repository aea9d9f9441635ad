/**
 * The one entry point for data: loadDataset(config, rng, { cwd }) reads or generates the source
 * named by `data.source`, splits it (seeded), moves data.validation of the training samples to a
 * validation split (validation-split.ts), then fits the normalization x' = (x − offset)/scale on
 * the training split only and applies it to every split. Relative paths resolve against cwd.
 * Output size: classes for classification, target columns for regression.
 */
import type { DataConfig } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { loadCsv } from "./csv.js";
import type { Dataset, LoadOptions, RawDataset } from "./dataset.js";
import { loadIdx } from "./idx.js";
import { loadMnist } from "./mnist.js";
import { applyNormalization, fitNormalization } from "./normalization.js";
import { loadSynthetic } from "./synthetic.js";
import { holdOutValidation } from "./validation-split.js";

export { applyNormalization, fitNormalization } from "./normalization.js";

/** Load `config`'s data, split and normalized. Bad files or requests throw DataError/ConfigError (exit 2). */
export function loadDataset(config: DataConfig, rng: Rng, options: LoadOptions): Dataset {
  const loaded = loadRaw(config, rng, options.cwd);
  const raw = config.validation === null ? loaded : holdOutValidation(loaded, config.validation, rng);
  if (options.task !== undefined && options.task !== raw.task) {
    throw new DataError(`${raw.name} is a ${raw.task} dataset, but a ${options.task} dataset was expected`);
  }
  const normalization =
    options.normalization ?? fitNormalization(config.normalize, raw.train.x, raw.train.n, raw.inputs);
  applyNormalization(normalization, raw.train.x, raw.train.n, raw.inputs);
  applyNormalization(normalization, raw.test.x, raw.test.n, raw.inputs);
  if (raw.validation) applyNormalization(normalization, raw.validation.x, raw.validation.n, raw.inputs);
  return { ...raw, normalization };
}

function loadRaw(config: DataConfig, rng: Rng, cwd: string): RawDataset {
  switch (config.source) {
    case "mnist":
      return loadMnist(config, rng);
    case "idx":
      return loadIdx(config, rng, cwd);
    case "synthetic":
      return loadSynthetic(config, rng);
    case "csv":
      return loadCsv(config, rng, cwd);
  }
}
