/**
 * `sgd compare-gradients`: time backprop, finite differences (central, forward) and path
 * enumeration across a grid of MLPs, check they agree, fit how each grows with depth, and write
 * results.json / results.csv / report.html. Wiring only: the flags here, the body in
 * compare-gradients-action.ts, loaded when the command runs (config → runComparison → writers).
 * Exit 3 (GradientCheckError) when a method disagrees with backprop beyond `tolerance`, after
 * the files are written.
 */
import type { Command } from "commander";
import type { CliContext } from "../command-options.js";
import { withCiOptions, withCommonOptions, withSetOption } from "../command-options.js";
import type { CompareFlags } from "./compare-gradients-action.js";

const HELP = `
Each network is I → H × L → O (L hidden layers of width H): a depth sweep at fixed widths and a
width sweep at fixed depth. Per network and method: median/min/max seconds per gradient, exact
multiply-adds, forward-pass equivalents, and max |Δ| / max relative Δ from backprop. A method
whose predicted time (exact multiply-adds ÷ measured rate) exceeds budgetSeconds is skipped and
its prediction recorded. Exit 3 if any method disagrees with backprop beyond tolerance
(max |g − g_bp| / max(1, |g_bp|)); the files are written first.

--article measures the tutorial's 20-layer claim on one network: 20 hidden layers of widths
3,3,3,2 repeated, 1 input, 3 outputs, batch 1 — 4.59e8 ≈ e^20 paths per first-layer weight —
with backprop, both finite differences and path enumeration all run (about 1–4 minutes on 2
cores; the estimate is printed first). The summary ends with the verdict in words.

Files in --out (default runs/compare-gradients-<YYYYMMDD-HHMMSS>): results.json, results.csv,
report.html; with --save-gradients also cases/<case>/{model,inputs,targets,gradients}.json.

Examples:
  sgd compare-gradients --quick
  sgd compare-gradients --article --out runs/article
  sgd compare-gradients --config configs/compare-default.yaml --out runs/cmp
  sgd compare-gradients --set 'depthSweep.widths=[2,3]' --set budgetSeconds=10 --json > results.json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("compare-gradients")
    .description("benchmark and cross-check backprop, finite differences and path enumeration across network sizes")
    .option("--config <file>", "benchmark config, JSON or YAML (default: the built-in grid)")
    .option("--quick", "a reduced grid that finishes in seconds (for CI); --set still applies on top")
    .option(
      "--article",
      "the tutorial's claim: path enumeration measured on a 20-hidden-layer network with ≈ e^20 paths",
    )
    .option("--out <dir>", "output directory (default runs/compare-gradients-<YYYYMMDD-HHMMSS>)")
    .option("--save-gradients", "also write each case's model.json, inputs, targets and gradient vectors")
    .option("--force", "allow writing into a non-empty --out")
    .option("--seed <n>", "seed of every case's weights and data (overrides the config)")
    .addHelpText("after", HELP);
  withCiOptions(withSetOption(withCommonOptions(cmd))).action(async (flags: CompareFlags) => {
    const { compareGradientsCommand, defaultCompareDeps } = await import("./compare-gradients-action.js");
    compareGradientsCommand(flags, ctx.io, defaultCompareDeps);
    ctx.exitCode = 0;
  });
}
