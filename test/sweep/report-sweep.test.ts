/**
 * `sgd report SWEEP_DIR` writes the sweep report: the final test accuracy as a heatmap table over the two
 * grid axes (its cells' data-value = sweep.json's numbers), one small chart per point on shared axes (each
 * the point's logged numbers), titles naming only the grid keys.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { chartsIn, jsonlRows, pairs } from "../report/run-report-svg.js";
import { allElements, parseXml } from "../report/xml-reader.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-sweep-report-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("sgd report on a sweep directory", () => {
  it("writes the sweep report: a heatmap over two axes and a small chart per point", async () => {
    const dir = path.join(tmp, "sweep");
    const grid = ["--grid", "optimizer.learningRate=0.1,0.3", "--grid", "optimizer.batchSize=10,full"];
    const sets = ["--set", "optimizer.epochs=2"];
    const sweep = capturedIo({ cwd: repo });
    const args = ["sweep", "--config", "configs/moons-backprop.yaml", ...grid, ...sets, "--out", dir, "--quiet"];
    expect(await run(args, sweep)).toBe(0);
    fs.rmSync(path.join(dir, "report.html"));
    const io = capturedIo({ cwd: repo });
    expect(await run(["report", dir, "--json"], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.kind).toBe("sweep");
    expect(doc.report).toBe(path.join(dir, "report.html"));
    expect(doc.directories).toHaveLength(4);

    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    const points = JSON.parse(fs.readFileSync(path.join(dir, "sweep.json"), "utf8")).points;
    const elements = allElements(parseXml(html, ["meta"]));
    const cells = elements.filter((e) => e.name === "td" && e.attrs.class?.split(" ").includes("heat"));
    expect(cells).toHaveLength(4);
    for (const cell of cells) {
      const point = points.find((p: { index: number }) => p.index === Number(cell.attrs["data-point"]));
      expect(Number(cell.attrs["data-value"])).toBe(point.final.test_accuracy);
    }
    // rows: learningRate 0.1, 0.3; columns: batchSize 10, full — in grid order
    expect(cells.map((c) => Number(c.attrs["data-point"]))).toEqual([0, 1, 2, 3]);

    const multiples = chartsIn(html).filter((c) => c.title.includes("="));
    expect(multiples.map((c) => c.title)).toEqual([
      "learningRate=0.1, batchSize=10",
      "learningRate=0.1, batchSize=full",
      "learningRate=0.3, batchSize=10",
      "learningRate=0.3, batchSize=full",
    ]);
    multiples.forEach((chart, i) => {
      const rows = jsonlRows(path.join(dir, points[i].dir));
      expect(chart.series.get("training loss")).toEqual(pairs(rows, "samples", "train_loss"));
      expect(chart.series.get("test loss")).toEqual(pairs(rows, "samples", "test_loss"));
    });
    // shared axes: every small chart has the same ticks
    const ticks = elements
      .filter((e) => e.name === "svg" && e.attrs["data-kind"] === "small-multiple")
      .map((svg) => JSON.stringify(allElements(svg).flatMap((e) => e.attrs["data-tick"] ?? [])));
    expect(new Set(ticks).size).toBe(1);
  });
});
