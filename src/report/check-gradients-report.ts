/**
 * `sgd check-gradients` in words: one row per parameter tensor × method with its worst parameter
 *   tensor · method · checked/size · worst [row, column] · g_bp · g · |Δ| · atol + rtol·|g| · pass
 * as a text table (stdout), markdown (the step summary), outputs and JUnit cases (one per row).
 */
import type { GradientCheckResult } from "../grad/check-gradients.js";
import type { Outputs } from "./ci-reports.js";
import { markdownTable } from "./ci-reports.js";
import type { JUnitSuite } from "./junit.js";

/** What `sgd check-gradients --json` prints. */
export interface CheckGradientsDocument extends GradientCheckResult {
  name: string;
  network: string;
  parameters: number;
  samples: number;
  seed: number;
  tolerance: { atol: number; rtol: number; epsilon: number };
  seconds: number;
}

const HEADER = ["tensor", "method", "checked", "worst at", "backprop", "other", "|Δ|", "allowed", "result"];

function rows(doc: CheckGradientsDocument): string[][] {
  const g = (x: number) => x.toExponential(3);
  return doc.tensors.map((t) => [
    t.tensor,
    t.method,
    `${t.checked}/${t.size}`,
    `[${t.worst.position.join(", ")}]`,
    g(t.worst.backprop),
    g(t.worst.other),
    g(t.worst.absError),
    g(t.worst.allowed),
    t.passed ? "pass" : `FAIL (${t.failures})`,
  ]);
}

function headline(doc: CheckGradientsDocument): string {
  const skipped = doc.methods.filter((m) => !m.ran).map((m) => `${m.method} skipped: ${m.skipped}`);
  return (
    `${doc.name}: ${doc.network}, ${doc.parameters} parameters, ${doc.samples} samples, float64; ` +
    `pass when |g_bp − g| ≤ ${doc.tolerance.atol} + ${doc.tolerance.rtol}·|g| (ε = ${doc.tolerance.epsilon})` +
    (skipped.length > 0 ? `\n${skipped.join("\n")}` : "")
  );
}

export function checkGradientsTable(doc: CheckGradientsDocument): string {
  const all = [HEADER, ...rows(doc)];
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const lines = all.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd(),
  );
  const verdict = doc.passed ? "gradient check passed" : "gradient check FAILED";
  return `${headline(doc)}\n${lines.join("\n")}\n${verdict} (${doc.seconds.toFixed(2)} s)\n`;
}

export function checkGradientsMarkdown(doc: CheckGradientsDocument): string {
  const verdict = doc.passed ? "✅ backprop agrees" : "❌ backprop disagrees";
  const table = markdownTable(HEADER, rows(doc));
  return `### sgd check-gradients: ${doc.name}\n\n${verdict}. ${headline(doc)}\n\n${table}\n`;
}

export function checkGradientsOutputs(doc: CheckGradientsDocument): Outputs {
  const worst = doc.tensors.reduce((m, t) => Math.max(m, t.worst.absError / (t.worst.allowed || 1)), 0);
  return {
    passed: doc.passed,
    parameters: doc.parameters,
    tensors_failed: doc.tensors.filter((t) => !t.passed).length,
    worst_ratio: worst,
    seconds: doc.seconds,
  };
}

export function checkGradientsJUnit(doc: CheckGradientsDocument): JUnitSuite {
  const cases = doc.tensors.map((t) => ({
    name: `${t.tensor} ${t.method}`,
    classname: `sgd.check-gradients.${doc.name}`,
    ...(t.passed
      ? {}
      : {
          failure: {
            type: "gradient-check",
            message:
              `${t.failures} of ${t.checked} parameters outside tolerance; worst [${t.worst.position.join(", ")}]: ` +
              `backprop ${t.worst.backprop}, ${t.method} ${t.worst.other}, ` +
              `|Δ| ${t.worst.absError} > ${t.worst.allowed}`,
          },
        }),
  }));
  const skipped = doc.methods
    .filter((m) => !m.ran)
    .map((m) => ({ name: m.method, classname: `sgd.check-gradients.${doc.name}`, skipped: m.skipped ?? "skipped" }));
  return { name: `sgd check-gradients ${doc.name}`, cases: [...cases, ...skipped], time: doc.seconds };
}
