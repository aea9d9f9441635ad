/** How the examples test reads a Markdown file and a command line (doc-examples.ts, shell-line.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codeBlocks, docBlocks } from "./doc-examples.js";
import { expandWord, parseShellLine } from "./shell-line.js";

const words = (line: string): string[][] => parseShellLine(line).commands.map((c) => c.words.map((w) => w.text));

describe("parseShellLine", () => {
  it("splits words and keeps quoted text whole, without the quotes", () => {
    expect(words(`sgd train --set 'model.hidden=[64,32]' --set "a=b c" x\\ y`)).toEqual([
      ["sgd", "train", "--set", "model.hidden=[64,32]", "--set", "a=b c", "x y"],
    ]);
  });

  it("reads a trailing comment, and # inside a word or quotes as text", () => {
    const line = parseShellLine(`sgd a#b '#c'   # exit 2: unknown key`);
    expect(line.commands[0]!.words.map((w) => w.text)).toEqual(["sgd", "a#b", "#c"]);
    expect(line.comment).toBe("exit 2: unknown key");
  });

  it("splits A && B and takes > FILE as the redirection of its command", () => {
    const line = parseShellLine("npm ci && sgd schema train > configs/schema.json");
    expect(line.commands.map((c) => c.words.map((w) => w.text))).toEqual([
      ["npm", "ci"],
      ["sgd", "schema", "train"],
    ]);
    expect(line.commands.map((c) => c.stdoutTo)).toEqual([null, "configs/schema.json"]);
  });

  it("marks a word with an unquoted * as a glob, and a quoted one not", () => {
    const [command] = parseShellLine(`sgd report runs/x/*/ 'a*'`).commands;
    expect(command!.words.map((w) => w.glob)).toEqual([false, false, true, false]);
  });

  it.each([
    ["sgd schema | head", "|"],
    ["sgd a; sgd b", ";"],
    ["sgd --set model.hidden=[64,32]", "["],
    ["sgd --out $HOME/x", "$"],
    ['sgd "$(date)"', "$"],
    ["sgd schema >> x", ">>"],
    ["sgd 'open", "unterminated"],
  ])("refuses %s", (line, what) => {
    expect(() => parseShellLine(line)).toThrow(what);
  });
});

describe("expandWord", () => {
  it("expands a glob to sorted matches relative to cwd, directories only with a trailing /", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "sgd-glob-"));
    try {
      for (const d of ["runs/g/1-b", "runs/g/0-a"]) mkdirSync(path.join(cwd, d), { recursive: true });
      writeFileSync(path.join(cwd, "runs/g/sweep.json"), "{}");
      expect(expandWord({ text: "runs/g/*/", glob: true }, cwd)).toEqual(["runs/g/0-a/", "runs/g/1-b/"]);
      expect(expandWord({ text: "runs/g/*.json", glob: true }, cwd)).toEqual(["runs/g/sweep.json"]);
      expect(expandWord({ text: "runs/none/*/", glob: true }, cwd)).toEqual(["runs/none/*/"]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("docBlocks", () => {
  const markdown = [
    "```sh",
    "sgd train --config a.yaml \\",
    "    --out runs/a        # a comment",
    "# a comment line",
    "npm test",
    "npx sgd evaluate --model runs/a   # exit 2",
    "```",
    "",
    "```text",
    "sgd not a command: output",
    "```",
    "",
    "- a list item:",
    "  ```console",
    "  $ sgd schema",
    "  {",
    "  ```",
  ].join("\n");

  it("finds indented fences and their lines", () => {
    expect(codeBlocks(markdown).map((b) => [b.info, b.line, b.lines.length])).toEqual([
      ["sh", 1, 5],
      ["text", 9, 1],
      ["console", 14, 2],
    ]);
  });

  it("joins continuations, drops npm lines and output, and reads # exit N", () => {
    const blocks = docBlocks(markdown);
    expect(blocks.map((b) => b.line)).toEqual([1, 14]);
    expect(blocks[0]!.commands.map((c) => [c.line, c.args.map((w) => w.text).join(" "), c.exitCode])).toEqual([
      [2, "train --config a.yaml --out runs/a", 0],
      [6, "evaluate --model runs/a", 2],
    ]);
    expect(blocks[1]!.commands.map((c) => c.args.map((w) => w.text))).toEqual([["schema"]]);
  });

  it("refuses a command that is neither sgd nor npm", () => {
    expect(() => docBlocks("```sh\ncat runs/a/summary.json\n```\n")).toThrow("neither sgd nor npm");
  });
});
