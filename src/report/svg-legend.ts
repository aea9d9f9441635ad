/**
 * Where a chart's legend goes, so it never covers the data: in a column right of the plot
 * area when the longest entry fits in 28% of the width, else in wrapped rows below the x label.
 * Entry width ≈ 28 px (line sample + gap) + characters × CHAR_WIDTH; one row is 20 px.
 */

/** estimated width of one 12px character, for layout */
export const CHAR_WIDTH = 6.8;
const ROW = 20;
const SAMPLE = 28;
const SPACING = 18;

export interface LegendLayout {
  placement: "right" | "bottom";
  width: number;
  height: number;
  /** entry offsets (centre line of the sample) relative to the legend's origin */
  slots: { x: number; y: number }[];
}

export function legendLayout(names: readonly string[], chartWidth: number, left: number): LegendLayout {
  const widths = names.map((n) => SAMPLE + n.length * CHAR_WIDTH);
  const widest = Math.max(0, ...widths);
  if (widest <= 0.28 * chartWidth) {
    const slots = names.map((_, i) => ({ x: 0, y: 8 + i * ROW }));
    return { placement: "right", width: widest, height: names.length * ROW, slots };
  }
  const slots: { x: number; y: number }[] = [];
  let x = left,
    row = 0;
  widths.forEach((w) => {
    if (x > left && x + w > chartWidth - 12) {
      x = left;
      row++;
    }
    slots.push({ x, y: row * ROW });
    x += w + SPACING;
  });
  return { placement: "bottom", width: chartWidth - left, height: (row + 1) * ROW + 4, slots };
}
