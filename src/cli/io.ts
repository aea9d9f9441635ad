/**
 * The only window onto the process for commands: streams, environment, working directory and
 * signals come in through `Io`, so a test can run any command with captured output and no
 * real process state. `processIo()` is the one place that reads `process`.
 */
import chalk, { Chalk, type ChalkInstance } from "chalk";

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
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
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

/** Colour and live progress only on a TTY, and never when CI or NO_COLOR is set (SPEC §2). */
export function isInteractive(io: Io): boolean {
  return io.isTTY && io.env.CI === undefined && io.env.NO_COLOR === undefined;
}

export function colours(io: Io): ChalkInstance {
  return isInteractive(io) ? chalk : new Chalk({ level: 0 });
}
