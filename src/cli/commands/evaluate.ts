/**
 * `sgd evaluate --model RUN_DIR`: loss, accuracy and confusion matrix of a saved model. Wiring
 * only: flags → evaluateRun (src/run/evaluate-run.ts: the run's own split rebuilt exactly, or
 * other data from --set data.… with the model's own normalization) → text or JSON.
 * Its modules load when the command runs (program.ts: other commands never load them).
 */
import { Option, type Command } from "commander";
import path from "node:path";
import { type CommonFlags, withCommonOptions, withSetOption } from "../command-options.js";
import type { CliContext } from "../command-options.js";

interface EvaluateFlags extends CommonFlags {
  model: string;
  set: string[];
  split: "test" | "train" | "validation";
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
      new Option("--split <split>", "which split of the dataset to score")
        .choices(["test", "train", "validation"])
        .default("test"),
    )
    .addHelpText("after", HELP);
  withSetOption(withCommonOptions(cmd)).action(async (flags: EvaluateFlags) => {
    await evaluateCommand(flags, ctx);
    ctx.exitCode = 0;
  });
}

async function evaluateCommand(flags: EvaluateFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const [{ formatEvaluation }, { evaluateRun }, { createReporter }] = await Promise.all([
    import("../../report/evaluation-table.js"),
    import("../../run/evaluate-run.js"),
    import("../../report/reporter.js"),
  ]);
  const out = createReporter(io, flags);
  const outcome = evaluateRun(path.resolve(io.cwd, flags.model), {
    sets: flags.set,
    split: flags.split,
    cwd: io.cwd,
    memory: io.platform.memory,
    warn: (text) => out.warn(text),
  });
  const { report } = outcome;
  out.info(
    `evaluating ${report.model} (${outcome.network}) on ${report.dataset}, ${report.split} split, ` +
      `${report.samples} samples`,
  );
  out.result(report, formatEvaluation(outcome.result, outcome.lossName, report.classNames ?? null));
}
