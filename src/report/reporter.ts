/**
 * The reporter every command prints through, so the output rules live in one place:
 *
 *                   info / warn (stderr)   result: human text (stdout)   result: JSON (stdout)
 *   default         yes                    yes                           —
 *   --json          yes                    —                             one document
 *   --quiet         —                      —                             —
 *   --json --quiet  —                      —                             one document
 *
 * Errors are not printed here: commands throw, and src/cli/main.ts prints them (always, on stderr).
 */
import type { ChalkInstance } from "chalk";
import type { Io } from "../core/io.js";
import { colours, isInteractive } from "./terminal.js";

export interface OutputOptions {
  /** --json: stdout carries exactly one JSON document, the summary */
  json?: boolean;
  /** --quiet: print nothing but errors (and the JSON document, when --json asks for it) */
  quiet?: boolean;
}

export interface Reporter {
  readonly json: boolean;
  readonly quiet: boolean;
  /** colours for stderr text; plain when not interactive */
  readonly colour: ChalkInstance;
  /** live progress (bars, redrawn lines) allowed: interactive stderr and not --quiet */
  readonly live: boolean;
  /** a line for the human on stderr (a newline is added) */
  info(text: string): void;
  /** `warning: …` on stderr */
  warn(text: string): void;
  /**
   * The command's result, called once: under --json `summary` becomes the one JSON document on
   * stdout (typed arrays as arrays, non-finite numbers as null); otherwise `human` (if any) goes
   * to stdout. A second call is a bug and throws.
   */
  result(summary: unknown, human?: string): void;
}

export function createReporter(io: Io, options: OutputOptions): Reporter {
  const json = options.json === true;
  const quiet = options.quiet === true;
  const colour = colours(io);
  let resultWritten = false;
  return {
    json,
    quiet,
    colour,
    live: isInteractive(io) && !quiet,
    info(text) {
      if (!quiet) io.stderr(withNewline(text));
    },
    warn(text) {
      if (!quiet) io.stderr(`${colour.yellow("warning:")} ${withNewline(text)}`);
    },
    result(summary, human) {
      if (resultWritten) throw new Error("Reporter.result() called twice: --json allows exactly one document");
      resultWritten = true;
      if (json) io.stdout(toJsonDocument(summary));
      else if (!quiet && human !== undefined) io.stdout(withNewline(human));
    },
  };
}

/** Pretty JSON with a final newline; typed arrays become arrays, NaN/±Infinity become null. */
export function toJsonDocument(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v),
    2,
  )}\n`;
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}
