/**
 * Short, exact-enough renderings of numbers for tables and chart ticks: `digits` significant
 * digits with trailing zeros trimmed; scientific notation (1.5e-7, 2.4e+7 → 2.4e7) outside
 * [1e-4, 1e6); non-finite values as NaN, Inf, -Inf.
 */

export function formatNumber(v: number, digits = 6): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  if (v === 0) return "0";
  const size = Math.abs(v);
  const fixed = v.toPrecision(digits); // itself exponential when rounding reaches 1e6 or beyond
  if (size >= 1e6 || size < 1e-4 || fixed.includes("e")) {
    const [mantissa = "0", exponent = "0"] = v.toExponential(digits - 1).split("e");
    return `${trimZeros(mantissa)}e${exponent.replace("+", "")}`;
  }
  return trimZeros(fixed);
}

/** A vector as "(x, y, …)", or a bare number when it has one coordinate. */
export function formatVector(v: readonly number[], digits = 6): string {
  if (v.length === 1) return formatNumber(v[0]!, digits);
  return `(${v.map((x) => formatNumber(x, digits)).join(", ")})`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
