/**
 * File-system failures in plain words: a Node.js error from node:fs (its errno `code`, e.g.
 * ENOSPC) becomes one line naming the path, what was being done and why it failed,
 *   runs/x/checkpoint.json: cannot write: no space left on device
 * as a FileSystemError (exit 2). Pure: no I/O here, so every layer that reads or writes files
 * (config, data, report) words its failures the same way.
 */
import { FileSystemError } from "./errors.js";

/** What a failed errno code means, in the words a user reads. */
const PLAIN_WORDS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "the file is too big for this file system",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  ENAMETOOLONG: "the name is too long for the file system",
  EEXIST: "it already exists",
  ENOTEMPTY: "the folder is not empty",
  EMFILE: "too many open files",
  ENFILE: "too many open files on this machine",
  EIO: "input/output error (the disk or its connection may be failing)",
  EBUSY: "the file or folder is busy",
  ELOOP: "too many levels of symbolic links",
  EXDEV: "it cannot be moved across file systems",
  EINVAL: "invalid argument",
};

/** The errno code of a Node.js file-system error ("ENOSPC"), or null for anything else. */
export function errnoCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/** Node refuses a path holding a NUL character before any system call (ERR_INVALID_ARG_VALUE/TYPE). */
function isNulPathError(err: unknown): boolean {
  return err instanceof Error && /null bytes/.test(err.message);
}

/** The reason in plain words ("no space left on device"), or null when `err` is not a file-system error. */
export function plainReason(err: unknown): string | null {
  if (isNulPathError(err)) return "the path contains a NUL character";
  if ((err as { code?: unknown } | null)?.code === "ERR_FS_FILE_TOO_LARGE")
    return "the file is over 2 GiB, more than sgd reads";
  const code = errnoCode(err);
  if (code === null) return null;
  return PLAIN_WORDS[code] ?? `${code.toLowerCase()} (${err instanceof Error ? err.message : String(err)})`;
}

/** Is `err` a failure of the file system (rather than a bug)? */
export function isFileSystemFailure(err: unknown): boolean {
  return plainReason(err) !== null;
}

/**
 * `path: cannot <action>: <reason>` as a FileSystemError; `err` is returned unchanged when it is
 * not a file-system failure (a bug stays a bug) or is already one of ours.
 */
export function fileSystemError(err: unknown, path: string, action: string): unknown {
  if (err instanceof FileSystemError) return err;
  const reason = plainReason(err);
  if (reason === null) return err;
  return new FileSystemError(`${path}: cannot ${action}: ${reason}`);
}
