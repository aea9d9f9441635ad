/**
 * `sgd train --config FILE` / `sgd train --resume RUN_DIR`: wiring only.
 *   config → dataset → experiment → (estimate, for finite differences) → train() → run directory.
 * Signals set a flag the loop reads after each step; the checkpoint, metrics and summary are
 * written before exit 130. Diverged runs keep their logs and exit 3; a failed --assert or --baseline check exits 4.
 * The run and report modules load when the command runs (program.ts: other commands never load them).
 */
import path from "node:path";
import type { Command } from "commander";
import type { TrainConfig } from "../../config/train-schema.js";
import { AssertionFailedError, DivergedError, InterruptedError, UsageError } from "../../core/errors.js";
import type { CliContext } from "../command-options.js";
import {
  collect,
  githubFor,
  parseThreads,
  THREADS_HELP,
  withCiOptions,
  withCommonOptions,
  withSetOption,
  writeJUnitFor,
  type CiFlags,
  type RunFlags,
} from "../command-options.js";
import { SLOW_RUN_SECONDS } from "../../run/run-limits.js";

interface TrainFlags extends RunFlags, CiFlags {
  config?: string;
  resume?: string;
  assert: string[];
  baseline?: string;
  tolerance?: string;
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
  sgd train --config configs/moons-backprop.yaml --assert 'test_accuracy>=0.9' --junit junit.xml

--assert 'PATH OP NUMBER' checks a numeric field of summary.json after the run (OP: >= <= > < ==;
a name not at the top level is looked up under final); --baseline OTHER/summary.json fails a final
loss or accuracy worse than the baseline's by more than --tolerance. A failed check exits 4.
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
    .option("--assert <expr>", "after the run, check PATH OP NUMBER on summary.json (repeatable; exit 4)", collect, [])
    .option("--baseline <summary>", "fail (exit 4) when a final metric is worse than this run's by > --tolerance")
    .option("--tolerance <x>", "how much worse than --baseline a metric may be (default 0)")
    .addHelpText("after", HELP);
  withCiOptions(withSetOption(withCommonOptions(cmd))).action(async (flags: TrainFlags) => {
    ctx.exitCode = await trainCommand(flags, ctx);
  });
}

async function trainCommand(flags: TrainFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const [{ createReporter }, { prepareChecks }, { runTrainingToDir }, ci] = await Promise.all([
    import("../../report/reporter.js"),
    import("../../run/summary-assertions.js"),
    import("../../run/train-run.js"),
    import("../../report/ci-reports.js"),
  ]);
  const out = createReporter(io, flags);
  if ((flags.config === undefined) === (flags.resume === undefined)) {
    throw new UsageError("give exactly one of --config FILE or --resume RUN_DIR");
  }
  const threads = parseThreads(flags.threads, io.platform.cores);
  const checks = prepareChecks(flags, io.cwd);
  const github = githubFor(io, flags);
  const resuming = flags.resume !== undefined;
  const { config, dir: requested } = await runToTrain(flags, io.cwd);

  const outcome = await runTrainingToDir(config, requested, {
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
  const dir = outcome.dir;
  const results = result.status === "diverged" || result.status === "interrupted" ? [] : checks(summary);
  out.result(results.length > 0 ? { ...summary, assertions: results } : summary);
  for (const r of results) out.info(`${r.passed ? "pass" : "FAIL"}  assert ${r.message}`);
  github.summary(ci.trainMarkdown(dir, summary, results));
  github.outputs(ci.trainOutputs(dir, summary, results));
  writeJUnitFor(io, flags, "sgd train", [ci.trainJUnit(summary, results)]);

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
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) {
    throw new AssertionFailedError(failed.map((r) => `assertion failed: ${r.message} (run kept in ${dir})`).join("\n"));
  }
  return 0;
}

/** The config and run directory of --resume RUN_DIR (its config.json), or of --config FILE with --set and --seed. */
async function runToTrain(flags: TrainFlags, cwd: string): Promise<{ config: TrainConfig; dir: string }> {
  if (flags.resume !== undefined) {
    if (flags.set.length > 0 || flags.seed !== undefined || flags.out !== undefined) {
      throw new UsageError(
        "--resume continues a run exactly as configured: --set, --seed and --out are not allowed with it",
      );
    }
    const dir = path.resolve(cwd, flags.resume);
    const { readRunConfig } = await import("../../report/run-reader.js");
    return { config: readRunConfig(dir), dir };
  }
  const [{ seedSet }, { loadRunConfig }, { defaultRunDir }] = await Promise.all([
    import("../../config/config-sets.js"),
    import("../../run/run-config.js"),
    import("../../report/run-directory.js"),
  ]);
  const sets = flags.seed === undefined ? flags.set : [...flags.set, seedSet(flags.seed)];
  const config = loadRunConfig(flags.config!, sets, cwd);
  const dir = flags.out !== undefined ? path.resolve(cwd, flags.out) : defaultRunDir(cwd, config.name, new Date());
  return { config, dir };
}
