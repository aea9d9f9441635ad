/**
 * Typed errors, thrown where a problem is found and turned into a message and an exit code
 * in one place (src/cli/). Exit codes (README.md):
 *   0 ok · 1 internal error (a bug) · 2 usage/config/data error · 3 diverged or gradient check failed
 *   · 4 a --assert or --baseline check failed · 130 interrupted.
 */

export abstract class SgdError extends Error {
  abstract readonly exitCode: number;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad command line: unknown flag, missing value, bad `--set`, refused `--out`. Exit 2. */
export class UsageError extends SgdError {
  readonly exitCode = 2;
}

/** A config that does not validate. `where` is the file (and line for YAML) when known. Exit 2. */
export class ConfigError extends SgdError {
  readonly exitCode = 2;
}

/** A data file or data request that cannot be honoured (bad magic, truncated, too many samples). Exit 2. */
export class DataError extends SgdError {
  readonly exitCode = 2;
}

/** A file or folder that cannot be read or written (no space, read-only, missing folder, …). Exit 2. */
export class FileSystemError extends SgdError {
  readonly exitCode = 2;
}

/** Training produced a non-finite loss or parameter. Exit 3. */
export class DivergedError extends SgdError {
  readonly exitCode = 3;
}

/** A gradient method disagreed with backprop beyond the tolerance. Exit 3. */
export class GradientCheckError extends SgdError {
  readonly exitCode = 3;
}

/** Stopped by SIGINT/SIGTERM after state was saved. Exit 130. */
export class InterruptedError extends SgdError {
  readonly exitCode = 130;
}

/** A `--assert` or `--baseline` check on a finished run failed (its files are kept). Exit 4. */
export class AssertionFailedError extends SgdError {
  readonly exitCode = 4;
}
