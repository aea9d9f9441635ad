/**
 * run(argv) → exit code. The one place where errors become messages and exit codes:
 *   SgdError subclasses carry their own code (2 usage/config/data, 3 diverged/check, 130 interrupt);
 *   commander usage errors → 2; anything else is a bug → 1, stack only with --verbose or DEBUG.
 */
import { CommanderError } from "commander";
import { SgdError } from "../errors.js";
import { colours, processIo, type Io } from "./io.js";
import { createProgram, type CliContext } from "./program.js";

export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  const program = createProgram(ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    return reportError(err, io, argv.includes("--verbose") || Boolean(io.env.DEBUG));
  }
}

/** Entry point used by bin/sgd.js. */
export async function main(argv: string[]): Promise<number> {
  return run(argv, processIo());
}

function reportError(err: unknown, io: Io, verbose: boolean): number {
  const c = colours(io);
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
      return 0;
    }
    io.stderr(`${c.red("error:")} ${err.message.replace(/^error: /, "")}\n`);
    return 2;
  }
  if (err instanceof SgdError) {
    io.stderr(`${c.red("error:")} ${err.message}\n`);
    if (verbose && err.stack) io.stderr(err.stack + "\n");
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`${c.red("internal error:")} ${message} (this is a bug; rerun with --verbose for the stack)\n`);
  if (verbose && err instanceof Error && err.stack) io.stderr(err.stack + "\n");
  return 1;
}
