/**
 * The pieces behind "what the network learned" and the sweep labels, on numbers worked out by hand: the
 * predictor on the float32 (WebAssembly) engine training uses, the confusion heatmap's counts, PNG images
 * read back by a real decoder, histogram outlines, and legend labels naming only the keys that differ.
 */
import zlib from "node:zlib";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { TrainConfig } from "../../src/config/train-schema.js";
import type { Dataset } from "../../src/data/dataset.js";
import { outline } from "../../src/report/histogram-charts.js";
import { confusionSvg, imageSide } from "../../src/report/learned-digits.js";
import { predictor, sampleIndices } from "../../src/report/learned-input.js";
import { pngDataUri, sequential } from "../../src/report/colour-map.js";
import { differingKeys, shortKeys } from "../../src/report/run-labels.js";
import { allElements, parseXml } from "./xml-reader.js";

describe("predictor", () => {
  it("runs the float32 network on the training engine: a¹ and ŷ as worked by hand (to float32)", () => {
    const spec = { sizes: [2, 2, 1], activation: "relu", loss: "mse", precision: "float32" } as const;
    // W¹ = [[1, 2], [−1, 0.5]], b¹ = [0.1, −0.2]; W² = [[3, −1]], b² = [0.5]
    const w = new Float32Array([1, 2, -1, 0.5, 0.1, -0.2, 3, -1, 0.5]);
    const x = new Float64Array([0.5, -1, 2, 0.25, -0.3, 0.7]);
    const { outputs, hidden } = predictor({ dataset: {} as Dataset, spec, w, chunk: 2 })(x, 3);
    [0, 1, 2].forEach((k) => {
      const [x1, x2] = [x[2 * k]!, x[2 * k + 1]!];
      const a = [Math.max(0, x1 + 2 * x2 + 0.1), Math.max(0, -x1 + 0.5 * x2 - 0.2)];
      expect(hidden![2 * k]).toBeCloseTo(a[0]!, 5);
      expect(hidden![2 * k + 1]).toBeCloseTo(a[1]!, 5);
      expect(outputs[k]).toBeCloseTo(3 * a[0]! - a[1]! + 0.5, 5);
    });
  });

  it("samples at most `max` indices, evenly", () => {
    expect(sampleIndices(3, 5)).toEqual([0, 1, 2]);
    expect(sampleIndices(10, 4)).toEqual([0, 2, 5, 7]);
  });
});

describe("confusion heatmap", () => {
  it("carries every count, the diagonal and the total; shades by the row share", () => {
    const svg = parseXml(
      confusionSvg(
        [
          [8, 2],
          [1, 9],
        ],
        ["moss", "palm"],
      ),
    );
    expect([svg.attrs["data-correct"], svg.attrs["data-samples"]]).toEqual(["17", "20"]);
    const cells = allElements(svg).filter((e) => e.attrs["data-count"] !== undefined);
    expect(cells.map((c) => [c.attrs["data-true"], c.attrs["data-predicted"], c.attrs["data-count"]])).toEqual([
      ["0", "0", "8"],
      ["0", "1", "2"],
      ["1", "0", "1"],
      ["1", "1", "9"],
    ]);
    const hex = (t: number) =>
      `#${sequential(t)
        .map((v) => Math.round(v).toString(16).padStart(2, "0"))
        .join("")}`;
    expect(cells.map((c) => c.attrs.fill)).toEqual([hex(0.8), hex(0.2), hex(0.1), hex(0.9)]);
  });

  it("knows square images", () => {
    expect([imageSide(784), imageSide(64), imageSide(2), imageSide(10)]).toEqual([28, 8, null, null]);
  });
});

describe("PNG images", () => {
  it("decode, with a real PNG reader, to the pixels asked for", () => {
    const uri = pngDataUri(3, 2, (i, j) => [10 * i, 100 * j, 255]);
    expect(uri.startsWith("data:image/png;base64,")).toBe(true);
    const png = PNG.sync.read(Buffer.from(uri.slice(uri.indexOf(",") + 1), "base64"));
    expect([png.width, png.height]).toEqual([3, 2]);
    const pixel = (i: number, j: number) => [...png.data.subarray(4 * (j * 3 + i), 4 * (j * 3 + i) + 4)];
    expect(pixel(0, 0)).toEqual([0, 0, 255, 255]);
    expect(pixel(2, 1)).toEqual([20, 100, 255, 255]);
  });

  it("are 8-bit RGB, every row unfiltered (filter type 0): the deflated rows are the pixels' bytes", () => {
    const bytes = Buffer.from(pngDataUri(3, 2, (i, j) => [10 * i, 100 * j, 7]).split(",")[1]!, "base64");
    const chunks = new Map<string, Buffer[]>();
    for (let at = 8; at < bytes.length; ) {
      const length = bytes.readUInt32BE(at),
        type = bytes.toString("latin1", at + 4, at + 8);
      chunks.set(type, [...(chunks.get(type) ?? []), bytes.subarray(at + 8, at + 8 + length)]);
      at += 12 + length;
    }
    const header = chunks.get("IHDR")![0]!;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([3, 2, 8, 2]);
    const rows = zlib.inflateSync(Buffer.concat(chunks.get("IDAT")!));
    expect([...rows]).toEqual([0, 0, 0, 7, 10, 0, 7, 20, 0, 7, 0, 0, 100, 7, 10, 100, 7, 20, 100, 7]);
  });
});

describe("histogram outline", () => {
  it("steps through each bin's share, from and back to 0", () => {
    const h = { min: 0, max: 2, counts: [1, 3], nonFinite: 0, mean: 1.25, rms: 1.3 };
    expect(outline(h)).toEqual([
      [0, 0],
      [0, 0.25],
      [1, 0.25],
      [1, 0.75],
      [2, 0.75],
      [2, 0],
    ]);
    expect(outline({ ...h, min: 0.5, max: 0.5, counts: [4, 0] })).toEqual([[0.5, 1]]);
  });
});

describe("labels that name only what differs", () => {
  const base = TrainConfig.parse({
    name: "a",
    data: { source: "synthetic", generator: "moons" },
    model: { hidden: [8] },
    loss: "cross-entropy",
  });
  it("finds the differing dotted keys (the name aside) and shortens them without clashes", () => {
    const other = {
      ...base,
      name: "b",
      optimizer: { ...base.optimizer, learningRate: 3 },
      log: { ...base.log, every: 7 },
    };
    expect(differingKeys([base, other])).toEqual(["optimizer.learningRate", "log.every"]);
    expect(differingKeys([base, { ...base, name: "c" }])).toEqual([]);
    expect(shortKeys(["optimizer.learningRate", "data.train", "model.hidden"])).toEqual([
      "learningRate",
      "train",
      "hidden",
    ]);
    expect(shortKeys(["data.noise", "model.noise"])).toEqual(["data.noise", "model.noise"]);
  });
});
