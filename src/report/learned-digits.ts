/**
 * What a classifier learned, on its test split (the run's own, rebuilt exactly):
 *   confusion matrix  M[t][p] = #{test samples of true class t predicted p} (argmax ŷ, first on ties), as a
 *                     heatmap shaded by the row share M[t][p] / Σ_p M[t][p]; accuracy = trace(M) / N
 *   image inputs      (I = S², e.g. MNIST's 28 × 28) the first MAX_MISTAKES test images it gets wrong, in test
 *                     order, captioned true → predicted; and each first-layer unit's weights W¹[j, ·] as an
 *                     S × S image (≤ MAX_WEIGHT_IMAGES units), blue negative, orange positive, white 0,
 *                     scaled by that unit's max |w|.
 * Images are PNG data: URIs; every cell and tile carries its numbers in data-* attributes.
 */
import type { Split } from "../data/dataset.js";
import { argmaxRows, confusionMatrix } from "../model/confusion.js";
import { layerViews, layoutOf, weightIndex } from "../model/layout.js";
import { css, diverging, gray, inkOn, pngDataUri, sequential } from "./colour-map.js";
import type { PageSection } from "./html-page.js";
import { type LearnedInput, predictor } from "./learned-input.js";
import { FONT, MIN_SCALE } from "./svg-chart.js";
import { fitText, FONT_SIZE, px } from "./svg-legend.js";
import { escapeXml } from "./xml-text.js";

export const MAX_MISTAKES = 40;
export const MAX_WEIGHT_IMAGES = 64;

/** Predicted classes of a split [N]. */
export function predictedClasses(input: LearnedInput, split: Split): Int32Array {
  const O = input.dataset.outputs;
  const { outputs } = predictor(input)(split.x, split.n);
  return argmaxRows(outputs, split.n, O, new Int32Array(split.n));
}

/** The confusion matrix of the test split as an SVG heatmap with the counts written in. */
export function confusionSvg(matrix: readonly (readonly number[])[], names: readonly string[]): string {
  const C = matrix.length;
  const cell = Math.max(24, Math.min(44, Math.floor(360 / C)));
  const labelWidth = Math.min(120, Math.max(...names.map((n) => n.length)) * 8 + 12);
  const left = 28 + labelWidth,
    top = 70;
  const width = Math.max(200, left + C * cell + 16),
    height = top + C * cell + 16;
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((a, row, t) => a + row[t]!, 0);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="Confusion matrix" class="chart" data-kind="confusion" data-samples="${total}" ` +
      `data-correct="${correct}" style="${FONT};font-size:${FONT_SIZE}px;background:#fff;` +
      `min-width:${Math.ceil(MIN_SCALE * width)}px">`,
    `<title>Confusion matrix</title>`,
    `<text x="12" y="22" style="font-size:15px;font-weight:600" fill="#222" data-role="title">Confusion matrix</text>`,
    `<text x="${px(left + (C * cell) / 2)}" y="44" text-anchor="middle" fill="#333">predicted class</text>`,
    `<text x="14" y="${px(top + (C * cell) / 2)}" text-anchor="middle" fill="#333" ` +
      `transform="rotate(-90 14 ${px(top + (C * cell) / 2)})">true class</text>`,
  ];
  names.forEach((name, c) => {
    const label = escapeXml(fitText(name, labelWidth - 8));
    out.push(`<text x="${px(left + (c + 0.5) * cell)}" y="${top - 8}" text-anchor="middle">${label}</text>`);
    out.push(`<text x="${left - 6}" y="${px(top + (c + 0.5) * cell + 4)}" text-anchor="end">${label}</text>`);
  });
  matrix.forEach((row, t) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      const colour = sequential(rowTotal > 0 ? count / rowTotal : 0);
      const x = left + p * cell,
        y = top + t * cell;
      out.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${css(colour)}" stroke="#fff" ` +
          `data-true="${t}" data-predicted="${p}" data-count="${count}"/>`,
      );
      const size = String(count).length * 0.64 * 12 > cell - 4 ? 10 : 12;
      out.push(
        `<text x="${px(x + cell / 2)}" y="${px(y + cell / 2 + 4)}" text-anchor="middle" fill="${inkOn(colour)}" ` +
          `style="font-size:${size}px">${count}</text>`,
      );
    });
  });
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

export function confusionSection(input: LearnedInput, predicted: Int32Array): PageSection {
  const { dataset } = input;
  const C = dataset.outputs;
  const names = dataset.classNames ?? Array.from({ length: C }, (_, c) => String(c));
  const matrix = confusionMatrix(dataset.test.labels!, predicted, C);
  const correct = matrix.reduce((a, row, t) => a + row[t]!, 0);
  const reading =
    `Rows: the true class; columns: the predicted one; each cell counts test samples, shaded by its share of ` +
    `the row (viridis: dark 0, yellow all). The diagonal holds the ${correct} of ${dataset.test.n} right ` +
    `(accuracy ${((100 * correct) / Math.max(1, dataset.test.n)).toFixed(2)}%).`;
  return {
    heading: "Confusion matrix (test split)",
    html: `<p>${escapeXml(reading)}</p>\n${confusionSvg(matrix, names)}`,
  };
}

/** S for I = S², else null */
export function imageSide(inputs: number): number | null {
  const s = Math.round(Math.sqrt(inputs));
  return s * s === inputs && s >= 4 ? s : null;
}

export function digitSections(input: LearnedInput, predicted: Int32Array, side: number): PageSection[] {
  const { dataset } = input;
  const test = dataset.test;
  const names = dataset.classNames ?? Array.from({ length: dataset.outputs }, (_, c) => String(c));
  const I = side * side;
  const tiles: string[] = [];
  let wrong = 0;
  for (let k = 0; k < test.n; k++) {
    const t = test.labels![k]!,
      p = predicted[k]!;
    if (t === p) continue;
    wrong++;
    if (tiles.length >= MAX_MISTAKES) continue;
    let lo = Infinity,
      hi = -Infinity;
    for (let i = 0; i < I; i++) {
      const v = test.x[k * I + i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const image = pngDataUri(side, side, (i, j) => gray((test.x[k * I + j * side + i]! - lo) / (hi - lo || 1)));
    const caption = `${names[t]} → ${names[p]}`;
    tiles.push(
      `<figure class="tile" data-index="${k}" data-true="${t}" data-predicted="${p}">` +
        `<img src="${image}" width="56" height="56" alt="${escapeXml(caption)}"/>` +
        `<figcaption>${escapeXml(caption)}</figcaption></figure>`,
    );
  }
  const mistakes: PageSection = {
    heading: "Test images it gets wrong",
    html: `<p>${escapeXml(
      `${wrong} of ${test.n} test images are misclassified; the first ${tiles.length}, in test order, ` +
        "captioned true → predicted class.",
    )}</p>\n<div class="tiles" data-kind="mistakes" data-wrong="${wrong}">${tiles.join("")}</div>`,
  };
  return [mistakes, weightImages(input, side)];
}

function weightImages(input: LearnedInput, side: number): PageSection {
  const view = layerViews(layoutOf(input.spec), input.w)[0]!;
  const units = Math.min(view.outputs, MAX_WEIGHT_IMAGES);
  const tiles: string[] = [];
  for (let j = 0; j < units; j++) {
    let reach = 1e-12;
    for (let i = 0; i < view.inputs; i++) reach = Math.max(reach, Math.abs(view.weights[weightIndex(view, j, i)]!));
    const image = pngDataUri(side, side, (x, y) =>
      diverging(view.weights[weightIndex(view, j, y * side + x)]! / reach),
    );
    tiles.push(
      `<figure class="tile" data-unit="${j + 1}" data-max-abs="${reach}">` +
        `<img src="${image}" width="56" height="56" alt="unit ${j + 1}"/><figcaption>${j + 1}</figcaption></figure>`,
    );
  }
  const shown = view.outputs > units ? `the first ${units} of its ${view.outputs} units` : `its ${units} units`;
  return {
    heading: "First-layer weights as images",
    html: `<p>${escapeXml(
      `W¹ of ${shown}: the weight from each pixel, laid out as the image (${side} × ${side}); ` +
        "blue negative, orange positive, white 0, each on its own scale (its largest |w|).",
    )}</p>\n<div class="tiles" data-kind="weights">${tiles.join("")}</div>`,
  };
}
