/**
 * The one entry point for data: loadDataset(config, rng, { cwd, precision }) reads or generates the
 * source named by `data.source`, splits it (seeded), moves data.validation of the training samples
 * to a validation split (validation-split.ts), then fits the normalization x' = (x − offset)/scale
 * on the training split only and applies it to every split. Relative paths resolve against cwd.
 * Output size: classes for classification, target columns for regression.
 * Features end in `precision` (the network's); without normalization a float32 network's are stored
 * as float32 from the start, with it they are normalized in float64 and then rounded once to float32,
 * so the network sees the same numbers either way as if it had rounded float64 features itself.
 * A value that is not finite, or beyond the range of the precision (|x| > 3.4e38 in float32), is
 * refused (exit 2): CSV cells by file:line:col (csv.ts), generated values by sample and feature.
 */
import type { DataConfig, Precision } from "../config/train-schema.js";
import type { Float } from "../core/types.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { loadCsv } from "./csv.js";
import { PRECISION_MAX, type Dataset, type LoadOptions, type RawDataset, type Split } from "./dataset.js";
import { loadIdx } from "./idx.js";
import { loadMnist, readEmbeddedMnist } from "./mnist.js";
import { loadMnistFull } from "./mnist-full.js";
import { applyNormalization, fitNormalization } from "./normalization.js";
import { loadSynthetic } from "./synthetic.js";
import { holdOutValidation } from "./validation-split.js";

export { applyNormalization, fitNormalization } from "./normalization.js";

const BYTE_SOURCES: ReadonlySet<DataConfig["source"]> = new Set(["mnist", "mnist-full", "idx"]);

/** Load `config`'s data, split and normalized. Bad files or requests throw DataError/ConfigError (exit 2). */
export function loadDataset(config: DataConfig, rng: Rng, options: LoadOptions): Dataset {
  const precision = options.precision ?? "float64";
  const normalizes = (options.normalization?.kind ?? config.normalize) !== "none";
  const loaded = loadRaw(config, rng, options.cwd, normalizes ? "float64" : precision, PRECISION_MAX[precision]);
  // image bytes / 255 lie in [0, 1] by construction: only generated and CSV values need the scan
  if (!BYTE_SOURCES.has(config.source)) checkRange(loaded, precision);
  const raw = config.validation === null ? loaded : holdOutValidation(loaded, config.validation, rng);
  if (options.task !== undefined && options.task !== raw.task) {
    throw new DataError(`${raw.name} is a ${raw.task} dataset, but a ${options.task} dataset was expected`);
  }
  const normalization =
    options.normalization ?? fitNormalization(config.normalize, raw.train.x, raw.train.n, raw.inputs);
  applyNormalization(normalization, raw.train.x, raw.train.n, raw.inputs);
  applyNormalization(normalization, raw.test.x, raw.test.n, raw.inputs);
  if (raw.validation) applyNormalization(normalization, raw.validation.x, raw.validation.n, raw.inputs);
  const validation = raw.validation ? { validation: inPrecision(raw.validation, precision) } : {};
  return {
    ...raw,
    train: inPrecision(raw.train, precision),
    test: inPrecision(raw.test, precision),
    ...validation,
    normalization,
  };
}

/** The split with its features in `precision` (itself when they already are). */
function inPrecision(split: Split, precision: Precision): Split {
  if (precision === "float64" || split.x instanceof Float32Array) return split;
  return { ...split, x: Float32Array.from(split.x) };
}

/** Every feature and target within ±PRECISION_MAX[precision], or a DataError naming the first that is not. */
function checkRange(raw: RawDataset, precision: Precision): void {
  const max = PRECISION_MAX[precision];
  const check = (split: Split, name: string): void => {
    const where = (values: Float, width: number, what: string): void => {
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

/** `precision`: how the features are stored; `max`: the largest magnitude the model's precision holds. */
function loadRaw(config: DataConfig, rng: Rng, cwd: string, precision: Precision, max: number): RawDataset {
  switch (config.source) {
    case "mnist":
      return loadMnist(config, rng, readEmbeddedMnist(), precision);
    case "mnist-full":
      return loadMnistFull(config, rng, precision);
    case "idx":
      return loadIdx(config, rng, cwd, precision);
    case "synthetic":
      return loadSynthetic(config, rng, precision);
    case "csv":
      return loadCsv(config, rng, cwd, precision, max);
  }
}
