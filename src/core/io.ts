/**
 * The window onto the process that commands and runs are given: streams, environment, working
 * directory and signals come in through `Io`, so a test can run anything with captured output
 * and no real process state. src/cli/io.ts makes the one that reads `process`.
 */
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
  /**
   * The Node.js version and CPU model (summary.json's environment), the cores, the memory a run may
   * use (bytes: the machine's, or the container's limit when lower) and this process's id (lock files).
   */
  platform: { node: string; cpu: string; cores: number; memory: number; pid: number };
}
