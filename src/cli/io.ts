/**
 * The one place that reads `process`: `processIo()` makes the `Io` (src/core/io.ts) every
 * command runs with — streams, environment, working directory, signals and the platform — so a
 * test can run any command with captured output and no real process state. `libraryIo()` is the
 * quieter one the library API (src/index.ts) runs with: no streams, no signal handlers.
 */
import os from "node:os";
import path from "node:path";
import type { Io } from "../core/io.js";

export type { Io };

export function processIo(): Io {
  return {
    stdout: streamWriter(process.stdout),
    stderr: streamWriter(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns,
    platform: processPlatform(),
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

/** For the library: human lines go to `log` (if any, without their newline), nothing to stdout; the
 * caller owns signals. */
export function libraryIo(options: { cwd?: string; log?: (line: string) => void }): Io {
  const log = options.log;
  return {
    stdout: () => {},
    stderr: (text) => log?.(text.replace(/\n$/, "")),
    env: { NO_COLOR: "1" },
    cwd: path.resolve(process.cwd(), options.cwd ?? "."),
    isTTY: false,
    columns: undefined,
    platform: processPlatform(),
    onInterrupt: () => () => {},
  };
}

/** This process: Node.js version, CPU, cores, usable memory and pid. */
function processPlatform(): Io["platform"] {
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memory: usableMemory(),
    pid: process.pid,
  };
}

/** The machine's memory, or the container's limit (cgroup) when that is lower. */
function usableMemory(): number {
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 ? Math.min(limit, os.totalmem()) : os.totalmem();
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
