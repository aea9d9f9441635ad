/**
 * WAT generator for the exact sparse path (MNIST inputs are ~80 % zeros):
 *   csr_build     the nonzeros of X[M×K], row by row: ptr[M+1], index[nnz], value[nnz]
 *   csc_from_csr  the same nonzeros column by column (a counting sort)
 *   sparse_rows   out[i,:] = β·out[i,:] + bias + α·Σ_{p ∈ list i} value[p]·B[index[p], :]
 * With X's rows as lists, sparse_rows is Z = X·Wᵀ + b for weights stored as Wt[I×O]; with X's
 * columns, it is dWt = Xᵀ·dZ. Zero entries are skipped, the others summed in index order.
 */
import { add, bump, get, i32, loadLanes, locals, madd, mul, params, relu4, set, storeLanes, type Flavour } from "./wat-simd.js";
import { whileFits } from "./wat-tiling.js";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const zero = "(v128.const i32x4 0 0 0 0)";
const word = (base: string, index: string): string => add(get(base), `(i32.shl ${index} ${i32(2)})`);

/** Append (k, x) at position p of index/value; p advances only when x ≠ 0 (branch-free). */
function append(k: string, x: string): string {
  return `(i32.store ${word("index", get("p"))} ${k}) (f32.store ${word("value", get("p"))} ${x})
      ${set("p", `(i32.add ${get("p")} (f32.ne ${x} (f32.const 0)))`)}`;
}

/** csr_build(M, K, a, ptr, index, value) → nnz. Groups of four zeros are skipped with one test. */
function csrBuild(): string {
  const lane = (l: number): string => append(`(i32.add ${get("k")} ${i32(l)})`, `(f32x4.extract_lane ${l} ${get("v")})`);
  const groups = whileFits(
    "k",
    4,
    get("K"),
    `${set("v", `(v128.load ${get("q")})`)}
      (if (v128.any_true (f32x4.ne ${get("v")} ${zero})) (then ${range(4).map(lane).join(" ")}))
      ${bump("q", i32(16))}`,
    "groups",
  );
  const tail = whileFits("k", 1, get("K"), `${append(get("k"), `(f32.load ${get("q")})`)} ${bump("q", i32(4))}`, "tail");
  return `(func (export "csr_build") ${params(["M", "K", "a", "ptr", "index", "value"])} (result i32)
  ${locals("i32", ["i", "k", "p", "q"])} (local $v v128)
  ${set("p", i32(0))} ${set("q", get("a"))} ${set("i", i32(0))}
  ${whileFits("i", 1, get("M"), `(i32.store ${word("ptr", get("i"))} ${get("p")}) ${set("k", i32(0))}\n    ${groups}\n    ${tail}`, "rows")}
  (i32.store ${word("ptr", get("M"))} ${get("p")})
  ${get("p")})`;
}

/** csc_from_csr(M, K, ptr, index, value, cptr, cursor, cindex, cvalue): column lists, rows ascending. */
function cscFromCsr(): string {
  const loop = (counter: string, limit: string, body: string, tag: string): string =>
    `${set(counter, i32(0))} ${whileFits(counter, 1, limit, body, tag)}`;
  const colOf = `(i32.load ${word("index", get("p"))})`;
  return `(func (export "csc_from_csr") ${params(["M", "K", "ptr", "index", "value", "cptr", "cursor", "cindex", "cvalue"])}
  ${locals("i32", ["i", "k", "p", "q", "end"])}
  ${loop("k", add(get("K"), i32(1)), `(i32.store ${word("cptr", get("k"))} ${i32(0)})`, "clear")}
  ${set("end", `(i32.load ${word("ptr", get("M"))})`)}
  ${loop("p", get("end"), `${set("q", word("cptr", `(i32.add ${colOf} ${i32(1)})`))} (i32.store ${get("q")} (i32.add (i32.load ${get("q")}) ${i32(1)}))`, "count")}
  ${loop("k", get("K"), `${set("q", word("cptr", get("k")))} (i32.store offset=4 ${get("q")} (i32.add (i32.load offset=4 ${get("q")}) (i32.load ${get("q")})))
    (i32.store ${word("cursor", get("k"))} (i32.load ${get("q")}))`, "prefix")}
  ${loop("i", get("M"), `${set("p", `(i32.load ${word("ptr", get("i"))})`)} ${set("end", `(i32.load ${word("ptr", `(i32.add ${get("i")} ${i32(1)})`)})`)}
    ${whileFits("p", 1, get("end"), `${set("q", word("cursor", colOf))} ${set("k", `(i32.load ${get("q")})`)} (i32.store ${get("q")} (i32.add ${get("k")} ${i32(1)}))
      (i32.store ${word("cindex", get("k"))} ${get("i")}) (f32.store ${word("cvalue", get("k"))} (f32.load ${word("value", get("p"))}))`, "scatter")}`, "rows")})`;
}

/** One column block of w floats of row i of sparse_rows (locals $i, $j, $p0, $p1). */
function rowBlock(flavour: Flavour, w: number): string {
  const vs = range(Math.ceil(w / 4));
  const lanes = (v: number): number => Math.min(4, w - 4 * v);
  const jBytes = `(i32.shl ${get("j")} ${i32(2)})`;
  const outAt = add(get("orow"), jBytes);
  const init = (v: number): string =>
    `(if (result v128) ${get("beta")} (then ${loadLanes(outAt, lanes(v), 16 * v)})
      (else (if (result v128) ${get("bias")} (then ${loadLanes(add(get("bias"), jBytes), lanes(v), 16 * v)}) (else ${zero}))))`;
  const step = [
    set("s", `(f32x4.splat (f32.mul ${get("alpha")} (f32.load ${word("value", get("p"))})))`),
    set("q", add(add(get("b"), mul(`(i32.load ${word("index", get("p"))})`, get("ldb"))), jBytes)),
    ...vs.map((v) => set(`vb${v}`, loadLanes(get("q"), lanes(v), 16 * v))),
    ...vs.map((v) => set(`s${v}`, madd(flavour, get("s"), get(`vb${v}`), get(`s${v}`)))),
  ].join(" ");
  return whileFits(
    "j",
    w,
    get("N"),
    `${vs.map((v) => set(`s${v}`, init(v))).join("\n      ")}
      ${set("p", get("p0"))} ${whileFits("p", 1, get("p1"), step, `nz${w}`)}
      ${vs.map((v) => `${set("t", get(`s${v}`))} (if ${get("relu")} (then ${set("t", relu4(get("t")))})) ${storeLanes(outAt, "t", lanes(v), 16 * v)}`).join("\n      ")}`,
    `cols${w}`,
  );
}

/**
 * sparse_rows(M, N, ptr, index, value, b, out, beta, bias, relu, alpha); rows in blocks of
 * 4·vectors columns. A row with no entries is left alone when β = 1 (nothing to add).
 */
function sparseRows(flavour: Flavour, vectors: number): string {
  const widths = [...new Set([4 * vectors, 4, 3, 2, 1])];
  const row = `${set("p0", `(i32.load ${word("ptr", get("i"))})`)} ${set("p1", `(i32.load offset=4 ${word("ptr", get("i"))})`)}
    ${set("orow", add(get("out"), mul(get("i"), get("ldb"))))}
    (if (i32.eqz (i32.and ${get("beta")} (i32.eq ${get("p0")} ${get("p1")}))) (then
    ${set("j", i32(0))}
    ${widths.map((w) => rowBlock(flavour, w)).join("\n    ")}))`;
  return `(func (export "sparse_rows") ${params(["M", "N", "ptr", "index", "value", "b", "out", "beta", "bias", "relu"])} (param $alpha f32)
  ${locals("i32", ["i", "j", "p", "p0", "p1", "q", "orow", "ldb"])}
  ${locals("v128", [...range(vectors).map((v) => `s${v}`), ...range(vectors).map((v) => `vb${v}`), "s", "t"])}
  ${set("ldb", `(i32.shl ${get("N")} ${i32(2)})`)} ${set("i", i32(0))}
  ${whileFits("i", 1, get("M"), row, "rows")})`;
}

/** All sparse-path functions; `vectors` is the column block of sparse_rows (≤ 7: 2·vectors + 1 ≤ 15 registers). */
export function sparseWat(flavour: Flavour, vectors: number): string {
  return [csrBuild(), cscFromCsr(), sparseRows(flavour, vectors)].join("\n");
}
