/**
 * Every file sgd writes goes through this module, so a full disk or a read-only folder never
 * leaves a torn file and always ends as one plain line (exit 2, src/core/fs-error.ts):
 *   rewrite  writeFileAtomic: a temp file unique to this process → every byte written (short
 *            writes continued) → fsync → rename over the target → fsync of the folder. Readers see
 *            the old file or the new one; on any failure the temp file is removed, the old file stays.
 *   append   AppendLog.append: one record into each of its files, whole or not at all (on a failure
 *            every file is cut back to its length before the record).
 *   folders  ensureFolder (mkdir -p), claimNewFolder (a name no other run has: -2, -3, … appended).
 * The lock (one writer per folder) is folder-lock.ts, on the same layer. All node:fs calls go
 * through a FileSystemLayer that a test replaces (useFileSystem) to simulate ENOSPC or short writes.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { FileSystemError } from "../core/errors.js";
import { errnoCode, fileSystemError } from "../core/fs-error.js";

/** The node:fs calls the writers make: the real module, or a test's faulty one. */
export type FileSystemLayer = Pick<
  typeof fs,
  | "openSync"
  | "writeSync"
  | "fsyncSync"
  | "closeSync"
  | "ftruncateSync"
  | "fstatSync"
  | "renameSync"
  | "linkSync"
  | "unlinkSync"
  | "mkdirSync"
  | "statSync"
  | "readFileSync"
>;

let layer: FileSystemLayer = fs;

/** Use `replacement` for every write from now on; returns the function that puts the real one back. */
export function useFileSystem(replacement: FileSystemLayer): () => void {
  const previous = layer;
  layer = replacement;
  return () => {
    layer = previous;
  };
}

/** The layer in use (folder-lock.ts shares it). */
export function fileSystem(): FileSystemLayer {
  return layer;
}

/** Temp names: the target's, a tag random per process and a counter, so no two writers share one. */
const PROCESS_TAG = randomBytes(4).toString("hex");
let tempCounter = 0;

export function tempNameFor(file: string): string {
  tempCounter++;
  return `${file}.${PROCESS_TAG}-${tempCounter}.tmp`;
}

/** The error for a failed operation on `file`, in plain words, with the folder named when it is at fault. */
export function failure(err: unknown, file: string, action: string): unknown {
  const code = errnoCode(err);
  if (code === "ENOENT" && action !== "read") {
    const missing = firstMissingFolder(path.dirname(file));
    if (missing !== null) return new FileSystemError(`${file}: cannot ${action}: the folder ${missing} does not exist`);
  }
  if (code === "ENOTDIR" || code === "EEXIST") {
    const blocking = firstFileAncestor(code === "EEXIST" ? file : path.dirname(file));
    if (blocking !== null) return new FileSystemError(`${file}: cannot ${action}: ${blocking} is a file, not a folder`);
  }
  return fileSystemError(err, file, action);
}

function kindOf(p: string): "file" | "folder" | null {
  try {
    return layer.statSync(p).isDirectory() ? "folder" : "file";
  } catch {
    return null;
  }
}

function firstMissingFolder(dir: string): string | null {
  let missing: string | null = null;
  for (let d = path.resolve(dir); kindOf(d) === null; d = path.dirname(d)) {
    missing = d;
    if (path.dirname(d) === d) break;
  }
  return missing;
}

function firstFileAncestor(p: string): string | null {
  for (let d = path.resolve(p); ; d = path.dirname(d)) {
    if (kindOf(d) === "file") return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Write all of `data` at the descriptor's position, continuing after short writes. */
function writeAll(fd: number, data: Uint8Array, file: string): void {
  let done = 0;
  while (done < data.length) {
    const n = layer.writeSync(fd, data, done, data.length - done);
    if (n <= 0) {
      throw new FileSystemError(
        `${file}: cannot write: no space left on device (${done} of ${data.length} bytes were written)`,
      );
    }
    done += n;
  }
}

function closeQuietly(fd: number): void {
  try {
    layer.closeSync(fd);
  } catch {
    // already failing: the first error is the one to report
  }
}

function unlinkQuietly(file: string): void {
  try {
    layer.unlinkSync(file);
  } catch {
    // nothing to remove, or no way to: the first error is the one to report
  }
}

/** fsync a folder so a rename in it is on disk; file systems that cannot sync folders are let be. */
export function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = layer.openSync(dir, "r");
    layer.fsyncSync(fd);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "EACCES" && code !== "EBADF")
      throw failure(err, dir, "sync");
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}

/**
 * Create `file` (it must not exist), write all of `content`, fsync and close it; on a failure it is
 * removed and the error names `reportAs` (the file the user knows of, not a temp name).
 */
export function writeNewFile(file: string, content: string | Uint8Array, reportAs = file): void {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  let fd: number | null = null;
  try {
    fd = layer.openSync(file, "wx", 0o644);
    writeAll(fd, data, reportAs);
    layer.fsyncSync(fd);
    layer.closeSync(fd);
    fd = null;
  } catch (err) {
    if (fd !== null) closeQuietly(fd);
    unlinkQuietly(file);
    throw failure(err, reportAs, "write");
  }
}

/** Write a file so that readers see the old content or the new, never half of one, and the new survives a crash. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  if (kindOf(file) === "folder") throw new FileSystemError(`${file}: cannot write: it is a folder, not a file`);
  const tmp = tempNameFor(file);
  writeNewFile(tmp, content, file);
  try {
    layer.renameSync(tmp, file);
  } catch (err) {
    unlinkQuietly(tmp);
    throw failure(err, file, "write");
  }
  syncFolder(path.dirname(file));
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * `mkdir -p dir`, one folder at a time (Node's recursive mkdir reports ENOENT for a read-only file
 * system), with a failure in plain words: which part is missing, a file, read-only or too long.
 */
export function ensureFolder(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (; kindOf(d) === null && path.dirname(d) !== d; d = path.dirname(d)) missing.unshift(d);
  if (kindOf(d) === "file") throw new FileSystemError(`${dir}: cannot create the folder: ${d} is a file, not a folder`);
  for (const folder of missing) {
    try {
      layer.mkdirSync(folder);
    } catch (err) {
      if (errnoCode(err) !== "EEXIST" || kindOf(folder) !== "folder") throw failure(err, dir, "create the folder");
    }
  }
}

/**
 * Create a folder no one else has: `base`, else `base-2`, `base-3`, … (mkdir fails when the name is
 * taken, so two runs started in the same second still get two folders). Returns the one created.
 */
export function claimNewFolder(base: string): string {
  ensureFolder(path.dirname(base));
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? base : `${base}-${k}`;
    try {
      layer.mkdirSync(candidate);
      return candidate;
    } catch (err) {
      if (errnoCode(err) !== "EEXIST" || k >= 10_000) throw failure(err, candidate, "create the folder");
    }
  }
}

/** Files appended to together: each record goes into every file whole, or into none. */
export class AppendLog {
  private readonly fds: number[] = [];
  private readonly sizes: number[] = [];

  constructor(private readonly files: readonly string[]) {
    try {
      for (const file of files) {
        const fd = layer.openSync(file, "a");
        this.fds.push(fd);
        this.sizes.push(layer.fstatSync(fd).size);
      }
    } catch (err) {
      this.close();
      throw failure(err, files[this.fds.length] ?? files[0]!, "append to");
    }
  }

  /** Append `records[i]` to `files[i]`; on a failure every file is cut back and the error is thrown. */
  append(records: readonly string[]): void {
    const data = records.map((r) => Buffer.from(r, "utf8"));
    let k = 0;
    try {
      for (; k < this.fds.length; k++) writeAll(this.fds[k]!, data[k]!, this.files[k]!);
    } catch (err) {
      this.fds.forEach((fd, j) => {
        try {
          layer.ftruncateSync(fd, this.sizes[j]!);
        } catch {
          // the record may stay torn in this file; resume drops a torn last row
        }
      });
      throw failure(err, this.files[k] ?? this.files[0]!, "append to");
    }
    data.forEach((d, j) => {
      this.sizes[j]! += d.length;
    });
  }

  /** fsync every file (before a checkpoint is written, so it is never ahead of the rows on disk). */
  sync(): void {
    this.fds.forEach((fd, j) => {
      try {
        layer.fsyncSync(fd);
      } catch (err) {
        throw failure(err, this.files[j]!, "write");
      }
    });
  }

  close(): void {
    for (const fd of this.fds.splice(0)) closeQuietly(fd);
  }
}
