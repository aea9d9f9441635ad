/**
 * The one entry point for data: loadDataset(config, rng, { cwd }) reads or generates the source
 * named by `data.source`, splits it (seeded), then fits the normalization x' = (x − offset)/scale
 * on the training split only and applies it to both splits. Relative paths resolve against cwd.
 * Output size: classes for classification, target columns for regression. A value that is not
 * finite, or beyond the range of the model's precision (|x| > 3.4e38 in float32), is refused
 * (exit 2): CSV cells by file:line:col (csv.ts), generated values by sample and feature.
 */
import type { DataConfig } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { loadCsv } from "./csv.js";
import { PRECISION_MAX, type Dataset, type LoadOptions, type RawDataset, type Split } from "./dataset.js";
import { loadIdx } from "./idx.js";
import { loadMnist } from "./mnist.js";
import { applyNormalization, fitNormalization } from "./normalization.js";
import { loadSynthetic } from "./synthetic.js";

export { applyNormalization, fitNormalization } from "./normalization.js";

/** Load `config`'s data, split and normalized. Bad files or requests throw DataError/ConfigError (exit 2). */
export function loadDataset(config: DataConfig, rng: Rng, options: LoadOptions): Dataset {
  const precision = options.precision ?? "float64";
  const raw = loadRaw(config, rng, options.cwd, PRECISION_MAX[precision]);
  checkRange(raw, precision);
  if (options.task !== undefined && options.task !== raw.task) {
    throw new DataError(`${raw.name} is a ${raw.task} dataset, but a ${options.task} dataset was expected`);
  }
  const normalization =
    options.normalization ?? fitNormalization(config.normalize, raw.train.x, raw.train.n, raw.inputs);
  applyNormalization(normalization, raw.train.x, raw.train.n, raw.inputs);
  applyNormalization(normalization, raw.test.x, raw.test.n, raw.inputs);
  return { ...raw, normalization };
}

/** Every feature and target within ±PRECISION_MAX[precision], or a DataError naming the first that is not. */
function checkRange(raw: RawDataset, precision: "float32" | "float64"): void {
  const max = PRECISION_MAX[precision];
  const check = (split: Split, name: string): void => {
    const where = (values: Float64Array, width: number, what: string): void => {
      for (let k = 0; k < values.length; k++) {
        const v = values[k]!;
        if (Math.abs(v) <= max) continue; // false for NaN too
        const row = split.sourceIndex?.[Math.floor(k / width)] ?? Math.floor(k / width);
        throw new DataError(
          `${raw.name}: ${name} sample ${row}, ${what} ${(k % width) + 1} is ${v}, ` +
            `outside the range of ${precision} (|x| ≤ ${max.toPrecision(5)})` +
            (precision === "float32" ? ": use model.precision: float64 or scale the data" : ""),
        );
      }
    };
    where(split.x, raw.inputs, "feature");
    if (split.targets !== null) where(split.targets, raw.outputs, "target");
  };
  check(raw.train, "training");
  check(raw.test, "test");
}

function loadRaw(config: DataConfig, rng: Rng, cwd: string, max: number): RawDataset {
  switch (config.source) {
    case "mnist":
      return loadMnist(config, rng);
    case "idx":
      return loadIdx(config, rng, cwd);
    case "synthetic":
      return loadSynthetic(config, rng);
    case "csv":
      return loadCsv(config, rng, cwd, max);
  }
}
