import { describe, expect, it } from "vitest";
import { lineChart, PALETTE, type ChartSeries } from "../../src/report/svg-chart.js";
import { allElements, parsePoints, parseXml, type XmlElement } from "./xml-reader.js";

const loss: ChartSeries = {
  name: "train loss",
  points: [
    [0, 2.3],
    [50, 1.1],
    [100, 0.62],
    [150, 0.405],
  ],
};
const test: ChartSeries = {
  name: "test loss",
  points: [
    [0, 2.31],
    [100, 0.7],
  ],
  dashed: true,
  markers: true,
};

const seriesGroups = (svg: XmlElement): XmlElement[] =>
  allElements(svg).filter((e) => e.attrs["data-series"] !== undefined);
/** every data point a series group carries on its polylines and lone-point circles, in order */
const plotted = (g: XmlElement): [number, number][] =>
  g.children.filter((c) => c.attrs["data-points"] !== undefined).flatMap((c) => parsePoints(c.attrs["data-points"]));

describe("lineChart", () => {
  it("is one well-formed <svg> element with no external references", () => {
    const out = lineChart({ title: "Loss", xLabel: "step", yLabel: "loss (nats)", series: [loss, test] });
    const svg = parseXml(out);
    expect(svg.name).toBe("svg");
    expect(svg.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(allElements(svg).some((e) => e.attrs.href !== undefined || e.attrs["xlink:href"] !== undefined)).toBe(false);
    expect(out).not.toContain("<script");
  });

  it("carries exactly the input values on its elements", () => {
    const svg = parseXml(lineChart({ title: "Loss", xLabel: "step", yLabel: "loss (nats)", series: [loss, test] }));
    const [g0, g1] = seriesGroups(svg);
    expect(g0!.attrs["data-series"]).toBe("train loss");
    expect(plotted(g0!)).toEqual(loss.points);
    expect(plotted(g1!)).toEqual(test.points);
    const markers = g1!.children.filter((c) => c.attrs["data-x"] !== undefined);
    expect(markers.map((m) => [Number(m.attrs["data-x"]), Number(m.attrs["data-y"])])).toEqual(test.points);
    expect(g1!.children.find((c) => c.name === "polyline")!.attrs["stroke-dasharray"]).toBe("6 4");
    expect(g0!.children[0]!.attrs.stroke).toBe(PALETTE[0]);
    expect(g1!.children[0]!.attrs.stroke).toBe(PALETTE[1]);
  });

  it("keeps full precision in data attributes", () => {
    const points: [number, number][] = [
      [1, 0.1 + 0.2],
      [2, 1 / 3],
      [3, 6.02214076e23],
    ];
    const svg = parseXml(lineChart({ title: "p", xLabel: "x", yLabel: "y", series: [{ name: "s", points }] }));
    expect(plotted(seriesGroups(svg)[0]!)).toEqual(points);
  });

  it("drops non-finite points, leaving gaps; a lone point between gaps is a dot", () => {
    const points: [number, number][] = [
      [0, 1],
      [1, NaN],
      [2, 3],
      [3, Infinity],
      [4, 5],
      [5, 6],
      [6, -Infinity],
    ];
    const svg = parseXml(lineChart({ title: "gaps", xLabel: "x", yLabel: "y", series: [{ name: "s", points }] }));
    const g = seriesGroups(svg)[0]!;
    expect(plotted(g)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [5, 6],
    ]);
    expect(g.children.filter((c) => c.name === "polyline")).toHaveLength(1);
    expect(g.children.filter((c) => c.name === "circle")).toHaveLength(2);
    expect(lineChart({ title: "gaps", xLabel: "x", yLabel: "y", series: [{ name: "s", points }] })).not.toMatch(
      /NaN|Infinity/,
    );
  });

  it("drops non-positive values on a log axis and spaces 10, 100, 1000 equally", () => {
    const points: [number, number][] = [
      [1, 10],
      [2, 100],
      [3, 1000],
      [4, 0],
      [5, -1],
    ];
    const svg = parseXml(
      lineChart({ title: "log", xLabel: "depth", yLabel: "time (s)", yScale: "log", series: [{ name: "s", points }] }),
    );
    const line = seriesGroups(svg)[0]!.children.find((c) => c.name === "polyline")!;
    expect(parsePoints(line.attrs["data-points"])).toEqual(points.slice(0, 3));
    const ys = parsePoints(line.attrs.points).map((p) => p[1]);
    expect(ys[0]! - ys[1]!).toBeGreaterThan(0); // larger values higher up
    expect(ys[0]! - ys[1]!).toBeCloseTo(ys[1]! - ys[2]!, 1);
  });

  it("labels ticks with nice numbers that cover the data", () => {
    const svg = parseXml(lineChart({ title: "t", xLabel: "step", yLabel: "loss", series: [loss] }));
    const ticks = (axis: "x" | "y"): number[] => {
      const texts = allElements(svg).filter((e) => e.attrs["data-tick"] !== undefined);
      // x tick labels share one baseline, y tick labels are right-aligned
      return texts
        .filter((e) => (e.attrs["text-anchor"] === "middle") === (axis === "x"))
        .map((e) => Number(e.attrs["data-tick"]));
    };
    expect(ticks("x")).toEqual([0, 50, 100, 150]);
    expect(ticks("y")).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    const logSvg = parseXml(
      lineChart({
        title: "t",
        xLabel: "d",
        yLabel: "s",
        yScale: "log",
        series: [
          {
            name: "a",
            points: [
              [1, 2e-5],
              [8, 40],
            ],
          },
        ],
      }),
    );
    const labels = allElements(logSvg).filter(
      (e) => e.attrs["data-tick"] !== undefined && e.attrs["text-anchor"] === "end",
    );
    expect(labels.map((e) => e.text)).toEqual(["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²"]);
  });

  it("escapes names and titles and gives them back intact", () => {
    const name = `a < b & "c" 'd'`;
    const svg = parseXml(
      lineChart({
        title: name,
        xLabel: "x & y",
        yLabel: "y",
        series: [
          {
            name,
            points: [
              [0, 0],
              [1, 1],
            ],
          },
        ],
      }),
    );
    expect(svg.attrs["aria-label"]).toBe(name);
    expect(seriesGroups(svg)[0]!.attrs["data-series"]).toBe(name);
    const legend = allElements(svg).find((e) => e.attrs["data-role"] === "legend")!;
    expect(legend.children.find((c) => c.name === "text")!.text).toBe(name);
  });

  it("puts the legend outside the plot area: right for short names, below for long ones", () => {
    const frame = (svg: XmlElement): { right: number; bottom: number } => {
      const r = allElements(svg).find((e) => e.attrs["data-role"] === "axes")!.children[0]!;
      return { right: Number(r.attrs.x) + Number(r.attrs.width), bottom: Number(r.attrs.y) + Number(r.attrs.height) };
    };
    const legendTexts = (svg: XmlElement): XmlElement[] =>
      allElements(svg)
        .find((e) => e.attrs["data-role"] === "legend")!
        .children.filter((c) => c.name === "text");

    const short = parseXml(lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [loss, test] }));
    for (const t of legendTexts(short)) expect(Number(t.attrs.x)).toBeGreaterThan(frame(short).right);

    const long = [1, 2, 3].map((k) => ({ name: `a long descriptive series name number ${k}`, points: loss.points }));
    const svg = parseXml(lineChart({ title: "t", xLabel: "x", yLabel: "y", series: long, width: 600, height: 400 }));
    // the chart grows by the legend's rows instead of squeezing its plot: the frame is the legend-less one's
    const plain = parseXml(
      lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [loss], width: 600, height: 400 }),
    );
    expect(frame(svg).bottom).toBe(frame(plain).bottom);
    expect(Number(svg.attrs.height)).toBeGreaterThan(400);
    for (const t of legendTexts(svg)) {
      expect(Number(t.attrs.y)).toBeGreaterThan(frame(svg).bottom + 30); // below the x label
      expect(Number(t.attrs.y)).toBeLessThan(Number(svg.attrs.height));
    }
  });
});

describe("lineChart colours", () => {
  it("dashes the palette's second round and lets two series share a colour slot", () => {
    const nine = Array.from({ length: 9 }, (_, k) => ({
      name: `s${k}`,
      points: [
        [0, k],
        [1, k + 1],
      ] as [number, number][],
    }));
    const svg = parseXml(lineChart({ title: "t", xLabel: "x", yLabel: "y", series: nine }));
    const lines = seriesGroups(svg).map((g) => g.children[0]!.attrs);
    expect(lines[8]!.stroke).toBe(lines[0]!.stroke);
    expect(lines[0]!["stroke-dasharray"]).toBeUndefined();
    expect(lines[8]!["stroke-dasharray"]).toBe("6 4");

    const pair = parseXml(
      lineChart({
        title: "t",
        xLabel: "x",
        yLabel: "y",
        series: [
          loss,
          {
            name: "predicted",
            points: [
              [150, 0.405],
              [200, 0.3],
            ],
            dashed: true,
            colourIndex: 0,
          },
        ],
      }),
    );
    const [a, b] = seriesGroups(pair).map((g) => g.children[0]!.attrs);
    expect(b!.stroke).toBe(a!.stroke);
  });

  it("says in the legend when a series has nothing to plot", () => {
    const svg = parseXml(
      lineChart({
        title: "t",
        xLabel: "x",
        yLabel: "y",
        yScale: "log",
        series: [
          loss,
          {
            name: "zeros",
            points: [
              [0, 0],
              [1, 0],
            ],
          },
        ],
      }),
    );
    const texts = allElements(svg)
      .find((e) => e.attrs["data-role"] === "legend")!
      .children.filter((c) => c.name === "text");
    expect(texts.map((t) => t.text)).toEqual(["train loss", "zeros (nothing to plot)"]);
  });
});

describe("lineChart for reports that must stay readable", () => {
  const frameOf = (svg: XmlElement) => {
    const r = allElements(svg).find((e) => e.attrs["data-role"] === "axes")!.children[0]!;
    const [x, y] = [Number(r.attrs.x), Number(r.attrs.y)];
    return { top: y, bottom: y + Number(r.attrs.height), left: x, right: x + Number(r.attrs.width) };
  };
  const pixelsOf = (g: XmlElement): [number, number][] =>
    g.children[0]!.attrs.points!.split(" ").map((p) => p.split(",").map(Number) as [number, number]);

  it("draws values beyond yClip on the frame's edge but keeps their true values in data-points", () => {
    const points: [number, number][] = [
      [0, 0.5],
      [1, 31],
      [2, 0.3],
      [3, 0],
    ];
    const svg = parseXml(
      lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "s", points }], yClip: { max: 0.7 } }),
    );
    const g = seriesGroups(svg)[0]!;
    expect(plotted(g)).toEqual(points);
    const ys = pixelsOf(g).map((p) => p[1]);
    const f = frameOf(svg);
    expect(ys[1]).toBe(f.top); // 31 on the top edge: the axis ends at the tick above 0.7 (0.8), not at 40
    expect(ys[3]).toBe(f.bottom); // 0 on the linear axis's bottom
    const ticks = allElements(svg).filter(
      (e) => e.attrs["data-tick"] !== undefined && e.attrs["text-anchor"] === "end",
    );
    expect(Math.max(...ticks.map((t) => Number(t.attrs["data-tick"])))).toBe(0.8);
  });

  it("puts zeros on a clipped log axis's bottom edge, with the note under the title", () => {
    const points: [number, number][] = [
      [0, 1],
      [1, 0],
      [2, 0.01],
    ];
    const chart = lineChart({
      title: "t",
      xLabel: "x",
      yLabel: "y",
      yScale: "log",
      yClip: { min: 0.01 },
      note: "clipped: 1 value of 0 on the bottom edge",
      series: [{ name: "s", points }],
    });
    const svg = parseXml(chart);
    const g = seriesGroups(svg)[0]!;
    expect(g.children.filter((c) => c.name === "polyline")).toHaveLength(1); // no gap at the 0
    expect(pixelsOf(g)[1]![1]).toBe(frameOf(svg).bottom);
    expect(allElements(svg).find((e) => e.attrs["data-role"] === "note")!.children[0]!.text).toBe(
      "clipped: 1 value of 0 on the bottom edge",
    );
  });

  it("draws a scatter as markers alone, each carrying its point, over a background image", () => {
    const points: [number, number][] = [
      [0.5, 1],
      [1.5, -1],
    ];
    const href = "data:image/png;base64,AAAA";
    const svg = parseXml(
      lineChart({
        title: "regions",
        xLabel: "x₁",
        yLabel: "x₂",
        series: [{ name: "class 0", points, line: false, markerSize: 5 }],
        xInclude: [0, 2],
        yInclude: [-2, 2],
        background: { href, x: [0, 2], y: [-2, 2] },
        attributes: { "data-kind": "decision-regions" },
      }),
    );
    expect(svg.attrs["data-kind"]).toBe("decision-regions");
    const g = seriesGroups(svg)[0]!;
    expect(g.children.some((c) => c.name === "polyline")).toBe(false);
    expect(plotted(g)).toEqual(points);
    const image = allElements(svg).find((e) => e.name === "image")!;
    const f = frameOf(svg);
    // the image covers the plot exactly: its domain is the axes' domain
    expect([Number(image.attrs.x), Number(image.attrs.y)]).toEqual([f.left, f.top]);
    expect(Number(image.attrs.x) + Number(image.attrs.width)).toBeCloseTo(f.right, 1);
    expect(image.attrs.href).toBe(href);
  });

  it("wraps a long title onto a second line and grows rather than shrinking its plot", () => {
    const title = "batchSize=full, learningRate=0.03 (diverged) with a long tail of words";
    const spec = { title, xLabel: "x", yLabel: "y", series: [loss], width: 260, height: 210, legend: false };
    const svg = parseXml(lineChart(spec));
    const lines = allElements(svg).find((e) => e.attrs["data-role"] === "title")!.children;
    expect(lines).toHaveLength(2);
    // 260 − 24 px hold ⌊236 / (0.6 × 15)⌋ = 26 characters of the 15 px title
    expect(lines[0]!.text).toBe("batchSize=full,");
    expect(lines[1]!.text).toBe("learningRate=0.03 (diverg…"); // 25 characters and "…"
    expect(Number(svg.attrs.height)).toBe(210 + 18);
    expect(svg.attrs["aria-label"]).toBe(title); // the whole title stays in the label and <title>
  });

  it("can leave the legend out (small multiples) and keeps a CSS min-width of 75% of its width", () => {
    const svg = parseXml(lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [loss], legend: false }));
    expect(allElements(svg).some((e) => e.attrs["data-role"] === "legend")).toBe(false);
    expect(svg.attrs.style).toContain("min-width:360px"); // 0.75 × 480
  });
});
