/**
 * `sgd train --assert 'PATH OP NUMBER'` and `--baseline FILE --tolerance X`: checks on a finished
 * run's summary.json.
 *   PATH   a dotted path to a numeric field (final.test_loss, timing.total_s, steps); a name that is
 *          not a top-level field is looked up under `final` (test_accuracy = final.test_accuracy)
 *   OP     >= <= > < ==
 *   baseline: each metric of `final` in both summaries passes when it is no worse than the baseline's
 *          by more than X (lower is better for *_loss, higher for *_accuracy).
 */
import fs from "node:fs";
import nodePath from "node:path";
import { UsageError } from "../core/errors.js";

export const ASSERT_OPERATORS = [">=", "<=", "==", ">", "<"] as const;
export type AssertOperator = (typeof ASSERT_OPERATORS)[number];

export interface Assertion {
  text: string;
  path: string;
  op: AssertOperator;
  value: number;
}

export interface AssertionResult {
  /** e.g. "final.test_accuracy >= 0.95", or "baseline final.test_loss <= 0.21 (0.2 + 0.01)" */
  name: string;
  path: string;
  actual: number | null;
  passed: boolean;
  /** one line: what was found */
  message: string;
}

const PATTERN = /^\s*([A-Za-z_][\w.]*)\s*(>=|<=|==|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

export function parseAssertion(text: string): Assertion {
  const m = PATTERN.exec(text);
  if (m === null) {
    throw new UsageError(
      `--assert "${text}": expected PATH OP NUMBER with OP one of ${ASSERT_OPERATORS.join(" ")}, ` +
        "e.g. 'final.test_accuracy>=0.95'",
    );
  }
  return { text, path: m[1]!, op: m[2] as AssertOperator, value: Number(m[3]) };
}

/** The field at `path` (or final.`path`) and its value; a missing or non-numeric field is a UsageError. */
export function resolveField(summary: unknown, path: string): { path: string; value: number | null } {
  for (const candidate of [path, `final.${path}`]) {
    const found = lookup(summary, candidate);
    if (found === undefined) continue;
    if (found === null || typeof found === "number") return { path: candidate, value: found };
    throw new UsageError(`--assert: ${candidate} in summary.json is not a number (${JSON.stringify(found)})`);
  }
  throw new UsageError(
    `--assert: summary.json has no field "${path}" (numeric fields: ${numericPaths(summary).join(", ")})`,
  );
}

export function checkAssertion(summary: unknown, a: Assertion): AssertionResult {
  const { path, value } = resolveField(summary, a.path);
  const name = `${path} ${a.op} ${a.value}`;
  const passed = value !== null && compare(value, a.op, a.value);
  return { name, path, actual: value, passed, message: `${name}: ${value === null ? "null" : value}` };
}

/** One check per metric of `final` that both summaries hold as numbers. */
export function checkBaseline(summary: unknown, baseline: unknown, tolerance: number): AssertionResult[] {
  const results: AssertionResult[] = [];
  const base = lookup(baseline, "final");
  if (base === null || typeof base !== "object") return results;
  for (const [key, ref] of Object.entries(base as Record<string, unknown>)) {
    const lower = key.endsWith("loss"),
      higher = key.endsWith("accuracy");
    if (typeof ref !== "number" || (!lower && !higher)) continue;
    const path = `final.${key}`;
    const actual = lookup(summary, path);
    const value = typeof actual === "number" ? actual : null;
    const bound = lower ? ref + tolerance : ref - tolerance;
    const op: AssertOperator = lower ? "<=" : ">=";
    const name = `baseline ${path} ${op} ${Number(bound.toPrecision(12))} (${ref} ${lower ? "+" : "−"} ${tolerance})`;
    const passed = value !== null && compare(value, op, bound);
    results.push({ name, path, actual: value, passed, message: `${name}: ${value === null ? "null" : value}` });
  }
  return results;
}

function compare(a: number, op: AssertOperator, b: number): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
    case "==":
      return a === b;
  }
}

function lookup(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function numericPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === "number" ? [`${prefix}${k}`] : numericPaths(v, `${prefix}${k}.`),
  );
}

/** --assert, --baseline and --tolerance as given. */
export interface CheckRequest {
  assert: readonly string[];
  baseline?: string;
  tolerance?: string;
}

/**
 * Parses the assertions and reads the baseline before anything runs (a bad one is exit 2 before
 * training); returns the checks to apply to the finished run's summary.
 */
export function prepareChecks(request: CheckRequest, cwd: string): (summary: unknown) => AssertionResult[] {
  const assertions = request.assert.map(parseAssertion);
  if (request.tolerance !== undefined && request.baseline === undefined) {
    throw new UsageError("--tolerance applies to --baseline FILE: give the baseline's summary.json too");
  }
  const tolerance = request.tolerance === undefined ? 0 : Number(request.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new UsageError(`--tolerance: expected a number ≥ 0, found "${request.tolerance}"`);
  }
  const baseline = request.baseline === undefined ? null : readBaseline(nodePath.resolve(cwd, request.baseline));
  return (summary) => [
    ...assertions.map((a) => checkAssertion(summary, a)),
    ...(baseline === null ? [] : checkBaseline(summary, baseline, tolerance)),
  ];
}

function readBaseline(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`--baseline ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline ${file}: not JSON (expected a run's summary.json)`);
  }
  const final = lookup(value, "final");
  if (final === null || typeof final !== "object") {
    throw new UsageError(`--baseline ${file}: no "final" metrics (expected a run's summary.json)`);
  }
  return value;
}
