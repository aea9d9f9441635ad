/**
 * `sgd evaluate --model RUN_DIR`: loss, accuracy and confusion matrix of a saved model. Wiring
 * only: model.json + config.json (src/report/run-model.ts) → the dataset rebuilt exactly as
 * `sgd train` built it (same seed ⇒ same split and normalization), or other data from --set
 * data.… with the model's own normalization → evaluateModel (src/model/confusion.ts) → text or JSON.
 */
import { Option, type Command } from "commander";
import path from "node:path";
import { loadDataset } from "../../data/load-dataset.js";
import { DataError } from "../../core/errors.js";
import { evaluateModel } from "../../model/confusion.js";
import { Evaluator } from "../../model/evaluate.js";
import { onTrainingEngine } from "../../model/on-engine.js";
import { describeSpec } from "../../model/network-spec.js";
import { formatEvaluation } from "../../report/evaluation-table.js";
import { evaluationConfig, readRunModel } from "../../report/run-model.js";
import { EVAL_CHUNK, seedStreams } from "../../run/experiment.js";
import { checkEvaluationMemory } from "../../run/memory-estimate.js";
import { type CommonFlags, withCommonOptions, withSetOption } from "../command-options.js";
import { createReporter } from "../../report/reporter.js";
import type { CliContext } from "../command-options.js";

interface EvaluateFlags extends CommonFlags {
  model: string;
  set: string[];
  split: "test" | "train";
}

const HELP = `
By default the model is scored on its run's test split, rebuilt from config.json exactly as
sgd train built it (same seed ⇒ same samples, same normalization): the accuracy equals the
final test accuracy of the run. --set data.KEY=VALUE scores it on other data instead (a larger
test split, another CSV, other synthetic noise); the inputs are then scaled with the model's
stored normalization, not refitted. Setting data.source starts the data section afresh.

Prints loss, accuracy and the confusion matrix (rows: true class, columns: predicted) for a
classifier, the mean squared error for a regression. --json: one document
{loss, accuracy, samples, confusion, classNames, dataset, split, model}.
A model.json that is corrupt or from another format version is refused (exit 2).

Examples:
  sgd evaluate --model runs/mnist-minibatch-20250101-120000
  sgd evaluate --model runs/moons --set data.noise=0.3 --set data.samples=2000
  sgd evaluate --model runs/iris --set data.path=data/iris-new.csv --json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("evaluate")
    .description("loss and accuracy of a saved model on its test split or on other data")
    .requiredOption("--model <runDir>", "run directory of sgd train (holds model.json and config.json)")
    .addOption(
      new Option("--split <split>", "which split of the dataset to score").choices(["test", "train"]).default("test"),
    )
    .addHelpText("after", HELP);
  withSetOption(withCommonOptions(cmd)).action((flags: EvaluateFlags) => {
    evaluateCommand(flags, ctx);
    ctx.exitCode = 0;
  });
}

function evaluateCommand(flags: EvaluateFlags, ctx: CliContext): void {
  const { io } = ctx;
  const out = createReporter(io, flags);
  const dir = path.resolve(io.cwd, flags.model);
  const saved = readRunModel(dir);
  const config = evaluationConfig(dir, flags.set, io.cwd);
  const otherData = flags.set.length > 0;
  if (otherData && saved.normalization === null)
    out.warn(`${saved.file} stores no normalization: fitting data.normalize on the new data`);
  const normalization = otherData && saved.normalization !== null ? { normalization: saved.normalization } : {};
  checkEvaluationMemory(saved.model.spec.sizes, saved.model.spec.precision, config.data, io.platform.memory);
  const dataset = loadDataset(config.data, seedStreams(config.seed).data, {
    cwd: io.cwd,
    task: saved.task,
    precision: saved.model.spec.precision,
    ...normalization,
  });

  const { spec, w } = saved.model;
  const [inputs, outputs] = [spec.sizes[0]!, spec.sizes[spec.sizes.length - 1]!];
  if (dataset.inputs !== inputs || dataset.outputs !== outputs) {
    throw new DataError(
      `${saved.file}: the model maps ${inputs} inputs to ${outputs} outputs, ` +
        `but ${dataset.name} has ${dataset.inputs} features and ` +
        `${dataset.outputs} ${dataset.task === "classification" ? "classes" : "targets"}`,
    );
  }
  const split = dataset[flags.split];
  if (split.n === 0) throw new DataError(`${dataset.name}: the ${flags.split} split is empty`);
  out.info(
    `evaluating ${saved.file} (${describeSpec(spec)}) on ${dataset.name}, ${flags.split} split, ${split.n} samples`,
  );

  // the chunk size of the evaluator `sgd train` builds, so the losses match to the bit
  const run = onTrainingEngine(spec, w, EVAL_CHUNK);
  const result = evaluateModel(new Evaluator(spec, EVAL_CHUNK, run.engine), run.w, split);
  const classNames = result.confusion
    ? (saved.classNames ?? dataset.classNames ?? result.confusion.map((_, c) => String(c)))
    : null;
  const lossName = spec.loss === "cross-entropy" ? "cross-entropy" : "mean squared error";
  out.result(
    {
      loss: result.loss,
      accuracy: result.accuracy,
      samples: result.samples,
      ...(result.confusion ? { confusion: result.confusion, classNames } : {}),
      dataset: dataset.name,
      split: flags.split,
      model: saved.file,
    },
    formatEvaluation(result, lossName, classNames),
  );
}
