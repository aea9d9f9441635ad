/**
 * The runnable examples of a Markdown file. The convention (what a doc writer needs to know):
 *   - Fenced blocks tagged ```sh or ```bash hold commands, one per line (a trailing \ continues
 *     a line; blank lines and lines starting with # are skipped). In ```console blocks only the
 *     lines starting with "$ " are commands; the other lines are output.
 *   - A command is `sgd …` or `npx sgd …`; it runs. `npm …` (install, test, bench) does not run
 *     here: `.ci/run` runs the install and the tests. `npm ci && npx sgd …` runs its sgd part.
 *     Any other command in such a block is an error: show output in a ```text block instead.
 *   - Each command must exit 0, unless its comment starts with `# exit N` (e.g. `# exit 2: …`).
 *   - The commands of one block run in order in one fresh directory, so a later one may use an
 *     earlier one's output (train, then evaluate its run); each block starts afresh.
 *   - Quoting, &&, > FILE and * globs work as in a shell (see shell-line.ts); pipes do not.
 */
import { parseShellLine, type Word } from "./shell-line.js";

export interface CodeBlock {
  /** the info string after the fence, e.g. "sh" */
  info: string;
  /** 1-based line of the opening fence */
  line: number;
  /** content lines, with the fence's indentation removed */
  lines: { text: string; line: number }[];
}

export interface DocCommand {
  /** 1-based line in the Markdown file */
  line: number;
  /** the command as written (continuations joined) */
  text: string;
  /** the arguments after `sgd` */
  args: Word[];
  stdoutTo: string | null;
  exitCode: number;
}

export interface DocBlock {
  line: number;
  commands: DocCommand[];
}

const COMMAND_BLOCKS = new Set(["sh", "bash", "console"]);

/** Every fenced code block (``` or ~~~, possibly indented inside a list item). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { fence: string; indent: number; block: CodeBlock } | null = null;
  markdown.split("\n").forEach((text, index) => {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/.exec(text);
    if (open === null) {
      if (fence)
        open = { fence: fence[2]!, indent: fence[1]!.length, block: { info: fence[3]!, line: index + 1, lines: [] } };
    } else if (fence && fence[2]!.startsWith(open.fence) && fence[3] === "") {
      blocks.push(open.block);
      open = null;
    } else {
      open.block.lines.push({
        text: text.slice(Math.min(open.indent, text.length - text.trimStart().length)),
        line: index + 1,
      });
    }
  });
  return blocks;
}

/** The blocks of `markdown` that hold at least one command to run. */
export function docBlocks(markdown: string): DocBlock[] {
  return codeBlocks(markdown)
    .filter((b) => COMMAND_BLOCKS.has(b.info))
    .map((b) => ({ line: b.line, commands: logicalLines(b).flatMap(commandsOf) }))
    .filter((b) => b.commands.length > 0);
}

/** Command lines of a block, with `\` continuations joined; in a console block only `$ ` lines. */
function logicalLines(block: CodeBlock): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | null = null;
  for (const { text, line } of block.lines) {
    let command = text;
    if (pending === null) {
      if (block.info === "console") {
        if (!text.startsWith("$ ")) continue;
        command = text.slice(2);
      }
      if (command.trim() === "" || command.trimStart().startsWith("#")) continue;
      pending = { text: "", line };
    }
    const continues = command.endsWith("\\");
    pending.text += (pending.text === "" ? "" : " ") + (continues ? command.slice(0, -1) : command).trim();
    if (!continues) {
      out.push(pending);
      pending = null;
    }
  }
  if (pending !== null) throw new SyntaxError(`line ${pending.line}: the block ends inside a \\ continuation`);
  return out;
}

/** The sgd commands of one line (`npm` parts are not run); throws for any other program. */
function commandsOf({ text, line }: { text: string; line: number }): DocCommand[] {
  const parsed = parseShellLine(text);
  const exit = /^exit\s+(\d+)\b/.exec(parsed.comment ?? "");
  const sgd = parsed.commands.filter((command, k) => {
    const first = command.words[0]!.text;
    if (first === "npm") return false;
    if (first === "sgd" || (first === "npx" && command.words[1]?.text === "sgd")) return true;
    throw new SyntaxError(
      `line ${line}: "${text}": command ${k + 1} is neither sgd nor npm; show output in a \`\`\`text block`,
    );
  });
  return sgd.map((command, k) => ({
    line,
    text,
    args: command.words.slice(command.words[0]!.text === "npx" ? 2 : 1),
    stdoutTo: command.stdoutTo,
    // in A && B, A must succeed for B to run: the expected code belongs to the last command
    exitCode: k === sgd.length - 1 && exit ? Number(exit[1]) : 0,
  }));
}
