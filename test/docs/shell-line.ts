/**
 * The small part of POSIX shell syntax that the docs' examples may use, so that a test can run
 * them as written without a shell:
 *   words separated by blanks; '…' and "…" quoting; a backslash escapes the next character;
 *   A && B (run B only if A exits 0); > FILE (stdout into FILE); a # at the start of a word
 *   begins a comment; an unquoted * in a word is a glob over the working directory.
 * Anything else a shell would treat specially (pipes, ;, $VAR, $(…), unquoted [ ] { } ? ~ …)
 * is refused with a message, so an example never means one thing here and another in a shell
 * (zsh, for one, rejects an unquoted [64,32] that matches no file).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export interface Word {
  text: string;
  /** contains an unquoted `*`: expand it against the working directory */
  glob: boolean;
}

export interface ShellCommand {
  words: Word[];
  /** `> FILE`: where stdout goes, relative to the working directory */
  stdoutTo: string | null;
}

export interface ShellLine {
  /** the commands of `A && B && …`, in order */
  commands: ShellCommand[];
  /** the text after an unquoted `#`, without the `#`; null when there is none */
  comment: string | null;
}

const REFUSED = new Set(["|", ";", "<", "&", "$", "`", "(", ")", "[", "]", "{", "}", "?", "~", "!"]);

export function parseShellLine(line: string): ShellLine {
  const commands: ShellCommand[] = [];
  let command: ShellCommand = { words: [], stdoutTo: null };
  let word: Word | null = null;
  let redirecting = false;
  let comment: string | null = null;

  const endWord = (): void => {
    if (word === null) return;
    if (redirecting) {
      command.stdoutTo = word.text;
      redirecting = false;
    } else {
      command.words.push(word);
    }
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    if (redirecting) throw new SyntaxError(`"${line}": > needs a file name`);
    if (command.words.length === 0) throw new SyntaxError(`"${line}": an empty command`);
    commands.push(command);
    command = { words: [], stdoutTo: null };
  };
  const append = (text: string, glob = false): void => {
    word ??= { text: "", glob: false };
    word.text += text;
    word.glob ||= glob;
  };

  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      endWord();
    } else if (c === "#" && word === null) {
      comment = line.slice(i + 1).trim();
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxError(`"${line}": unterminated '`);
      append(line.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      i = readDoubleQuoted(line, i, append);
    } else if (c === "\\") {
      if (i + 1 >= line.length) throw new SyntaxError(`"${line}": a trailing backslash`);
      append(line[++i]!);
    } else if (c === "&" && line[i + 1] === "&") {
      endCommand();
      i++;
    } else if (c === ">") {
      if (line[i + 1] === ">") throw new SyntaxError(`"${line}": >> is not supported in a doc example; use >`);
      endWord();
      if (command.stdoutTo !== null || redirecting) throw new SyntaxError(`"${line}": two redirections`);
      redirecting = true;
    } else if (REFUSED.has(c)) {
      throw new SyntaxError(`"${line}": ${c} is not supported in a doc example (quote it if it is part of a value)`);
    } else {
      append(c, c === "*");
    }
  }
  endCommand();
  return { commands, comment };
}

/** "…" from line[start]: backslash escapes " \ $ `; $ and ` themselves are refused. Returns the closing quote's index. */
function readDoubleQuoted(line: string, start: number, append: (text: string) => void): number {
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return i;
    if (c === "\\" && '"\\$`'.includes(line[i + 1] ?? "")) append(line[++i]!);
    else if (c === "$" || c === "`")
      throw new SyntaxError(`"${line}": ${c} inside "…" is not supported in a doc example`);
    else append(c);
  }
  throw new SyntaxError(`"${line}": unterminated "`);
}

/**
 * A word as the shell would pass it: a glob (`runs/grid/*` or `runs/grid/*\/` for directories
 * only) becomes the sorted matching paths relative to `cwd`, hidden names excluded; a glob that
 * matches nothing stays as written (bash's default).
 */
export function expandWord(word: Word, cwd: string): string[] {
  if (!word.glob) return [word.text];
  const dirsOnly = word.text.endsWith("/");
  const parts = word.text.split("/").filter((p) => p !== "");
  let found = [""];
  for (const part of parts) {
    const pattern = new RegExp(`^${part.split("*").map(escapeRegExp).join("[^/]*")}$`);
    found = found.flatMap((prefix) => {
      if (!part.includes("*")) return [path.join(prefix, part)];
      const dir = path.join(cwd, prefix);
      const names = isDirectory(dir) ? readdirSync(dir).sort() : [];
      return names.filter((n) => !n.startsWith(".") && pattern.test(n)).map((n) => path.join(prefix, n));
    });
  }
  const matches = found
    .filter((p) => (dirsOnly ? isDirectory(path.join(cwd, p)) : existsSync(path.join(cwd, p))))
    .map((p) => (dirsOnly ? `${p}/` : p));
  return matches.length > 0 ? matches : [word.text];
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
