/**
 * What a network on one or two inputs learned, drawn over its input space (the features as it sees them):
 *   2-D classification  the decision regions: each cell of a GRID × GRID lattice over the plotted domain is
 *                       tinted with its predicted class c = argmax ŷ, deeper where the network is surer
 *                       (share = 0.15 + 0.55 · (ŷ_c − 1/C)/(1 − 1/C)), with the training and test points on top;
 *                       and, as TensorFlow Playground shows them, each first-hidden unit's activation a¹_j
 *                       over the same domain (≤ MAX_UNITS units; diverging colours around σ's midpoint)
 *   1-D regression      the fitted curve ŷ(x) over CURVE_POINTS inputs across the data, with the data points
 * Points carry their values (data-points); the cells are a PNG (GRID² SVG rectangles would be ~300 kB).
 */
import type { Split } from "../data/dataset.js";
import { layerActivation } from "../model/network-spec.js";
import { classTint, diverging, pngDataUri } from "./colour-map.js";
import type { PageSection } from "./html-page.js";
import { type LearnedInput, predictor, sampleIndices } from "./learned-input.js";
import { formatNumber } from "./number-format.js";
import { makeScale } from "./scale.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { escapeXml } from "./xml-text.js";

export const GRID = 80;
const UNIT_GRID = 40;
export const MAX_UNITS = 16;
export const MAX_POINTS = 1500;
const CURVE_POINTS = 200;

type Domain = readonly [number, number];

/** The nice domain lineChart would draw for these values. */
function domainOf(values: Iterable<number>): Domain {
  return makeScale("linear", values, [0, 1]).domain;
}

/** x [G²×2]: cell centres of a G × G lattice over dx × dy, row j = 0 at the top (largest y). */
function lattice(dx: Domain, dy: Domain, g: number): Float64Array {
  const x = new Float64Array(g * g * 2);
  for (let j = 0; j < g; j++) {
    for (let i = 0; i < g; i++) {
      x[2 * (j * g + i)] = dx[0] + ((i + 0.5) / g) * (dx[1] - dx[0]);
      x[2 * (j * g + i) + 1] = dy[1] - ((j + 0.5) / g) * (dy[1] - dy[0]);
    }
  }
  return x;
}

function pointsOf(split: Split, c: number, feature: (k: number) => [number, number]): [number, number][] {
  return sampleIndices(split.n, MAX_POINTS)
    .filter((k) => split.labels![k] === c)
    .map(feature);
}

export function planeSections(input: LearnedInput): PageSection[] {
  const { dataset } = input;
  const C = dataset.outputs;
  const names = dataset.classNames ?? Array.from({ length: C }, (_, c) => String(c));
  const xy = (split: Split) => (k: number) => [split.x[2 * k]!, split.x[2 * k + 1]!] as [number, number];
  const all = [dataset.train, dataset.test];
  const dx = domainOf(all.flatMap((s) => Array.from({ length: s.n }, (_, k) => s.x[2 * k]!)));
  const dy = domainOf(all.flatMap((s) => Array.from({ length: s.n }, (_, k) => s.x[2 * k + 1]!)));
  const predict = predictor(input);
  const { outputs } = predict(lattice(dx, dy, GRID), GRID * GRID);
  const image = pngDataUri(GRID, GRID, (i, j) => {
    const row = (j * GRID + i) * C;
    let best = 0;
    for (let c = 1; c < C; c++) if (outputs[row + c]! > outputs[row + best]!) best = c;
    const sure = C > 1 ? (outputs[row + best]! - 1 / C) / (1 - 1 / C) : 1;
    return classTint(best, 0.15 + 0.55 * sure);
  });
  const series: ChartSeries[] = [];
  for (let c = 0; c < C; c++) {
    const train = pointsOf(dataset.train, c, xy(dataset.train));
    series.push({ name: `${names[c]} · train`, points: train, line: false, colourIndex: c });
    series.push({
      name: `${names[c]} · test`,
      points: pointsOf(dataset.test, c, xy(dataset.test)),
      line: false,
      colourIndex: c,
      markerSize: 5,
      markerStroke: "#222",
    });
  }
  const scaling = dataset.normalization.kind === "none" ? "" : ` (${dataset.normalization.kind}-normalized)`;
  const chart = lineChart({
    title: "Decision regions and the data",
    note: "tint: predicted class (deeper: surer) · large, outlined: test points",
    xLabel: `x₁${scaling}`,
    yLabel: `x₂${scaling}`,
    series,
    width: 480,
    height: 440,
    xInclude: dx,
    yInclude: dy,
    background: { href: image, x: dx, y: dy },
    attributes: { "data-kind": "decision-regions" },
  });
  const sections: PageSection[] = [
    {
      heading: "What the network learned: decision regions",
      html: `<p>${escapeXml(PLANE_READING)}</p>\n${chart}`,
    },
  ];
  const units = hiddenUnitTiles(input, predict, dx, dy);
  if (units !== "") sections.push({ heading: "What the first hidden layer computes", html: units });
  return sections;
}

const PLANE_READING =
  "Each cell of the plane is coloured with the class the trained network predicts there; the dots are the " +
  "training samples (small) and the test samples (large, outlined), coloured by their true class. " +
  "A test dot on a tint of another colour is a mistake.";

function hiddenUnitTiles(input: LearnedInput, predict: ReturnType<typeof predictor>, dx: Domain, dy: Domain): string {
  const { hidden } = predict(lattice(dx, dy, UNIT_GRID), UNIT_GRID * UNIT_GRID);
  if (hidden === null) return "";
  const H = input.spec.sizes[1]!;
  const activation = layerActivation(input.spec, 1);
  const centre = activation === "sigmoid" ? 0.5 : 0;
  const tiles: string[] = [];
  for (let u = 0; u < Math.min(H, MAX_UNITS); u++) {
    let lo = Infinity,
      hi = -Infinity;
    for (let k = 0; k < UNIT_GRID * UNIT_GRID; k++) {
      lo = Math.min(lo, hidden[k * H + u]!);
      hi = Math.max(hi, hidden[k * H + u]!);
    }
    const reach = Math.max(Math.abs(hi - centre), Math.abs(lo - centre), 1e-12);
    const image = pngDataUri(UNIT_GRID, UNIT_GRID, (i, j) =>
      diverging((hidden[(j * UNIT_GRID + i) * H + u]! - centre) / reach),
    );
    tiles.push(
      `<figure class="tile" data-unit="${u + 1}" data-min="${lo}" data-max="${hi}">` +
        `<img class="smooth" src="${image}" width="96" height="96" alt="unit ${u + 1}"/>` +
        `<figcaption>unit ${u + 1}<br/>${escapeXml(`${formatNumber(lo, 2)} … ${formatNumber(hi, 2)}`)}</figcaption>` +
        `</figure>`,
    );
  }
  const shown = H > MAX_UNITS ? `the first ${MAX_UNITS} of its ${H} units` : `its ${H} units`;
  return `<p>${escapeXml(
    `The first hidden layer, ${shown}: the activation a¹ = ${activation}(W¹x + b¹) of each unit over the same ` +
      `plane (blue below ${centre}, orange above, white at ${centre}; each tile on its own scale, given under it).`,
  )}</p>\n<div class="tiles">${tiles.join("")}</div>`;
}

/** 1-D regression: the data and the network's curve ŷ(x) over the data's range. */
export function curveSection(input: LearnedInput): PageSection {
  const { dataset } = input;
  const pointsOfSplit = (split: Split): [number, number][] =>
    sampleIndices(split.n, MAX_POINTS).map((k) => [split.x[k]!, split.targets![k]!]);
  const train = pointsOfSplit(dataset.train),
    test = pointsOfSplit(dataset.test);
  const xs = [...train, ...test].map((p) => p[0]);
  const lo = Math.min(...xs),
    hi = Math.max(...xs);
  const grid = new Float64Array(CURVE_POINTS);
  for (let k = 0; k < CURVE_POINTS; k++) grid[k] = lo + ((hi - lo) * k) / (CURVE_POINTS - 1);
  const { outputs } = predictor(input)(grid, CURVE_POINTS);
  const curve = Array.from(grid, (x, k): [number, number] => [x, outputs[k]!]);
  const scaling = dataset.normalization.kind === "none" ? "" : ` (${dataset.normalization.kind}-normalized)`;
  const chart = lineChart({
    title: "The fitted curve over the data",
    xLabel: `x${scaling}`,
    yLabel: "y",
    series: [
      { name: "training data", points: train, line: false, markerSize: 2.5, colourIndex: 5 },
      { name: "test data", points: test, line: false, markerSize: 3.5, colourIndex: 1 },
      { name: "network ŷ(x)", points: curve, colourIndex: 6 },
    ],
    width: 480,
    height: 340,
    attributes: { "data-kind": "fitted-curve" },
  });
  return {
    heading: "What the network learned: the fitted curve",
    html: `<p>${escapeXml(
      `The network's output ŷ(x) at ${CURVE_POINTS} inputs across the data, over the training and test samples.`,
    )}</p>\n${chart}`,
  };
}
