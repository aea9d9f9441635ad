/** An Io for tests: captures stdout and stderr, with a chosen environment, cwd and TTY flag. */
import type { Io } from "../../src/cli/io.js";

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

export function capturedIo(options: { env?: Record<string, string>; cwd?: string; isTTY?: boolean } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env: options.env ?? {},
    cwd: options.cwd ?? "/nonexistent",
    isTTY: options.isTTY ?? false,
    columns: 80,
    onInterrupt: () => () => {},
    out: () => out.join(""),
    err: () => err.join(""),
  };
}
