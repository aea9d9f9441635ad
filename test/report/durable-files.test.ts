/**
 * The write primitives every writer uses (src/report/durable-files.ts, folder-lock.ts), against a
 * file system that writes short, fills up, or fails (test/report/faulty-fs.ts): a rewritten file is
 * the old one or the new one, never part of one, and no temp file stays; an appended record is in
 * every file or in none; failures are one plain line naming the path; one lock holder per folder.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileSystemError, UsageError } from "../../src/core/errors.js";
import {
  AppendLog,
  claimNewFolder,
  ensureFolder,
  useFileSystem,
  writeFileAtomic,
} from "../../src/report/durable-files.js";
import { LOCK_FILE, lockFolder, processIsAlive } from "../../src/report/folder-lock.js";
import { FaultyFs } from "./faulty-fs.js";

let dir: string;
let restore: (() => void) | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-durable-"));
});
afterEach(() => {
  restore?.();
  restore = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

function inject(faulty: FaultyFs): FaultyFs {
  restore = useFileSystem(faulty.layer);
  return faulty;
}

function thrown(f: () => void): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("did not throw");
}

const entries = (): string[] => fs.readdirSync(dir).sort();

describe("writeFileAtomic", () => {
  it("continues short writes until every byte is written", () => {
    const faulty = inject(new FaultyFs({ chunk: 3 }));
    const file = path.join(dir, "a.json");
    writeFileAtomic(file, "0123456789abcdef");
    expect(fs.readFileSync(file, "utf8")).toBe("0123456789abcdef");
    expect(faulty.writes).toBe(6); // ⌈16 / 3⌉
    expect(entries()).toEqual(["a.json"]);
  });

  it("keeps the old file whole when the disk fills up mid-write, and removes the temp file", () => {
    const file = path.join(dir, "checkpoint.json");
    fs.writeFileSync(file, '{"old": true}\n');
    inject(new FaultyFs({ fullAt: 1 }));
    const err = thrown(() => writeFileAtomic(file, `{"new": "${"x".repeat(1000)}"}\n`));
    expect(err).toBeInstanceOf(FileSystemError);
    expect(err.message).toBe(`${file}: cannot write: no space left on device`);
    expect(fs.readFileSync(file, "utf8")).toBe('{"old": true}\n');
    expect(entries()).toEqual(["checkpoint.json"]);
  });

  it("keeps the old file when the rename fails, in plain words", () => {
    const file = path.join(dir, "model.json");
    fs.writeFileSync(file, "old");
    inject(new FaultyFs({ failOn: (op) => (op === "rename" ? "EIO" : null) }));
    expect(thrown(() => writeFileAtomic(file, "new")).message).toBe(
      `${file}: cannot write: input/output error (the disk or its connection may be failing)`,
    );
    expect(fs.readFileSync(file, "utf8")).toBe("old");
    expect(entries()).toEqual(["model.json"]);
  });

  it("names a missing folder, a file in the way and a folder in the target's place", () => {
    const missing = path.join(dir, "no", "such", "x.html");
    expect(thrown(() => writeFileAtomic(missing, "x")).message).toBe(
      `${missing}: cannot write: the folder ${path.join(dir, "no")} does not exist`,
    );
    fs.writeFileSync(path.join(dir, "plain"), "");
    const under = path.join(dir, "plain", "x.html");
    expect(thrown(() => writeFileAtomic(under, "x")).message).toBe(
      `${under}: cannot write: ${path.join(dir, "plain")} is a file, not a folder`,
    );
    fs.mkdirSync(path.join(dir, "folder"));
    expect(thrown(() => writeFileAtomic(path.join(dir, "folder"), "x")).message).toBe(
      `${path.join(dir, "folder")}: cannot write: it is a folder, not a file`,
    );
  });
});

describe("AppendLog", () => {
  it("appends a record to every file or, when the disk fills up in the second, to none", () => {
    const [a, b] = [path.join(dir, "m.csv"), path.join(dir, "m.jsonl")];
    fs.writeFileSync(a, "head\n");
    fs.writeFileSync(b, "");
    const log = new AppendLog([a, b]);
    log.append(["1\n", "{1}\n"]);
    const faulty = inject(new FaultyFs({ fullAt: 2 })); // the csv row goes in whole, the json row half
    const err = thrown(() => log.append(["2\n", '{"step": 2}\n']));
    expect(err.message).toBe(`${b}: cannot append to: no space left on device`);
    expect(faulty.writes).toBe(3); // csv whole; jsonl half, then ENOSPC
    expect([fs.readFileSync(a, "utf8"), fs.readFileSync(b, "utf8")]).toEqual(["head\n1\n", "{1}\n"]);
    restore?.();
    restore = null;
    log.append(["3\n", "{3}\n"]);
    log.close();
    expect([fs.readFileSync(a, "utf8"), fs.readFileSync(b, "utf8")]).toEqual(["head\n1\n3\n", "{1}\n{3}\n"]);
  });
});

describe("folders", () => {
  it("creates missing parents one by one, saying which is read-only", () => {
    const target = path.join(dir, "a", "b", "c");
    ensureFolder(target);
    expect(fs.statSync(target).isDirectory()).toBe(true);
    inject(new FaultyFs({ failOn: (op, p) => (op === "mkdir" && p.endsWith("ro") ? "EROFS" : null) }));
    expect(thrown(() => ensureFolder(path.join(dir, "ro", "run"))).message).toBe(
      `${path.join(dir, "ro", "run")}: cannot create the folder: read-only file system`,
    );
  });

  it("claims a new folder per call, even for the same name in the same second", () => {
    const base = path.join(dir, "runs", "moons-20250101-120000");
    expect([claimNewFolder(base), claimNewFolder(base), claimNewFolder(base)]).toEqual([
      base,
      `${base}-2`,
      `${base}-3`,
    ]);
  });
});

describe("lockFolder", () => {
  const noTakeover = (m: string): never => {
    throw new Error(`unexpected takeover: ${m}`);
  };

  it("holds the owner's pid; a second writer is refused naming it; release removes the lock", () => {
    const lock = lockFolder(dir, { pid: 4242, command: "sgd train" }, noTakeover, { isAlive: () => true });
    const held = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8")) as { pid: number; command: string };
    expect(held).toMatchObject({ pid: 4242, command: "sgd train" });
    const err = thrown(() => lockFolder(dir, { pid: 7, command: "sgd sweep" }, noTakeover, { isAlive: () => true }));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(new RegExp(`^${dir}: another sgd is writing here \\(pid 4242, "sgd train", since `));
    lock.release();
    expect(entries()).toEqual([]);
  });

  it("takes over the lock of a process that is gone, saying so", () => {
    lockFolder(dir, { pid: 4242, command: "sgd train" }, noTakeover); // never released: as after kill -9
    const said: string[] = [];
    const lock = lockFolder(dir, { pid: 7, command: "sgd train" }, (m) => said.push(m), { isAlive: () => false });
    expect(said).toEqual([`${dir}: taking over the lock of process 4242 ("sgd train"), which is no longer running`]);
    expect(JSON.parse(fs.readFileSync(lock.file, "utf8"))).toMatchObject({ pid: 7 });
  });

  it("a released lock that another run took over is left alone", () => {
    const first = lockFolder(dir, { pid: 1, command: "sgd train" }, noTakeover);
    lockFolder(dir, { pid: 2, command: "sgd train" }, () => {}, { isAlive: () => false });
    first.release();
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8"))).toMatchObject({ pid: 2 });
  });

  it("knows a running process from one that has ended", () => {
    expect(processIsAlive(process.pid)).toBe(true);
    const ended = spawnSync(process.execPath, ["-e", ""]).pid!;
    expect(processIsAlive(ended)).toBe(false);
  });
});
