/**
 * One writer per folder: DIR/<name> (".lock" by default) holds the owner's pid, host and command as
 * JSON. It is made whole in a temp file and put in place with link(2), which fails when the lock
 * exists — so of two runs started together exactly one gets it. A lock whose process is gone
 * (same host, pid not running) is taken over, saying so; a live one is refused (exit 2, naming
 * the pid). Released (removed) when the run ends, however it ends.
 */
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { UsageError } from "../core/errors.js";
import { errnoCode } from "../core/fs-error.js";
import { failure, fileSystem, tempNameFor, writeNewFile } from "./durable-files.js";

export const LOCK_FILE = ".lock";

export interface LockOwner {
  pid: number;
  /** e.g. "sgd train" */
  command: string;
}

interface LockContent extends LockOwner {
  host: string;
  started: string;
  token: string;
}

export interface FolderLock {
  readonly file: string;
  /** Remove the lock if it is still ours. */
  release(): void;
}

/** Does a process with this pid run on this machine? (os.getPriority fails with ESRCH when not.) */
export function processIsAlive(pid: number): boolean {
  try {
    os.getPriority(pid);
    return true;
  } catch (err) {
    const code = (err as { info?: { code?: string } }).info?.code ?? errnoCode(err);
    return code !== "ESRCH";
  }
}

/**
 * Take the lock of `dir` (which must exist) for `owner`; `onTakeover` hears about a stale lock
 * replaced. `isAlive` is injectable for tests.
 */
export function lockFolder(
  dir: string,
  owner: LockOwner,
  onTakeover: (message: string) => void,
  options: { name?: string; isAlive?: (pid: number) => boolean } = {},
): FolderLock {
  const file = path.join(dir, options.name ?? LOCK_FILE);
  const content: LockContent = {
    ...owner,
    host: os.hostname(),
    started: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  const isAlive = options.isAlive ?? processIsAlive;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(file, content)) return { file, release: () => releaseIfOurs(file, content.token) };
    const holder = readLock(file);
    if (holder === "gone") continue;
    if (holder !== null && (holder.host !== content.host || isAlive(holder.pid))) {
      const where = holder.host !== content.host ? ` on ${holder.host}` : "";
      throw new UsageError(
        `${dir}: another sgd is writing here ` +
          `(pid ${holder.pid}${where}, "${holder.command}", since ${holder.started}): ` +
          `wait for it to end or use another --out (if it is not running any more, delete ${file})`,
      );
    }
    const who = holder === null ? "an unreadable lock" : `the lock of process ${holder.pid} ("${holder.command}")`;
    onTakeover(`${dir}: taking over ${who}, which is no longer running`);
    removeLock(file);
  }
  throw new UsageError(`${dir}: another sgd took the lock at the same moment: try again`);
}

/** Create the lock whole (temp file + link); false when one exists already. */
function tryCreate(file: string, content: LockContent): boolean {
  const tmp = tempNameFor(file);
  writeNewFile(tmp, `${JSON.stringify(content)}\n`, file);
  try {
    fileSystem().linkSync(tmp, file);
    return true;
  } catch (err) {
    if (errnoCode(err) === "EEXIST") return false;
    throw failure(err, file, "create the lock");
  } finally {
    try {
      fileSystem().unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/** The lock's content, null when it cannot be understood, "gone" when it vanished meanwhile. */
function readLock(file: string): LockContent | null | "gone" {
  let text: string;
  try {
    text = fileSystem().readFileSync(file, "utf8");
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return "gone";
    throw failure(err, file, "read");
  }
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    if (typeof value.pid !== "number" || typeof value.host !== "string") return null;
    return {
      pid: value.pid,
      host: value.host,
      command: String(value.command ?? "sgd"),
      started: String(value.started ?? "?"),
      token: String(value.token ?? ""),
    };
  } catch {
    return null;
  }
}

function removeLock(file: string): void {
  try {
    fileSystem().unlinkSync(file);
  } catch (err) {
    if (errnoCode(err) !== "ENOENT") throw failure(err, file, "remove the stale lock");
  }
}

function releaseIfOurs(file: string, token: string): void {
  const holder = readLockQuietly(file);
  if (holder !== null && holder.token === token) {
    try {
      fileSystem().unlinkSync(file);
    } catch {
      // a lock left behind is taken over by the next run
    }
  }
}

function readLockQuietly(file: string): LockContent | null {
  try {
    const holder = readLock(file);
    return holder === "gone" ? null : holder;
  } catch {
    return null;
  }
}
