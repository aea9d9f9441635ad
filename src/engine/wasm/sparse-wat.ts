/**
 * WAT generator for the exact sparse path (MNIST inputs are ~80 % zeros):
 *   count_nonzero how many of n floats are ≠ 0 (−0 counts as 0, NaN as nonzero: f32.ne), for csr_build's room
 *   csr_build     the nonzeros of X[M×K], row by row: ptr[M+1] and entries (index i32, value f32)
 *   csc_from_csr  the same nonzeros column by column (a counting sort)
 *   column_runs   the runs of consecutive nonempty columns of such lists, as (first, count) pairs
 *   sparse_rows   out[i,:] = (β·out[i,:] or bias) + α·Σ_{entries (k, x) of list i} x·B[k, :]
 * With X's rows as lists, sparse_rows is Z = X·Wᵀ + b for weights stored as Wt[I×O]; with X's
 * columns, it is dWt = Xᵀ·dZ. Zero entries are skipped, the others summed in index order.
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
  relu4,
  set,
  shuffle32,
  storeLanes,
  type Flavour,
} from "./wat-simd.js";
import { countDown, range, whileFits } from "./wat-tiling.js";

const zero = "(v128.const i32x4 0 0 0 0)";
const word = (base: string, index: string): string => add(get(base), `(i32.shl ${index} ${i32(2)})`);
/** Byte address of entry `index` (8 bytes: i32 index, then f32 value). */
const entry = (base: string, index: string): string => add(get(base), `(i32.shl ${index} ${i32(3)})`);

/** Write (k, x) at entry address $e; $e advances only when x ≠ 0 (branch-free). */
function append(k: string, x: string): string {
  return `${set("x", x)} (i32.store ${get("e")} ${k}) (f32.store offset=4 ${get("e")} ${get("x")})
      ${set("e", `(i32.add ${get("e")} (i32.shl (f32.ne ${get("x")} (f32.const 0)) ${i32(3)}))`)}`;
}

/**
 * csr_build(M, K, a, ptr, entries) → nnz. Groups of four zeros are skipped with one test; a
 * group with a nonzero is interleaved into (k, x) pairs by two shuffles and written one 8-byte
 * pair per lane, the cursor advancing by 8 where the lane's x ≠ 0 (a lane mask, no branches).
 */
function csrBuild(): string {
  const pair = (half: string, lane: number): string => {
    const step = `(i32x4.extract_lane ${lane} ${get("inc")})`;
    return `(v128.store64_lane ${lane % 2} ${get("e")} ${get(half)}) ${bump("e", step)}`;
  };
  /** the group of floats k + g…k + g + 3, at q + 4g */
  const group = (g: number): string => {
    const indexes = `(i32x4.add (i32x4.splat ${get("k")}) (v128.const i32x4 ${g} ${g + 1} ${g + 2} ${g + 3}))`;
    const high = set("hi", shuffle32(get("lo"), get("v"), [2, 6, 3, 7]));
    const low = set("lo", shuffle32(get("lo"), get("v"), [0, 4, 1, 5]));
    return `${set("v", `(v128.load offset=${4 * g} ${get("q")})`)} ${set("m", `(f32x4.ne ${get("v")} ${zero})`)}
      (if (v128.any_true ${get("m")}) (then
        ${set("lo", indexes)}
        ${high} ${low}
        ${set("inc", `(v128.and ${get("m")} (v128.const i32x4 8 8 8 8))`)}
        ${[0, 1].map((l) => pair("lo", l)).join(" ")} ${[2, 3].map((l) => pair("hi", l)).join(" ")}))`;
  };
  // sixteen floats tested at once by OR-ing their bits (−0 passes, then the group test drops it)
  const first8 = `(v128.or (v128.load ${get("q")}) (v128.load offset=16 ${get("q")}))`;
  const last8 = `(v128.or (v128.load offset=32 ${get("q")}) (v128.load offset=48 ${get("q")}))`;
  const any16 = `(v128.any_true (v128.or ${first8} ${last8}))`;
  const sixteen = `(if ${any16} (then ${[0, 4, 8, 12].map(group).join("\n      ")})) ${bump("q", i32(64))}`;
  const groups = `${whileFits("k", 16, get("K"), sixteen, "sixteens")}
    ${whileFits("k", 4, get("K"), `${group(0)} ${bump("q", i32(16))}`, "groups")}`;
  const tail = whileFits(
    "k",
    1,
    get("K"),
    `${append(get("k"), `(f32.load ${get("q")})`)} ${bump("q", i32(4))}`,
    "tail",
  );
  const count = `(i32.shr_u (i32.sub ${get("e")} ${get("entries")}) ${i32(3)})`;
  const row = `(i32.store ${word("ptr", get("i"))} ${count}) ${set("k", i32(0))}\n    ${groups}\n    ${tail}`;
  return `(func (export "csr_build") ${params(["M", "K", "a", "ptr", "entries"])} (result i32)
  ${locals("i32", ["i", "k", "e", "q"])} ${locals("v128", ["v", "m", "lo", "hi", "inc"])} (local $x f32)
  ${set("e", get("entries"))} ${set("q", get("a"))} ${set("i", i32(0))}
  ${whileFits("i", 1, get("M"), row, "rows")}
  (i32.store ${word("ptr", get("M"))} ${count})
  ${count})`;
}

/**
 * count_nonzero(n, a) → #{i < n : a[i] ≠ 0}: sixteen floats a step into four lane counts (a lane
 * mask of f32x4.ne is −1 where ≠ 0, subtracted), then fours, the lanes summed, then the 1–3 left.
 */
function countNonzero(): string {
  const ne = (offset: number): string => `(f32x4.ne (v128.load offset=${offset} ${get("q")}) ${zero})`;
  const tally = (offset: number): string => set("c4", `(i32x4.sub ${get("c4")} ${ne(offset)})`);
  const sixteen = `${[0, 16, 32, 48].map(tally).join(" ")} ${bump("q", i32(64))}`;
  const lanes = [0, 1, 2, 3].map((l) => `(i32x4.extract_lane ${l} ${get("c4")})`);
  const one = `${bump("c", `(f32.ne (f32.load ${get("q")}) (f32.const 0))`)} ${bump("q", i32(4))}`;
  return `(func (export "count_nonzero") ${params(["n", "a"])} (result i32)
  ${locals("i32", ["k", "q", "c"])} ${locals("v128", ["c4"])}
  ${set("q", get("a"))} ${set("k", i32(0))} ${set("c4", zero)}
  ${whileFits("k", 16, get("n"), sixteen, "count16")}
  ${whileFits("k", 4, get("n"), `${tally(0)} ${bump("q", i32(16))}`, "count4")}
  ${set("c", add(add(lanes[0]!, lanes[1]!), add(lanes[2]!, lanes[3]!)))}
  ${whileFits("k", 1, get("n"), one, "count1")}
  ${get("c")})`;
}

/**
 * csc_from_csr(M, K, ptr, entries, cptr, cursor, centries): column lists (row index, value),
 * rows ascending, by a counting sort. Entries are walked by pointer and moved as one i64 each:
 * the low half (column k) picks the slot, then is replaced by the row index.
 */
function cscFromCsr(): string {
  const colBytes = (pair: string): string => `(i32.shl (i32.wrap_i64 ${pair}) ${i32(2)})`;
  const walk = (from: string, to: string, body: string, tag: string): string =>
    `${set("e", from)} ${set("end", to)} ${whileFits("e", 8, get("end"), body, tag)}`;
  const entryAt = (index: string): string => entry("entries", `(i32.load ${index})`);
  const increment = `(i32.store offset=4 ${get("q")} (i32.add (i32.load offset=4 ${get("q")}) ${i32(1)}))`;
  const count = `${set("q", add(get("cptr"), colBytes(`(i64.load ${get("e")})`)))} ${increment}`;
  const relabelled = `(i64.or (i64.and ${get("pair")} (i64.const 0xffffffff00000000)) (i64.extend_i32_u ${get("i")}))`;
  const move = `${set("pair", `(i64.load ${get("e")})`)} ${set("q", add(get("cursor"), colBytes(get("pair"))))}
      ${set("k", `(i32.load ${get("q")})`)} (i32.store ${get("q")} (i32.add ${get("k")} ${i32(1)}))
      (i64.store ${entry("centries", get("k"))} ${relabelled})`;
  const runningSum = `(i32.add (i32.load offset=4 ${get("q")}) (i32.load ${get("q")}))`;
  const prefix = `${set("q", word("cptr", get("k")))} (i32.store offset=4 ${get("q")} ${runningSum})
    (i32.store ${word("cursor", get("k"))} (i32.load ${get("q")}))`;
  const rowEnd = entryAt(`(i32.add ${word("ptr", get("i"))} ${i32(4)})`);
  const moveRow = walk(entryAt(word("ptr", get("i"))), rowEnd, move, "move");
  return `(func (export "csc_from_csr") ${params(["M", "K", "ptr", "entries", "cptr", "cursor", "centries"])}
  ${locals("i32", ["i", "k", "e", "q", "end"])} (local $pair i64)
  (memory.fill ${get("cptr")} ${i32(0)} (i32.shl (i32.add ${get("K")} ${i32(1)}) ${i32(2)}))
  ${walk(get("entries"), entryAt(word("ptr", get("M"))), count, "count")}
  ${set("k", i32(0))} ${whileFits("k", 1, get("K"), prefix, "prefix")}
  ${set("i", i32(0))} ${whileFits("i", 1, get("M"), moveRow, "rows")})`;
}

/**
 * column_runs(K, cptr, runs) → the number of runs: each maximal run of columns k with an entry
 * (cptr[k+1] ≠ cptr[k]) written as the i32 pair (first column, columns) at runs + 8·run.
 */
function columnRuns(): string {
  const next = set("next", `(i32.load offset=4 ${word("cptr", get("k"))})`);
  const step = `${next}
    (if (i32.ne ${get("next")} ${get("prev")})
      (then (if ${get("open")}
        (then (i32.store ${get("last")} (i32.add (i32.load ${get("last")}) ${i32(1)})))
        (else (i32.store ${get("r")} ${get("k")}) (i32.store offset=4 ${get("r")} ${i32(1)})
          ${set("last", add(get("r"), i32(4)))} ${bump("r", i32(8))} ${set("open", i32(1))})))
      (else ${set("open", i32(0))}))
    ${set("prev", get("next"))}`;
  return `(func (export "column_runs") ${params(["K", "cptr", "runs"])} (result i32)
  ${locals("i32", ["k", "r", "last", "prev", "next", "open"])}
  ${set("r", get("runs"))} ${set("prev", `(i32.load ${get("cptr")})`)} ${set("k", i32(0))}
  ${whileFits("k", 1, get("K"), step, "columns")}
  (i32.shr_u (i32.sub ${get("r")} ${get("runs")}) ${i32(3)}))`;
}

/**
 * One pass over row i's entries [$e0, $e1) for columns j…j+w (w ≤ 4·vectors floats): the sum
 * Σ x·B[k, j…] in registers, then out = init + α·sum, with init = out (β), bias, or 0.
 */
function rowPass(flavour: Flavour, w: number): string {
  const vs = range(Math.ceil(w / 4));
  const lanes = (v: number): number => Math.min(4, w - 4 * v);
  const jBytes = `(i32.shl ${get("j")} ${i32(2)})`;
  const outAt = add(get("orow"), jBytes);
  const step = [
    set("s", `(v128.load32_splat offset=4 ${get("e")})`),
    set("q", add(get("bj"), mul(`(i32.load ${get("e")})`, get("ldb")))),
    ...vs.map((v) => set(`vb${v}`, loadLanes(get("q"), lanes(v), 16 * v))),
    ...vs.map((v) => set(`s${v}`, madd(flavour, get("s"), get(`vb${v}`), get(`s${v}`)))),
  ].join(" ");
  const scaled = (from: string | null): string =>
    vs
      .map((v) =>
        set(
          `s${v}`,
          from === null
            ? `(f32x4.mul ${get(`s${v}`)} ${get("va")})`
            : madd(flavour, get(`s${v}`), get("va"), loadLanes(from, lanes(v), 16 * v)),
        ),
      )
      .join(" ");
  const biasOrZero = `(if ${get("bias")} (then ${scaled(add(get("bias"), jBytes))}) (else ${scaled(null)}))`;
  return `${vs.map((v) => set(`s${v}`, zero)).join(" ")} ${set("bj", add(get("b"), jBytes))}
      ${set("e", get("e0"))} ${whileFits("e", 8, get("e1"), step, `nz${w}`)}
      ${set("va", `(f32x4.splat ${get("alpha")})`)}
      (if ${get("beta")} (then ${scaled(outAt)}) (else ${biasOrZero}))
      (if ${get("relu")} (then ${vs.map((v) => set(`s${v}`, relu4(get(`s${v}`)))).join(" ")}))
      ${vs.map((v) => storeLanes(outAt, `s${v}`, lanes(v), 16 * v)).join(" ")}`;
}

/** out row $orow (N floats) = 0: four vectors a step, then single vectors, then 1–3 lanes. */
function zeroRow(): string {
  const fill = (vectors: number): string =>
    `${range(vectors)
      .map((v) => `(v128.store offset=${16 * v} ${get("q")} ${zero})`)
      .join(" ")} ${bump("q", i32(16 * vectors))}`;
  const tail = [1, 2, 3]
    .map((t) => `(if (i32.eq (i32.and ${get("N")} ${i32(3)}) ${i32(t)}) (then ${storeLanes(get("q"), "zero", t)}))`)
    .join(" ");
  const singles = `(i32.and (i32.shr_u ${get("N")} ${i32(2)}) ${i32(3)})`;
  return `${set("q", get("orow"))} ${set("w", `(i32.shr_u ${get("N")} ${i32(4)})`)} ${countDown("w", fill(4), "zero4")}
        ${set("w", singles)} ${countDown("w", fill(1), "zero1")} ${tail}`;
}

/** `switch (index) { case c: cases[c] }` for index in 0…cases.length−1, as nested blocks and br_table. */
function switchOn(index: string, cases: readonly string[], tag: string): string {
  let nested = `(br_table ${cases.map((_, c) => `$${tag}${c}`).join(" ")} ${index})`;
  cases.forEach((code, c) => {
    nested = `(block $${tag}${c} ${nested})\n      ${code}\n      (br $${tag}_end)`;
  });
  return `(block $${tag}_end ${nested})`;
}

/**
 * sparse_rows(M, N, ptr, entries, b, out, beta, bias, relu, alpha). Each row's list is
 * walked once per pass of ≤ `vectors` f32x4 columns; the N/4 vectors are split evenly over
 * ⌈N/(4·vectors)⌉ passes (128 → 7+7+6+6+6, not 7+7+7+7+4), then the N % 4 tail lanes.
 * A row with no entries is left alone when β = 1 (nothing to add).
 */
function sparseRows(flavour: Flavour, vectors: number): string {
  const vectorPasses = range(vectors).map((v) => rowPass(flavour, 4 * (v + 1)));
  const tailPasses = ["", rowPass(flavour, 1), rowPass(flavour, 2), rowPass(flavour, 3)];
  const sub = (a: string, b: string): string => `(i32.sub ${a} ${b})`;
  // the split is the same for every row, so it is worked out once: `extra` passes of base + 1 vectors, then base
  const base = set("base", `(i32.div_u ${get("left")} ${get("npass")})`);
  const extra = set("extra", `(i32.rem_u ${get("left")} ${get("npass")})`);
  const split = `${set("left", `(i32.shr_u ${get("N")} ${i32(2)})`)}
  ${set("npass", `(i32.div_u (i32.add ${get("left")} ${i32(vectors - 1)}) ${i32(vectors)})`)}
  (if ${get("npass")} (then ${base} ${extra}))`;
  const passes = `${set("pass", i32(0))}
    ${whileFits(
      "pass",
      1,
      get("npass"),
      `${set("w", `(i32.add ${get("base")} (i32.lt_u ${get("pass")} ${get("extra")}))`)}
      ${switchOn(sub(get("w"), i32(1)), vectorPasses, "vw")}
      ${bump("j", `(i32.shl ${get("w")} ${i32(2)})`)}`,
      "passes",
    )}
    ${switchOn(`(i32.and ${get("N")} ${i32(3)})`, tailPasses, "tail")}`;
  // an empty row is left alone when β = 1, zero-filled when there is no bias either, else summed as usual
  const empty = `(i32.eq ${get("e0")} ${get("e1")})`;
  const first = entry("entries", `(i32.load ${word("ptr", get("i"))})`);
  const end = entry("entries", `(i32.load offset=4 ${word("ptr", get("i"))})`);
  const row = `${set("e0", first)} ${set("e1", end)}
    ${set("orow", add(get("out"), mul(get("i"), get("ldb"))))}
    (if (i32.eqz (i32.and ${get("beta")} ${empty})) (then
      (if (i32.and ${empty} (i32.eqz ${get("bias")}))
        (then ${zeroRow()})
        (else ${set("j", i32(0))} ${passes}))))`;
  const args = params(["M", "N", "ptr", "entries", "b", "out", "beta", "bias", "relu"]);
  const scalars = ["i", "j", "e", "e0", "e1", "q", "bj", "orow", "ldb", "left", "npass", "base", "extra", "pass", "w"];
  const vectorLocals = [
    ...range(vectors).map((v) => `s${v}`),
    ...range(vectors).map((v) => `vb${v}`),
    "s",
    "va",
    "zero",
  ];
  return `(func (export "sparse_rows") ${args} (param $alpha f32)
  ${locals("i32", scalars)}
  ${locals("v128", vectorLocals)}
  ${set("ldb", `(i32.shl ${get("N")} ${i32(2)})`)} ${split} ${set("i", i32(0))}
  ${whileFits("i", 1, get("M"), row, "rows")})`;
}

/**
 * gather_lists(count, rows, sptr, sentries, dptr, dentries, off) → off + the entries copied: the
 * row lists of rows rows[0…count) of a source index (sptr, sentries) appended at entry `off` of
 * dentries, dptr[b] = where list b starts, dptr[count] = the end (one memory.copy per list).
 */
function gatherLists(): string {
  const begin = `(i32.load ${word("sptr", get("s"))})`,
    end = `(i32.load offset=4 ${word("sptr", get("s"))})`;
  const list = `${set("s", `(i32.load ${word("rows", get("i"))})`)} ${set("n", `(i32.sub ${end} ${begin})`)}
    (i32.store ${word("dptr", get("i"))} ${get("off")})
    (memory.copy ${entry("dentries", get("off"))} ${entry("sentries", begin)} (i32.shl ${get("n")} ${i32(3)}))
    ${bump("off", get("n"))}`;
  const args = params(["count", "rows", "sptr", "sentries", "dptr", "dentries", "off"]);
  return `(func (export "gather_lists") ${args} (result i32)
  ${locals("i32", ["i", "s", "n"])}
  ${set("i", i32(0))} ${whileFits("i", 1, get("count"), list, "lists")}
  (i32.store ${word("dptr", get("count"))} ${get("off")})
  ${get("off")})`;
}

/** All sparse-path functions; `vectors` is the column block of sparse_rows (≤ 7: 2·vectors + 1 ≤ 15 registers). */
export function sparseWat(flavour: Flavour, vectors: number): string {
  const functions = [
    countNonzero(),
    csrBuild(),
    cscFromCsr(),
    columnRuns(),
    sparseRows(flavour, vectors),
    gatherLists(),
  ];
  return functions.join("\n");
}
