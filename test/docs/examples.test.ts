/**
 * Every example command in README.md and docs/*.md runs as written, from a fresh clone.
 *
 * Which lines are examples (the full convention is in doc-examples.ts):
 *   - lines of ```sh, ```bash and ```console ("$ " lines) blocks that start with `sgd ` or
 *     `npx sgd ` run; `npm …` lines are not run (`.ci/run` runs the install and the tests);
 *     ```text blocks are output and are ignored;
 *   - each command exits 0 unless its comment says `# exit N`;
 *   - one block = one fresh directory (configs/ and data/ as in a clone), its commands in order.
 * Each command runs in-process through the CLI's `run(argv, io)` with captured output and
 * `cwd` = that directory; `> FILE` writes the captured stdout there. Also: the README's Quick
 * start is the two set-up commands, and the library snippets of docs/library.md run (in a fresh
 * directory too).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { codeBlocks, docBlocks, type DocCommand } from "./doc-examples.js";
import { freshCloneDir } from "./fresh-clone.js";
import { expandWord } from "./shell-line.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOC_FILES = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((remove) => remove()));

function freshDir(): string {
  const { dir, remove } = freshCloneDir(ROOT);
  cleanups.push(remove);
  return dir;
}

async function runExample(command: DocCommand, cwd: string): Promise<{ exitCode: number; stderr: string }> {
  const argv = command.args.flatMap((word) => expandWord(word, cwd));
  const io = capturedIo({ cwd });
  const exitCode = await run(argv, io);
  if (command.stdoutTo !== null) writeFileSync(path.resolve(cwd, command.stdoutTo), io.out());
  return { exitCode, stderr: io.err() };
}

for (const file of DOC_FILES) {
  const blocks = docBlocks(readFileSync(path.join(ROOT, file), "utf8"));
  // a page whose code blocks are all output or npm commands (e.g. docs/performance.md) adds no test
  if (blocks.length === 0) continue;
  describe(file, () => {
    for (const block of blocks) {
      const [first, ...more] = block.commands;
      const title = `${file}:${block.line}: ${first!.text.slice(0, 60)}${more.length > 0 ? ` (+${more.length} more)` : ""}`;
      it(title, async () => {
        const cwd = freshDir();
        for (const command of block.commands) {
          const { exitCode, stderr } = await runExample(command, cwd);
          const tail = stderr.trimEnd().split("\n").slice(-5).join("\n");
          expect(
            exitCode,
            `${file}:${command.line}: \`${command.text}\` exited ${exitCode}; stderr ends:\n${tail}`,
          ).toBe(command.exitCode);
        }
      });
    }
  });
}

describe("README Quick start", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Quick start"));

  it("is the two set-up commands: install and train on the embedded MNIST, then the tests", () => {
    expect(section, "README.md has no ## Quick start").toBeDefined();
    const commands = codeBlocks(section!)
      .filter((b) => b.info === "sh")
      .flatMap((b) => b.lines.map((l) => l.text.replace(/\s+#.*$/, "").trim()).filter((l) => l !== ""));
    expect(commands).toEqual(["npm ci && npx sgd train --config configs/mnist-minibatch.yaml", "npm test"]);
  });

  it("is what .ci/run runs", () => {
    const ci = readFileSync(path.join(ROOT, ".ci/run"), "utf8")
      .split("\n")
      .map((l) => l.trim());
    expect(ci).toContain("npm ci");
    expect(ci).toContain("npm test");
  });
});

describe("docs/library.md", () => {
  it('its snippet runs, importing src/index.ts where it says "sgd"', async () => {
    const snippets = codeBlocks(readFileSync(path.join(ROOT, "docs/library.md"), "utf8")).filter(
      (b) => b.info === "ts",
    );
    expect(snippets.length).toBeGreaterThan(0);
    const entry = pathToFileURL(path.join(ROOT, "src/index.ts")).href;
    for (const snippet of snippets) {
      const code = snippet.lines
        .map((l) => l.text)
        .join("\n")
        .replace(/from "sgd"/g, `from ${JSON.stringify(entry)}`);
      const dir = freshDir();
      const file = path.join(dir, `snippet-${snippet.line}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      // relative paths in the snippet (configs/…, runs/…) mean the fresh clone, as for the commands
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        await expect(
          import(/* @vite-ignore */ pathToFileURL(file).href),
          `docs/library.md:${snippet.line}`,
        ).resolves.toBeDefined();
      } finally {
        process.chdir(cwd);
      }
    }
  });
});
