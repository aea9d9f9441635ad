/**
 * One case of the bad-input corpus (test/fixtures/bad-inputs/*.yaml) and how to run it in-process
 * through run(argv, io) in a folder of its own (with configs/ and data/ of the repository linked in):
 *   - name: unique words          argv: [train, --config, c.yaml]        exit: 2 (the default)
 *     message: a regular expression the one `error: …` line must match (after "error: ")
 *     files: {path: text | {repeat, times, before?, after?} | {base64} | {hex}}   written first
 *     setup: [[argv…], …]          commands run first, each must exit 0 (e.g. a run to resume)
 *     edit: {path: text | {append} | {delete: true} | {json: {dotted.key: value}} | {lock: self}}
 *     faults: {fullAt: k} | {failOn: {op, code, under}}   the injected file system (faulty-fs.ts);
 *             `under` is a path in the case's folder, or "*" for any (an fsync names a descriptor)
 *     env: {NAME: value}           the command's environment (Io.env; default empty)
 *     seconds: the most the command may take (default 10)
 *     writes: true when the command may leave files (else the folder must be as it was before it)
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { run } from "../../src/cli/main.js";
import { useFileSystem } from "../../src/report/durable-files.js";
import { FaultyFs } from "../report/faulty-fs.js";
import { capturedIo } from "./captured-io.js";

type Content =
  | string
  | { repeat: string; times: number; before?: string; after?: string }
  | { base64: string }
  | { hex: string };
type Edit = Content | { append: string } | { delete: true } | { json: Record<string, unknown> } | { lock: "self" };

export interface BadInputCase {
  name: string;
  argv: string[];
  exit?: number;
  message: string;
  files?: Record<string, Content>;
  setup?: string[][];
  edit?: Record<string, Edit>;
  faults?: { fullAt?: number; failOn?: { op: string; code: string; under: string } };
  env?: Record<string, string>;
  seconds?: number;
  writes?: boolean;
}

export interface CaseOutcome {
  code: number;
  err: string;
  seconds: number;
  /** the folder before the command and after it: path → sha256 of the content ("dir" for a folder) */
  before: Map<string, string>;
  after: Map<string, string>;
}

function bytesOf(content: Content): Buffer {
  if (typeof content === "string") return Buffer.from(content, "utf8");
  if ("repeat" in content)
    return Buffer.from((content.before ?? "") + content.repeat.repeat(content.times) + (content.after ?? ""));
  if ("base64" in content) return Buffer.from(content.base64, "base64");
  return Buffer.from(content.hex.replace(/\s+/g, ""), "hex");
}

function setKey(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let obj = target;
  for (const key of keys.slice(0, -1)) obj = (obj[key] ??= {}) as Record<string, unknown>;
  obj[keys[keys.length - 1]!] = value;
}

function applyEdit(file: string, edit: Edit): void {
  if (typeof edit === "object" && "append" in edit) fs.appendFileSync(file, edit.append);
  else if (typeof edit === "object" && "delete" in edit) fs.rmSync(file, { recursive: true, force: true });
  else if (typeof edit === "object" && "json" in edit) {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    for (const [key, v] of Object.entries(edit.json)) setKey(value, key, v);
    fs.writeFileSync(file, JSON.stringify(value, null, 2));
  } else if (typeof edit === "object" && "lock" in edit) {
    const lock = {
      pid: process.pid,
      command: "sgd train",
      host: os.hostname(),
      started: "2025-01-01T00:00:00Z",
      token: "t",
    };
    fs.writeFileSync(file, JSON.stringify(lock));
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytesOf(edit));
  }
}

/** Every file and folder under `dir` (not following links), with a hash of each file. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const rel = path.relative(dir, p);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        out.set(rel, "dir");
        walk(p);
      } else out.set(rel, createHash("sha256").update(fs.readFileSync(p)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

/** Run `c` in a fresh folder under `root`, where `shared` holds the repository's configs/ and data/. */
export async function runCase(c: BadInputCase, root: string, shared: string, index: number): Promise<CaseOutcome> {
  const dir = path.join(root, String(index));
  fs.mkdirSync(dir);
  for (const name of ["configs", "data"]) fs.symlinkSync(path.join(shared, name), path.join(dir, name));
  for (const [file, content] of Object.entries(c.files ?? {})) applyEdit(path.join(dir, file), content);
  for (const argv of c.setup ?? []) {
    const io = capturedIo({ cwd: dir });
    const code = await run(argv, io);
    if (code !== 0) throw new Error(`setup ${argv.join(" ")} exited ${code}: ${io.err()}`);
  }
  for (const [file, edit] of Object.entries(c.edit ?? {})) applyEdit(path.join(dir, file), edit);
  const before = snapshot(dir);
  const io = capturedIo({ cwd: dir, ...(c.env === undefined ? {} : { env: c.env }) });
  const faults = c.faults;
  const faulty =
    faults === undefined
      ? null
      : new FaultyFs({
          ...(faults.fullAt === undefined ? {} : { fullAt: faults.fullAt }),
          failOn: (op, p) =>
            faults.failOn &&
            op === faults.failOn.op &&
            (faults.failOn.under === "*" || p.startsWith(path.join(dir, faults.failOn.under)))
              ? faults.failOn.code
              : null,
        });
  const restore = faulty ? useFileSystem(faulty.layer) : () => {};
  const started = performance.now();
  let code: number;
  try {
    code = await run(c.argv, io);
  } finally {
    restore();
  }
  return { code, err: io.err(), seconds: (performance.now() - started) / 1000, before, after: snapshot(dir) };
}
