/**
 * `sgd descend`: plain gradient descent a_{n+1} = a_n − γ∇f(a_n) on an analytic function, one
 * run per learning rate, printed as a side-by-side table, verdicts and a terminal plot (or one
 * JSON document with --json). Wiring only: parse flags, call descend(), hand to the reporters.
 */
import { Option, type Command } from "commander";
import type { CliContext } from "../command-options.js";
import { type CommonFlags, withCommonOptions } from "../command-options.js";
import { isInteractive } from "../../report/terminal.js";
import { UsageError } from "../../core/errors.js";
import { descend, type DescendRequest, type GradientSource } from "../../descend/descend.js";
import { OBJECTIVE_NAMES, type ObjectiveName } from "../../descend/objectives.js";
import {
  descendHeading,
  descendTable,
  descendVerdicts,
  MAX_ROWS,
  HEAD_ROWS,
  TAIL_ROWS,
} from "../../report/descend-table.js";
import { descendPlot, type PlotMetric } from "../../report/descend-plot.js";
import { DIVERGENCE_BOUND, GRADIENT_TOLERANCE, TREND_WINDOW } from "../../descend/gradient-descent.js";

export const MAX_STEPS = 100_000;

const DEFAULT_START: Record<ObjectiveName, string> = {
  quadratic: "-3",
  rosenbrock: "-1.2,1",
  himmelblau: "0,0",
  beale: "1,1",
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
}

const HELP = `
Rules (first match wins, over the last W = min(${TREND_WINDOW}, N) steps):
  diverging    an iterate is non-finite, or |x|∞ > ${DIVERGENCE_BOUND.toExponential(0)}, or f rose at each of the
               last W steps and ends above f(x_0)
  converging   ‖∇f‖ ≤ ${GRADIENT_TOLERANCE.toExponential(0)} at the last step, or f fell at each of the last W steps
  oscillating  otherwise: bounded but not settling (x² with γ = 1 from -3: -3, 3, -3, 3, …)
For quadratic (f = a·Σx_i², x_{n+1} = (1 − 2aγ)·x_n) the closed form is printed too:
converges iff 0 < γ < 1/a, cycles forever at γ = 1/a, diverges beyond.

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
    .addHelpText("after", HELP);
  withCommonOptions(cmd).action((flags: DescendFlags) => {
    const request = parseRequest(flags);
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
  return { function: name, start, learningRates, steps, scale, gradient: flags.gradient, epsilon };
}

function parseList(flag: string, text: string): number[] {
  return text.split(",").map((part) => parseNumber(flag, part));
}

function parseNumber(flag: string, text: string): number {
  const v = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: "${text}" is not a finite number`);
  return v;
}
