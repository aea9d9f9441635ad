/** An Io for tests: captures stdout and stderr, with a chosen environment, cwd and TTY flag. */
import os from "node:os";
import type { Io } from "../../src/core/io.js";

/** This machine, as processIo reports it. */
export const TEST_PLATFORM: Io["platform"] = {
  node: process.version,
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.availableParallelism(),
  memory: os.totalmem(),
  pid: process.pid,
};

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
    platform: TEST_PLATFORM,
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

/**
 * A captured Io whose interrupt (SIGINT/SIGTERM) a test can raise: `onErr` sees each stderr
 * write and gets a function that fires the handler the command registered.
 */
export function interruptibleIo(cwd: string, onErr?: (text: string, interrupt: () => void) => void): CapturedIo {
  const io = capturedIo({ cwd });
  let handler: (() => void) | null = null;
  io.onInterrupt = (h) => {
    handler = h;
    return () => (handler = null);
  };
  const stderr = io.stderr;
  io.stderr = (text) => {
    stderr(text);
    onErr?.(text, () => handler?.());
  };
  return io;
}
