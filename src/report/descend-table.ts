/**
 * The text report of `sgd descend`: one table with a column group (x, f, ‖∇f‖) per run (learning
 * rate γ, and batch size B on mean-squares), rows = steps of a_{n+1} = a_n − γ∇f(a_n); then one
 * verdict line per run and, for f = a·Σx_i², the closed form x_{n+1} = (1 − 2aγ)·x_n with its
 * bound 0 < γ < 1/a (with momentum μ: the heavy-ball bound (1 + μ)/a and spectral radius).
 * Long runs show the first HEAD_ROWS and last TAIL_ROWS steps unless `all` is set.
 */
import type { DescendResult, DescendRun } from "../descend/descend.js";
import { formatNumber, formatVector } from "./number-format.js";

/** at most this many step rows without `all` */
export const MAX_ROWS = 30;
export const HEAD_ROWS = 20;
export const TAIL_ROWS = 9;

const GAP = "  ";
const SEPARATOR = " │ ";

export function descendHeading(result: DescendResult): string {
  const gradient =
    result.gradient === "exact"
      ? "exact gradient"
      : `central-difference gradient (ε = ${formatNumber(result.epsilon ?? NaN)})`;
  const momentum =
    result.momentum > 0 ? `, momentum μ = ${formatNumber(result.momentum)} (v ← μv + ∇f, x ← x − γv)` : "";
  const minimum =
    result.minimizer === undefined
      ? ""
      : `; minimum f* = ${formatNumber(result.minimum)} at x* = ${formatVector(result.minimizer)}`;
  return (
    `gradient descent a_{n+1} = a_n − γ∇f(a_n) on ${result.formula}, ` +
    `from x_0 = ${formatVector(result.start)}, ${result.steps} steps, ${gradient}${momentum}${minimum}\n`
  );
}

/** "γ = 0.1" or "γ = 0.1, B = 10" */
export function runLabel(run: DescendRun): string {
  return `γ = ${formatNumber(run.learningRate)}${run.batchSize === undefined ? "" : `, B = ${run.batchSize}`}`;
}

/** Which step numbers get a row; `null` marks the "⋮" row between head and tail. */
export function shownSteps(lastStep: number, all: boolean): (number | null)[] {
  const count = lastStep + 1;
  if (all || count <= MAX_ROWS) return Array.from({ length: count }, (_, i) => i);
  const head = Array.from({ length: HEAD_ROWS }, (_, i) => i);
  const tail = Array.from({ length: TAIL_ROWS }, (_, i) => lastStep - TAIL_ROWS + 1 + i);
  return [...head, null, ...tail];
}

export function descendTable(result: DescendResult, all: boolean): string {
  const lastStep = Math.max(...result.runs.map((r) => r.final.step));
  const steps = shownSteps(lastStep, all);
  const stepCells = ["step", ...steps.map((s) => (s === null ? "⋮" : String(s)))];
  const groups = result.runs.map((run) => columnGroup(run, steps));

  const stepWidth = Math.max(...stepCells.map((c) => c.length));
  const lines: string[] = [];
  const titles = groups.map((g) => pad(g.title, g.width));
  lines.push([" ".repeat(stepWidth), ...titles].join(SEPARATOR).trimEnd());
  for (let row = 0; row < stepCells.length; row++) {
    const cells = groups.map((g) => pad(g.rows[row] ?? "", g.width));
    lines.push([padStart(stepCells[row]!, stepWidth), ...cells].join(SEPARATOR).trimEnd());
  }
  return `${lines.join("\n")}\n`;
}

/** One line per γ: verdict, reason, where it ended; for a quadratic the closed form first. */
export function descendVerdicts(result: DescendResult): string {
  const lines: string[] = [];
  const bound = result.runs[0]?.bound;
  if (bound !== undefined) lines.push(closedForm(result, bound));
  for (const run of result.runs) {
    const gradNorm = formatNumber(run.final.gradNorm);
    const end = `f = ${formatNumber(run.final.f)}, ‖∇f‖ = ${gradNorm} at step ${run.final.step}`;
    const path =
      run.batchSize === undefined
        ? ""
        : `; path ${formatNumber(run.pathLength, 3)} for a distance of ${formatNumber(run.distance, 3)}`;
    const predicted =
      run.bound === undefined
        ? ""
        : run.bound.momentum === 0
          ? `; closed form: factor 1 − 2aγ = ${formatNumber(run.bound.factor)} → ${run.bound.predicted}`
          : `; closed form: spectral radius ${formatNumber(run.bound.spectralRadius, 4)} → ${run.bound.predicted}`;
    lines.push(`${runLabel(run)}: ${run.classification} (${run.reason}); ${end}${path}${predicted}`);
  }
  return `${lines.join("\n")}\n`;
}

function closedForm(result: DescendResult, bound: NonNullable<DescendRun["bound"]>): string {
  const a = formatNumber(result.scale ?? 1);
  if (bound.momentum > 0) {
    return (
      `closed form (a = ${a}, μ = ${formatNumber(bound.momentum)}): x_{n+1} = (1 + μ − 2aγ)·x_n − μ·x_{n−1}, so it ` +
      `converges iff 0 < γ < (1 + μ)/a = ${formatNumber(bound.maxStableLearningRate)} (the roots of ` +
      `z² − (1 + μ − 2aγ)z + μ inside the unit circle), cycles at the bound, diverges beyond`
    );
  }
  return (
    `closed form (a = ${a}): x_{n+1} = x_n − γ·2a·x_n = (1 − 2aγ)·x_n, so GD converges iff 0 < γ < 1/a = ` +
    `${formatNumber(bound.maxStableLearningRate)}, cycles forever at γ = 1/a, diverges beyond; ` +
    `γ = 1/(2a) = ${formatNumber(bound.oneStepLearningRate)} lands on 0 in one step`
  );
}

interface ColumnGroup {
  title: string;
  width: number;
  /** row 0 is the header (x f ‖∇f‖), then one per shown step */
  rows: string[];
}

function columnGroup(run: DescendRun, steps: readonly (number | null)[]): ColumnGroup {
  const header = ["x", "f", "‖∇f‖"];
  const cells = steps.map((s) => {
    if (s === null) return ["⋮", "⋮", "⋮"];
    const it = run.iterates[s];
    return it === undefined ? ["", "", ""] : [formatVector(it.x), formatNumber(it.f), formatNumber(it.gradNorm)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const join = (row: string[]): string => row.map((cell, c) => padStart(cell, widths[c]!)).join(GAP);
  const rows = [join(header), ...cells.map(join)];
  const title = `${runLabel(run)} (${run.classification})`;
  const width = Math.max(title.length, ...rows.map((r) => r.length));
  return { title, width, rows };
}

function pad(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - s.length));
}

function padStart(s: string, width: number): string {
  return " ".repeat(Math.max(0, width - s.length)) + s;
}
