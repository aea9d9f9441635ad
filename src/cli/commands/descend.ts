/**
 * `sgd descend`: gradient descent a_{n+1} = a_n − γ∇f(a_n) on an analytic function (with SGD's
 * momentum, and minibatches of mean-squares), one run per learning rate (and batch size), printed
 * as a side-by-side table, verdicts and a terminal plot (or one JSON document with --json); with
 * --out, descend.json and report.html. Wiring only: parse flags, call descend(), hand to the reporters.
 * The descent, its plot and its files load when the command runs (program.ts: other commands never load them).
 */
import path from "node:path";
import { Option, type Command } from "commander";
import type { CliContext } from "../command-options.js";
import { type CommonFlags, withCommonOptions } from "../command-options.js";
import { isInteractive } from "../../report/terminal.js";
import { UsageError } from "../../core/errors.js";
import type { DescendRequest, GradientSource } from "../../descend/descend.js";
import { OBJECTIVE_NAMES, type ObjectiveName } from "../../descend/objectives.js";
import {
  descendHeading,
  descendTable,
  descendVerdicts,
  MAX_ROWS,
  HEAD_ROWS,
  TAIL_ROWS,
} from "../../report/descend-table.js";
import type { PlotMetric } from "../../report/descend-plot.js";
import {
  DIVERGENCE_BOUND,
  DRIFT_TOLERANCE,
  GRADIENT_TOLERANCE,
  REACHED_FRACTION,
  TREND_WINDOW,
} from "../../descend/gradient-descent.js";

export const MAX_STEPS = 100_000;

const DEFAULT_START: Record<ObjectiveName, string> = {
  quadratic: "-3",
  rosenbrock: "-1.2,1",
  himmelblau: "0,0",
  beale: "1,1",
  "mean-squares": "-3,3",
};

interface DescendFlags extends CommonFlags {
  function: string;
  start?: string;
  lr: string;
  steps: string;
  scale?: string;
  gradient: GradientSource;
  epsilon: string;
  plot?: PlotMetric | "none";
  all?: boolean;
  momentum: string;
  batch?: string;
  samples: string;
  seed: string;
  out?: string;
  force?: boolean;
}

const HELP = `
Rules (first match wins, over the last W = min(${TREND_WINDOW}, N) steps; f* = min f; a change of f
smaller than ${DRIFT_TOLERANCE.toExponential(0)}·(f − f*) is floating-point drift and counts as none):
  diverging      an iterate is non-finite, or |x|∞ > ${DIVERGENCE_BOUND.toExponential(0)}, or f rose at each of the
                 last W steps and ends above f(x_0)
  converging     ‖∇f‖ ≤ ${GRADIENT_TOLERANCE.toExponential(0)} at the last step, or f fell at each of the last W steps
                 and f − f* is at most ${REACHED_FRACTION} × (f(x_0) − f*)
  not converged  f fell at each of the last W steps, but f − f* is still above that
  converging     (not monotone, e.g. with momentum) the peaks of f − f* over the last W steps are below
                 those of the W before and at most ${REACHED_FRACTION} × (f(x_0) − f*)
  oscillating    otherwise: bounded but not settling (x² with γ = 1 from -3: -3, 3, -3, 3, …)
With minibatches (mean-squares, B < N) "fell" compares f(x_0) with the mean f of the last W steps.
For quadratic (f = a·Σx_i², x_{n+1} = (1 − 2aγ)·x_n) the closed form is printed too:
converges iff 0 < γ < 1/a, cycles forever at γ = 1/a, diverges beyond; with --momentum μ
(x_{n+1} = (1 + μ − 2aγ)·x_n − μ·x_{n−1}) the bound is (1 + μ)/a.

mean-squares is f = mean_i ‖x − s_i‖² over --samples N seeded samples s_i ~ N(0, I) (--seed), in
as many dimensions as --start has; --batch 1,10,full runs SGD on B samples per step (a seeded
shuffle each epoch), one run per γ and B: one sample per step wanders, the full batch goes straight.
--out DIR writes descend.json and report.html (for 2-D functions a contour plot with one
trajectory per run).

Output: a table with one column group (x, f, ‖∇f‖) per γ — all steps when there are at most
${MAX_ROWS}, otherwise steps 0–${HEAD_ROWS - 1}, "⋮" and the last ${TAIL_ROWS} (--all prints every step) — then one
verdict line per γ and a plot of x_1 (1-D) or log10 f (2-D) against step; diverging series are
clamped so the others stay readable. A run stops early at its first non-finite iterate.
A diverging run is a result, not an error: the exit code is 0.
With --json, stdout carries one document {function, start, steps, runs: [{learningRate,
classification, reason, iterates: [{step, x, f, gradNorm}], final, bound?}]} (non-finite → null)
and the human report goes to stderr.

Examples:
  sgd descend --function quadratic --start -3 --lr 0.1,0.5,1,1.1 --steps 10
  sgd descend --function rosenbrock --start -1.2,1 --lr 0.001,0.0015 --steps 2000
  sgd descend --function quadratic --start 4 --lr 0.1 --steps 5 --gradient finite-difference --json
  sgd descend --function quadratic --start -3 --lr 0.1 --momentum 0.9 --steps 50
  sgd descend --function mean-squares --lr 0.05 --batch 1,10,full --steps 100 --out runs/sgd-2d
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("descend")
    .description("plain gradient descent on an analytic function, one run per learning rate")
    .requiredOption("--function <name>", `objective: ${OBJECTIVE_NAMES.join(" | ")}`)
    .option(
      "--start <x,y,…>",
      "start point, comma-separated (default: quadratic -3, rosenbrock -1.2,1, himmelblau 0,0, beale 1,1)",
    )
    .requiredOption("--lr <γ,γ,…>", "learning rates, comma-separated; one run each")
    .option("--steps <n>", `number of updates (1…${MAX_STEPS})`, "20")
    .option("--scale <a>", "quadratic only: f = a·Σx_i², a > 0 (default 1)")
    .addOption(
      new Option("--gradient <source>", "how ∇f is computed").choices(["exact", "finite-difference"]).default("exact"),
    )
    .option("--epsilon <ε>", "step of the central differences", "1e-6")
    .addOption(
      new Option(
        "--plot <what>",
        "plot x_1 or log10 f against step, or nothing (default: x1 for 1-D, f otherwise)",
      ).choices(["x1", "f", "none"]),
    )
    .option("--all", "print every step instead of the first and last ones")
    .option("--momentum <μ>", "SGD's momentum μ in [0, 1): v ← μv + ∇f, x ← x − γv", "0")
    .option("--batch <B,B,…>", "mean-squares only: samples per step, 1 … N or full; one run each per γ")
    .option("--samples <n>", "mean-squares only: how many seeded samples s_i", "100")
    .option("--seed <n>", "mean-squares only: seed of the samples and the minibatch draws", "1")
    .option("--out <dir>", "also write descend.json and report.html (a contour plot for 2-D functions) here")
    .option("--force", "allow writing into a non-empty --out")
    .addHelpText("after", HELP);
  withCommonOptions(cmd).action(async (flags: DescendFlags) => {
    const request = parseRequest(flags);
    const [{ descend }, { descendPlot }, { writeDescendFiles }] = await Promise.all([
      import("../../descend/descend.js"),
      import("../../report/descend-plot.js"),
      import("../../report/descend-files.js"),
    ]);
    const result = descend(request);
    const human = (text: string): void => (flags.json ? ctx.io.stderr(text) : ctx.io.stdout(text));
    if (flags.json) ctx.io.stdout(`${JSON.stringify(result)}\n`);
    if (!flags.quiet) {
      human(`${descendHeading(result)}\n${descendTable(result, flags.all === true)}\n${descendVerdicts(result)}`);
      const metric = flags.plot ?? (request.start.length === 1 ? "x1" : "f");
      if (metric !== "none") {
        human(`\n${descendPlot(result, { metric, colour: isInteractive(ctx.io), columns: ctx.io.columns ?? 80 })}`);
      }
    }
    if (flags.out !== undefined) {
      const files = writeDescendFiles(path.resolve(ctx.io.cwd, flags.out), result, Boolean(flags.force));
      if (!flags.quiet) human(`wrote ${files.join(", ")}\n`);
    }
    ctx.exitCode = 0;
  });
}

/** Flags → a validated DescendRequest; every problem is a one-line UsageError (exit 2). */
export function parseRequest(flags: DescendFlags): DescendRequest {
  if (!(OBJECTIVE_NAMES as readonly string[]).includes(flags.function)) {
    throw new UsageError(
      `--function: unknown function "${flags.function}"; expected one of ${OBJECTIVE_NAMES.join(", ")}`,
    );
  }
  const name = flags.function as ObjectiveName;
  const start = parseList("--start", flags.start ?? DEFAULT_START[name]);
  const learningRates = parseList("--lr", flags.lr);
  for (const lr of learningRates) {
    if (!(lr > 0)) throw new UsageError(`--lr: learning rate ${lr} must be > 0`);
  }
  const steps = Number(flags.steps);
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) {
    throw new UsageError(`--steps: "${flags.steps}" must be a whole number from 1 to ${MAX_STEPS}`);
  }
  if (flags.scale !== undefined && name !== "quadratic") {
    throw new UsageError(`--scale applies to quadratic only, not ${name}`);
  }
  const scale = flags.scale === undefined ? 1 : parseNumber("--scale", flags.scale);
  if (!(scale > 0)) throw new UsageError(`--scale: a = ${scale} must be > 0 (f = a·Σx_i² has no minimum otherwise)`);
  const epsilon = parseNumber("--epsilon", flags.epsilon);
  if (!(epsilon > 0)) throw new UsageError(`--epsilon: ${epsilon} must be > 0`);
  const momentum = parseNumber("--momentum", flags.momentum);
  if (!(momentum >= 0 && momentum < 1)) throw new UsageError(`--momentum: μ = ${momentum} must be in [0, 1)`);
  const stochastic = sampleFlags(flags, name);
  return {
    function: name,
    start,
    learningRates,
    steps,
    scale,
    gradient: flags.gradient,
    epsilon,
    momentum,
    ...stochastic,
  };
}

/** --batch, --samples, --seed: mean-squares only (--batch elsewhere is an error; the defaults are harmless). */
function sampleFlags(
  flags: DescendFlags,
  name: ObjectiveName,
): Pick<DescendRequest, "batchSizes" | "samples" | "seed"> {
  if (flags.batch !== undefined && name !== "mean-squares") {
    throw new UsageError(`--batch applies to mean-squares only (a sum over samples), not ${name}`);
  }
  const samples = Number(flags.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 100_000) {
    throw new UsageError(`--samples: "${flags.samples}" must be a whole number from 1 to 100000`);
  }
  const seed = Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError(`--seed: "${flags.seed}" must be a whole number ≥ 0`);
  const batchSizes = (flags.batch ?? "full").split(",").map((part): number | "full" => {
    const text = part.trim();
    if (text === "full") return "full";
    const b = Number(text);
    if (!Number.isInteger(b) || b < 1 || b > samples) {
      throw new UsageError(`--batch: "${text}" must be full or a whole number from 1 to --samples (${samples})`);
    }
    return b;
  });
  return { batchSizes, samples, seed };
}

function parseList(flag: string, text: string): number[] {
  return text.split(",").map((part) => parseNumber(flag, part));
}

function parseNumber(flag: string, text: string): number {
  const v = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: "${text}" is not a finite number`);
  return v;
}
