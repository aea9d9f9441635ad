/**
 * The CLI loads a command's modules only when that command runs (src/cli/commands/*.ts import
 * them with `await import(…)` in their actions): what `sgd --version`, `sgd --help` and a usage
 * error load is the static import closure of src/cli/main.ts, worked out here from the source with
 * the TypeScript parser (static imports and re-exports followed, `import type` and `import()` not).
 * And a lazily loaded command still says what is wrong with exit 2, and --help lists every command.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { createProgram } from "../../src/cli/program.js";
import { capturedIo } from "./captured-io.js";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** Files under src/ (relative) and packages that `file` loads when it is imported, itself included. */
function staticClosure(file: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (rel: string): void => {
    if (files.has(rel)) return;
    files.add(rel);
    const path = join(SRC, rel);
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
    for (const node of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const typeOnly =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (clause.name === undefined &&
              clause.namedBindings !== undefined &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.every((e) => e.isTypeOnly)));
        if (!typeOnly) specifier = node.moduleSpecifier;
      } else if (ts.isExportDeclaration(node) && !node.isTypeOnly) specifier = node.moduleSpecifier;
      if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
      const text = specifier.text;
      if (text.startsWith(".")) {
        const target = resolve(dirname(path), text).replace(/\.js$/, ".ts");
        if (existsSync(target)) visit(relative(SRC, target));
      } else if (!text.startsWith("node:")) packages.add(text.startsWith("@") ? text : text.split("/")[0]!);
    }
  };
  visit(file);
  return { files, packages };
}

describe("the CLI's start", () => {
  const { files, packages } = staticClosure("cli/main.ts");

  it("loads every command's definition, and none of the modules that run them", () => {
    expect([...files].filter((f) => f.startsWith("cli/commands/")).length).toBeGreaterThanOrEqual(11);
    // what trains, loads data, compiles kernels, reads configs or writes reports loads when a command runs
    const heavy = [...files].filter(
      (f) =>
        /^(data|export|train|compare|config)\//.test(f) ||
        f.startsWith("engine/wasm/") ||
        (f.startsWith("run/") && !["run/run-limits.ts", "run/sweep-pool.ts"].includes(f)) ||
        (f.startsWith("report/") &&
          !/^report\/(terminal|reporter|github-actions|junit|durable-files|xml-text|descend-table|number-format)\.ts$/.test(
            f,
          )),
    );
    // the error class main.ts reports config issues with, and the name lists the help quotes (run-limits.ts:
    // numbers; sweep-pool.ts starts the sweep's workers before the sweep's modules load)
    expect(heavy.sort()).toEqual(["config/config-issue.ts", "config/schema-names.ts", "report/export-formats.ts"]);
  });

  it("loads no package but commander and chalk (no zod, yaml, pngjs, d3-contour, cli-progress)", () => {
    expect([...packages].sort()).toEqual(["chalk", "commander"]);
  });
});

describe("a lazily loaded command", () => {
  it.each([
    [["train"], /^error: give exactly one of --config FILE or --resume RUN_DIR$/m],
    [["train", "--config", "configs/moons-backprop.yaml", "--set", "optimiser.learningRate=1"], /did you mean/],
    [["sweep", "--config", "configs/moons-backprop.yaml", "--grid", "optimiser.learningRate=1,2"], /did you mean/],
    [["lr-find"], /^error: lr-find needs --config FILE$/m],
    [["check-gradients"], /^error: check-gradients needs --config FILE/m],
    [["schema", "bogus"], /^error: unknown schema "bogus"/m],
    [["compare-gradients", "--quick", "--article"], /^error: --quick and --article are two different grids/m],
    [["descend", "--function", "bogus", "--lr", "0.1"], /^error: --function: unknown function "bogus"/m],
    [["export", "--model", "runs/none", "--format", "pdf"], /^error: option '--format <format>' argument 'pdf'/m],
    [["evaluate", "--model", "runs/none"], /^error: .*runs\/none/m],
    [["predict", "--model", "runs/none", "--input", "none.csv"], /^error: .*none/m],
    [["report", "runs/none"], /^error: .*runs\/none/m],
  ])("sgd %j: one error line and exit 2", async (argv, message) => {
    const io = capturedIo({ cwd: REPO });
    expect(await run(argv as string[], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split("\n")).toHaveLength(1);
  });
});

describe("sgd --help", () => {
  it("lists every command with its description", async () => {
    const io = capturedIo();
    expect(await run(["--help"], io)).toBe(0);
    const program = createProgram({ io: capturedIo(), exitCode: 0 });
    expect(program.commands.length).toBe(11);
    for (const c of program.commands) {
      expect(io.out()).toMatch(new RegExp(`^  ${c.name()} `, "m"));
      expect(io.out().replace(/\s+/g, " ")).toContain(c.description());
    }
  });
});
