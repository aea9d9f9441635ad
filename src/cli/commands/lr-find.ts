/**
 * `sgd lr-find --config FILE`: wiring only. flags → runLrFind (src/run/lr-find-run.ts: Smith's
 * range test on the config's network, optimizer and data) → lr-find.json, lr-find.csv and
 * report.html in --out; the suggested γ on stdout (or the document with --json).
 * Its modules load when the command runs (program.ts: other commands never load them).
 */
import path from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { LR_FIND_DEFAULTS } from "../../run/run-limits.js";
import type { CliContext } from "../command-options.js";
import { parseThreads, THREADS_HELP, withCommonOptions, withSetOption, type RunFlags } from "../command-options.js";

interface LrFindFlags extends RunFlags {
  config?: string;
  steps: string;
  minLr: string;
  maxLr: string;
}

const HELP = `
Trains from the config's initial weights for --steps minibatches while the learning rate grows
exponentially from --min-lr to --max-lr (stopping when the smoothed loss passes 4 × its minimum),
and suggests γ = (the γ of the lowest smoothed loss) / 10. Writes lr-find.json, lr-find.csv and
report.html (loss against γ) to --out (default runs/<name>-lr-find-<YYYYMMDD-HHMMSS>).
The caveats are in docs/lr-find.md.

Examples:
  sgd lr-find --config configs/moons-backprop.yaml
  sgd lr-find --config configs/mnist-minibatch.yaml --set optimizer.type=adam --set optimizer.momentum=0
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("lr-find")
    .description("learning-rate range test: loss against an exponentially growing γ, and a suggested γ")
    .option("--config <file>", "experiment config (.json, .yaml, .yml)")
    .option("--steps <n>", "minibatches in the sweep", String(LR_FIND_DEFAULTS.steps))
    .option("--min-lr <γ>", "the first learning rate", String(LR_FIND_DEFAULTS.minLearningRate))
    .option("--max-lr <γ>", "the last learning rate", String(LR_FIND_DEFAULTS.maxLearningRate))
    .option("--out <dir>", "output directory (default runs/<name>-lr-find-<timestamp>)")
    .option("--force", "allow writing into a non-empty --out")
    .option("--seed <n>", "override the config's seed")
    .option("--threads <n>", THREADS_HELP)
    .addHelpText("after", HELP);
  withSetOption(withCommonOptions(cmd)).action(async (flags: LrFindFlags) => {
    ctx.exitCode = await lrFindCommand(flags, ctx);
  });
}

async function lrFindCommand(flags: LrFindFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const [{ formatLrFind }, { defaultRunDir }, { createReporter }, { runLrFind }, { loadRunConfig }] = await Promise.all(
    [
      import("../../report/lr-find-files.js"),
      import("../../report/run-directory.js"),
      import("../../report/reporter.js"),
      import("../../run/lr-find-run.js"),
      import("../../run/run-config.js"),
    ],
  );
  const out = createReporter(io, flags);
  if (flags.config === undefined) throw new UsageError("lr-find needs --config FILE");
  const number = (text: string, flag: string): number => {
    const v = Number(text);
    if (text.trim() === "" || !Number.isFinite(v)) throw new UsageError(`${flag}: expected a number, found "${text}"`);
    return v;
  };
  const sets = flags.seed === undefined ? flags.set : [...flags.set, `seed=${flags.seed}`];
  const config = loadRunConfig(flags.config, sets, io.cwd);
  const dir =
    flags.out !== undefined
      ? path.resolve(io.cwd, flags.out)
      : defaultRunDir(io.cwd, `${config.name}-lr-find`, new Date());
  const doc = await runLrFind(config, dir, {
    io,
    out,
    threads: parseThreads(flags.threads, io.platform.cores),
    configFile: path.resolve(io.cwd, flags.config),
    steps: number(flags.steps, "--steps"),
    minLearningRate: number(flags.minLr, "--min-lr"),
    maxLearningRate: number(flags.maxLr, "--max-lr"),
    force: flags.force === true,
  });
  out.result(doc, formatLrFind(doc, dir));
  return 0;
}
