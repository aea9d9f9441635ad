/**
 * Reading a data file named in the config: the path resolves against the caller's directory
 * (path.resolve(cwd, p); an absolute p stays as it is), and a file that cannot be read is a
 * DataError naming the resolved path and the reason in plain words (exit 2), never a raw ENOENT stack.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
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
    throw dataFileError(file, e);
  }
}

/** An open data file: its size (null when it is not a regular file) and reads at an offset. */
export interface OpenDataFile {
  readonly size: number | null;
  /** fills buffer[0…length) from byte `position`; returns the bytes read (fewer only at the end of the file) */
  readAt(buffer: Uint8Array, length: number, position: number): number;
}

/** `use(file)` on `file` opened for reading, closed afterwards; a failing open or read is readDataFile's DataError. */
export function withDataFile<T>(file: string, use: (opened: OpenDataFile) => T): T {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw dataFileError(file, e);
  }
  try {
    const readAt = (buffer: Uint8Array, length: number, position: number): number => {
      let got = 0;
      while (got < length) {
        let n: number;
        try {
          n = readSync(fd, buffer, got, length - got, position + got);
        } catch (e) {
          throw dataFileError(file, e);
        }
        if (n === 0) break; // the end of the file
        got += n;
      }
      return got;
    };
    const stat = fstatSync(fd);
    return use({ size: stat.isFile() ? stat.size : null, readAt });
  } finally {
    closeSync(fd);
  }
}

function dataFileError(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const reason = plainReason(e);
  if (reason === null) return e;
  return new DataError(code === "ENOENT" ? `${file}: file not found` : `${file}: cannot read: ${reason}`);
}
