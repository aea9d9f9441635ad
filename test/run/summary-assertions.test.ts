/** --assert expressions and --baseline checks on a summary.json. */
import { describe, expect, it } from "vitest";
import { checkAssertion, checkBaseline, parseAssertion } from "../../src/run/summary-assertions.js";

const summary = {
  status: "completed",
  steps: 300,
  final: { train_loss: 0.13, test_loss: 0.17, test_accuracy: 0.94 },
  timing: { total_s: 0.5 },
  best: null,
};

describe("--assert", () => {
  it("parses PATH OP NUMBER with each operator, spaces allowed", () => {
    expect(parseAssertion("test_accuracy>=0.95")).toMatchObject({ path: "test_accuracy", op: ">=", value: 0.95 });
    expect(parseAssertion(" final.test_loss <= 2e-1 ")).toMatchObject({
      path: "final.test_loss",
      op: "<=",
      value: 0.2,
    });
    for (const op of [">", "<", "=="]) expect(parseAssertion(`steps${op}-3`).op).toBe(op);
    for (const bad of ["test_accuracy=>1", "acc >= ", ">= 1", "a >= 1 2", "a ~ 1"]) {
      expect(() => parseAssertion(bad)).toThrow(/expected PATH OP NUMBER/);
    }
  });

  it("looks a name up at the top, then under final, and compares", () => {
    const check = (text: string) => checkAssertion(summary, parseAssertion(text));
    expect(check("test_accuracy>=0.94")).toMatchObject({ path: "final.test_accuracy", passed: true, actual: 0.94 });
    expect(check("test_accuracy>0.94").passed).toBe(false);
    expect(check("final.test_loss<=0.2").passed).toBe(true);
    expect(check("steps==300").passed).toBe(true);
    expect(check("steps<300").passed).toBe(false);
    expect(check("timing.total_s<0.5").message).toBe("timing.total_s < 0.5: 0.5");
  });

  it("refuses a missing or non-numeric field (exit 2), and fails on a null one", () => {
    expect(() => checkAssertion(summary, parseAssertion("nope>1"))).toThrow(
      /no field "nope" \(numeric fields: steps, final.train_loss, final.test_loss, final.test_accuracy, timing.total_s\)/,
    );
    expect(() => checkAssertion(summary, parseAssertion("status>1"))).toThrow(/status in summary.json is not a number/);
    expect(checkAssertion(summary, parseAssertion("best>=0"))).toMatchObject({ passed: false, actual: null });
  });
});

describe("--baseline", () => {
  it("fails a loss higher or an accuracy lower than the baseline's by more than the tolerance", () => {
    const baseline = { final: { train_loss: 0.1, test_loss: 0.16, test_accuracy: 0.96 } };
    const at = (tolerance: number) =>
      Object.fromEntries(checkBaseline(summary, baseline, tolerance).map((r) => [r.path, r.passed]));
    // worse by 0.03, 0.01 and 0.02
    expect(at(0.005)).toEqual({ "final.train_loss": false, "final.test_loss": false, "final.test_accuracy": false });
    expect(at(0.015)).toEqual({ "final.train_loss": false, "final.test_loss": true, "final.test_accuracy": false });
    expect(at(0.031)).toEqual({ "final.train_loss": true, "final.test_loss": true, "final.test_accuracy": true });
    expect(checkBaseline(summary, baseline, 0.005)[0]!.name).toBe("baseline final.train_loss <= 0.105 (0.1 + 0.005)");
  });
});
