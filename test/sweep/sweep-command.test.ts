/**
 * `sgd sweep` end to end through run(argv, io) on the two moons (2 epochs a point): the run
 * directories, sweep.json against each run's summary.json, a point against the same `sgd train`,
 * shards sharing one directory, the table and --json, the overlaid report, divergence (exit 3,
 * the other points still run), interrupt (exit 130) and config errors caught before anything
 * is written (exit 2).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { decodeEvent } from "../../src/export/tensorboard-event.js";
import { readRecords } from "../../src/export/tfrecord.js";
import { eventFiles } from "../../src/report/tensorboard-log.js";
import { interruptibleIo } from "../cli/captured-io.js";
import { CONFIG, GRID, metricsWithoutTime, NAMES, readJson } from "./sweep-fixture.js";
import { chartsIn, chartTitled } from "../report/run-report-svg.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-sweep-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sgd(args: string[], onErr?: (text: string, interrupt: () => void) => void) {
  const io = interruptibleIo(repo, onErr);
  const code = await run(args, io);
  return { code, io };
}

describe("sgd sweep", () => {
  const dir = path.join(tmp, "lr-batch");
  let result: Awaited<ReturnType<typeof sgd>>;
  beforeAll(async () => {
    result = await sgd(["sweep", ...CONFIG, ...GRID, "--out", dir]);
  });

  it("trains the 4 points of lr × batch into 4 run directories and lists them in sweep.json", () => {
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([...NAMES, "records", "report.html", "sweep.json"]);
    expect(fs.readdirSync(path.join(dir, "records")).sort()).toEqual(NAMES.map((n) => `${n}.json`));
    const doc = readJson(path.join(dir, "sweep.json"));
    expect(doc.points_total).toBe(4);
    expect(doc.points.map((p: { dir: string }) => p.dir)).toEqual(NAMES);
    const lr = [0.1, 0.1, 0.3, 0.3],
      batch = [10, "full", 10, "full"];
    doc.points.forEach((p: Record<string, unknown> & { dir: string }, i: number) => {
      expect(p.overrides).toEqual({ "optimizer.learningRate": lr[i], "optimizer.batchSize": batch[i] });
      const runDir = path.join(dir, p.dir);
      for (const f of [
        "config.json",
        "metrics.csv",
        "metrics.jsonl",
        "summary.json",
        "model.json",
        "checkpoint.json",
        "report.html",
      ]) {
        expect(fs.existsSync(path.join(runDir, f)), `${p.dir}/${f}`).toBe(true);
      }
      const config = readJson(path.join(runDir, "config.json"));
      expect([config.optimizer.learningRate, config.optimizer.batchSize, config.optimizer.epochs]).toEqual([
        lr[i],
        batch[i],
        2,
      ]);
      const summary = readJson(path.join(runDir, "summary.json"));
      expect(p.status).toBe("completed");
      expect(p.final).toEqual(summary.final);
      expect(p.timing).toEqual(summary.timing);
      // 150 training samples, 2 epochs: 15 steps an epoch at batch 10, 1 at full batch
      expect(p.steps).toBe(batch[i] === 10 ? 30 : 2);
    });
  });

  it("gives each point its own TensorBoard folder (tensorboard --logdir DIR overlays them as runs)", () => {
    NAMES.forEach((name) => {
      const files = eventFiles(path.join(dir, name));
      expect(files.map((f) => path.relative(dir, path.dirname(f)))).toEqual([path.join(name, "tensorboard")]);
      const last = decodeEvent(readRecords(new Uint8Array(fs.readFileSync(files[0]!))).records.at(-1)!);
      const summary = readJson(path.join(dir, name, "summary.json"));
      expect(last.step).toBe(summary.steps);
      expect("scalars" in last && last.scalars.find((v) => v.tag === "train_loss")?.value).toBe(
        Math.fround(summary.final.train_loss),
      );
    });
  });

  it("a point is the same run as sgd train with the same --set", async () => {
    const single = path.join(tmp, "single");
    const { code } = await sgd([
      "train",
      ...CONFIG,
      "--set",
      "optimizer.learningRate=0.3",
      "--set",
      "optimizer.batchSize=full",
      "--out",
      single,
      "--quiet",
    ]);
    expect(code).toBe(0);
    expect(metricsWithoutTime(path.join(dir, NAMES[3]!))).toEqual(metricsWithoutTime(single));
  });

  it("prints the table on stdout: one row per point with its final numbers", () => {
    const doc = readJson(path.join(dir, "sweep.json"));
    const rows = result.io
      .out()
      .split("\n")
      .filter((l) => /^\s+\d+\s/.test(l));
    expect(rows.length).toBe(4);
    rows.forEach((row, i) => {
      const acc = `${(doc.points[i].final.test_accuracy * 100).toFixed(2)}%`;
      expect(row).toMatch(
        new RegExp(
          `^\\s+${i}\\s+optimizer\\.learningRate=0\\.[13], optimizer\\.batchSize=(10|full)\\s+completed\\s.*${acc.replace(".", "\\.")}`,
        ),
      );
    });
  });

  it("report.html overlays the 4 runs, and sgd report DIR/*/ does too", async () => {
    const charts = chartsIn(fs.readFileSync(path.join(dir, "report.html"), "utf8"));
    const loss = chartTitled(charts, "Training loss");
    expect(loss.series.size).toBe(4);
    const file = path.join(tmp, "again.html");
    const { code } = await sgd(["report", ...NAMES.map((n) => path.join(dir, n)), "--out", file]);
    expect(code).toBe(0);
    expect(chartTitled(chartsIn(fs.readFileSync(file, "utf8")), "Training loss").series.size).toBe(4);
  });

  it("--shard 1/3, 2/3, 3/3 into one --out (with --force) run each point once, numbered as unsharded", async () => {
    const shared = path.join(tmp, "sharded");
    const runs: string[][] = [];
    for (const shard of ["1/3", "2/3", "3/3"]) {
      const { code, io } = await sgd([
        "sweep",
        ...CONFIG,
        ...GRID,
        "--out",
        shared,
        "--force",
        "--shard",
        shard,
        "--json",
      ]);
      expect(code).toBe(0);
      runs.push(JSON.parse(io.out()).points.map((p: { dir: string; shard: string }) => `${p.shard}:${p.dir}`));
    }
    // each shard's sweep.json holds what has run so far: 0,3 · then 1 · then 2
    expect(runs[0]).toEqual([`1/3:${NAMES[0]}`, `1/3:${NAMES[3]}`]);
    expect(runs[2]).toEqual([`1/3:${NAMES[0]}`, `2/3:${NAMES[1]}`, `3/3:${NAMES[2]}`, `1/3:${NAMES[3]}`]);
    const merged = readJson(path.join(shared, "sweep.json"));
    const whole = readJson(path.join(dir, "sweep.json"));
    expect(merged.points.map((p: { final: unknown }) => p.final)).toEqual(
      whole.points.map((p: { final: unknown }) => p.final),
    );
    expect(
      fs
        .readdirSync(shared)
        .filter((f) => /^\d-/.test(f))
        .sort(),
    ).toEqual(NAMES);
  });

  it("--json: stdout is exactly the sweep.json document", async () => {
    const out = path.join(tmp, "json");
    const { code, io } = await sgd(["sweep", ...CONFIG, "--grid", "seed=1,2", "--out", out, "--json", "--jobs", "1"]);
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toEqual(readJson(path.join(out, "sweep.json")));
    expect(io.err()).toMatch(/\[2\/2\] point 1: seed=2/);
  });
});

describe("sgd sweep: failures", () => {
  it("a diverging point exits 3, names it, and the other points still run", async () => {
    const out = path.join(tmp, "diverge");
    const { code, io } = await sgd(["sweep", ...CONFIG, "--grid", "optimizer.learningRate=1e6,0.1", "--out", out]);
    expect(code).toBe(3);
    expect(io.err()).toMatch(/1 of 2 points diverged: 0-learningRate=1e6 /);
    const doc = readJson(path.join(out, "sweep.json"));
    expect(doc.points.map((p: { status: string }) => p.status)).toEqual(["diverged", "completed"]);
    expect(doc.points[0].divergence.step).toBeGreaterThan(0);
    expect(readJson(path.join(out, "1-learningRate=0.1", "summary.json")).status).toBe("completed");
  });

  it("an interrupt stops after the current point's checkpoint: exit 130, later points pending", async () => {
    const out = path.join(tmp, "interrupt");
    let inPoint1 = false;
    const args = ["sweep", ...CONFIG, "--grid", "seed=1,2,3", "--out", out, "--jobs", "1"];
    const { code, io } = await sgd(args, (text, interrupt) => {
      if (text.includes("[2/3] point 1")) inPoint1 = true;
      if (inPoint1 && text.startsWith("step 10/")) interrupt();
    });
    expect(code).toBe(130);
    expect(io.err()).toMatch(
      /point 1 stopped at step 10 .*sgd train --resume .*1-seed=2\).*1 point\(s\) not run \(2\)/,
    );
    const doc = readJson(path.join(out, "sweep.json"));
    expect(doc.points.map((p: { status: string }) => p.status)).toEqual(["completed", "interrupted", "pending"]);
    expect(fs.existsSync(path.join(out, "2-seed=3"))).toBe(false);
    expect(fs.existsSync(path.join(out, "1-seed=2", "checkpoint.json"))).toBe(true);

    // resumed as the message advises, the point's record in sweep.json says how it ended
    expect((await sgd(["train", "--resume", path.join(out, "1-seed=2"), "--quiet"])).code).toBe(0);
    const after = readJson(path.join(out, "sweep.json"));
    const summary = readJson(path.join(out, "1-seed=2", "summary.json"));
    expect(after.points.map((p: { status: string }) => p.status)).toEqual(["completed", "completed", "pending"]);
    expect(after.points[1]).toMatchObject({ steps: summary.steps, final: summary.final, shard: "1/1" });
  });

  it("a bad value in the 5th point exits 2 before anything is trained or written", async () => {
    const out = path.join(tmp, "bad-value");
    const { code, io } = await sgd([
      "sweep",
      ...CONFIG,
      "--grid",
      "optimizer.learningRate=0.1,0.2,0.3,0.4,-1",
      "--out",
      out,
    ]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /^error: --grid optimizer\.learningRate=-1: optimizer\.learningRate: expected a number > 0, found -1$/m,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it("a point whose config does not fit its data exits 2 naming the point, before anything is written", async () => {
    const out = path.join(tmp, "bad-monitor");
    const stops = "stop={monitor: test_loss, patience: 3},{monitor: test_accuracy, patience: 3}";
    const config = ["--config", "configs/synthetic-regression-mse.yaml"];
    const { code, io } = await sgd(["sweep", ...config, "--grid", stops, "--out", out]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /sweep point 1 \(stop=\{monitor: test_accuracy, patience: 3\}\): stop\.monitor: test_accuracy needs a classifier/,
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it("an unknown grid key exits 2 with did-you-mean, writing nothing", async () => {
    const out = path.join(tmp, "bad-key");
    const { code, io } = await sgd([
      "sweep",
      ...CONFIG,
      "--grid",
      "optimizer.learningRat=0.1,0.3",
      "--out",
      out,
      "--json",
    ]);
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /--grid optimizer\.learningRat=0\.1: unknown key "optimizer\.learningRat" \(did you mean "optimizer\.learningRate"\?\)/,
    );
    expect(JSON.parse(io.out())).toMatchObject({ status: "error", exitCode: 2 });
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses an --out holding other files without --force, and even with --force one of another sweep", async () => {
    const out = path.join(tmp, "busy");
    expect((await sgd(["sweep", ...CONFIG, "--grid", "seed=1", "--out", out, "--quiet"])).code).toBe(0);
    const before = fs.readFileSync(path.join(out, "sweep.json"), "utf8");
    fs.writeFileSync(path.join(out, "notes.txt"), "mine\n");
    const again = await sgd(["sweep", ...CONFIG, "--grid", "seed=1", "--out", out]);
    expect(again.code).toBe(2);
    expect(again.io.err()).toMatch(/not empty and holds more than this sweep \(notes\.txt\).*--force/);
    const other = await sgd(["sweep", ...CONFIG, "--grid", "seed=1,2", "--out", out, "--force"]);
    expect(other.code).toBe(2);
    expect(other.io.err()).toMatch(/describes another sweep/);
    expect(fs.readFileSync(path.join(out, "sweep.json"), "utf8")).toBe(before);
  });
});
