/**
 * The job-array recipes under examples/ (docs/sweep.md, "Recipes"): every `sgd …` command line in
 * each file — YAML and JSON command arrays, workflow `run:` scripts, shell scripts — is parsed by
 * the CLI's own commander program (its actions replaced, so nothing runs) and must be accepted;
 * each recipe holds a sharded sweep and a merge that is the same sweep without --shard; and the
 * sharded line, run with --list in the environment its scheduler gives the last task, selects
 * that task's points.
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import type { CliContext } from "../../src/cli/command-options.js";
import { run } from "../../src/cli/main.js";
import { createProgram } from "../../src/cli/program.js";
import { capturedIo } from "../cli/captured-io.js";

const REPO = path.resolve(__dirname, "../..");
const EXAMPLES = path.join(REPO, "examples");

/** Where each recipe's lines are, and the environment its scheduler gives the last of 3 tasks. */
const RECIPES: { files: string[]; lastTask: Record<string, string> | null }[] = [
  {
    files: ["kubernetes-indexed-job.yaml", "kubernetes-merge-job.yaml"],
    lastTask: { JOB_COMPLETION_INDEX: "2", SGD_SHARD_COUNT: "3" },
  },
  {
    files: ["slurm-sweep.sh", "slurm-merge.sh"],
    lastTask: {
      SLURM_ARRAY_TASK_ID: "3",
      SLURM_ARRAY_TASK_MIN: "1",
      SLURM_ARRAY_TASK_STEP: "1",
      SLURM_ARRAY_TASK_COUNT: "3",
      SLURM_CPUS_PER_TASK: "2",
    },
  },
  { files: ["github-actions-sweep.yml"], lastTask: null },
  {
    files: ["aws-batch-job-definition.json", "aws-batch-merge-overrides.json"],
    lastTask: { AWS_BATCH_JOB_ARRAY_INDEX: "2", AWS_BATCH_JOB_ARRAY_SIZE: "3" },
  },
];

/** The words after `sgd` of every sgd command line in `file`, with $VARIABLES taken from `env`. */
function sgdLines(file: string, env: Record<string, string>): string[][] {
  const text = fs.readFileSync(path.join(EXAMPLES, file), "utf8");
  if (file.endsWith(".sh")) return fromScript(text, env);
  const docs = file.endsWith(".json") ? [JSON.parse(text)] : YAML.parseAllDocuments(text).map((d) => d.toJS());
  const found: string[][] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v) && v.includes("sgd")) found.push(v.slice(v.indexOf("sgd") + 1).map(String));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "string") found.push(...fromScript(v, env));
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  docs.forEach(walk);
  return found;
}

/** sgd lines of a shell script (backslash-newlines joined); GitHub's matrix expression is shard 1. */
function fromScript(text: string, env: Record<string, string>): string[][] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((l) => /^\s*(npx )?sgd /.test(l))
    .map((l) =>
      l
        .replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, "1")
        .replace(/\$\{?([A-Z_]+)\}?/g, (whole, name: string) => env[name] ?? whole)
        .trim()
        .split(/\s+/)
        .map((w) => w.replace(/^"|"$/g, ""))
        .slice(l.trim().startsWith("npx") ? 2 : 1),
    );
}

/** `words` parsed by the CLI's program with every action replaced: the command and its options. */
async function parsed(words: string[]): Promise<{ command: string; opts: Record<string, unknown> }> {
  const ctx: CliContext = { io: capturedIo({ cwd: REPO }), exitCode: 0 };
  const program = createProgram(ctx);
  let result: { command: string; opts: Record<string, unknown> } | null = null;
  for (const c of program.commands) {
    c.action(function (this: Command) {
      result = { command: this.name(), opts: this.opts() };
    });
  }
  await program.parseAsync(words, { from: "user" });
  return result!;
}

describe("the recipes in examples/", () => {
  it("are every file there", () => {
    expect(fs.readdirSync(EXAMPLES).sort()).toEqual(RECIPES.flatMap((r) => r.files).sort());
  });

  for (const recipe of RECIPES) {
    it(`${recipe.files.join(" + ")}: a sharded sweep and its merge, both accepted by the CLI`, async () => {
      const lines = recipe.files.flatMap((f) => sgdLines(f, recipe.lastTask ?? {}));
      expect(lines.length).toBe(2);
      const [shard, merge] = await Promise.all(lines.map(parsed));
      for (const p of [shard!, merge!]) {
        expect(p.command).toBe("sweep");
        expect(fs.existsSync(path.join(REPO, String(p.opts.config)))).toBe(true);
      }
      expect(shard!.opts.shard).toMatch(recipe.lastTask === null ? /^1\/3$/ : /^auto$/);
      expect(merge!.opts.shard).toBeUndefined();
      const identity = (o: Record<string, unknown>) => [o.config, o.grid, o.set, o.seed, o.out];
      expect(identity(merge!.opts)).toEqual(identity(shard!.opts));
      expect(shard!.opts.grid).toEqual(["optimizer.batchSize=1,10,full", "optimizer.learningRate=0.03,0.3,3"]);
    });
  }

  for (const recipe of RECIPES.filter((r) => r.lastTask !== null)) {
    it(`${recipe.files[0]}: the last task of 3 runs shard 3/3 (points 2, 5, 8)`, async () => {
      const words = sgdLines(recipe.files[0]!, recipe.lastTask!)[0]!;
      const io = capturedIo({ cwd: REPO, env: recipe.lastTask! });
      expect(await run([...words, "--list"], io), io.err()).toBe(0);
      expect(io.err()).toMatch(/^shard 3\/3 from /);
      expect(
        io
          .out()
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).index),
      ).toEqual([2, 5, 8]);
    });
  }
});
