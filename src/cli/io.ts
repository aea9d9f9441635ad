/**
 * The only window onto the process for commands: streams, environment, working directory and
 * signals come in through `Io`, so a test can run any command with captured output and no
 * real process state. `processIo()` is the one place that reads `process`.
 * Colour rule (SPEC §2), decided here once: colour and live progress only when stderr is a TTY
 * and neither CI nor NO_COLOR is set (an empty NO_COLOR, and CI=false or CI=0, count as unset).
 */
import { Chalk, chalkStderr, type ChalkInstance, type ColorSupportLevel } from "chalk";

export interface Io {
  /** machine output (exactly one JSON document with --json) */
  stdout(text: string): void;
  /** everything meant for a human */
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stderr is an interactive terminal */
  isTTY: boolean;
  /** terminal width in columns, when known */
  columns: number | undefined;
  /** register a SIGINT/SIGTERM handler; returns a function that removes it */
  onInterrupt(handler: () => void): () => void;
}

export function processIo(): Io {
  return {
    stdout: streamWriter(process.stdout),
    stderr: streamWriter(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns,
    onInterrupt(handler) {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}

/** Writes to a stream; once the reader has gone away (EPIPE, e.g. `sgd schema | head`) further writes are dropped. */
function streamWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

/** Running under CI: CI set to anything but "", "0" or "false". */
export function isCI(io: Io): boolean {
  const ci = io.env.CI;
  return isSet(ci) && ci !== "0" && ci?.toLowerCase() !== "false";
}

/** Colour and live progress only on a TTY, and never when CI or NO_COLOR is set (SPEC §2). */
export function isInteractive(io: Io): boolean {
  return io.isTTY && !isCI(io) && !isSet(io.env.NO_COLOR);
}

/** A chalk instance for stderr text: colours when interactive (at least 16 colours), plain otherwise. */
export function colours(io: Io): ChalkInstance {
  if (!isInteractive(io)) return new Chalk({ level: 0 });
  return new Chalk({ level: Math.max(1, chalkStderr.level) as ColorSupportLevel });
}
