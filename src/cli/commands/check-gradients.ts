/**
 * `sgd check-gradients --config TRAIN.yaml [--samples N] [--methods …]`: wiring only.
 *   config → runGradientCheck (float64, seeded samples, per tensor) → table, JSON, CI reports.
 * Exit 3 (GradientCheckError) when a tensor has a parameter outside atol + rtol·|g|.
 * The run and report modules load when the command runs (program.ts: other commands never load them).
 */
import { performance } from "node:perf_hooks";
import type { Command } from "commander";
import { GradientCheckError, UsageError } from "../../core/errors.js";
import { CHECK_METHODS, type CheckMethod } from "../../grad/check-methods.js";
import type { CiFlags, CliContext, CommonFlags } from "../command-options.js";
import { githubFor, withCiOptions, withCommonOptions, withSetOption, writeJUnitFor } from "../command-options.js";

interface CheckFlags extends CommonFlags, CiFlags {
  config?: string;
  set: string[];
  seed?: string;
  samples?: string;
  methods?: string;
}

const HELP = `
The network of the training config, in float64 with its seeded initial weights, on N seeded samples
of its training data: backprop against central differences (check.parameters per tensor) and path
enumeration (every parameter, when its predicted multiply-adds fit check.pathBudget). A parameter
passes when |g_bp − g| ≤ check.atol + check.rtol·|g| (PyTorch gradcheck's rule). Exit 3 on a failure.

Examples:
  sgd check-gradients --config configs/moons-backprop.yaml
  sgd check-gradients --config configs/mnist-minibatch.yaml --samples 4 --methods finite-difference
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("check-gradients")
    .description("check backprop on a training config's own network against finite differences")
    .option("--config <file>", "training config (.json, .yaml, .yml)")
    .option("--samples <n>", "training samples the gradient is taken on (default: check.samples)")
    .option("--methods <list>", `compared with backprop, comma-separated: ${CHECK_METHODS.join(",")} (default: both)`)
    .option("--seed <n>", "override the config's seed")
    .addHelpText("after", HELP);
  withCiOptions(withSetOption(withCommonOptions(cmd))).action(async (flags: CheckFlags) => {
    ctx.exitCode = await checkGradientsCommand(flags, ctx);
  });
}

async function checkGradientsCommand(flags: CheckFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const [{ seedSet }, report, { createReporter }, { runGradientCheck }, { loadRunConfig }] = await Promise.all([
    import("../../config/config-sets.js"),
    import("../../report/check-gradients-report.js"),
    import("../../report/reporter.js"),
    import("../../run/check-gradients-run.js"),
    import("../../run/run-config.js"),
  ]);
  const out = createReporter(io, flags);
  if (flags.config === undefined) throw new UsageError("check-gradients needs --config FILE (a training config)");
  const samples = flags.samples === undefined ? undefined : parseSamples(flags.samples);
  const methods = parseMethods(flags.methods);
  const github = githubFor(io, flags);
  const sets = flags.seed === undefined ? flags.set : [...flags.set, seedSet(flags.seed)];
  const config = loadRunConfig(flags.config, sets, io.cwd);
  const doc = runGradientCheck(
    config,
    { io, methods, ...(samples ? { samples } : {}) },
    () => performance.now() / 1000,
  );
  out.result(doc, report.checkGradientsTable(doc));
  github.summary(report.checkGradientsMarkdown(doc));
  github.outputs(report.checkGradientsOutputs(doc));
  writeJUnitFor(io, flags, "sgd check-gradients", [report.checkGradientsJUnit(doc)]);
  if (!doc.passed) {
    const failed = doc.tensors.filter((t) => !t.passed);
    throw new GradientCheckError(
      failed
        .map(
          (t) =>
            `gradient check failed: ${t.tensor} by ${t.method}: worst [${t.worst.position.join(", ")}] ` +
            `backprop ${t.worst.backprop} vs ${t.worst.other} (|Δ| ${t.worst.absError.toExponential(2)} > ` +
            `${t.worst.allowed.toExponential(2)})`,
        )
        .join("\n"),
    );
  }
  return 0;
}

function parseSamples(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--samples: expected a positive integer, found "${text}"`);
  return n;
}

function parseMethods(text: string | undefined): CheckMethod[] {
  if (text === undefined) return [...CHECK_METHODS];
  const names = text.split(",").map((s) => s.trim());
  for (const name of names) {
    if (!(CHECK_METHODS as readonly string[]).includes(name)) {
      throw new UsageError(`--methods: unknown method "${name}" (choose from ${CHECK_METHODS.join(", ")})`);
    }
  }
  return [...new Set(names)] as CheckMethod[];
}
