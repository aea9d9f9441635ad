/**
 * `sgd predict --model RUN_DIR --input FILE [--out FILE] [--force] [--json]`: a saved model on
 * new rows. Wiring only: predictRun (src/run/predict-run.ts) → the predictions CSV
 * (src/report/predictions-file.ts) on stdout or into --out (temp file + rename), or with --json
 * one document; the score, when the rows carry the target, on stderr.
 * Its modules load when the command runs (program.ts: other commands never load them).
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { type CliContext, type CommonFlags, withCommonOptions } from "../command-options.js";

interface PredictFlags extends CommonFlags {
  model: string;
  input: string;
  out?: string;
  force?: boolean;
}

const HELP = `
Input, by file name: FILE.csv with a header naming the model's feature columns (any order; the
target column is optional and then also scored), FILE.json with an array of rows (arrays of
numbers, or objects keyed by feature name), or IDX images (raw or .gz, e.g. t10k-images-idx3-ubyte).
Rows are scaled with the normalization stored in model.json, as in training.

Output: a CSV, one line per row: row, [the true target,] predicted (the class, or the value),
and a classifier's probability per class (p_<class>). On stdout, or into --out (an existing file
needs --force). --json prints one document with the same rows and, when scored, the loss,
accuracy and confusion matrix. A bad cell is refused (exit 2) naming the file, row and column.

Examples:
  sgd predict --model runs/moons --input new-points.csv
  sgd predict --model runs/plants --input data/plants.csv --out predictions.csv
  sgd predict --model runs/mnist --input data/mnist/t10k-images-idx3-ubyte.gz --json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("predict")
    .description("run a saved model on new rows (CSV, JSON or IDX images): predicted classes and probabilities")
    .requiredOption("--model <runDir>", "run directory of sgd train (holds model.json)")
    .requiredOption("--input <file>", "rows to predict: .csv, .json or IDX images")
    .option("--out <file>", "write the predictions CSV here instead of stdout")
    .option("--force", "overwrite an existing --out")
    .addHelpText("after", HELP);
  withCommonOptions(cmd).action(async (flags: PredictFlags) => {
    const { io } = ctx;
    const [{ predictionsCsv, predictionsDocument }, { createReporter }, { writeFileAtomic }, { predictRun }] =
      await Promise.all([
        import("../../report/predictions-file.js"),
        import("../../report/reporter.js"),
        import("../../report/run-directory.js"),
        import("../../run/predict-run.js"),
      ]);
    const out = createReporter(io, flags);
    const file = flags.out === undefined ? null : path.resolve(io.cwd, flags.out);
    if (file !== null && fs.existsSync(file) && !flags.force)
      throw new UsageError(`--out ${file}: already exists (use --force to overwrite it)`);
    const p = predictRun(path.resolve(io.cwd, flags.model), path.resolve(io.cwd, flags.input));
    out.info(`${p.samples} rows of ${p.input} (${p.format}) through ${p.model} (${p.network})`);
    if (p.score !== null) {
      const accuracy = p.score.accuracy === null ? "" : `, accuracy ${(p.score.accuracy * 100).toFixed(2)}%`;
      out.info(`scored on its "${p.target}" column: loss ${p.score.loss.toPrecision(6)}${accuracy}`);
    }
    const csv = predictionsCsv(p);
    if (file !== null) {
      writeFileAtomic(file, csv);
      out.info(`wrote ${file}`);
    }
    out.result(predictionsDocument(p, file), file === null ? csv : undefined);
    ctx.exitCode = 0;
  });
}
