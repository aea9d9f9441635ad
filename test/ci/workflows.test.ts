/**
 * The project's workflow (.github/workflows/ci.yml) and the example in docs/ci.md: each parses as
 * YAML, passes action-validator (@action-validator/core: the SchemaStore workflow schema, in
 * WebAssembly), and does what the docs say it does.
 */
import fs from "node:fs";
import path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const repo = path.resolve(__dirname, "../..");

function exampleWorkflow(): string {
  const doc = fs.readFileSync(path.join(repo, "docs/ci.md"), "utf8");
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed workflow
function steps(job: any): string[] {
  return job.steps.map((s: { run?: string; uses?: string }) => s.run ?? s.uses);
}

describe("workflow files", () => {
  it("the project's ci.yml runs npm ci and npm test on Node 20 and 22, and validates", () => {
    const text = fs.readFileSync(path.join(repo, ".github/workflows/ci.yml"), "utf8");
    const wf = parse(text);
    expect(wf.jobs.test.strategy.matrix.node).toEqual([20, 22]);
    expect(steps(wf.jobs.test)).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "npm ci", "npm test"]);
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it("the example in docs/ci.md trains with assertions, checks gradients, shards a sweep, merges it, validates", () => {
    const text = exampleWorkflow();
    const wf = parse(text);
    const train = steps(wf.jobs.train).join("\n");
    expect(train).toMatch(/npx sgd check-gradients --config/);
    expect(train).toMatch(/npx sgd train .*--assert 'test_accuracy>=0.95'/s);
    expect(wf.jobs.sweep.strategy.matrix.shard).toEqual([1, 2, 3]);
    expect(steps(wf.jobs.sweep).join("\n")).toMatch(/--shard \$\{\{ matrix.shard \}\}\/3/);
    expect(wf.jobs["sweep-report"].needs).toBe("sweep");
    expect(steps(wf.jobs["sweep-report"]).join("\n")).toMatch(/npx sgd report runs\/sweep-\*\/\*\//);
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it("action-validator does reject a broken workflow (so the checks above can fail)", () => {
    expect(validateWorkflow("name: x\non: push\njobs:\n  a:\n    steps: 3\n").errors.length).toBeGreaterThan(0);
  });
});
