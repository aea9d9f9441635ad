/**
 * Small builders of WebAssembly text (WAT) for the kernel generators: locals, the multiply-add
 * in its two flavours, partial (1–3 lane) loads and stores, and horizontal sums.
 *   madd(a, b, c) = a·b + c   as f32x4.relaxed_madd (one FMA) or f32x4.mul + f32x4.add
 *   reduce4(a, b, c, d) = [Σa, Σb, Σc, Σd]   (a 4×4 transpose folded into the adds)
 * Every pointer is a byte address into the module's one memory; every float is f32.
 */

/** Whether the module may use relaxed-SIMD FMA (f32x4.relaxed_madd) or plain mul + add. */
export interface Flavour {
  readonly fma: boolean;
}

export const get = (name: string): string => `(local.get $${name})`;
export const set = (name: string, expr: string): string => `(local.set $${name} ${expr})`;
export const i32 = (n: number): string => `(i32.const ${n})`;
export const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
export const mul = (a: string, b: string): string => `(i32.mul ${a} ${b})`;
/** `(local.set $x (i32.add $x by))` */
export const bump = (name: string, by: string): string => set(name, add(get(name), by));

/** Declarations of several locals of one type: `(local $a i32) (local $b i32)`. */
export function locals(type: "i32" | "f32" | "v128", names: readonly string[]): string {
  return names.map((n) => `(local $${n} ${type})`).join(" ");
}

/** Declarations of parameters: `(param $a i32) …`. */
export function params(names: readonly string[], type: "i32" | "f32" = "i32"): string {
  return names.map((n) => `(param $${n} ${type})`).join(" ");
}

/** a·b + c on four lanes, fused (relaxed FMA) or as a rounded multiply then an add. */
export function madd(flavour: Flavour, a: string, b: string, c: string): string {
  return flavour.fma ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add ${c} (f32x4.mul ${a} ${b}))`;
}

/** Load `lanes` (1–4) consecutive floats from ptr into the low lanes of a v128 (others zero). */
export function loadLanes(ptr: string, lanes: number, offset = 0): string {
  const off = (extra: number): string => (offset + extra === 0 ? "" : ` offset=${offset + extra}`);
  switch (lanes) {
    case 4:
      return `(v128.load${off(0)} ${ptr})`;
    case 3:
      return `(v128.load32_lane${off(8)} 2 ${ptr} (v128.load64_zero${off(0)} ${ptr}))`;
    case 2:
      return `(v128.load64_zero${off(0)} ${ptr})`;
    case 1:
      return `(v128.load32_zero${off(0)} ${ptr})`;
    default:
      throw new RangeError(`loadLanes: lanes must be 1–4, got ${lanes}`);
  }
}

/** Store the low `lanes` (1–4) floats of the v128 local `value` to ptr (the others untouched). */
export function storeLanes(ptr: string, value: string, lanes: number, offset = 0): string {
  const off = (extra: number): string => (offset + extra === 0 ? "" : ` offset=${offset + extra}`);
  switch (lanes) {
    case 4:
      return `(v128.store${off(0)} ${ptr} ${get(value)})`;
    case 3:
      return `(v128.store64_lane${off(0)} 0 ${ptr} ${get(value)}) (v128.store32_lane${off(8)} 2 ${ptr} ${get(value)})`;
    case 2:
      return `(v128.store64_lane${off(0)} 0 ${ptr} ${get(value)})`;
    case 1:
      return `(v128.store32_lane${off(0)} 0 ${ptr} ${get(value)})`;
    default:
      throw new RangeError(`storeLanes: lanes must be 1–4, got ${lanes}`);
  }
}

/** i8x16.shuffle picking f32 lanes: 0–3 from x, 4–7 from y. */
export function shuffle32(x: string, y: string, lanes: readonly [number, number, number, number]): string {
  const bytes = lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
  return `(i8x16.shuffle ${bytes.join(" ")} ${x} ${y})`;
}

/** [a0+a2, a1+a3, b0+b2, b1+b3]: half of a 4-way horizontal sum of two vectors. */
function pairSums(a: string, b: string): string {
  return `(f32x4.add ${shuffle32(a, b, [0, 1, 4, 5])} ${shuffle32(a, b, [2, 3, 6, 7])})`;
}

/**
 * [Σa, Σb, Σc, Σd] from four v128 locals, written through the two scratch locals `ab`, `cd`
 * (statements followed by the result expression).
 */
export function reduce4(
  names: readonly [string, string, string, string],
  ab: string,
  cd: string,
): { code: string; value: string } {
  const [a, b, c, d] = names.map(get) as [string, string, string, string];
  const code = `${set(ab, pairSums(a, b))} ${set(cd, pairSums(c, d))}`;
  const value = `(f32x4.add ${shuffle32(get(ab), get(cd), [0, 2, 4, 6])} ${shuffle32(get(ab), get(cd), [1, 3, 5, 7])})`;
  return { code, value };
}

/** max(0, x) lane-wise as `0 < x ? x : 0` (pmax), so NaN maps to 0 like the reference ReLU. */
export const relu4 = (x: string): string => `(f32x4.pmax (v128.const i32x4 0 0 0 0) ${x})`;
