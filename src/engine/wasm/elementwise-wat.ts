/**
 * WAT generator for the memory-bound kernels, each over f32x4 with 1–3 lane tails:
 *   col_sum(M, N, a, out, beta)            out[j] = β·out[j] + Σ_i a[i,j]
 *   sgd(n, w, g, lr)                       w ← w − lr·g
 *   sgd_runs(count, N, w, g, runs, lr, from, to)   the same on runs of rows of w, g [·×N] only, clipped to rows
 *     from…to − 1: run i is the i32 pair (first row, rows) at runs + 8i, row r at byte r·4N — one sgd
 *     call per run of consecutive rows (a thread of a split call takes its own window of rows)
 *   sgd_momentum(n, w, g, v, lr, mu)       v ← ftz(μ·v + g);  w ← w − lr·v
 *     ftz: a velocity below the smallest normal float32 (2^−126) becomes 0. Weights whose gradient
 *     stays 0 (an always-blank MNIST pixel) see v decay geometrically into subnormals, which x86
 *     computes ~80× slower; wasm cannot switch the CPU to flush-to-zero, so the kernel does it.
 *   relu_backward(n, a, da, dz)            dz = da where a > 0, else 0   (a = ReLU output)
 *   transpose(rows, cols, src, dst)        dst[cols×rows] = src[rows×cols]ᵀ, in 4×4 SIMD blocks
 *   all_finite(n, a) → 1 when every a[i] is finite, else 0: Σ a[i]·0 is ±0 then, and NaN once any a[i]
 *     is ±∞ or NaN (the divergence check at every log row, over all p weights)
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
  shuffle32,
  storeLanes,
  type Flavour,
} from "./wat-simd.js";
import { countDown, range, whileFits } from "./wat-tiling.js";

const zero = "(v128.const i32x4 0 0 0 0)";

/** col_sum: columns in blocks of 16, then 4, then a 1–3 lane tail; rows summed in order. */
function colSum(): string {
  const block = (w: number): string => {
    const vs = range(Math.ceil(w / 4));
    const lanes = (v: number): number => Math.min(4, w - 4 * v);
    const col = add(get("out"), `(i32.shl ${get("j")} ${i32(2)})`);
    const start = (v: number): string =>
      set(`s${v}`, `(if (result v128) ${get("beta")} (then ${loadLanes(col, lanes(v), 16 * v)}) (else ${zero}))`);
    const accumulate = (v: number): string =>
      set(`s${v}`, `(f32x4.add ${get(`s${v}`)} ${loadLanes(get("p"), lanes(v), 16 * v)})`);
    const rows = countDown("n", `${vs.map(accumulate).join(" ")} ${bump("p", get("ld"))}`, `rows${w}`);
    return whileFits(
      "j",
      w,
      get("N"),
      `${vs.map(start).join(" ")}
    ${set("p", add(get("a"), `(i32.shl ${get("j")} ${i32(2)})`))} ${set("n", get("M"))}
    ${rows}
    ${vs.map((v) => storeLanes(col, `s${v}`, lanes(v), 16 * v)).join(" ")}`,
      `cols${w}`,
    );
  };
  return `(func (export "col_sum") ${params(["M", "N", "a", "out", "beta"])}
  ${locals("i32", ["j", "p", "n", "ld"])} ${locals("v128", ["s0", "s1", "s2", "s3"])}
  ${set("ld", `(i32.shl ${get("N")} ${i32(2)})`)} ${set("j", i32(0))}
  ${[16, 4, 3, 2, 1].map(block).join("\n  ")})`;
}

/**
 * An elementwise loop over n floats: `body(lanes, offset)` handles 4 floats (or 1) at byte
 * address $o + offset; four vectors a step, then single vectors, then the n % 4 tail one float
 * at a time. `setup` runs once before the loop (splats of the scalar arguments); `vectors` names
 * v128 locals beyond x, y, z, vlr and vmu.
 */
export function elementwise(
  name: string,
  args: readonly string[],
  floats: readonly string[],
  setup: string,
  body: (lanes: 1 | 4, offset: number) => string,
  vectors: readonly string[] = [],
): string {
  const step = (vectors: number, lanes: 1 | 4): string =>
    `${range(vectors)
      .map((v) => body(lanes, 16 * v))
      .join(" ")} ${bump("o", i32(4 * lanes * vectors))}`;
  return `(func $${name} (export "${name}") ${params(["n", ...args])} ${params(floats, "f32")}
  ${locals("i32", ["o", "k"])} ${locals("v128", ["x", "y", "z", "vlr", "vmu", ...vectors])}
  ${setup} ${set("o", i32(0))} ${set("k", `(i32.shr_u ${get("n")} ${i32(4)})`)}
  ${countDown("k", step(4, 4), "vec4")}
  ${set("k", `(i32.and (i32.shr_u ${get("n")} ${i32(2)}) ${i32(3)})`)}
  ${countDown("k", step(1, 4), "vec")}
  ${set("k", `(i32.and ${get("n")} ${i32(3)})`)}
  ${countDown("k", step(1, 1), "tail")})`;
}

/** The byte address of the current element of array `ptr`. */
export const at = (ptr: string): string => add(get(ptr), get("o"));
/** −lr and μ as vectors, set once per call */
const negLr = set("vlr", `(f32x4.neg (f32x4.splat ${get("lr")}))`);
const mu = set("vmu", `(f32x4.splat ${get("mu")})`);

function updates(flavour: Flavour): string {
  const sgd = elementwise("sgd", ["w", "g"], ["lr"], negLr, (lanes, off) => {
    const weight = madd(flavour, get("vlr"), loadLanes(at("g"), lanes, off), loadLanes(at("w"), lanes, off));
    return `${set("x", weight)} ${storeLanes(at("w"), "x", lanes, off)}`;
  });
  const momentum = elementwise("sgd_momentum", ["w", "g", "v"], ["lr", "mu"], `${negLr} ${mu}`, (lanes, off) => {
    const velocity = madd(flavour, get("vmu"), loadLanes(at("v"), lanes, off), loadLanes(at("g"), lanes, off));
    const normal = `(f32x4.ge (f32x4.abs ${get("y")}) (f32x4.splat (f32.const 0x1p-126)))`;
    const weight = madd(flavour, get("vlr"), get("y"), loadLanes(at("w"), lanes, off));
    return `${set("y", velocity)}
    ${set("y", `(v128.and ${get("y")} ${normal})`)} ${storeLanes(at("v"), "y", lanes, off)}
    ${set("x", weight)} ${storeLanes(at("w"), "x", lanes, off)}`;
  });
  const reluBackward = elementwise("relu_backward", ["a", "da", "dz"], [], "", (lanes, off) => {
    const positive = `(f32x4.gt ${loadLanes(at("a"), lanes, off)} ${zero})`;
    const masked = `(v128.and ${loadLanes(at("da"), lanes, off)} ${positive})`;
    return `${set("z", masked)} ${storeLanes(at("dz"), "z", lanes, off)}`;
  });
  return [sgd, sgdRuns(), momentum, reluBackward].join("\n");
}

/**
 * sgd_runs: `sgd` called once on each run of consecutive rows of N floats (the same arithmetic, so the
 * same bits on those rows). On MNIST a batch's rows of dWt come in ~25–30 runs, about one a line of pixels.
 */
function sgdRuns(): string {
  const clip = (v: string, lo: string, hi: string): string =>
    `(select ${lo} (select ${hi} ${v} (i32.gt_s ${v} ${hi})) (i32.lt_s ${v} ${lo}))`;
  const first = `(i32.load ${get("runs")})`;
  const run = `${set("r0", clip(first, get("from"), get("to")))}
    ${set("r1", clip(`(i32.add ${first} (i32.load offset=4 ${get("runs")}))`, get("from"), get("to")))}
    (if (i32.lt_s ${get("r0")} ${get("r1")}) (then
      ${set("o", mul(get("r0"), get("rowBytes")))}
      (call $sgd ${mul(`(i32.sub ${get("r1")} ${get("r0")})`, get("N"))}
        ${add(get("w"), get("o"))} ${add(get("g"), get("o"))} ${get("lr")})))
    ${bump("runs", i32(8))}`;
  const args = `${params(["count", "N", "w", "g", "runs"])} (param $lr f32) ${params(["from", "to"])}`;
  return `(func (export "sgd_runs") ${args}
  ${locals("i32", ["o", "rowBytes", "r0", "r1"])} ${set("rowBytes", `(i32.shl ${get("N")} ${i32(2)})`)}
  ${countDown("count", run, "runs")})`;
}

/** Copy src[row, col] to dst[col, row] for the i32 locals named row and col (plus a constant column offset). */
function locate(row: string, col: string, colOffset = 0): string {
  const c = colOffset === 0 ? get(col) : add(get(col), i32(colOffset));
  return `${set("s", add(get("src"), `(i32.shl (i32.add (i32.mul ${get(row)} ${get("cols")}) ${c}) ${i32(2)})`))}
      ${set("d", add(get("dst"), `(i32.shl (i32.add (i32.mul ${c} ${get("rows")}) ${get(row)}) ${i32(2)})`))}`;
}

/** The 4×4 block at rows i…i+3, columns j+offset…+3: four loads, two rounds of shuffles, four stores. */
function block4x4(offset: number): string {
  const rowIn = (r: number): string => add(get("s"), mul(get("ls"), i32(r)));
  const rowOut = (r: number): string => add(get("d"), mul(get("ld"), i32(r)));
  return [
    locate("i", "j", offset),
    ...range(4).map((r) => set(`r${r}`, `(v128.load ${rowIn(r)})`)),
    set("t0", shuffle32(get("r0"), get("r1"), [0, 4, 1, 5])),
    set("t1", shuffle32(get("r2"), get("r3"), [0, 4, 1, 5])),
    set("t2", shuffle32(get("r0"), get("r1"), [2, 6, 3, 7])),
    set("t3", shuffle32(get("r2"), get("r3"), [2, 6, 3, 7])),
    `(v128.store ${rowOut(0)} ${shuffle32(get("t0"), get("t1"), [0, 1, 4, 5])})`,
    `(v128.store ${rowOut(1)} ${shuffle32(get("t0"), get("t1"), [2, 3, 6, 7])})`,
    `(v128.store ${rowOut(2)} ${shuffle32(get("t2"), get("t3"), [0, 1, 4, 5])})`,
    `(v128.store ${rowOut(3)} ${shuffle32(get("t2"), get("t3"), [2, 3, 6, 7])})`,
  ].join("\n      ");
}

/**
 * transpose: bands of 16 columns, rows 4 at a time, so each source cache line is used up
 * within its band and each destination row is written in order; then 4-column bands; then
 * the last cols % 4 columns and rows % 4 rows one float at a time.
 */
function transpose(): string {
  const band = (width: number): string =>
    whileFits(
      "j",
      width,
      get("cols"),
      `${set("i", i32(0))} ${whileFits(
        "i",
        4,
        get("rows"),
        range(width / 4)
          .map((b) => block4x4(4 * b))
          .join("\n      "),
        `rows${width}`,
      )}`,
      `band${width}`,
    );
  const copy = `${locate("i", "j")} (f32.store ${get("d")} (f32.load ${get("s")}))`;
  const sweep = (iFrom: string, iTo: string, jFrom: string, jTo: string, tag: string): string => {
    const row = `${set("j", jFrom)} ${whileFits("j", 1, jTo, copy, `${tag}j`)}`;
    return `${set("i", iFrom)} ${whileFits("i", 1, iTo, row, `${tag}i`)}`;
  };
  const rows4 = `(i32.and ${get("rows")} ${i32(-4)})`,
    cols4 = `(i32.and ${get("cols")} ${i32(-4)})`;
  const vectors = locals("v128", ["r0", "r1", "r2", "r3", "t0", "t1", "t2", "t3"]);
  return `(func (export "transpose") ${params(["rows", "cols", "src", "dst"])}
  ${locals("i32", ["i", "j", "s", "d", "ls", "ld"])} ${vectors}
  ${set("ls", `(i32.shl ${get("cols")} ${i32(2)})`)} ${set("ld", `(i32.shl ${get("rows")} ${i32(2)})`)}
  ${set("j", i32(0))} ${band(16)} ${band(4)}
  ${sweep(i32(0), get("rows"), cols4, get("cols"), "edgecols")}
  ${sweep(rows4, get("rows"), i32(0), cols4, "edgerows")})`;
}

/**
 * gather_rows(count, rowBytes, src, rows, dst): dst row i ← src row rows[i] (rows: i32 indexes),
 * each a memory.copy (a plain memmove). JavaScript's copyWithin on a view of the shared memory
 * copies word by word, and one call per row costs more than the row: one call per batch.
 */
function gatherRows(): string {
  const sourceRow = `(i32.load (i32.add ${get("rows")} (i32.shl ${get("i")} ${i32(2)})))`;
  const row = `(memory.copy (i32.add ${get("dst")} (i32.mul ${get("i")} ${get("rowBytes")}))
      (i32.add ${get("src")} (i32.mul ${sourceRow} ${get("rowBytes")})) ${get("rowBytes")})`;
  return `(func (export "gather_rows") ${params(["count", "rowBytes", "src", "rows", "dst"])} (local $i i32)
  ${whileFits("i", 1, get("count"), row, "gather")})`;
}

function allFinite(): string {
  const zero = "(v128.const i32x4 0 0 0 0)";
  const four = (offset: number): string =>
    set(
      `s${offset / 16}`,
      `(f32x4.add ${get(`s${offset / 16}`)} (f32x4.mul (v128.load offset=${offset} ${get("q")}) ${zero}))`,
    );
  const sixteen = `${[0, 16, 32, 48].map(four).join(" ")} ${bump("q", i32(64))}`;
  const t = `(f32.add ${get("t")} (f32.mul (f32.load ${get("q")}) (f32.const 0)))`;
  const one = `${set("t", t)} ${bump("q", i32(4))}`;
  const sums = `(f32x4.add (f32x4.add ${get("s0")} ${get("s1")}) (f32x4.add ${get("s2")} ${get("s3")}))`;
  return `(func (export "all_finite") ${params(["n", "a"])} (result i32)
  ${locals("i32", ["k", "q"])} ${locals("v128", ["s0", "s1", "s2", "s3"])} (local $t f32)
  ${set("q", get("a"))} ${set("k", i32(0))} ${[0, 1, 2, 3].map((s) => set(`s${s}`, zero)).join(" ")}
  ${whileFits("k", 16, get("n"), sixteen, "finite16")}
  ${whileFits("k", 1, get("n"), one, "finite1")}
  (i32.and (i32x4.all_true (f32x4.eq ${sums} ${zero})) (f32.eq ${get("t")} (f32.const 0))))`;
}

/** All memory-bound kernels of the module (but the adaptive optimizers' updates: optimizer-wat.ts). */
export function elementwiseWat(flavour: Flavour): string {
  return [colSum(), updates(flavour), transpose(), gatherRows(), allFinite()].join("\n");
}
