/**
 * Which "what the network learned" views a run's report shows, from its data and network:
 *   classification on 2 inputs            decision regions with the points, first-hidden-unit heatmaps, confusion
 *   regression on 1 input and 1 output     the fitted curve over the data
 *   classification on images (I = S²)      confusion heatmap, misclassified test images, first-layer weight images
 *   any other classification                the confusion heatmap
 * When the data cannot be rebuilt (a CSV moved away, say) the section says why instead.
 */
import type { DataConfig } from "../config/train-schema.js";
import type { PageSection } from "./html-page.js";
import { confusionSection, digitSections, imageSide, predictedClasses } from "./learned-digits.js";
import type { LearnedInput } from "./learned-input.js";
import { curveSection, planeSections } from "./learned-plane.js";
import { escapeXml } from "./xml-text.js";

/** what the report is given: the inputs, or why there are none */
export type Learned = { input: LearnedInput } | { unavailable: string };

export function learnedSections(learned: Learned, source: DataConfig["source"]): PageSection[] {
  if ("unavailable" in learned) {
    return [
      {
        heading: "What the network learned",
        html: `<p>${escapeXml(`Not shown: ${learned.unavailable}`)}</p>`,
      },
    ];
  }
  const { input } = learned;
  const { dataset } = input;
  if (dataset.task === "regression") return dataset.inputs === 1 && dataset.outputs === 1 ? [curveSection(input)] : [];
  if (dataset.test.n === 0) return dataset.inputs === 2 ? planeSections(input) : [];
  const predicted = input.testClasses?.() ?? predictedClasses(input, dataset.test);
  const confusion = confusionSection(input, predicted);
  if (dataset.inputs === 2) return [...planeSections(input), confusion];
  const side = imageSide(dataset.inputs);
  if (side !== null && (source === "mnist" || source === "mnist-full" || source === "idx"))
    return [confusion, ...digitSections(input, predicted, side)];
  return [confusion];
}
