/**
 * The terminal loss chart: column means and interpolation worked out by hand, then the drawn
 * chart's size, labels (top = largest loss, bottom = smallest), log scale, the dotted test line,
 * colour only when asked, and fitting the terminal width however long the curve; `sgd train`
 * prints it after its final table, and not with --json or --quiet.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { interpolateGaps, resampleColumns, terminalLossChart } from "../../src/report/loss-chart.js";
import type { MetricsRow } from "../../src/train/state.js";
import { capturedIo } from "../cli/captured-io.js";
import { metricsRow } from "../train/metrics-row.js";

function row(step: number, train: number | null, test: number | null = null): MetricsRow {
  return metricsRow(step, { epoch: step / 100, samples: step, learning_rate: 0.1, train_loss: train, test_loss: test });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI colour code
const ANSI = /\x1b\[/;
const width = (line: string): number => Array.from(line).length;

describe("resampling to columns", () => {
  it("averages the points that fall in one column and leaves empty columns null", () => {
    // column = round(x/10 · 5): 0 → 0, 1 → round(0.5) = 1, 2 → round(1) = 1, 10 → 5
    expect(
      resampleColumns(
        [
          [0, 1],
          [1, 3],
          [2, 5],
          [10, 7],
        ],
        0,
        10,
        6,
      ),
    ).toEqual([1, 4, null, null, null, 7]);
  });

  it("interpolates linearly between filled columns and reports the filled span", () => {
    // between 4 at column 1 and 7 at column 5: steps of 3/4
    expect(interpolateGaps([1, 4, null, null, null, 7])).toEqual({
      values: [1, 4, 4.75, 5.5, 6.25, 7],
      first: 0,
      last: 5,
    });
    expect(interpolateGaps([null, 2, null, 4, null])).toEqual({ values: [2, 2, 3, 4, 4], first: 1, last: 3 });
    expect(interpolateGaps([null, null])).toBeNull();
  });
});

describe("terminalLossChart", () => {
  // training loss falls linearly from 1 to 0.55 over steps 10…100; test loss evaluated every 30 steps
  const rows = Array.from({ length: 10 }, (_, k) =>
    row(10 * (k + 1), 1 - 0.05 * k, (k + 1) % 3 === 0 ? 0.9 - 0.05 * k : null),
  );

  it("is a title, ten chart rows and an axis line; top label the largest loss, bottom the smallest of both", () => {
    const lines = terminalLossChart(rows, { columns: 80, colour: false }).trimEnd().split("\n");
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe("loss against step: ── training loss  ·· test loss");
    expect(lines[1]!.slice(0, 10)).toBe("        1┼"); // max = 1 (first training loss, at the axis)
    expect(lines[10]!.slice(0, 10)).toBe("      0.5┤"); // min = the last test loss, 0.9 − 0.05·8
    expect(lines[11]).toMatch(/^ {10}step 10 +100$/);
    expect(lines.join("\n")).toContain("·"); // the test line is drawn dotted where the training line is not
    expect(lines.join("\n")).not.toMatch(ANSI);
  });

  it("colours the series only when asked", () => {
    const text = terminalLossChart(rows, { columns: 80, colour: true });
    expect(text).toContain("\x1b[34m"); // blue: training loss
    expect(text).toContain("\x1b[33m"); // yellow: test loss
  });

  it("fits a long curve into the terminal width", () => {
    const long = Array.from({ length: 5000 }, (_, k) => row(k + 1, 2 / (1 + k / 1000))); // 2 → 0.33: linear
    const lines = terminalLossChart(long, { columns: 60, colour: false }).trimEnd().split("\n");
    expect(Math.max(...lines.map(width))).toBeLessThanOrEqual(60);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe("loss against step: ── training loss");
  });

  it("uses a log scale when the loss spans decades: labels are losses, not logarithms", () => {
    // 100 → 0.01 over 9 rows: log10 loss falls by 0.5 per row
    const decades = Array.from({ length: 9 }, (_, k) => row(k + 1, 10 ** (2 - 0.5 * k)));
    const lines = terminalLossChart(decades, { columns: 80, colour: false }).trimEnd().split("\n");
    expect(lines[0]).toContain("(log scale)");
    expect(lines[1]!.slice(0, 9).trim()).toBe("100");
    expect(lines[10]!.slice(0, 9).trim()).toBe("0.01");
  });

  it("draws a single test evaluation as a short dotted mark", () => {
    const one = [row(10, 1), row(20, 0.5), row(30, 0.2, 0.6)];
    expect(terminalLossChart(one, { columns: 80, colour: false })).toContain("·");
  });

  it("draws nothing for fewer than two steps", () => {
    expect(terminalLossChart([], { columns: 80, colour: false })).toBe("");
    expect(terminalLossChart([row(5, 0.7, 0.8)], { columns: 80, colour: false })).toBe("");
  });
});

describe("at the end of sgd train", () => {
  const repo = path.resolve(__dirname, "../..");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-loss-chart-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function train(out: string, ...flags: string[]) {
    const io = capturedIo({ cwd: repo });
    const code = await run(
      ["train", "--config", "configs/moons-backprop.yaml", "--out", path.join(tmp, out), ...flags],
      io,
    );
    return { code, io };
  }

  it("prints the chart on stderr after the final table", async () => {
    const { code, io } = await train("plain");
    expect(code).toBe(0);
    const err = io.err();
    expect(err.indexOf("loss against step")).toBeGreaterThan(err.indexOf("test accuracy"));
    expect(err.indexOf("loss against step")).toBeLessThan(err.indexOf("run directory:"));
    expect(io.out()).not.toContain("loss against step");
  });

  it("prints no chart with --json or --quiet", async () => {
    for (const flag of ["--json", "--quiet"]) {
      const { code, io } = await train(`no-chart${flag}`, flag);
      expect(code).toBe(0);
      expect(io.err() + io.out()).not.toContain("loss against step");
    }
  });
});
