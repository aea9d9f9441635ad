import { expect, it } from "vitest";
import { formatNumber, formatVector } from "../../src/report/number-format.js";

it("formats numbers short, without binary noise, in scientific notation outside [1e-4, 1e6)", () => {
  expect(formatNumber(0.1 + 0.2)).toBe("0.3");
  expect(formatNumber(-2.5)).toBe("-2.5");
  expect(formatNumber(6.5536)).toBe("6.5536");
  expect(formatNumber(1234567)).toBe("1.23457e6");
  expect(formatNumber(999999.9)).toBe("1e6"); // rounds up out of the fixed range
  expect(formatNumber(1e-5)).toBe("1e-5");
  expect(formatNumber(0.00012)).toBe("0.00012");
  expect(formatNumber(2.4e7, 2)).toBe("2.4e7");
  expect([NaN, Infinity, -Infinity, 0].map((v) => formatNumber(v))).toEqual(["NaN", "Inf", "-Inf", "0"]);
});

it("formats vectors as tuples and scalars bare", () => {
  expect(formatVector([-1.2, 1])).toBe("(-1.2, 1)");
  expect(formatVector([3])).toBe("3");
});
