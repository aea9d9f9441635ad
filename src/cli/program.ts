/**
 * createProgram(): a fresh commander program per call (so tests can build many), with every
 * working command registered. Commands are thin: parse flags, call a typed core function,
 * hand results to a reporter. Each command module exports `register(program, ctx)`.
 */
import { Command, Option } from "commander";
import type { Io } from "./io.js";
import { register as registerSchema } from "./commands/schema.js";
import { register as registerDescend } from "./commands/descend.js";

/** Shared between the program and its actions: where output goes and the exit code they set. */
export interface CliContext {
  io: Io;
  exitCode: number;
}

export function createProgram(ctx: CliContext): Command {
  const program = new Command("sgd")
    .description("Train small MLPs with SGD from a config file; measure backprop against naive gradient methods.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      outputError: () => {
        /* errors are printed once, by main.ts */
      },
    });
  program.addOption(new Option("--verbose", "print stack traces of internal errors"));
  registerSchema(program, ctx);
  registerDescend(program, ctx);
  return program;
}

export const VERSION = "0.1.0";

/** Options most commands share (SPEC §2). Call on a sub-command to add them. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option("--json", "stdout carries exactly one JSON document (the summary); human output goes to stderr")
    .option("--quiet", "print nothing but errors")
    .option("--verbose", "print stack traces of internal errors");
}

/** `--set KEY=VALUE`, repeatable. */
export function withSetOption(cmd: Command): Command {
  return cmd.option(
    "--set <key=value>",
    "override a config key by dotted path, value parsed as YAML scalar (repeatable)",
    (v: string, prev: string[]) => [...prev, v],
    [] as string[],
  );
}
