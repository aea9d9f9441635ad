/**
 * A file-system layer for src/report/durable-files.ts that fails the way real disks do, to test
 * every write of a command (useFileSystem injects it):
 *   fullAt: k      the k-th write writes half of its bytes (a short write), every later one fails
 *                  with ENOSPC (nothing more fits) — a disk that fills up during write k
 *   chunk: n       every write writes at most n bytes (short writes that succeed)
 *   failOn(op, p)  an errno code ("EROFS", "EIO", …) for a call, or null to let it through
 * `writes` counts the write calls made so far.
 */
import fs from "node:fs";
import type { FileSystemLayer } from "../../src/report/durable-files.js";

export interface FaultPlan {
  fullAt?: number;
  chunk?: number;
  failOn?: (op: string, path: string) => string | null;
}

/** An error as node:fs makes it: code, errno, syscall and path. */
export function errnoError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  const words: Record<string, string> = {
    ENOSPC: "no space left on device",
    EROFS: "read-only file system",
    EIO: "i/o error",
    EACCES: "permission denied",
  };
  const err = new Error(`${code}: ${words[code] ?? "error"}, ${syscall}${path ? ` '${path}'` : ""}`);
  return Object.assign(err, { code, errno: -1, syscall, ...(path ? { path } : {}) });
}

export class FaultyFs {
  writes = 0;
  readonly layer: FileSystemLayer;

  constructor(private readonly plan: FaultPlan) {
    const check = (op: string, p: unknown): void => {
      const code = typeof p === "string" ? plan.failOn?.(op, p) : null;
      if (code) throw errnoError(code, op, p as string);
    };
    this.layer = {
      ...fs,
      openSync: ((p: string, flags: string = "r", mode?: number) => {
        check("open", p);
        return fs.openSync(p, flags, mode);
      }) as typeof fs.openSync,
      // durable-files.ts writes (fd, bytes, offset, length)
      writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
        check("write", `fd:${fd}`);
        return this.write(fd, buffer, offset, length);
      }) as typeof fs.writeSync,
      fsyncSync: (fd: number) => {
        check("fsync", `fd:${fd}`);
        fs.fsyncSync(fd);
      },
      renameSync: (from: fs.PathLike, to: fs.PathLike) => {
        check("rename", String(to));
        fs.renameSync(from, to);
      },
      mkdirSync: ((p: string, options?: fs.MakeDirectoryOptions) => {
        check("mkdir", p);
        return fs.mkdirSync(p, options);
      }) as typeof fs.mkdirSync,
      linkSync: (from: fs.PathLike, to: fs.PathLike) => {
        check("link", String(to));
        fs.linkSync(from, to);
      },
    };
  }

  private write(fd: number, buffer: Uint8Array, offset: number, length: number): number {
    this.writes++;
    const { fullAt, chunk } = this.plan;
    if (fullAt !== undefined && this.writes > fullAt && length > 0) throw errnoError("ENOSPC", "write");
    let n = Math.min(length, chunk ?? length);
    if (fullAt !== undefined && this.writes === fullAt) n = Math.floor(length / 2);
    if (n === 0) throw errnoError("ENOSPC", "write");
    return fs.writeSync(fd, buffer, offset, n);
  }
}
