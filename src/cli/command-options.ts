/**
 * Flags shared by several commands, added in one place so they read the same
 * everywhere. Command modules import these from here, not from program.ts, which imports the
 * command modules: that keeps the import graph free of cycles.
 */
import path from "node:path";
import type { Command } from "commander";
import { UsageError } from "../core/errors.js";
import type { Io } from "../core/io.js";
import { GitHubActions, githubEnabled } from "../report/github-actions.js";
import { writeJUnit, type JUnitSuite } from "../report/junit.js";

/** Shared between the program and its actions: where output goes and the exit code they set. */
export interface CliContext {
  io: Io;
  exitCode: number;
}

/** The flags `withCommonOptions` adds, as commander hands them to an action. */
export interface CommonFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** The flags `sgd train` and `sgd sweep` share, as commander hands them to an action. */
export interface RunFlags extends CommonFlags {
  set: string[];
  out?: string;
  force?: boolean;
  seed?: string;
  threads?: string;
  allowSlow?: boolean;
}

/** The help line of `--threads` (train and sweep). */
export const THREADS_HELP =
  "threads for finite differences, and for backprop's big products on the wasm engine (default: the machine's cores)";

/** `--threads N`, default `cores` (the machine's). */
export function parseThreads(text: string | undefined, cores: number): number {
  if (text === undefined) return cores;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads: expected a positive integer, found "${text}"`);
  return n;
}

/** A positive whole number flag (`--jobs 2`). */
export function parsePositive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, found "${text}"`);
  return n;
}

/** --json, --quiet, --verbose. Pass the parsed flags to createReporter (src/cli/output.ts). */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option("--json", "stdout carries exactly one JSON document (the summary); human output goes to stderr")
    .option("--quiet", "print nothing but errors")
    .option("--verbose", "print stack traces of internal errors");
}

/** `--set KEY=VALUE`, repeatable; the action receives `set: string[]` for loadConfig(). */
export function withSetOption(cmd: Command): Command {
  return cmd.option(
    "--set <key=value>",
    "override a config key by dotted path; the value is read as YAML (0.1, full, [64,32]); repeatable",
    (v: string, prev: string[]) => [...prev, v],
    [] as string[],
  );
}

/** The flags `withCiOptions` adds: --junit FILE, --github / --no-github. */
export interface CiFlags {
  junit?: string;
  /** true: --github, false: --no-github, undefined: GITHUB_ACTIONS decides */
  github?: boolean;
}

/** --junit FILE and --github / --no-github (train, sweep, compare-gradients, check-gradients). */
export function withCiOptions(cmd: Command): Command {
  return cmd
    .option("--junit <file>", "also write the results as a JUnit XML report")
    .option(
      "--github",
      "write GitHub Actions annotations, step summary and outputs (default: when GITHUB_ACTIONS=true)",
    )
    .option("--no-github", "do not, even when GITHUB_ACTIONS=true");
}

/** The GitHub Actions writer for these flags. */
export function githubFor(io: Io, flags: CiFlags): GitHubActions {
  return new GitHubActions(io, githubEnabled(io.env, flags.github));
}

/** Writes the JUnit report when --junit asked for one (path relative to the working directory). */
export function writeJUnitFor(io: Io, flags: CiFlags, name: string, suites: readonly JUnitSuite[]): void {
  if (flags.junit !== undefined) writeJUnit(path.resolve(io.cwd, flags.junit), name, suites);
}

/** A repeatable option's collector. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
