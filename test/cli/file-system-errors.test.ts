/**
 * Every command that writes (train, sweep, compare-gradients, report), against the ways a file
 * system refuses: a file where a folder must be, a read-only folder, a full disk (the last two
 * injected, test/report/faulty-fs.ts, and once for real on a read-only tmpfs when this machine lets
 * us mount one). Each must exit 2 with one line naming the path and the reason in plain words,
 * and leave what was there before untouched.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { useFileSystem } from "../../src/report/durable-files.js";
import { FaultyFs } from "../report/faulty-fs.js";
import { capturedIo } from "./captured-io.js";

const CONFIG = fileURLToPath(new URL("../../configs/moons-backprop.yaml", import.meta.url));
const TINY = ["--set", "optimizer.maxSteps=4", "--quiet"];
const COMPARE_TINY = [
  "--set",
  "depthSweep.widths=[2]",
  "--set",
  "depthSweep.depths=[1]",
  "--set",
  "widthSweep.widths=[]",
  "--set",
  "repeats=1",
  "--set",
  "warmupSeconds=0",
  "--set",
  "minSampleSeconds=0",
  "--quiet",
];

let root: string;
let runDir: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-fs-errors-"));
  fs.writeFileSync(path.join(root, "plain-file"), "not a folder\n");
  runDir = path.join(root, "a-run");
  expect(await sgd(["train", "--config", CONFIG, ...TINY, "--out", runDir])).toMatchObject({ code: 0 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function sgd(argv: string[], faulty?: FaultyFs): Promise<{ code: number; err: string }> {
  const io = capturedIo({ cwd: root });
  const restore = faulty ? useFileSystem(faulty.layer) : () => {};
  try {
    return { code: await run(argv, io), err: io.err() };
  } finally {
    restore();
  }
}

/** Each writing command, writing to `out` (a run/sweep/compare folder, or the report's file). */
const COMMANDS: Record<string, (out: string) => string[]> = {
  train: (out) => ["train", "--config", CONFIG, ...TINY, "--out", out],
  sweep: (out) => ["sweep", "--config", CONFIG, "--grid", "seed=1,2", ...TINY, "--out", out],
  "compare-gradients": (out) => ["compare-gradients", ...COMPARE_TINY, "--out", out],
  report: (out) => ["report", runDir, "--out", `${out}.html`, "--quiet"],
};

const oneLine = (pattern: string): RegExp => new RegExp(`^error: ${pattern}\\n$`);
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe.each(Object.entries(COMMANDS))("sgd %s", (name, argv) => {
  it("under a file: exit 2, naming the file that is in the way", async () => {
    const out = path.join(root, "plain-file", name);
    const { code, err } = await sgd(argv(out));
    expect(code).toBe(2);
    expect(err).toMatch(
      oneLine(`${esc(out)}\\S*: cannot [a-z ]+: ${esc(path.join(root, "plain-file"))} is a file, not a folder`),
    );
  });

  it("in a read-only folder: exit 2, read-only file system", async () => {
    const readOnly = path.join(root, `read-only-${name}`);
    fs.mkdirSync(readOnly);
    const faulty = new FaultyFs({
      failOn: (op, p) => (["open", "mkdir", "link", "rename"].includes(op) && p.startsWith(readOnly) ? "EROFS" : null),
    });
    const { code, err } = await sgd(argv(path.join(readOnly, "out")), faulty);
    expect(code).toBe(2);
    expect(err).toMatch(oneLine(`${esc(readOnly)}/\\S+: cannot [a-z ]+: read-only file system`));
    expect(fs.readdirSync(readOnly)).toEqual([]);
  });

  it("on a full disk: exit 2, no space left on device, no temp file left", async () => {
    const out = path.join(root, `full-${name}`);
    const { code, err } = await sgd(argv(out), new FaultyFs({ fullAt: 1 }));
    expect(code).toBe(2);
    expect(err).toMatch(oneLine(`${esc(out)}\\S*: cannot [a-z ]+: no space left on device`));
    const left = fs.existsSync(out) && fs.statSync(out).isDirectory() ? fs.readdirSync(out) : [];
    expect(left.filter((f) => f.endsWith(".tmp") || f.startsWith(".lock"))).toEqual([]);
  });
});

it("sgd report on a full disk keeps the report.html that was there", async () => {
  const file = path.join(runDir, "report.html");
  const before = fs.readFileSync(file, "utf8");
  const { code, err } = await sgd(["report", runDir], new FaultyFs({ fullAt: 1 }));
  expect([code, err]).toEqual([2, `error: ${file}: cannot write: no space left on device\n`]);
  expect(fs.readFileSync(file, "utf8")).toBe(before);
  expect(fs.readdirSync(runDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
});

/** A read-only tmpfs, or why there is none. */
function mountReadOnly(): { dir: string } | { skip: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-ro-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir], { encoding: "utf8" });
  if (mounted.status === 0) return { dir };
  fs.rmdirSync(dir);
  return { skip: (mounted.stderr || mounted.error?.message || "mount failed").trim() };
}

const readOnly = mountReadOnly();
describe("on a real read-only file system", () => {
  afterAll(() => {
    if ("dir" in readOnly) {
      spawnSync("umount", [readOnly.dir]);
      fs.rmdirSync(readOnly.dir);
    }
  });
  const why = "skip" in readOnly ? ` (skipped: cannot mount a tmpfs here: ${readOnly.skip})` : "";
  it.skipIf("skip" in readOnly).each(Object.entries(COMMANDS))(
    `sgd %s exits 2: read-only file system${why}`,
    async (_, argv) => {
      const dir = (readOnly as { dir: string }).dir;
      const { code, err } = await sgd(argv(path.join(dir, "out")));
      expect(code).toBe(2);
      expect(err).toMatch(oneLine(`${esc(dir)}/out\\S*: cannot [a-z ]+: read-only file system`));
    },
  );
});
