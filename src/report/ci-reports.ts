/**
 * What a CI job sees of each command: the markdown appended to $GITHUB_STEP_SUMMARY, the headline
 * numbers written to $GITHUB_OUTPUT, and the JUnit test cases —
 *   train               the final table and each assertion      testcases: the run, each assertion
 *   sweep               the sweep table                         testcases: each point of this shard
 *   compare-gradients   the claim table and the check           testcases: each case × method
 * Text only; src/report/github-actions.ts and junit.ts write it.
 */
import type { CompareResults } from "../compare/compare-types.js";
import type { SweepDocument, SweepPointRecord } from "../sweep/sweep-document.js";
import type { JUnitCase, JUnitSuite } from "./junit.js";
import { claimsSection } from "./compare-table.js";
import { number, percent } from "./run-report-series.js";
import { describeOverrides } from "./sweep-table.js";
import type { RunSummary } from "./train-run.js";

/** An assertion's outcome, as src/run/summary-assertions.ts gives it. */
export interface CheckedAssertion {
  name: string;
  actual: number | null;
  passed: boolean;
  message: string;
}

export type Outputs = Record<string, string | number | boolean | null>;

/** A markdown table; `|` in a cell is escaped, line breaks become spaces. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
  const line = (r: readonly string[]) => `| ${r.map(cell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function trainMarkdown(dir: string, s: RunSummary, checks: readonly CheckedAssertion[]): string {
  const rows = [
    ["status", s.status],
    ["steps", String(s.steps)],
    ["train loss", number(s.final.train_loss)],
    ["test loss", number(s.final.test_loss)],
    ["test accuracy", percent(s.final.test_accuracy)],
    ["time", `${s.timing.total_s.toFixed(2)} s`],
  ];
  const parts = [
    `### sgd train: ${s.network}`,
    "",
    `Run directory: \`${dir}\``,
    "",
    markdownTable(["", "final"], rows),
  ];
  if (checks.length > 0) {
    const checkRows = checks.map((c) => [
      c.passed ? "✅ pass" : "❌ fail",
      c.name,
      c.actual === null ? "null" : String(c.actual),
    ]);
    parts.push("", markdownTable(["", "assertion", "value"], checkRows));
  }
  return `${parts.join("\n")}\n`;
}

export function trainOutputs(dir: string, s: RunSummary, checks: readonly CheckedAssertion[]): Outputs {
  return {
    status: s.status,
    run_dir: dir,
    steps: s.steps,
    train_loss: s.final.train_loss,
    test_loss: s.final.test_loss,
    test_accuracy: s.final.test_accuracy,
    total_s: s.timing.total_s,
    assertions_failed: checks.filter((c) => !c.passed).length,
  };
}

export function trainJUnit(s: RunSummary, checks: readonly CheckedAssertion[]): JUnitSuite {
  const run: JUnitCase = { name: "training", classname: "sgd.train", time: s.timing.total_s };
  if (s.status === "diverged") {
    const d = s.divergence;
    run.failure = {
      type: "diverged",
      message: `diverged at step ${d?.step ?? "?"} (${d?.reason ?? "non-finite loss"})`,
    };
  }
  const cases = checks.map(
    (c): JUnitCase => ({
      name: c.name,
      classname: "sgd.train.assert",
      ...(c.passed ? {} : { failure: { type: "assertion", message: c.message } }),
    }),
  );
  return { name: `sgd train ${s.network}`, cases: [run, ...cases], time: s.timing.total_s };
}

export function sweepMarkdown(doc: SweepDocument): string {
  const rows = doc.points.map((p) => [
    String(p.index),
    describeOverrides(p.overrides),
    p.status,
    number(p.final?.train_loss ?? null),
    number(p.final?.test_loss ?? null),
    percent(p.final?.test_accuracy ?? null),
  ]);
  const header = ["point", "overrides", "status", "train loss", "test loss", "test acc"];
  return `### sgd sweep: ${doc.name}\n\n${markdownTable(header, rows)}\n`;
}

export function sweepOutputs(dir: string, doc: SweepDocument): Outputs {
  const done = doc.points.filter((p) => p.final !== null && p.final.test_loss !== null);
  const best = done.reduce<(typeof done)[number] | null>(
    (b, p) => (b === null || p.final!.test_loss! < b.final!.test_loss! ? p : b),
    null,
  );
  return {
    sweep_dir: dir,
    points: doc.points.length,
    diverged: doc.points.filter((p) => p.status === "diverged").length,
    best_point: best?.index ?? null,
    best_test_loss: best?.final?.test_loss ?? null,
    best_test_accuracy: best?.final?.test_accuracy ?? null,
  };
}

/** One testcase per point this shard ran (`records`). */
export function sweepJUnit(doc: SweepDocument, records: readonly SweepPointRecord[]): JUnitSuite {
  const cases = records.map((p): JUnitCase => {
    const c: JUnitCase = {
      name: `point ${p.index}: ${describeOverrides(p.overrides)}`,
      classname: `sgd.sweep.${doc.name}`,
      time: p.timing?.total_s ?? 0,
    };
    if (p.status === "diverged") {
      const d = p.divergence;
      c.failure = { type: "diverged", message: `diverged at step ${d?.step ?? "?"} (${d?.reason ?? "non-finite"})` };
    } else if (p.status !== "completed" && p.status !== "stopped-early") c.skipped = p.status;
    return c;
  });
  return { name: `sgd sweep ${doc.name}`, cases };
}

export function compareMarkdown(r: CompareResults): string {
  const check = r.check.passed
    ? `✅ every method agrees with backprop within ${r.check.tolerance}`
    : `❌ ${r.check.failures.length} method(s) disagree with backprop beyond ${r.check.tolerance}`;
  const claims = r.claims.length > 0 ? `\n\n\`\`\`\n${claimsSection(r.claims)}\`\`\`` : "";
  return `### sgd compare-gradients\n\n${check}${claims}\n\n${r.verdict.join("\n\n")}\n`;
}

export function compareOutputs(dir: string, r: CompareResults): Outputs {
  return { results_dir: dir, passed: r.check.passed, cases: r.cases.length, failures: r.check.failures.length };
}

export function compareJUnit(r: CompareResults): JUnitSuite {
  const cases = r.cases.flatMap((c) =>
    c.methods
      .filter((m) => m.method !== "backprop")
      .map((m): JUnitCase => {
        const k: JUnitCase = {
          name: `${c.id} ${m.method}`,
          classname: "sgd.compare-gradients",
          time: m.timing?.median ?? 0,
        };
        if (m.status === "skipped") k.skipped = m.skipReason ?? "skipped";
        else if (m.agreement && !m.agreement.pass) {
          const e = m.agreement.maxScaledError.toExponential(2);
          k.failure = { type: "gradient-check", message: `max |Δ|/max(1,|g_bp|) = ${e} > ${r.check.tolerance}` };
        }
        return k;
      }),
  );
  return { name: "sgd compare-gradients", cases, time: r.totalSeconds };
}
