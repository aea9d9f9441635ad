import { expect, it } from "vitest";
import { htmlPage, htmlTable } from "../../src/report/html-page.js";
import { lineChart } from "../../src/report/svg-chart.js";
import { allElements, parseXml } from "./xml-reader.js";

const chart = lineChart({
  title: "Loss",
  xLabel: "step",
  yLabel: "loss",
  series: [
    {
      name: "train",
      points: [
        [0, 1],
        [1, 0.5],
      ],
    },
  ],
});

it("is one self-contained page: sections in order, escaped text, no scripts or links", () => {
  const page = htmlPage({
    title: "Run <mnist> & co",
    subtitle: "sgd report runs/a",
    sections: [
      { heading: "Loss", html: chart },
      {
        heading: "Numbers",
        html: htmlTable({
          columns: ["step", "loss"],
          rows: [
            [0, 1],
            [1, 0.5],
          ],
        }),
      },
    ],
  });
  expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
  const html = parseXml(page, ["meta"]);
  const all = allElements(html);
  expect(all.filter((e) => e.name === "h2").map((e) => e.text)).toEqual(["Loss", "Numbers"]);
  expect(all.find((e) => e.name === "h1")!.text).toBe("Run <mnist> & co");
  expect(all.some((e) => e.name === "script" || e.name === "link" || e.name === "img")).toBe(false);
  expect(all.some((e) => e.attrs.src !== undefined || e.attrs.href !== undefined)).toBe(false);
  expect(all.filter((e) => e.name === "svg")).toHaveLength(1);
  expect(all.find((e) => e.name === "style")).toBeDefined();
});

it("renders a table with numbers right-aligned through the formatter and text escaped", () => {
  const table = parseXml(
    htmlTable({
      columns: ["method", "time (s)"],
      rows: [
        ["a<b", 0.000123456],
        ["c", null],
      ],
      format: (v) => v.toExponential(2),
    }),
  );
  const cells = allElements(table).filter((e) => e.name === "td");
  expect(cells.map((c) => c.text)).toEqual(["a<b", "1.23e-4", "c", ""]);
  expect(cells[1]!.attrs.class).toBe("num");
});
