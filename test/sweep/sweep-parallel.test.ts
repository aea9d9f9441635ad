/**
 * `sgd sweep` beyond one point at a time, end to end on the two moons (2 epochs a point):
 * --jobs 2 gives the run directories of --jobs 1 (metrics.csv without its time columns, model.json,
 * sweep.json's finals), with worker lines prefixed by point; an interrupt with --jobs 2 leaves
 * every started point resumable, and the same command again skips finished points, resumes the
 * interrupted ones and ends with the uninterrupted sweep's numbers; --list; --shard auto from a
 * scheduler's variables; and four shards started as four processes at the same moment into one
 * folder, whose sweep.json lists every point.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo, interruptibleIo } from "../cli/captured-io.js";
import { CONFIG, GRID, metricsWithoutTime, NAMES, readJson } from "./sweep-fixture.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-sweep-jobs-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SWEEP = ["sweep", ...CONFIG];

async function sgd(args: string[], env: Record<string, string> = {}) {
  const io = capturedIo({ cwd: repo, env });
  return { code: await run(args, io), io };
}

const finals = (dir: string) =>
  readJson(path.join(dir, "sweep.json")).points.map((p: { status: string; final: unknown }) => [p.status, p.final]);

describe("sgd sweep --jobs", () => {
  const serial = path.join(tmp, "serial");
  const parallel = path.join(tmp, "parallel");
  let parallelErr = "";
  beforeAll(async () => {
    expect((await sgd([...SWEEP, ...GRID, "--out", serial, "--jobs", "1", "--quiet"])).code).toBe(0);
    const { code, io } = await sgd([...SWEEP, ...GRID, "--out", parallel, "--jobs", "2"]);
    expect(code).toBe(0);
    parallelErr = io.err();
  });

  it("--jobs 2 writes the run directories and metrics of --jobs 1", () => {
    for (const name of NAMES) {
      expect(metricsWithoutTime(path.join(parallel, name)), name).toEqual(metricsWithoutTime(path.join(serial, name)));
      const model = (d: string) => fs.readFileSync(path.join(d, name, "model.json"), "utf8");
      expect(model(parallel)).toBe(model(serial));
      expect(readJson(path.join(parallel, name, "config.json"))).toEqual(
        readJson(path.join(serial, name, "config.json")),
      );
    }
    expect(finals(parallel)).toEqual(finals(serial));
    expect(finals(parallel).map((f: unknown[]) => f[0])).toEqual(["completed", "completed", "completed", "completed"]);
  });

  it("--jobs 2 over seeds (each point its own dataset, loaded by both lanes at once) gives the models of --jobs 1", async () => {
    const seeds = ["--grid", "seed=1,2,3"];
    const [one, two] = [path.join(tmp, "seeds-1"), path.join(tmp, "seeds-2")];
    expect((await sgd([...SWEEP, ...seeds, "--out", one, "--jobs", "1", "--quiet"])).code).toBe(0);
    expect((await sgd([...SWEEP, ...seeds, "--out", two, "--jobs", "2", "--quiet"])).code).toBe(0);
    const models = (d: string) =>
      ["0-seed=1", "1-seed=2", "2-seed=3"].map((n) => fs.readFileSync(path.join(d, n, "model.json"), "utf8"));
    expect(models(two)).toEqual(models(one));
    expect(new Set(models(one)).size).toBe(3);
    expect(finals(two)).toEqual(finals(one));
  });

  it("says how it shares the cores, and prefixes each worker's lines by its point", () => {
    const cores = os.availableParallelism();
    const threads = Math.max(1, Math.floor(cores / 2));
    expect(parallelErr).toContain(`2 points at a time, ${threads} thread${threads === 1 ? "" : "s"} each`);
    for (const [i, name] of NAMES.entries()) {
      expect(parallelErr).toContain(`[point ${i}] run directory: ${path.join(parallel, name)}`);
    }
    expect(readJson(path.join(parallel, NAMES[0]!, "summary.json")).environment.threads).toBe(threads);
  });

  it("run again, skips every finished point and trains nothing", async () => {
    const before = fs.readFileSync(path.join(parallel, NAMES[2]!, "metrics.csv"), "utf8");
    const { code, io } = await sgd([...SWEEP, ...GRID, "--out", parallel, "--jobs", "2"]);
    expect(code).toBe(0);
    for (const [i, name] of NAMES.entries()) {
      expect(io.err()).toContain(`point ${i}: ${path.join(parallel, name)} holds a finished run (completed): skipped`);
    }
    expect(io.err()).not.toMatch(/\[point \d\]/);
    expect(fs.readFileSync(path.join(parallel, NAMES[2]!, "metrics.csv"), "utf8")).toBe(before);
    expect(finals(parallel)).toEqual(finals(serial));
  });

  it("an interrupt stops every running point after its checkpoint; the same command resumes them", async () => {
    const out = path.join(tmp, "interrupted");
    // the points seen running when the interrupt is sent (announced or stepping, not yet at their run
    // directory line), each with its last step seen; it is sent once the worker's point (point 1: point 0
    // starts on this thread, a worker takes the next) is in the first half of its 9,000 steps. This
    // thread's point may not have printed a line yet then, or be near its end and finish first.
    let interrupted: Map<string, number> | null = null;
    const running = new Map<string, number>();
    const io = interruptibleIo(repo, (text, interrupt) => {
      for (const m of text.matchAll(/^\[point (\d)\] (?:step (\d+)\/|(run directory))?/gm)) {
        if (m[3] !== undefined) running.delete(m[1]!);
        else running.set(m[1]!, m[2] === undefined ? (running.get(m[1]!) ?? 0) : Number(m[2]));
      }
      if (interrupted === null && (running.get("1") ?? 9000) < 4500) {
        interrupted = new Map(running);
        interrupt();
      }
    });
    const grid = ["--grid", "seed=1,2,3", "--set", "optimizer.batchSize=1", "--set", "optimizer.epochs=60"];
    const args = [...SWEEP, ...grid, "--out", out, "--jobs", "2"];
    expect(await run(args, io)).toBe(130);
    const points: { dir: string; status: string }[] = readJson(path.join(out, "sweep.json")).points;
    const stopped = points.filter((p) => p.status === "interrupted");
    const seen = interrupted as Map<string, number> | null;
    expect(seen).not.toBeNull();
    const stoppedPoints = stopped.map((p) => p.dir.slice(0, 1));
    expect(stoppedPoints).toContain("1");
    for (const k of stoppedPoints) expect([...seen!.keys()], `point ${k}`).toContain(k); // only running points stop
    for (const [k, step] of seen!) if (step < 8000) expect(stoppedPoints, `point ${k} at step ${step}`).toContain(k);
    for (const p of stopped) expect(fs.existsSync(path.join(out, p.dir, "checkpoint.json"))).toBe(true);
    expect(points.every((p) => ["interrupted", "completed", "pending"].includes(p.status))).toBe(true);
    // the message names every stopped point (one: with its --resume line)
    const says =
      stopped.length === 1
        ? /point \d stopped at step \d+ with its checkpoint saved \(continue it with: sgd train --resume /
        : new RegExp(`points ${stopped.map((p) => `${p.dir[0]} \\(step \\d+\\)`).join(", ")} stopped with their`);
    expect(io.err()).toMatch(says);

    const again = await sgd(args);
    expect(again.code).toBe(0);
    for (const p of stopped) expect(again.io.err()).toMatch(new RegExp(`resuming .*${p.dir} at step \\d+`));
    const whole = path.join(tmp, "uninterrupted");
    expect((await sgd([...args.slice(0, -4), "--out", whole, "--quiet"])).code).toBe(0);
    expect(finals(out)).toEqual(finals(whole));
    for (const name of ["0-seed=1", "1-seed=2", "2-seed=3"]) {
      const model = (d: string) => fs.readFileSync(path.join(d, name, "model.json"), "utf8");
      expect(model(out), name).toBe(model(whole));
    }
  });
});

describe("sgd sweep --list and --shard auto", () => {
  it("--list prints each point as a JSON line and writes nothing", async () => {
    const out = path.join(tmp, "listed");
    const { code, io } = await sgd([...SWEEP, ...GRID, "--out", out, "--list"]);
    expect(code).toBe(0);
    const lines = io
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.dir)).toEqual(NAMES);
    expect(lines[1]).toEqual({
      index: 1,
      dir: NAMES[1],
      overrides: { "optimizer.learningRate": 0.1, "optimizer.batchSize": "full" },
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  it("--shard auto reads the shard from Slurm's array variables and says so", async () => {
    const env = {
      SLURM_ARRAY_TASK_ID: "12",
      SLURM_ARRAY_TASK_MIN: "10",
      SLURM_ARRAY_TASK_STEP: "2",
      SLURM_ARRAY_TASK_COUNT: "3",
    };
    const { code, io } = await sgd([...SWEEP, ...GRID, "--shard", "auto", "--list"], env);
    expect(code).toBe(0);
    // task 12 of 10, 12, 14 is the second of three: points 1 and 4 (the grid has 0…3, so only 1)
    expect(
      io
        .out()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).index),
    ).toEqual([1]);
    expect(io.err()).toContain(
      "shard 2/3 from Slurm job array: SLURM_ARRAY_TASK_COUNT=3, SLURM_ARRAY_TASK_ID=12, " +
        "SLURM_ARRAY_TASK_MIN=10, SLURM_ARRAY_TASK_STEP=2",
    );
  });

  it("--shard auto on a Kubernetes Indexed Job takes the count from SGD_SHARD_COUNT, and trains its points", async () => {
    const out = path.join(tmp, "k8s");
    const env = { JOB_COMPLETION_INDEX: "0", SGD_SHARD_COUNT: "2" };
    const { code, io } = await sgd([...SWEEP, ...GRID, "--shard", "auto", "--out", out, "--json"], env);
    expect(code).toBe(0);
    expect(io.err()).toContain("shard 1/2 from Kubernetes Indexed Job: JOB_COMPLETION_INDEX=0, SGD_SHARD_COUNT=2");
    expect(JSON.parse(io.out()).points.map((p: { dir: string; shard: string }) => `${p.shard} ${p.dir}`)).toEqual([
      `1/2 ${NAMES[0]}`,
      `1/2 ${NAMES[2]}`,
    ]);
  });
});

/** `sgd ARGS` as a separate process; resolves with its exit code and stderr. */
function sgdProcess(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "sgd-process.ts"), ...args], {
      cwd: repo,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code, err }));
  });
}

describe("sgd sweep: shards at the same moment", () => {
  it("four shard processes started together into one --out lose no point of sweep.json", async () => {
    const out = path.join(tmp, "together");
    const grid = ["--grid", "seed=1,2,3,4,5,6,7,8", "--set", "optimizer.epochs=1", "--set", "optimizer.batchSize=full"];
    const shards = ["1/4", "2/4", "3/4", "4/4"].map((s) =>
      sgdProcess([...SWEEP, ...grid, "--out", out, "--shard", s, "--jobs", "1", "--quiet"]),
    );
    const results = await Promise.all(shards);
    expect(
      results.map((r) => r.code),
      results.map((r) => r.err).join("\n"),
    ).toEqual([0, 0, 0, 0]);
    const doc = readJson(path.join(out, "sweep.json"));
    expect(
      doc.points.map((p: { index: number; status: string; shard: string }) => `${p.index} ${p.status} ${p.shard}`),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${i} completed ${(i % 4) + 1}/4`));
    expect(fs.readdirSync(path.join(out, "records")).length).toBe(8);
  });
});
