/**
 * The layering of src/, checked on whatever files exist (the tree is scanned, so new files are
 * covered): no import cycles (runtime imports; `import type` is erased and may point anywhere),
 * no Math.random anywhere in src/, and core folders — everything but src/cli and src/report —
 * never import commander, chalk, cli-progress, src/cli or src/report, and never touch `process`
 * (the working directory, environment and streams come in as arguments).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const UI_FOLDERS = ["cli", "report"];
const UI_PACKAGES = ["commander", "chalk", "cli-progress"];

interface Module {
  /** path relative to src/, e.g. "config/load-config.ts" */
  file: string;
  /** relative imports resolved to files under src/, runtime only */
  runtimeImports: string[];
  /** every module specifier, type-only ones included */
  specifiers: { text: string; resolved: string | null; typeOnly: boolean }[];
  /** line numbers where `process` is used, and where Math.random is */
  processUses: number[];
  mathRandomUses: number[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** "./x.js" from src/a/b.ts → "a/x.ts" (the .js suffix names the compiled file). */
function resolveRelative(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const absolute = resolve(dirname(join(SRC, fromFile)), specifier).replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts");
  return relative(SRC, absolute);
}

function analyse(absolutePath: string): Module {
  const file = relative(SRC, absolutePath);
  const text = readFileSync(absolutePath, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const module: Module = { file, runtimeImports: [], specifiers: [], processUses: [], mathRandomUses: [] };
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const addSpecifier = (literal: ts.Expression, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(literal)) return;
    const resolved = resolveRelative(file, literal.text);
    module.specifiers.push({ text: literal.text, resolved, typeOnly });
    if (resolved !== null && !typeOnly) module.runtimeImports.push(resolved);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      addSpecifier(node.moduleSpecifier, isTypeOnlyImport(node));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      addSpecifier(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      addSpecifier(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      addSpecifier(node.argument.literal as ts.Expression, true);
    } else if (ts.isIdentifier(node) && node.text === "process" && !isPropertyName(node)) {
      module.processUses.push(lineOf(node));
    } else if (isMathRandom(node)) {
      module.mathRandomUses.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return module;
}

/** `import type {…}` or `import { type A, type B }` (erased by the compiler). */
function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** `x.process` and `{ process: … }` name a property, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isPropertySignature(parent) && parent.name === node) ||
    (ts.isPropertyDeclaration(parent) && parent.name === node) ||
    (ts.isMethodDeclaration(parent) && parent.name === node)
  );
}

function isMathRandom(node: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(node)) {
    return ts.isIdentifier(node.expression) && node.expression.text === "Math" && node.name.text === "random";
  }
  if (ts.isElementAccessExpression(node)) {
    const arg = node.argumentExpression;
    return ts.isIdentifier(node.expression) && node.expression.text === "Math" && ts.isStringLiteralLike(arg) && arg.text === "random";
  }
  return false;
}

function isCore(file: string): boolean {
  return !UI_FOLDERS.some((folder) => file.startsWith(`${folder}/`));
}

/** Every cycle among runtime imports, each as a path a → b → … → a (one per strongly connected start). */
function findCycles(modules: Map<string, Module>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "visiting");
    stack.push(file);
    for (const next of modules.get(file)?.runtimeImports ?? []) {
      if (!modules.has(next)) continue;
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...modules.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return cycles;
}

const modules = new Map(sourceFiles(SRC).map((path) => [relative(SRC, path), analyse(path)] as const));

describe("architecture of src/", () => {
  it("scans the tree (it finds the files it is meant to guard)", () => {
    expect(modules.has("cli/main.ts")).toBe(true);
    expect(modules.has("config/load-config.ts")).toBe(true);
    expect(modules.size).toBeGreaterThan(10);
  });

  it("has no import cycles", () => {
    const cycles = findCycles(modules).map((c) => c.join(" → "));
    expect(cycles, "break these cycles (move the shared part into its own module)").toEqual([]);
  });

  it("never uses Math.random (randomness comes from an Rng argument)", () => {
    const uses = [...modules.values()].flatMap((m) => m.mathRandomUses.map((line) => `src/${m.file}:${line}`));
    expect(uses, "use the seeded Rng from src/random/rng.ts").toEqual([]);
  });

  it("keeps core folders free of commander, chalk, cli-progress, src/cli and src/report", () => {
    const violations = [...modules.values()]
      .filter((m) => isCore(m.file))
      .flatMap((m) =>
        m.specifiers
          .filter((s) => {
            const pkg = s.text.startsWith("@") ? s.text.split("/").slice(0, 2).join("/") : s.text.split("/")[0]!;
            return UI_PACKAGES.includes(pkg) || (s.resolved !== null && !isCore(s.resolved));
          })
          .map((s) => `src/${m.file} imports ${s.text}`),
      );
    expect(violations, "core code returns values or emits events; src/cli and src/report print").toEqual([]);
  });

  it("keeps the optimizer and the training loop blind to gradient methods (no src/grad import but its types, no method names)", () => {
    const blind = [...modules.values()].filter((m) => m.file.startsWith("optim/") || m.file.startsWith("train/"));
    expect(blind.length).toBeGreaterThan(3);
    const violations = blind.flatMap((m) => {
      const text = readFileSync(join(SRC, m.file), "utf8");
      const named = /backprop|finite.difference|path.enumeration/i.test(text) ? [`src/${m.file} names a gradient method`] : [];
      const imports = m.specifiers
        .filter((s) => s.resolved !== null && s.resolved.startsWith("grad/") && !s.typeOnly && s.resolved !== "grad/index.ts")
        .map((s) => `src/${m.file} imports ${s.text}`);
      return [...named, ...imports];
    });
    expect(violations, "the optimizer receives a gradient and never asks where it came from").toEqual([]);
  });

  it("keeps core folders off `process` (cwd, env and streams come in as arguments)", () => {
    const violations = [...modules.values()]
      .filter((m) => isCore(m.file))
      .flatMap((m) => [
        ...m.processUses.map((line) => `src/${m.file}:${line} uses process`),
        ...m.specifiers.filter((s) => s.text === "process" || s.text === "node:process").map((s) => `src/${m.file} imports ${s.text}`),
      ]);
    expect(violations).toEqual([]);
  });
});

describe("the architecture checks themselves", () => {
  it("find a cycle, Math.random and process in a made-up tree", () => {
    const fake = new Map<string, Module>([
      ["a.ts", { file: "a.ts", runtimeImports: ["b.ts"], specifiers: [], processUses: [], mathRandomUses: [] }],
      ["b.ts", { file: "b.ts", runtimeImports: ["c.ts"], specifiers: [], processUses: [], mathRandomUses: [] }],
      ["c.ts", { file: "c.ts", runtimeImports: ["a.ts"], specifiers: [], processUses: [], mathRandomUses: [] }],
      ["d.ts", { file: "d.ts", runtimeImports: ["a.ts"], specifiers: [], processUses: [], mathRandomUses: [] }],
    ]);
    expect(findCycles(fake)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    const source = ts.createSourceFile(
      "x.ts",
      "const r = Math.random(); const q = Math['random']; const env = process.env; const o = { process: 1 }; o.process;",
      ts.ScriptTarget.ES2022,
      true,
    );
    const found: string[] = [];
    const walk = (node: ts.Node): void => {
      if (isMathRandom(node)) found.push("random");
      if (ts.isIdentifier(node) && node.text === "process" && !isPropertyName(node)) found.push("process");
      ts.forEachChild(node, walk);
    };
    walk(source);
    expect(found).toEqual(["random", "random", "process"]);
  });
});
