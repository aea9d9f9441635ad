/**
 * The loops shared by the GEMM generators. A tiling covers out rows [i0, iend) × columns [0, N)
 * with micro-tiles of the plan's widths and heights, largest first, so every size is exact:
 *   for w in widths: while j + w ≤ N: { for h in heights: while i + h ≤ iend: tile(h, w) at (i, j) }
 * The column loop is outside, so a tile's panel of B stays in L1 while rows of A stream past it.
 * Both lists end in 1, so nothing is left over.
 */
import { get, i32, set } from "./wat-simd.js";

/** Tile sizes of one tiling (largest first, each list ending in 1) and a tag for its labels. */
export interface TilePlan {
  readonly widths: readonly number[];
  readonly heights: readonly number[];
  readonly tag: string;
  /** rows outside, columns inside: out is written row after row (for tiny K, where no B panel is worth keeping) */
  readonly rowsOuter?: boolean;
}

/** One micro-tile call at (i, j); the driver's locals $i and $j hold the tile's origin. */
export type TileCall = (height: number, width: number) => string;

/** `while (counter + step ≤ limit) { body; counter += step }`; `tag` keeps labels unique. */
export function whileFits(counter: string, step: number, limit: string, body: string, tag: string): string {
  return `(block $done_${tag} (loop $next_${tag}
    (br_if $done_${tag} (i32.gt_s (i32.add ${get(counter)} ${i32(step)}) ${limit}))
    ${body}
    ${set(counter, `(i32.add ${get(counter)} ${i32(step)})`)}
    (br $next_${tag})))`;
}

/** `while (n ≠ 0) { body; n -= 1 }` on the i32 local `n`. */
export function countDown(n: string, body: string, tag: string): string {
  return `(block $done_${tag} (loop $next_${tag}
    (br_if $done_${tag} (i32.eqz ${get(n)}))
    ${body}
    ${set(n, `(i32.sub ${get(n)} ${i32(1)})`)}
    (br $next_${tag})))`;
}

/**
 * `start = 0; do { end = min(start + step, limit); body; start = end } while (start < limit)`
 * on i32 locals: the cache-blocking loop (over rows or over k); runs once even when limit = 0.
 */
export function blocks(start: string, end: string, step: number, limit: string, body: string, tag: string): string {
  const next = `(i32.add ${get(start)} ${i32(step)})`;
  return `${set(start, i32(0))}
  (loop $next_${tag}
    ${set(end, `(select ${next} ${limit} (i32.lt_s ${next} ${limit}))`)}
    ${body}
    ${set(start, get(end))}
    (br_if $next_${tag} (i32.lt_s ${get(start)} ${limit})))`;
}

/** The tiling of rows [$i0, $iend) × columns [0, $N) (locals $i, $j). */
export function tileLoops(plan: TilePlan, tile: TileCall): string {
  if (plan.widths.at(-1) !== 1 || plan.heights.at(-1) !== 1)
    throw new RangeError("tileLoops: the last width and height must be 1");
  if (plan.rowsOuter === true) return rowsOuterLoops(plan, tile);
  const columns = plan.widths.map((w) => {
    const rows = plan.heights
      .map((h) => whileFits("i", h, get("iend"), tile(h, w), `${plan.tag}_${h}x${w}`))
      .join("\n    ");
    return whileFits("j", w, get("N"), `${set("i", get("i0"))}\n    ${rows}`, `${plan.tag}_w${w}`);
  });
  return `${set("j", i32(0))}\n  ${columns.join("\n  ")}`;
}

/** The same tiling with the loops swapped: for h: while i + h ≤ iend: { for w: while j + w ≤ N: tile }. */
function rowsOuterLoops(plan: TilePlan, tile: TileCall): string {
  const rows = plan.heights.map((h) => {
    const columns = plan.widths
      .map((w) => whileFits("j", w, get("N"), tile(h, w), `${plan.tag}_${h}x${w}`))
      .join("\n    ");
    return whileFits("i", h, get("iend"), `${set("j", i32(0))}\n    ${columns}`, `${plan.tag}_h${h}`);
  });
  return `${set("i", get("i0"))}\n  ${rows.join("\n  ")}`;
}

/** Sizes n, n−1, …, 1. */
export const countdownSizes = (n: number): number[] => Array.from({ length: n }, (_, i) => n - i);

/** [0, 1, …, n − 1]: the indices a generator unrolls over. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The local holding accumulator (r, c) of a tile: s{r}_{c}. */
export const acc = (r: number, c: number): string => `s${r}_${c}`;
