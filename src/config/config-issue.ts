/**
 * A config problem a user can act on, one line each:
 *   configs/x.yaml:12: optimizer.learningRate: expected a number > 0, found -0.1
 *   configs/x.yaml:3: unknown key "optimiser" (did you mean "optimizer"?)
 * `InvalidConfigError` (a ConfigError, exit 2) carries every issue found, structured for tests and tools.
 */
import { ConfigError } from "../core/errors.js";
import type { SourceLocation } from "./source-map.js";

export interface ConfigIssue {
  /** what to print first: "file:line", "file:line:col" (syntax), "--set k=v", "file" */
  where: string;
  file: string | null;
  line: number | null;
  col: number | null;
  /** dotted key path of the offending value ("" for a problem with the file as a whole) */
  path: string;
  /** the whole line, `where: …` */
  message: string;
}

/** At most this many issues are printed; the rest are counted. */
export const MAX_PRINTED_ISSUES = 20;

export class InvalidConfigError extends ConfigError {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(summarize(issues));
  }
}

function summarize(issues: readonly ConfigIssue[]): string {
  const lines = issues.slice(0, MAX_PRINTED_ISSUES).map((i) => i.message);
  const rest = issues.length - lines.length;
  if (rest > 0) lines.push(`… and ${rest} more problem${rest === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/** A problem with a value: `where: path: problem`, or `where: problem` when `problem` names the key itself. */
export function valueIssue(location: SourceLocation, path: string, problem: string, namesKey = false): ConfigIssue {
  const { label: where, file, line, col } = location;
  const message = namesKey ? `${where}: ${problem}` : `${where}: ${path}: ${problem}`;
  return { where, file, line, col, path, message };
}

/** A problem with the file as a whole (missing, wrong extension, syntax): `file[:line:col]: problem`. */
export function fileIssue(file: string, problem: string, position?: { line: number; col: number }): ConfigIssue {
  const where = position ? `${file}:${position.line}:${position.col}` : file;
  return {
    where,
    file,
    line: position?.line ?? null,
    col: position?.col ?? null,
    path: "",
    message: `${where}: ${problem}`,
  };
}

/** Throw one file-level problem. */
export function failFile(file: string, problem: string, position?: { line: number; col: number }): never {
  throw new InvalidConfigError([fileIssue(file, problem, position)]);
}
