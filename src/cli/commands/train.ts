/**
 * `sgd train --config FILE` / `sgd train --resume RUN_DIR`: wiring only.
 *   config → dataset → experiment → (estimate, for finite differences) → train() → run directory.
 * Signals set a flag the loop reads after each step; the checkpoint, metrics and summary are
 * written before exit 130. Diverged runs keep their logs and exit 3.
 */
import path from "node:path";
import type { Command } from "commander";
import { seedSet } from "../../config/config-sets.js";
import type { TrainConfig } from "../../config/train-schema.js";
import { DivergedError, InterruptedError, UsageError } from "../../core/errors.js";
import { defaultRunDir } from "../../report/run-directory.js";
import { readRunConfig } from "../../report/run-reader.js";
import { createReporter } from "../../report/reporter.js";
import type { CliContext } from "../command-options.js";
import { parseThreads, THREADS_HELP, withCommonOptions, withSetOption, type RunFlags } from "../command-options.js";
import { SLOW_RUN_SECONDS } from "../../run/prepare-run.js";
import { loadRunConfig } from "../../run/run-config.js";
import { runTrainingToDir } from "../../run/train-run.js";

interface TrainFlags extends RunFlags {
  config?: string;
  resume?: string;
}

const HELP = `
Writes a run directory (default runs/<name>-<YYYYMMDD-HHMMSS>): config.json, metrics.csv,
metrics.jsonl, tensorboard/ (TensorBoard scalars), summary.json, model.json, checkpoint.json,
report.html.

Examples:
  sgd train --config configs/mnist-minibatch.yaml
  sgd train --config configs/mnist-sgd.yaml --set optimizer.learningRate=0.02 --out runs/sgd-lr
  sgd train --resume runs/sgd-lr
  sgd train --config configs/moons-backprop.yaml --json --quiet > summary.json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("train")
    .description("train an MLP from a JSON or YAML experiment config")
    .option("--config <file>", "experiment config (.json, .yaml, .yml)")
    .option("--resume <runDir>", "continue an interrupted run from its checkpoint")
    .option("--out <dir>", "run directory (default runs/<name>-<timestamp>)")
    .option("--force", "allow writing into a non-empty --out")
    .option("--seed <n>", "override the config's seed")
    .option("--threads <n>", THREADS_HELP)
    .option("--allow-slow", `start a run estimated to take over ${SLOW_RUN_SECONDS / 3600} h`)
    .addHelpText("after", HELP);
  withSetOption(withCommonOptions(cmd)).action(async (flags: TrainFlags) => {
    ctx.exitCode = await trainCommand(flags, ctx);
  });
}

async function trainCommand(flags: TrainFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const out = createReporter(io, flags);
  if ((flags.config === undefined) === (flags.resume === undefined)) {
    throw new UsageError("give exactly one of --config FILE or --resume RUN_DIR");
  }
  const threads = parseThreads(flags.threads, io.platform.cores);
  const resuming = flags.resume !== undefined;
  let config: TrainConfig;
  let dir: string;
  if (flags.resume !== undefined) {
    if (flags.set.length > 0 || flags.seed !== undefined || flags.out !== undefined) {
      throw new UsageError(
        "--resume continues a run exactly as configured: --set, --seed and --out are not allowed with it",
      );
    }
    dir = path.resolve(io.cwd, flags.resume);
    config = readRunConfig(dir);
  } else {
    const sets = flags.seed === undefined ? flags.set : [...flags.set, seedSet(flags.seed)];
    config = loadRunConfig(flags.config!, sets, io.cwd);
    dir = flags.out !== undefined ? path.resolve(io.cwd, flags.out) : defaultRunDir(io.cwd, config.name, new Date());
  }

  const outcome = await runTrainingToDir(config, dir, {
    io,
    out,
    threads,
    allowSlow: flags.allowSlow === true,
    resume: resuming,
    force: flags.force === true,
    claimDir: !resuming && flags.out === undefined,
    command: "sgd train",
    chart: true,
  });
  const { result, summary } = outcome;
  dir = outcome.dir;
  out.result(summary);

  if (result.status === "diverged") {
    const d = result.divergence!;
    throw new DivergedError(
      `training diverged at step ${d.step} (${d.reason}; learning rate ${d.learningRate}): ` +
        `lower optimizer.learningRate or normalize the inputs (data.normalize); logs kept in ${dir}`,
    );
  }
  if (result.status === "interrupted") {
    throw new InterruptedError(
      `interrupted at step ${result.steps}; checkpoint saved. Continue with: sgd train --resume ${dir}`,
    );
  }
  return 0;
}
