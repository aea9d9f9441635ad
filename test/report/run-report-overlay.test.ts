/**
 * `sgd report DIR DIR …`: several training runs overlaid (one series per run on every chart,
 * each series = that run's logged numbers), written to ./report.html by default; and the
 * compare-gradients kind, regenerated from results.json. Mixed kinds are refused (exit 2).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { chartsIn, chartTitled, jsonlRows, pairs } from "./run-report-svg.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-overlay-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sgd(args: string[], cwd = repo) {
  const io = capturedIo({ cwd });
  const code = await run(args, io);
  return { code, io };
}

/** the moons run three ways: SGD (B = 1), minibatch (B = 10), GD (B = N = 150) */
const RUNS = [
  {
    name: "moons-sgd",
    sets: [
      "optimizer.batchSize=1",
      "optimizer.learningRate=0.05",
      "optimizer.epochs=2",
      "log.every=30",
      "log.evalEvery=60",
    ],
  },
  { name: "moons-minibatch", sets: ["optimizer.batchSize=10", "optimizer.epochs=4"] },
  {
    name: "moons-gd",
    sets: [
      "optimizer.batchSize=full",
      "optimizer.learningRate=1",
      "optimizer.epochs=40",
      "log.every=2",
      "log.evalEvery=10",
    ],
  },
];
const dirs = RUNS.map((r) => path.join(tmp, r.name));
/** legends name only the config keys that differ (the name aside), by their last segment, in config order */
const LABELS = [
  "batchSize=1, learningRate=0.05, epochs=2, every=30, evalEvery=60",
  "batchSize=10, learningRate=0.3, epochs=4, every=5, evalEvery=15",
  "batchSize=full, learningRate=1, epochs=40, every=2, evalEvery=10",
];

beforeAll(async () => {
  for (const [i, r] of RUNS.entries()) {
    const sets = [`name=${r.name}`, ...r.sets].flatMap((s) => ["--set", s]);
    expect(
      (await sgd(["train", "--config", "configs/moons-backprop.yaml", "--out", dirs[i]!, "--quiet", ...sets])).code,
    ).toBe(0);
  }
});

describe("several training runs", () => {
  it("overlays one series per run on every chart, each the run's logged numbers", async () => {
    const { code, io } = await sgd(["report", ...dirs], tmp);
    expect(code).toBe(0);
    expect(io.err()).toContain(`wrote ${path.join(tmp, "report.html")} (3 training runs overlaid)`);
    const charts = chartsIn(fs.readFileSync(path.join(tmp, "report.html"), "utf8"));
    expect(charts).toHaveLength(4);
    for (const chart of charts) expect([...chart.series.keys()]).toEqual(LABELS);
    RUNS.forEach((_, i) => {
      const rows = jsonlRows(dirs[i]!);
      expect(chartTitled(charts, "Training loss against samples seen").series.get(LABELS[i]!)).toEqual(
        pairs(rows, "samples", "train_loss"),
      );
      expect(chartTitled(charts, "Training loss against time").series.get(LABELS[i]!)).toEqual(
        pairs(rows, "compute_s", "train_loss"),
      );
      expect(chartTitled(charts, "Test accuracy against samples seen").series.get(LABELS[i]!)).toEqual(
        pairs(rows, "samples", "test_accuracy"),
      );
    });
    // 150 training samples: SGD's first row after 30 samples (log.every = 30 steps of 1); every GD step
    // ends an epoch, which always logs, so its first row comes after one step = 150 samples
    expect(chartTitled(charts, "Training loss against samples seen").series.get(LABELS[0]!)![0]![0]).toBe(30);
    expect(chartTitled(charts, "Training loss against samples seen").series.get(LABELS[2]!)![0]![0]).toBe(150);
  });

  it("the table holds each run's final numbers from summary.json", async () => {
    const out = path.join(tmp, "three.html");
    expect((await sgd(["report", ...dirs, "--out", out])).code).toBe(0);
    const html = fs.readFileSync(out, "utf8");
    for (const dir of dirs) {
      const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));
      expect(html).toContain(`<td class="num">${s.steps}</td>`);
      expect(html).toContain(`<td>${(s.final.test_accuracy * 100).toFixed(2)}%</td>`);
    }
    expect(html).toContain("<td>B = N = 150 (GD)</td>");
    expect(html).toContain("<td>B = 1 (SGD)</td>");
  });

  it("two runs of the same name are told apart by their directories", async () => {
    const copy = path.join(tmp, "again");
    fs.cpSync(dirs[1]!, copy, { recursive: true });
    const out = path.join(tmp, "two.html");
    expect((await sgd(["report", dirs[1]!, copy, "--out", out])).code).toBe(0);
    const [first] = chartsIn(fs.readFileSync(out, "utf8"));
    expect([...first!.series.keys()]).toEqual(["moons-minibatch", "moons-minibatch (again)"]);
  });
});

describe("a compare-gradients run", () => {
  const cmp = path.join(tmp, "cmp");
  beforeAll(async () => {
    expect((await sgd(["compare-gradients", "--quick", "--out", cmp, "--quiet"])).code).toBe(0);
  });

  it("regenerates its report.html from results.json: one series per method that ran", async () => {
    fs.rmSync(path.join(cmp, "report.html"));
    expect((await sgd(["report", cmp])).code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(cmp, "results.json"), "utf8"));
    const charts = chartsIn(fs.readFileSync(path.join(cmp, "report.html"), "utf8"));
    const time = charts.filter((c) => c.title.startsWith("Time per gradient") && c.xLabel.startsWith("depth"));
    expect(time.length).toBeGreaterThan(0);
    const bp = time[0]!.series.get("backprop")!;
    const width = Number(/H=(\d+)/.exec(time[0]!.title)![1]);
    const depths = results.cases
      .filter((c: { width: number; sweeps: string[] }) => c.width === width && c.sweeps.includes("depth"))
      .map((c: { depth: number }) => c.depth);
    expect(bp.map(([depth]) => depth)).toEqual([...depths].sort((a, b) => a - b));
    expect(bp.every(([, seconds]) => seconds > 0)).toBe(true);
  });

  it("refuses a compare-gradients directory mixed with training runs", async () => {
    const { code, io } = await sgd(["report", cmp, dirs[0]!, "--out", path.join(tmp, "mixed.html")]);
    expect(code).toBe(2);
    expect(io.err()).toContain("is a compare-gradients directory: report it on its own");
    expect(fs.existsSync(path.join(tmp, "mixed.html"))).toBe(false);
  });
});
