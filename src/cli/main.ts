/**
 * run(argv) → exit code. The one place where errors become messages and exit codes:
 *   SgdError subclasses carry their own code (2 usage/config/data, 3 diverged/check, 4 assertion, 130 interrupt);
 *   commander usage errors → 2 (help asked for → 0; `sgd` alone → 2); a file-system failure no
 *   writer caught (an errno error: ENOSPC, EROFS, …) → 2 in plain words; anything else is a bug
 *   → 1, stack only with --verbose or DEBUG.
 * Every line of a message is printed as its own `error: …` line on stderr; under GitHub Actions
 * (GITHUB_ACTIONS=true or --github, not --no-github) also as an `::error` annotation, a config
 * issue on its file, line and column. Under --json, a
 * command that fails before writing its summary still leaves one JSON document on stdout:
 *   {"status": "error", "exitCode": 2, "error": "<message>"}
 */
import { CommanderError, type Command } from "commander";
import { InvalidConfigError } from "../config/config-issue.js";
import { AssertionFailedError, DivergedError, GradientCheckError, SgdError } from "../core/errors.js";
import { GitHubActions, githubEnabled } from "../report/github-actions.js";
import { plainReason } from "../core/fs-error.js";
import type { Io } from "../core/io.js";
import { colours } from "../report/terminal.js";
import { processIo } from "./io.js";
import { toJsonDocument } from "../report/reporter.js";
import { createProgram } from "./program.js";
import type { CliContext } from "./command-options.js";

/** Run the CLI on `argv` (without node and script); returns the process exit code. */
export async function run(
  argv: string[],
  io: Io = processIo(),
  makeProgram: (ctx: CliContext) => Command = createProgram,
): Promise<number> {
  let wroteStdout = false;
  // spread keeps every field of Io (also ones added later); only stdout is wrapped
  const stdout = (text: string): void => {
    wroteStdout = true;
    io.stdout(text);
  };
  const watched: Io = { ...io, stdout };
  const ctx: CliContext = { io: watched, exitCode: 0 };
  const program = makeProgram(ctx);
  try {
    await program.parseAsync(helpAsFlag(argv, program), { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    const options = flagsBeforeDoubleDash(argv);
    const outcome = reportError(err, io, options.has("--verbose") || Boolean(io.env.DEBUG));
    const flag = options.has("--no-github") ? false : options.has("--github") ? true : undefined;
    annotateError(err, new GitHubActions(io, githubEnabled(io.env, flag)));
    if (options.has("--json") && !wroteStdout && outcome.message !== null) {
      io.stdout(toJsonDocument({ status: "error", exitCode: outcome.exitCode, error: outcome.message }));
    }
    return outcome.exitCode;
  }
}

/** Entry point used by bin/sgd.js. */
export async function main(argv: string[]): Promise<number> {
  return run(argv, processIo());
}

/** Print an error (each line as `error: …`) and decide the exit code; `message` is null for help/version. */
export function reportError(err: unknown, io: Io, verbose: boolean): { exitCode: number; message: string | null } {
  const c = colours(io);
  const print = (label: string, message: string): void => {
    for (const line of message.split("\n")) io.stderr(`${c.red(label)} ${line}\n`);
  };
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version")
      return { exitCode: 0, message: null };
    // `sgd help [command]` exits 0; `sgd` alone exits 2: commander has printed the help already
    if (err.code === "commander.help") return { exitCode: err.exitCode === 0 ? 0 : 2, message: null };
    const message = oneLine(err.message);
    print("error:", message);
    return { exitCode: 2, message };
  }
  if (err instanceof SgdError) {
    print("error:", err.message);
    if (verbose && err.stack) io.stderr(`${err.stack}\n`);
    return { exitCode: err.exitCode, message: err.message };
  }
  const reason = plainReason(err);
  if (reason !== null) {
    const where = (err as { path?: unknown }).path;
    const message = `${typeof where === "string" ? `${where}: ` : ""}${reason}`;
    print("error:", message);
    if (verbose && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return { exitCode: 2, message };
  }
  const message = err instanceof Error ? err.message : String(err);
  print("internal error:", `${message} (this is a bug; rerun with --verbose for the stack)`);
  if (verbose && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return { exitCode: 1, message };
}

/** Config issues as annotations on their file/line/col; any other SgdError a line at a time. */
function annotateError(err: unknown, github: GitHubActions): void {
  if (err instanceof InvalidConfigError) {
    for (const issue of err.issues) {
      const at =
        issue.file === null ? {} : { file: issue.file, line: issue.line ?? undefined, col: issue.col ?? undefined };
      github.annotate("error", issue.message, { ...at, title: "sgd: config error" });
    }
  } else if (err instanceof SgdError) {
    for (const line of err.message.split("\n")) github.annotate("error", line, { title: `sgd: ${titleOf(err)}` });
  }
}

function titleOf(err: SgdError): string {
  if (err instanceof DivergedError) return "training diverged";
  if (err instanceof GradientCheckError) return "gradient check failed";
  if (err instanceof AssertionFailedError) return "assertion failed";
  return err.exitCode === 2 ? "bad input" : "stopped";
}

/** commander's "error: unknown command 'schem'\n(Did you mean schema?)" → one line. */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, "")
    .replace(/\n\(Did you mean (.*)\?\)/, " (did you mean $1?)")
    .replace(/\n/g, " ");
}

/** `sgd help COMMAND` as `sgd COMMAND --help` (exit 0); for a command that does not exist, "unknown command". */
function helpAsFlag(argv: readonly string[], program: Command): string[] {
  if (argv[0] !== "help" || argv.length !== 2 || argv[1]!.startsWith("-")) return [...argv];
  const known = program.commands.some((c) => c.name() === argv[1] || c.aliases().includes(argv[1]!));
  return known ? [argv[1]!, "--help"] : [argv[1]!];
}

function flagsBeforeDoubleDash(argv: readonly string[]): Set<string> {
  const end = argv.indexOf("--");
  return new Set(end < 0 ? argv : argv.slice(0, end));
}
