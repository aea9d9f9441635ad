/**
 * createProgram(): a fresh commander program per call (so tests can build many), with every
 * working command registered. Commands are thin: parse flags, call a typed core function,
 * hand results to a reporter (src/cli/output.ts). Each command module exports
 * `register(program, ctx)` and takes shared flags and the CliContext type from ./command-options.js —
 * never from this file, which imports the commands (test/architecture.test.ts forbids the cycle).
 */
import { Command, Option } from "commander";
import type { CliContext } from "./command-options.js";
import { register as registerSchema } from "./commands/schema.js";
import { register as registerDescend } from "./commands/descend.js";
import { register as registerCompareGradients } from "./commands/compare-gradients.js";
import { register as registerTrain } from "./commands/train.js";
import { register as registerReport } from "./commands/report.js";
import { register as registerEvaluate } from "./commands/evaluate.js";
import { register as registerSweep } from "./commands/sweep.js";
import { register as registerExport } from "./commands/export.js";
import { register as registerPredict } from "./commands/predict.js";
import { register as registerLrFind } from "./commands/lr-find.js";
import { register as registerCheckGradients } from "./commands/check-gradients.js";
import { VERSION } from "./version.js";

export function createProgram(ctx: CliContext): Command {
  const program = new Command("sgd")
    .description("Train small MLPs with SGD from a config file; measure backprop against naive gradient methods.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      outputError: () => {
        /* errors are printed once, by main.ts */
      },
    });
  program.addOption(new Option("--verbose", "print stack traces of internal errors"));
  program.addHelpText("after", PROGRAM_EXAMPLES);
  registerTrain(program, ctx);
  registerSchema(program, ctx);
  registerDescend(program, ctx);
  registerCompareGradients(program, ctx);
  registerReport(program, ctx);
  registerEvaluate(program, ctx);
  registerSweep(program, ctx);
  registerExport(program, ctx);
  registerPredict(program, ctx);
  registerLrFind(program, ctx);
  registerCheckGradients(program, ctx);
  return program;
}

export { VERSION };

const PROGRAM_EXAMPLES = `
Exit codes: 0 ok · 1 internal error · 2 usage, config or data error · 3 diverged or
gradient check failed · 4 a --assert or --baseline check failed · 130 interrupted.
Run "sgd COMMAND --help" for a command's examples.

Example:
  sgd schema train > configs/schema.json
`;
