/**
 * The layering of src/, checked on whatever files exist (the tree is scanned, so new files are
 * covered). Folders are ranked from the bottom up (LAYERS): a module imports only from its own
 * folder or a lower one, type-only imports included, and no folder has an import cycle inside it,
 * so there is no cycle of any kind. Also: no Math.random in src/; only src/cli touches `process`;
 * only src/cli and src/report use commander, chalk or cli-progress; the optimizer and the loop
 * never name a gradient method; the loop, the checkpoint and the gradient methods never name an
 * optimizer or its state; no file over MAX_FILE_LINES lines, no function over MAX_FUNCTION_LINES
 * and no line over MAX_LINE_LENGTH characters (but in the generated wasm binary).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
/** src/ folders from the bottom up: a folder may import from itself and the folders before it. */
const LAYERS = [
  "core",
  "config",
  "data",
  "engine",
  "model",
  "export",
  "grad",
  "optim",
  "train",
  "compare",
  "descend",
  "sweep",
  "report",
  "run",
  "cli",
] as const;
const UI_FOLDERS = ["cli", "report"];
const UI_PACKAGES = ["commander", "chalk", "cli-progress"];
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
/** Biome's lineWidth: it wraps code, not strings or comments, so this catches what it leaves. */
const MAX_LINE_LENGTH = 120;
/** Written by `npm run build:wasm`: base64 on one line. */
const GENERATED_FILES = ["engine/wasm/kernels-binary.ts"];

interface Import {
  text: string;
  /** the file under src/ it names, or null for a package */
  resolved: string | null;
  typeOnly: boolean;
  line: number;
}

interface Module {
  /** path relative to src/, e.g. "config/load-config.ts" */
  file: string;
  imports: Import[];
  /** line numbers where `process` is used, and where Math.random is */
  processUses: number[];
  mathRandomUses: number[];
  lines: number;
  /** functions longer than MAX_FUNCTION_LINES: "name (N lines) at line L" */
  longFunctions: string[];
  /** lines longer than MAX_LINE_LENGTH characters (code points): "L (N)" */
  longLines: string[];
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
  const absolute = resolve(dirname(join(SRC, fromFile)), specifier)
    .replace(/\.js$/, ".ts")
    .replace(/\.mjs$/, ".mts");
  return relative(SRC, absolute);
}

function analyse(file: string, text: string): Module {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const module: Module = {
    file,
    imports: [],
    processUses: [],
    mathRandomUses: [],
    lines: text.split("\n").length,
    longFunctions: [],
    longLines: text.split("\n").flatMap((line, i) => {
      const length = [...line.replace(/\r$/, "")].length;
      return length > MAX_LINE_LENGTH ? [`${i + 1} (${length})`] : [];
    }),
  };
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const endLineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
  const addImport = (literal: ts.Expression, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(literal)) return;
    module.imports.push({
      text: literal.text,
      resolved: resolveRelative(file, literal.text),
      typeOnly,
      line: lineOf(literal),
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      addImport(node.moduleSpecifier, isTypeOnlyImport(node));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      addImport(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      addImport(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      addImport(node.argument.literal as ts.Expression, true);
    } else if (ts.isIdentifier(node) && node.text === "process" && !isPropertyName(node)) {
      module.processUses.push(lineOf(node));
    } else if (isMathRandom(node)) {
      module.mathRandomUses.push(lineOf(node));
    }
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const length = endLineOf(node) - lineOf(node) + 1;
      if (length > MAX_FUNCTION_LINES)
        module.longFunctions.push(`${functionName(node)} (${length} lines) at line ${lineOf(node)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return module;
}

function functionName(node: ts.SignatureDeclaration): string {
  if (node.name !== undefined && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return ts.isConstructorDeclaration(node) ? "constructor" : "(anonymous)";
}

/** `import type {…}` or `import { type A, type B }` (erased by the compiler). */
function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
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
    return (
      ts.isIdentifier(node.expression) &&
      node.expression.text === "Math" &&
      ts.isStringLiteralLike(arg) &&
      arg.text === "random"
    );
  }
  return false;
}

/** The folder's rank in LAYERS; files directly in src/ (index.ts) rank above every folder. */
function rank(file: string): number {
  const folder = file.includes("/") ? file.split("/")[0]! : null;
  return folder === null ? LAYERS.length : (LAYERS as readonly string[]).indexOf(folder);
}

/** Every cycle among imports (type-only included), each as a path a → b → … → a. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "visiting");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return cycles;
}

const modules = new Map(
  sourceFiles(SRC).map((path) => {
    const file = relative(SRC, path);
    return [file, analyse(file, readFileSync(path, "utf8"))] as const;
  }),
);
const all = [...modules.values()];
const textOf = (m: Module): string => readFileSync(join(SRC, m.file), "utf8");

describe("architecture of src/", () => {
  it("scans the tree (it finds the files it is meant to guard)", () => {
    expect(modules.has("cli/main.ts")).toBe(true);
    expect(modules.has("config/load-config.ts")).toBe(true);
    expect(modules.size).toBeGreaterThan(10);
  });

  it("puts every file in a ranked folder", () => {
    expect(
      all.filter((m) => rank(m.file) < 0).map((m) => `src/${m.file}`),
      `add its folder to LAYERS`,
    ).toEqual([]);
  });

  it("imports only from the same folder or a lower one (type-only imports included)", () => {
    const upward = all.flatMap((m) =>
      m.imports
        .filter((i) => i.resolved !== null && rank(i.resolved) > rank(m.file))
        .map((i) => `src/${m.file}:${i.line} imports ${i.text}`),
    );
    expect(upward, `folders from the bottom up: ${LAYERS.join(" < ")}`).toEqual([]);
  });

  it("has no import cycles, type-only imports included", () => {
    const graph = new Map(
      all.map((m) => [m.file, m.imports.flatMap((i) => (i.resolved === null ? [] : [i.resolved]))]),
    );
    const cycles = findCycles(graph).map((c) => c.join(" → "));
    expect(cycles, "break these cycles (move the shared part into its own module)").toEqual([]);
  });

  it("never uses Math.random (randomness comes from an Rng argument)", () => {
    const uses = all.flatMap((m) => m.mathRandomUses.map((line) => `src/${m.file}:${line}`));
    expect(uses, "use the seeded Rng from src/core/rng.ts").toEqual([]);
  });

  it("uses commander, chalk and cli-progress only in src/cli and src/report", () => {
    const violations = all
      .filter((m) => !UI_FOLDERS.some((folder) => m.file.startsWith(`${folder}/`)))
      .flatMap((m) =>
        m.imports
          .filter((i) =>
            UI_PACKAGES.includes(
              i.text.startsWith("@") ? i.text.split("/").slice(0, 2).join("/") : i.text.split("/")[0]!,
            ),
          )
          .map((i) => `src/${m.file} imports ${i.text}`),
      );
    expect(violations, "core code returns values or emits events; src/cli and src/report print").toEqual([]);
  });

  it("touches `process` only in src/cli (cwd, env, streams and signals come in as arguments)", () => {
    const violations = all
      .filter((m) => !m.file.startsWith("cli/"))
      .flatMap((m) => [
        ...m.processUses.map((line) => `src/${m.file}:${line} uses process`),
        ...m.imports
          .filter((i) => i.text === "process" || i.text === "node:process")
          .map((i) => `src/${m.file} imports ${i.text}`),
      ]);
    expect(violations).toEqual([]);
  });

  it("keeps the optimizer and the training loop blind to gradient methods (no method names, no src/grad import but its interface)", () => {
    const blind = all.filter((m) => m.file.startsWith("optim/") || m.file.startsWith("train/"));
    expect(blind.length).toBeGreaterThan(3);
    const violations = blind.flatMap((m) => {
      const named = /backprop|finite.difference|path.enumeration/i.test(textOf(m))
        ? [`src/${m.file} names a gradient method`]
        : [];
      const imports = m.imports
        .filter((i) => i.resolved?.startsWith("grad/") && i.resolved !== "grad/gradient-method.ts")
        .map((i) => `src/${m.file} imports ${i.text}`);
      return [...named, ...imports];
    });
    expect(violations, "the optimizer receives a gradient and never asks where it came from").toEqual([]);
  });

  it("keeps the training loop, the checkpoint and the gradient methods blind to optimizers (no optimizer or state names)", () => {
    const blind = all.filter((m) => m.file.startsWith("train/") || m.file.startsWith("grad/"));
    expect(blind.some((m) => m.file === "grad/backprop.ts")).toBe(true);
    const violations = blind.flatMap((m) => {
      const named = /createSgd|SgdState|SgdOptions|velocity|momentum|nesterov|\badam\w*|rmsprop|adagrad/i.exec(
        textOf(m),
      );
      const imports = m.imports
        .filter(
          (i) => i.resolved?.startsWith("optim/") && !["optim/optimizer.ts", "optim/schedule.ts"].includes(i.resolved),
        )
        .map((i) => `src/${m.file} imports ${i.text}`);
      return [...(named === null ? [] : [`src/${m.file} names "${named[0]}"`]), ...imports];
    });
    expect(violations, "the loop, the checkpoint and the gradient methods see only the Optimizer interface").toEqual(
      [],
    );
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    expect(all.filter((m) => m.lines > MAX_FILE_LINES).map((m) => `src/${m.file}: ${m.lines} lines`)).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(all.flatMap((m) => m.longFunctions.map((f) => `src/${m.file}: ${f}`))).toEqual([]);
  });

  it(`has no line over ${MAX_LINE_LENGTH} characters in src/ (but the generated wasm binary)`, () => {
    const long = all
      .filter((m) => !GENERATED_FILES.includes(m.file))
      .flatMap((m) => m.longLines.map((l) => `src/${m.file}:${l}`));
    expect(long, "split long strings with + (same text) and rewrap comments; npm run format wraps code").toEqual([]);
  });
});

describe("the architecture checks themselves", () => {
  it("find a cycle, Math.random, process, upward imports, long functions and long lines in made-up code", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const code =
      'import type { X } from "../cli/io.js";\n' +
      "const r = Math.random(); const q = Math['random']; const env = process.env; const o = { process: 1 }; o.process;\n" +
      `function long(): void {\n${body}\n}\nconst short = () => 1;\n`;
    const m = analyse("engine/x.ts", code);
    expect(m.mathRandomUses).toEqual([2, 2]);
    expect(m.processUses).toEqual([2]);
    expect(m.imports).toEqual([{ text: "../cli/io.js", resolved: "cli/io.ts", typeOnly: true, line: 1 }]);
    expect(rank(m.imports[0]!.resolved!)).toBeGreaterThan(rank(m.file));
    expect(m.longFunctions).toEqual([`long (${MAX_FUNCTION_LINES + 2} lines) at line 3`]);
    const wide = `// ${"…".repeat(MAX_LINE_LENGTH - 3)}\n// ${"…".repeat(MAX_LINE_LENGTH - 2)}\n`;
    expect(analyse("x.ts", wide).longLines).toEqual([`2 (${MAX_LINE_LENGTH + 1})`]);
  });
});
