/**
 * `sgd predict`: a saved model run on new rows.
 *   model.json (network, normalization, feature and class names) → the input file's raw rows
 *   (src/data/predict-input.ts) → x' = (x − offset)/scale with the stored normalization →
 *   ŷ = the network on the engine `sgd train` would pick (probabilities for a classifier) →
 *   predicted class = argmax ŷ (first on ties), or the predicted values for a regression;
 *   when the rows carry the target, also the loss, accuracy and confusion matrix.
 */
import { DataError } from "../core/errors.js";
import { applyNormalization } from "../data/normalization.js";
import { readPredictInput } from "../data/predict-input.js";
import { argmaxRows, evaluateModel } from "../model/confusion.js";
import { Evaluator } from "../model/evaluate.js";
import { describeSpec, layerCount, width } from "../model/network-spec.js";
import { onTrainingEngine } from "../model/on-engine.js";
import type { Predictions } from "../report/predictions-file.js";
import { readRunModel } from "../report/run-model.js";
import { EVAL_CHUNK } from "./experiment.js";

/** `dir` the run directory and `inputFile` the rows, both absolute paths. */
export function predictRun(dir: string, inputFile: string): Predictions {
  const saved = readRunModel(dir);
  const { spec, w } = saved.model;
  const I = width(spec, 0),
    O = width(spec, layerCount(spec));
  const classNames =
    saved.task === "classification" ? (saved.classNames ?? Array.from({ length: O }, (_, c) => String(c))) : null;
  if (saved.features !== null && saved.features.length !== I)
    throw new DataError(`${saved.file}: features: has ${saved.features.length} names, the model has ${I} inputs`);
  const input = readPredictInput(inputFile, {
    inputs: I,
    features: saved.features,
    target: saved.target,
    task: saved.task,
    classNames,
  });
  if (input.targets !== null && O !== 1)
    throw new DataError(`${inputFile}: a target column scores a model with one output; this one has ${O}`);
  if (saved.normalization !== null) applyNormalization(saved.normalization, input.x, input.n, I);

  const run = onTrainingEngine(spec, w, EVAL_CHUNK);
  const evaluator = new Evaluator(spec, EVAL_CHUNK, run.engine);
  const values = new Float64Array(input.n * O);
  evaluator.predict(run.w, input.x, input.n, values);
  const split = { n: input.n, x: input.x, labels: input.labels, targets: input.targets };
  const truth = input.labels ?? input.targets;
  return {
    model: saved.file,
    input: inputFile,
    format: input.format,
    network: describeSpec(spec),
    task: saved.task,
    samples: input.n,
    outputs: O,
    values,
    predicted: classNames === null ? null : argmaxRows(values, input.n, O, new Int32Array(input.n)),
    classNames,
    target: truth === null ? null : (saved.target ?? "target"),
    truth,
    score: truth === null ? null : evaluateModel(evaluator, run.w, split),
  };
}
