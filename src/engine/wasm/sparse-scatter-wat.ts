/**
 * WAT generator for the sparse weight gradient straight from X's row lists (no column lists):
 *   sparse_scatter  out[K×N] = 0 (memory.fill, unless accumulating), then for each row b and
 *                   each entry (k, x) of its list: out[k,:] += (α·x)·dZ[b,:]
 *   zero_runs       out[r,:] = +0 (one memory.fill a run) for the rows of each run i, the i32 pair (first row,
 *                   rows) at runs + 8i: with accumulate, the same start as memory.fill of all of out when
 *                   the other rows are +0
 * With X's rows as lists, out = dWt = α·Xᵀ·dZ. Each out[k, j] gets its terms in increasing b,
 * as a column-list sum would, so with α = 1 and no accumulation the result is the same bits.
 * Columns go in blocks of BLOCK vectors, dZ[b, block] kept in registers; the rest one vector
 * at a time, then the N % 4 lanes.
 */
import {
  add,
  bump,
  get,
  i32,
  loadLanes,
  locals,
  madd,
  mul,
  params,
  set,
  storeLanes,
  type Flavour,
} from "./wat-simd.js";
import { countDown, range, whileFits } from "./wat-tiling.js";

const word = (base: string, index: string): string => add(get(base), `(i32.shl ${index} ${i32(2)})`);
const entry = (base: string, index: string): string => add(get(base), `(i32.shl ${index} ${i32(3)})`);

/** out[$q…] += $s·dZ[$d…] for one f32x4 (then both pointers advance). */
function addScaled(flavour: Flavour): string {
  const at = (base: string): string => `(v128.load ${get(base)})`;
  const sum = madd(flavour, get("s"), at("d"), at("q"));
  return `(v128.store ${get("q")} ${sum}) ${bump("q", i32(16))} ${bump("d", i32(16))}`;
}

/** The N % 4 tail lanes (1–3) of out[$q…] += $s·dZ[$d…]. */
function addScaledTail(flavour: Flavour): string {
  return [1, 2, 3]
    .map((t) => {
      const sum = madd(flavour, get("s"), loadLanes(get("d"), t), loadLanes(get("q"), t));
      return `(if (i32.eq (i32.and ${get("N")} ${i32(3)}) ${i32(t)}) (then
      ${set("t", sum)} ${storeLanes(get("q"), "t", t)}))`;
    })
    .join(" ");
}

/** Vectors per column block: 8 beat 4 and unblocked (one row of dZ streamed per entry) at batch 32. */
const BLOCK = 8;

/** Columns [$j, $j + 4·BLOCK) of row $i: dZ[i, block] held in registers while the entries stream past. */
function blockPass(flavour: Flavour): string {
  const at = (v: number): string => `(v128.load offset=${16 * v} ${get("q")})`;
  const step = `${set("s", `(f32x4.splat (f32.mul ${get("alpha")} (f32.load offset=4 ${get("e")})))`)}
        ${set("q", add(get("outj"), mul(`(i32.load ${get("e")})`, get("ldb"))))}
        ${range(BLOCK)
          .map((v) => `(v128.store offset=${16 * v} ${get("q")} ${madd(flavour, get("s"), get(`z${v}`), at(v))})`)
          .join(" ")}`;
  return `${range(BLOCK)
    .map((v) => set(`z${v}`, `(v128.load offset=${16 * v} ${get("d")})`))
    .join(" ")}
      ${set("outj", add(get("out"), `(i32.shl ${get("j")} ${i32(2)})`))}
      ${set("e", get("e0"))} ${whileFits("e", 8, get("e1"), step, "block_entries")}
      ${bump("d", i32(16 * BLOCK))}`;
}

/** sparse_scatter(M, N, K, ptr, entries, dz, out, accumulate, alpha): out[K×N] (+)= α·Σ_rows of X. */
export function sparseScatterWat(flavour: Flavour): string {
  const vectorsLeft = `(i32.shr_u (i32.sub ${get("N")} ${get("j")}) ${i32(2)})`;
  const perEntry = `${set("s", `(f32x4.splat (f32.mul ${get("alpha")} (f32.load offset=4 ${get("e")})))`)}
      ${set("q", add(get("outj"), mul(`(i32.load ${get("e")})`, get("ldb"))))} ${set("d", get("dj"))}
      ${set("w", vectorsLeft)} ${countDown("w", addScaled(flavour), "one")}
      ${addScaledTail(flavour)}`;
  const first = entry("entries", `(i32.load ${word("ptr", get("i"))})`);
  const end = entry("entries", `(i32.load offset=4 ${word("ptr", get("i"))})`);
  const row = `${set("e0", first)} ${set("e1", end)}
    ${set("d", add(get("dz"), mul(get("i"), get("ldb"))))} ${set("j", i32(0))}
    ${whileFits("j", 4 * BLOCK, get("N"), blockPass(flavour), "blocks")}
    (if (i32.lt_u ${get("j")} ${get("N")}) (then
      ${set("outj", add(get("out"), `(i32.shl ${get("j")} ${i32(2)})`))} ${set("dj", get("d"))}
      ${set("e", get("e0"))} ${whileFits("e", 8, get("e1"), perEntry, "entries")}))`;
  const args = params(["M", "N", "K", "ptr", "entries", "dz", "out", "accumulate"]);
  const vectors = locals("v128", ["s", "t", ...range(BLOCK).map((v) => `z${v}`)]);
  return `(func (export "sparse_scatter") ${args} (param $alpha f32)
  ${locals("i32", ["i", "j", "e", "e0", "e1", "q", "d", "dj", "outj", "ldb", "w"])} ${vectors}
  ${set("ldb", `(i32.shl ${get("N")} ${i32(2)})`)}
  (if (i32.eqz ${get("accumulate")}) (then (memory.fill ${get("out")} ${i32(0)} ${mul(get("K"), get("ldb"))})))
  ${set("i", i32(0))} ${whileFits("i", 1, get("M"), row, "rows")})`;
}

/** zero_runs(N, out, runs, count): the rows of runs[0…count) of out [·×N] set to +0, a memory.fill a run. */
export function zeroRunsWat(): string {
  const start = add(get("out"), mul(`(i32.load ${get("runs")})`, get("rowBytes")));
  const run = `(memory.fill ${start} ${i32(0)} ${mul(`(i32.load offset=4 ${get("runs")})`, get("rowBytes"))})
    ${bump("runs", i32(8))}`;
  return `(func (export "zero_runs") ${params(["N", "out", "runs", "count"])}
  ${locals("i32", ["rowBytes"])} ${set("rowBytes", `(i32.shl ${get("N")} ${i32(2)})`)}
  ${countDown("count", run, "zero_runs")})`;
}
