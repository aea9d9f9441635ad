/**
 * report.html of one training run, end to end: `sgd train` writes it, `sgd report DIR` rewrites
 * it, and every plotted point is the logged number (data-points = metrics.jsonl, exactly).
 * Directories that are not runs, or hold broken files, are refused with exit 2 naming the problem.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { chartsIn, chartTitled, jsonlRows, pairs } from "./run-report-svg.js";
import { allElements, parseXml } from "./xml-reader.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-run-report-"));
const moons = path.join(tmp, "moons");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function sgd(args: string[], cwd = repo) {
  const io = capturedIo({ cwd });
  const code = await run(args, io);
  return { code, io };
}

beforeAll(async () => {
  expect((await sgd(["train", "--config", "configs/moons-backprop.yaml", "--out", moons, "--quiet"])).code).toBe(0);
});

describe("one training run", () => {
  it("sgd train writes report.html whose curves are metrics.jsonl's numbers", () => {
    const rows = jsonlRows(moons);
    const charts = chartsIn(fs.readFileSync(path.join(moons, "report.html"), "utf8"));
    const loss = chartTitled(charts, "Loss against step");
    expect([...loss.series.keys()]).toEqual(["training loss (mean over the log interval)", "test loss"]);
    expect(loss.series.get("training loss (mean over the log interval)")).toEqual(pairs(rows, "step", "train_loss"));
    expect(loss.series.get("test loss")).toEqual(pairs(rows, "step", "test_loss"));
    // moons-backprop.yaml: 300 steps, a row every 5 steps, an evaluation every 15 (= each epoch end)
    expect(loss.series.get("test loss")).toHaveLength(20);
    expect(loss.xLabel).toContain("step");
    expect(chartTitled(charts, "Test accuracy").series.get("test accuracy")).toEqual(
      pairs(rows, "step", "test_accuracy"),
    );
    const lr = chartTitled(charts, "Learning rate").series.get("γ_n")!;
    expect(lr).toHaveLength(60);
    expect(lr.every(([, g]) => g === 0.3)).toBe(true); // constant schedule, γ0 = 0.3
  });

  it("shows the summary table from summary.json and config.json", () => {
    const html = fs.readFileSync(path.join(moons, "report.html"), "utf8");
    const summary = JSON.parse(fs.readFileSync(path.join(moons, "summary.json"), "utf8"));
    expect(html).toContain(`<td>final test accuracy</td><td>${(summary.final.test_accuracy * 100).toFixed(2)}%</td>`);
    expect(html).toContain("<td>batch</td><td>B = 10 (minibatch)</td>");
    expect(html).toContain("<td>parameters</td><td>42</td>"); // 2·8 + 8 + 8·2 + 2
    const elements = allElements(parseXml(html, ["meta"]));
    expect(elements.some((e) => ["script", "link", "iframe"].includes(e.name))).toBe(false);
    // images are inline PNGs: data: URIs only
    const refs = elements.flatMap((e) => [e.attrs.src, e.attrs.href].filter((v) => v !== undefined));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((v) => v!.startsWith("data:image/png;base64,"))).toBe(true);
  });

  it("sgd report DIR rewrites DIR/report.html, with the same curves", async () => {
    fs.rmSync(path.join(moons, "report.html"));
    const { code, io } = await sgd(["report", moons, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toEqual({
      report: path.join(moons, "report.html"),
      kind: "train",
      directories: [moons],
    });
    const charts = chartsIn(fs.readFileSync(path.join(moons, "report.html"), "utf8"));
    expect(chartTitled(charts, "Loss against step").series.get("test loss")).toEqual(
      pairs(jsonlRows(moons), "step", "test_loss"),
    );
  });

  it("shows a CSV classifier's confusion matrix, and says why when its data has gone", async () => {
    const csv = path.join(tmp, "plants.csv");
    fs.copyFileSync(path.join(repo, "data", "plants.csv"), csv);
    const dir = path.join(tmp, "plants");
    const args = [
      "train",
      "--config",
      "configs/csv-example.yaml",
      "--set",
      `data.path=${csv}`,
      "--out",
      dir,
      "--quiet",
    ];
    expect((await sgd(args)).code).toBe(0);
    const svg = allElements(parseXml(fs.readFileSync(path.join(dir, "report.html"), "utf8"), ["meta"])).find(
      (e) => e.attrs["data-kind"] === "confusion",
    )!;
    const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));
    expect(Number(svg.attrs["data-samples"])).toBe(60); // 20% of 300 rows
    expect(Number(svg.attrs["data-correct"]) / 60).toBe(summary.final.test_accuracy);
    fs.rmSync(csv);
    expect((await sgd(["report", dir])).code).toBe(0);
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html).not.toContain('data-kind="confusion"');
    expect(html).toMatch(/<p>Not shown: [^<]*plants\.csv/);
    expect(html).toContain("<h2>Weights and gradients</h2>");
  });

  it("draws a digit classifier's views from the run's own test predictions: sgd report DIR, predicting anew, agrees", async () => {
    const dir = path.join(tmp, "digits");
    const sets = ["data.train=600", "data.test=500", "optimizer.epochs=1", "model.hidden=[16]"];
    const args = ["train", "--config", "configs/mnist-minibatch.yaml", "--out", dir, "--quiet"];
    expect((await sgd([...args, ...sets.flatMap((s) => ["--set", s])])).code).toBe(0);
    const learned = () => {
      const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
      return html.slice(html.indexOf("<h2>Confusion matrix"), html.indexOf("<h2>Weights and gradients"));
    };
    const atTraining = learned();
    const svg = atTraining.slice(atTraining.indexOf("<svg"), atTraining.indexOf("</svg>") + 6);
    const confusion = parseXml(svg);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));
    expect(Number(confusion.attrs["data-samples"])).toBe(500);
    expect(Number(confusion.attrs["data-correct"]) / 500).toBe(summary.final.test_accuracy);
    expect(atTraining).toContain("<h2>Test images it gets wrong");
    expect((await sgd(["report", dir])).code).toBe(0);
    expect(learned()).toBe(atTraining);
  });

  it("writes report.html for a diverged run too, with the rows logged before it diverged", async () => {
    const dir = path.join(tmp, "diverged");
    const args = [
      "--out",
      dir,
      "--quiet",
      "--set",
      "optimizer.learningRate=0.5",
      "--set",
      "log.every=1",
      "--set",
      "log.evalEvery=2",
    ];
    const { code } = await sgd(["train", "--config", "configs/synthetic-regression-mse.yaml", ...args]);
    expect(code).toBe(3);
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html).toContain("<td>status</td><td>diverged</td>");
    const rows = jsonlRows(dir);
    expect(rows.length).toBeGreaterThan(1);
    const loss = chartTitled(chartsIn(html), "Loss against step");
    expect(loss.series.get("training loss (mean over the log interval)")).toEqual(pairs(rows, "step", "train_loss"));
    expect(loss.series.get("test loss")).toEqual(pairs(rows, "step", "test_loss"));
    expect(loss.yLabel).toContain("mean squared error");
  });

  it("a run that stopped before its first row still gets a report saying so", async () => {
    const dir = path.join(tmp, "no-rows");
    const { code } = await sgd([
      "train",
      "--config",
      "configs/synthetic-regression-mse.yaml",
      "--out",
      dir,
      "--quiet",
      "--set",
      "optimizer.learningRate=5",
    ]);
    expect(code).toBe(3);
    expect(jsonlRows(dir)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).toContain("<h2>No metrics yet</h2>");
  });
});

describe("refusals (exit 2)", () => {
  it("a directory that is not a run names what a run directory holds", async () => {
    const empty = fs.mkdtempSync(path.join(tmp, "empty-"));
    const { code, io } = await sgd(["report", empty]);
    expect(code).toBe(2);
    expect(io.err()).toContain(`${empty}: not a run directory: no config.json and metrics.jsonl`);
    expect(fs.existsSync(path.join(empty, "report.html"))).toBe(false);
  });

  it("a run directory without metrics.jsonl names the missing file", async () => {
    const half = fs.mkdtempSync(path.join(tmp, "half-"));
    fs.copyFileSync(path.join(moons, "config.json"), path.join(half, "config.json"));
    const { code, io } = await sgd(["report", half]);
    expect(code).toBe(2);
    expect(io.err()).toContain(`${half}: metrics.jsonl is missing`);
  });

  it("a broken metrics line is named by file and line number", async () => {
    const broken = fs.mkdtempSync(path.join(tmp, "broken-"));
    for (const f of ["config.json", "summary.json"]) fs.copyFileSync(path.join(moons, f), path.join(broken, f));
    const lines = fs.readFileSync(path.join(moons, "metrics.jsonl"), "utf8").split("\n");
    lines[2] = lines[2]!.replace(/"train_loss":[^,]*/, '"train_loss":"low"');
    fs.writeFileSync(path.join(broken, "metrics.jsonl"), lines.join("\n"));
    const { code, io } = await sgd(["report", broken]);
    expect(code).toBe(2);
    expect(io.err()).toContain(`${path.join(broken, "metrics.jsonl")}: line 3: train_loss:`);
  });

  it("a path that does not exist", async () => {
    const { code, io } = await sgd(["report", path.join(tmp, "nowhere")]);
    expect(code).toBe(2);
    expect(io.err()).toContain("nowhere: no such directory");
  });
});
