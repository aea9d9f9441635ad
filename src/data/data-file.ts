/**
 * Reading a data file named in the config: the path resolves against the caller's directory
 * (path.resolve(cwd, p); an absolute p stays as it is), and a file that cannot be read is a
 * DataError naming the resolved path and the reason in plain words (exit 2), never a raw ENOENT stack.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DataError } from "../core/errors.js";
import { plainReason } from "../core/fs-error.js";

export function resolveDataPath(cwd: string, path: string): string {
  return resolve(cwd, path);
}

/** The bytes of `file`, or a DataError: "FILE: file not found" / "FILE: cannot read (…)". */
export function readDataFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = plainReason(e);
    if (reason === null) throw e;
    throw new DataError(code === "ENOENT" ? `${file}: file not found` : `${file}: cannot read: ${reason}`);
  }
}
