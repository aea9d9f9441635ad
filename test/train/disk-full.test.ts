/**
 * A full disk at every write of a run (the file system injected: test/report/faulty-fs.ts): each
 * write k of a small `sgd train`, in turn, writes half its bytes and every later one fails with
 * ENOSPC. Each time the run must end with exit 2 and one line naming a path of the run and saying
 * "no space left on device"; leave no temp file, no lock and no torn file (every JSON file parses,
 * every metrics row is whole); and once space is back, `--resume` (or a fresh start, when not even
 * config.json was written) must give the metrics and model of a run that never failed. Short writes
 * that succeed must change nothing. And once on a real 96 KiB tmpfs, when this machine lets us mount one.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { useFileSystem } from "../../src/report/durable-files.js";
import { capturedIo } from "../cli/captured-io.js";
import { FaultyFs } from "../report/faulty-fs.js";
import { runOutcome } from "./run-outcome.js";

const CONFIG = fileURLToPath(new URL("../../configs/moons-backprop.yaml", import.meta.url));
const SMALL = ["--set", "optimizer.maxSteps=12", "--set", "log.every=2", "--set", "log.evalEvery=4"];
const JSON_FILES = ["config.json", "checkpoint.json", "summary.json", "model.json"];

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-disk-full-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function train(args: string[], faulty?: FaultyFs): Promise<{ code: number; err: string }> {
  const io = capturedIo({ cwd: root });
  const restore = faulty ? useFileSystem(faulty.layer) : () => {};
  try {
    const code = await run(["train", ...args, "--quiet"], io);
    return { code, err: io.err() };
  } finally {
    restore();
  }
}

const outcome = runOutcome;

/** Nothing torn, nothing left over: JSON files parse, every row is whole, no temp file, no lock. */
function expectIntact(dir: string): void {
  const names = fs.readdirSync(dir);
  expect(names.filter((n) => n.endsWith(".tmp") || n === ".lock")).toEqual([]);
  for (const name of JSON_FILES.filter((n) => names.includes(n))) {
    expect(() => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")), name).not.toThrow();
  }
  for (const name of ["metrics.csv", "metrics.jsonl"].filter((n) => names.includes(n))) {
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    expect(text === "" || text.endsWith("\n"), `${name} ends with a whole row`).toBe(true);
  }
  if (names.includes("metrics.jsonl")) {
    const lines = fs.readFileSync(path.join(dir, "metrics.jsonl"), "utf8").split("\n").filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  }
}

describe("a full disk at any write of sgd train", () => {
  it("ends every time with exit 2 in plain words, loses nothing, and resumes to the same run", async () => {
    const reference = path.join(root, "reference");
    const counter = new FaultyFs({});
    expect((await train(["--config", CONFIG, ...SMALL, "--out", reference], counter)).code).toBe(0);
    const expected = outcome(reference);
    expect(expected.metrics).toHaveLength(7); // the header and rows at steps 2, 4, …, 12
    const writes = counter.writes;
    expect(writes).toBeGreaterThan(15);

    for (let k = 1; k <= writes; k++) {
      const dir = path.join(root, `full-at-${k}`);
      const failed = await train(["--config", CONFIG, ...SMALL, "--out", dir], new FaultyFs({ fullAt: k }));
      expect(failed.code, `write ${k}`).toBe(2);
      const line = /^error: (\/\S+): cannot [a-z ]+: no space left on device\n$/.exec(failed.err);
      expect(line, `write ${k}: ${failed.err}`).not.toBeNull();
      expect(line![1]!.startsWith(dir), `write ${k} names a path of the run`).toBe(true);
      expectIntact(dir);

      const again = fs.existsSync(path.join(dir, "config.json"))
        ? await train(["--resume", dir])
        : await train(["--config", CONFIG, ...SMALL, "--out", dir, "--force"]);
      expect(again.code, `after write ${k}: ${again.err}`).toBe(0);
      expect(outcome(dir), `after write ${k}`).toEqual(expected);
    }
  }, 120_000);

  it("short writes that succeed change nothing", async () => {
    const dir = path.join(root, "short");
    const faulty = new FaultyFs({ chunk: 7 });
    expect((await train(["--config", CONFIG, ...SMALL, "--out", dir], faulty)).code).toBe(0);
    expect(outcome(dir)).toEqual(outcome(path.join(root, "reference")));
    expect(faulty.writes).toBeGreaterThan(1000); // model.json alone is ~1.5 KB in 7-byte writes
  });
});

/** Mount a tmpfs of `size` at a new folder, or say why not (not root, no mount here). */
function mountTmpfs(size: string): { dir: string } | { skip: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-tmpfs-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8" });
  if (mounted.status === 0) return { dir };
  fs.rmdirSync(dir);
  return { skip: (mounted.stderr || mounted.error?.message || "mount failed").trim() };
}

const tmpfs = mountTmpfs("96k");
describe("on a real tmpfs of 96 KiB", () => {
  afterAll(() => {
    if ("dir" in tmpfs) {
      spawnSync("umount", [tmpfs.dir]);
      fs.rmdirSync(tmpfs.dir);
    }
  });

  it.skipIf("skip" in tmpfs)(
    `fills up with exit 2, keeps the checkpoint whole, resumes once there is room${"skip" in tmpfs ? ` (skipped: cannot mount a tmpfs here: ${tmpfs.skip})` : ""}`,
    async () => {
      const mount = (tmpfs as { dir: string }).dir;
      // 2-400-2 (2,002 parameters): checkpoint.json (~43 KB) and its rewrite fit, model.json (~64 KB) does not
      const args = ["--config", CONFIG, "--set", "model.hidden=[400]", "--set", "optimizer.maxSteps=40"];
      const dir = path.join(mount, "run");
      const failed = await train([...args, "--set", "log.evalEvery=10", "--out", dir]);
      expect(failed.code).toBe(2);
      expect(failed.err).toMatch(new RegExp(`^error: ${dir}/\\S+: cannot [a-z ]+: no space left on device\\n$`));
      expectIntact(dir);
      // room again: move the run off the tmpfs and resume it there
      const moved = path.join(root, "from-tmpfs");
      fs.cpSync(dir, moved, { recursive: true });
      expect((await train(["--resume", moved])).code).toBe(0);
      const reference = path.join(root, "tmpfs-reference");
      expect((await train([...args, "--set", "log.evalEvery=10", "--out", reference])).code).toBe(0);
      expect(outcome(moved)).toEqual(outcome(reference));
    },
  );
});
