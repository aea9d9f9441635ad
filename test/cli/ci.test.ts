/**
 * The CI side end to end, through run(argv, io): --assert and exit 4, --junit parsed back, GitHub
 * annotations (config errors on their line and column), the step summary and outputs, check-gradients.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { parseJUnit } from "../report/junit-reader.js";
import { capturedIo } from "./captured-io.js";
import { REPO } from "./run-sgd.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-ci-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sgd(args: string[], env: Record<string, string> = {}) {
  const io = capturedIo({ cwd: REPO, env });
  const code = await run(args, io);
  return { code, io };
}

function githubEnv(name: string) {
  const summary = path.join(tmp, `${name}.md`),
    output = path.join(tmp, `${name}.out`);
  return { env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output }, summary, output };
}

function outputs(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("sgd train --assert / --junit / GitHub Actions", () => {
  it("checks each assertion on summary.json, exits 4 on a failure, keeps the run, reports it three ways", async () => {
    const out = path.join(tmp, "moons"),
      junit = path.join(tmp, "reports", "train.xml"); // its folder is created
    const gh = githubEnv("train");
    const { code, io } = await sgd(
      [
        ...["train", "--config", "configs/moons-backprop.yaml", "--out", out, "--quiet", "--junit", junit],
        ...["--assert", "test_accuracy>=0.5", "--assert", "final.test_loss<0.001"],
      ],
      gh.env,
    );
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    expect(code).toBe(4);
    const loss = summary.final.test_loss;
    expect(io.err()).toContain(`error: assertion failed: final.test_loss < 0.001: ${loss} (run kept in ${out})`);
    expect(io.err()).toContain(
      `::error title=sgd%3A assertion failed::assertion failed: final.test_loss < 0.001: ${loss} (run kept in ${out})\n`,
    );
    const root = parseJUnit(fs.readFileSync(junit, "utf8"));
    const cases = root.testsuite[0].testcase;
    expect(cases.map((c: { name: string }) => c.name)).toEqual([
      "training",
      "final.test_accuracy >= 0.5",
      "final.test_loss < 0.001",
    ]);
    expect(cases[2].failure.message).toBe(`final.test_loss < 0.001: ${loss}`);
    expect(root.failures).toBe("1");
    const o = outputs(gh.output);
    expect(Number(o.test_loss)).toBe(loss);
    expect(o.assertions_failed).toBe("1");
    expect(o.run_dir).toBe(out);
    expect(fs.readFileSync(gh.summary, "utf8")).toContain(`| ❌ fail | final.test_loss < 0.001 | ${loss} |`);
  });

  it("passes against its own baseline at tolerance 0, and --no-github writes nothing", async () => {
    const base = path.join(tmp, "moons", "summary.json");
    const gh = githubEnv("baseline");
    const { code, io } = await sgd(
      ["train", "--config", "configs/moons-backprop.yaml", "--out", path.join(tmp, "again"), "--quiet"].concat([
        "--baseline",
        base,
        "--tolerance",
        "0",
        "--no-github",
      ]),
      gh.env,
    );
    expect(code).toBe(0);
    expect(io.err()).toBe("");
    expect(fs.existsSync(gh.output)).toBe(false);
  });

  it("annotates a divergence (exit 3) and fails the JUnit training case; assertions are not checked", async () => {
    const junit = path.join(tmp, "diverged.xml");
    const { code, io } = await sgd(
      [
        ...["train", "--config", "configs/synthetic-regression-mse.yaml", "--set", "optimizer.learningRate=10"],
        ...["--out", path.join(tmp, "diverged"), "--quiet", "--junit", junit, "--assert", "steps>=0"],
      ],
      { GITHUB_ACTIONS: "true" },
    );
    expect(code).toBe(3);
    expect(io.err()).toMatch(/^::error title=sgd%3A training diverged::training diverged at step \d+ \(/m);
    const cases = parseJUnit(fs.readFileSync(junit, "utf8")).testsuite[0].testcase;
    expect(cases).toHaveLength(1);
    expect(cases[0].failure.type).toBe("diverged");
  });

  it("refuses a bad --assert before training (exit 2, nothing written)", async () => {
    const out = path.join(tmp, "never");
    const { code, io } = await sgd([
      "train",
      "--config",
      "configs/moons-backprop.yaml",
      "--out",
      out,
      "--assert",
      "x=>1",
    ]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/--assert "x=>1": expected PATH OP NUMBER/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("annotates a config error on its file, line and column", async () => {
    const config = path.join(tmp, "bad.yaml");
    fs.writeFileSync(config, "model:\n  hidden: [4]\n  activaton: relu\n");
    const { code, io } = await sgd(["train", "--config", config], { GITHUB_ACTIONS: "true" });
    expect(code).toBe(2);
    const file = config.replace(/:/g, "%3A").replace(/,/g, "%2C");
    expect(io.err()).toContain(`::error file=${file},line=3,col=3,title=sgd%3A config error::${config}:3: unknown key`);
    const quiet = await sgd(["train", "--config", config, "--no-github"], { GITHUB_ACTIONS: "true" });
    expect(quiet.io.err()).not.toContain("::error");
  });
});

describe("sgd check-gradients", () => {
  it("passes the moons network, every tensor by both methods, with JUnit and outputs", async () => {
    const junit = path.join(tmp, "check.xml");
    const gh = githubEnv("check");
    const { code, io } = await sgd(
      ["check-gradients", "--config", "configs/moons-backprop.yaml", "--json", "--junit", junit],
      gh.env,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(io.out());
    // 2-8-2: W1 16, b1 8, W2 16, b2 2, all within check.parameters = 32
    expect(doc.parameters).toBe(42);
    expect(doc.samples).toBe(8);
    expect(doc.tensors).toHaveLength(8);
    expect(
      doc.tensors.every((t: { passed: boolean; checked: number; size: number }) => t.passed && t.checked === t.size),
    ).toBe(true);
    expect(parseJUnit(fs.readFileSync(junit, "utf8")).tests).toBe("8");
    expect(outputs(gh.output)).toMatchObject({ passed: "true", parameters: "42", tensors_failed: "0" });
    expect(fs.readFileSync(gh.summary, "utf8")).toMatch(
      /### sgd check-gradients: moons-backprop\n\n✅ backprop agrees/,
    );
  });

  it("fails (exit 3) with a coarse step and tight tolerances, annotating each failed tensor", async () => {
    const junit = path.join(tmp, "check-fail.xml");
    const { code, io } = await sgd(
      [
        ...["check-gradients", "--config", "configs/moons-backprop.yaml", "--methods", "finite-difference"],
        ...["--set", "check.epsilon=0.5", "--set", "check.rtol=0", "--set", "check.atol=1e-9", "--junit", junit],
        "--samples",
        "3",
      ],
      { GITHUB_ACTIONS: "true" },
    );
    expect(code).toBe(3);
    expect(io.err()).toMatch(/^error: gradient check failed: layer\d\.\w+ by finite-difference: worst \[/m);
    expect(io.err()).toMatch(/^::error title=sgd%3A gradient check failed::gradient check failed: layer\d\.\w+ by /m);
    const root = parseJUnit(fs.readFileSync(junit, "utf8"));
    expect(Number(root.failures)).toBeGreaterThan(0);
    expect(io.out()).toMatch(/moons-backprop: 2-8-2 tanh cross-entropy float64, 42 parameters, 3 samples/);
  });

  it("refuses unknown methods and bad sample counts (exit 2)", async () => {
    const a = await sgd(["check-gradients", "--config", "configs/moons-backprop.yaml", "--methods", "backprop"]);
    expect(a.code).toBe(2);
    expect(a.io.err()).toMatch(/--methods: unknown method "backprop"/);
    const b = await sgd(["check-gradients", "--config", "configs/moons-backprop.yaml", "--samples", "0"]);
    expect(b.code).toBe(2);
  });
});
