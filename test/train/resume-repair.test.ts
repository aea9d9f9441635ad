/**
 * Resuming what a crash leaves behind, through run(argv, io) on the two moons: a torn last row of
 * metrics.jsonl and metrics.csv is dropped (saying so), a run killed before its first checkpoint
 * starts over from step 0 (saying so), and both end with the metrics and model of a run that was
 * never stopped. One writer per run directory: a folder locked by a live process is refused
 * naming its pid; once that process has ended, its lock is taken over with a warning.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { interruptibleIo } from "../cli/captured-io.js";
import { runOutcome } from "./run-outcome.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-resume-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ARGS = ["--config", "configs/moons-backprop.yaml", "--set", "optimizer.epochs=4", "--set", "log.every=3"];

async function train(args: string[], onErr?: (text: string, interrupt: () => void) => void) {
  const io = interruptibleIo(repo, onErr);
  const code = await run(["train", ...args], io);
  return { code, err: io.err() };
}

const outcome = runOutcome;

/** A run interrupted at step 30 (exit 130), its checkpoint at step 30. */
async function interrupted(dir: string): Promise<void> {
  const first = await train([...ARGS, "--out", dir], (text, interrupt) => {
    if (text.startsWith("step 30/")) interrupt();
  });
  expect(first.code).toBe(130);
}

let reference: ReturnType<typeof outcome>;
beforeAll(async () => {
  const dir = path.join(tmp, "reference");
  expect((await train([...ARGS, "--out", dir, "--quiet"])).code).toBe(0);
  reference = outcome(dir);
  expect(reference.metrics.length).toBe(21); // header + 60 steps / 3
});

describe("--resume repairs what a crash leaves", () => {
  it("drops a torn last row of metrics.jsonl and metrics.csv and continues", async () => {
    const dir = path.join(tmp, "torn");
    await interrupted(dir);
    fs.appendFileSync(path.join(dir, "metrics.jsonl"), '{"step":99999,"epo');
    fs.appendFileSync(path.join(dir, "metrics.csv"), "33,2.2,33");
    const resumed = await train(["--resume", dir]);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/resuming .* at step 30\n/);
    expect(resumed.err).toContain("metrics.csv: dropped a torn last row (line 12)\n");
    expect(resumed.err).toContain("metrics.jsonl: dropped a torn last row (line 11)\n");
    expect(outcome(dir)).toEqual(reference);
  });

  it("a row that is not a row, before the last, is an error naming its line", async () => {
    const dir = path.join(tmp, "garbled");
    await interrupted(dir);
    const file = path.join(dir, "metrics.jsonl");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[2] = "garbage";
    fs.writeFileSync(file, lines.join("\n"));
    const resumed = await train(["--resume", dir, "--quiet"]);
    expect([resumed.code, resumed.err]).toEqual([2, `error: ${file}:3: not a metrics row (garbage)\n`]);
  });

  it("a run with a config but no checkpoint yet starts over from step 0, saying so", async () => {
    const dir = path.join(tmp, "no-checkpoint");
    await interrupted(dir);
    fs.rmSync(path.join(dir, "checkpoint.json"));
    const resumed = await train(["--resume", dir]);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toContain(
      `${dir}: no checkpoint yet (the run stopped before its first one): starting it over from step 0\n`,
    );
    expect(outcome(dir)).toEqual(reference);
  });
});

describe("one writer per run directory", () => {
  it("refuses a folder whose lock a live process holds, naming its pid; takes it over once that process is gone", async () => {
    const dir = path.join(tmp, "locked");
    fs.mkdirSync(dir);
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const pid = holder.pid!;
    const lock = { pid, command: "sgd train", host: os.hostname(), started: "2025-01-01T00:00:00.000Z", token: "x" };
    fs.writeFileSync(path.join(dir, ".lock"), JSON.stringify(lock));
    try {
      const refused = await train([...ARGS, "--out", dir, "--force", "--quiet"]);
      expect(refused.code).toBe(2);
      expect(refused.err).toBe(
        `error: ${dir}: another sgd is writing here (pid ${pid}, "sgd train", since 2025-01-01T00:00:00.000Z): ` +
          `wait for it to end or use another --out (if it is not running any more, delete ${dir}/.lock)\n`,
      );
    } finally {
      const ended = new Promise((resolve) => holder.on("exit", resolve));
      holder.kill("SIGKILL");
      await ended;
    }
    const taken = await train([...ARGS, "--out", dir, "--force"]);
    expect(taken.code).toBe(0);
    expect(taken.err).toContain(
      `warning: ${dir}: taking over the lock of process ${pid} ("sgd train"), which is no longer running\n`,
    );
    expect(fs.existsSync(path.join(dir, ".lock"))).toBe(false);
    expect(outcome(dir)).toEqual(reference);
  });
});
