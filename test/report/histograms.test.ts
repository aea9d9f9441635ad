/**
 * Histograms of histograms.json worked out by hand: equal bins over [min, max], the maximum in the
 * last bin, non-finite values counted apart, a constant vector in one bin.
 */
import { expect, it } from "vitest";
import { histogramOf } from "../../src/report/histograms.js";

it("puts 0…4 into 4 bins of width 1, the maximum into the last", () => {
  const h = histogramOf([9, 0, 1, 2, 3, 4, 9], 1, 5, 4); // offset 1, size 5: the 9s are outside
  expect(h.counts).toEqual([1, 1, 1, 2]);
  expect([h.min, h.max, h.mean, h.nonFinite]).toEqual([0, 4, 2, 0]);
  expect(h.rms).toBeCloseTo(Math.sqrt((0 + 1 + 4 + 9 + 16) / 5), 14);
});

it("counts non-finite values apart and a constant vector in bin 0", () => {
  const h = histogramOf([0.5, Number.NaN, 0.5, Number.POSITIVE_INFINITY], 0, 4, 3);
  expect(h.counts).toEqual([2, 0, 0]);
  expect([h.min, h.max, h.nonFinite, h.mean, h.rms]).toEqual([0.5, 0.5, 2, 0.5, 0.5]);
  expect(histogramOf([Number.NaN], 0, 1, 2)).toEqual({ min: 0, max: 0, counts: [0, 0], nonFinite: 1, mean: 0, rms: 0 });
});
