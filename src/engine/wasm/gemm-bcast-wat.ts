/**
 * WAT generator for gemmNN and gemmTN, vectorised across N (contiguous in B and out):
 *   out[i,:] = β·out[i,:] + bias + Σ_k A(i,k)·B[k,:]      then ReLU if asked
 *   NN: A(i,k) = A[i·K + k] (A is M×K)        TN: A(i,k) = A[k·M + i] (A is K×M)
 * A micro-tile of h rows × w columns keeps h·⌈w/4⌉ f32x4 accumulators; per k it loads the
 * row segment B[k, j…j+w) once and one splat of A(i+r, k) per row. Widths below 4 use 1–3 lane
 * loads and stores, so no byte outside the arrays is read or written. K = 1 (a weight gradient
 * at batch 1) is a rank-1 sweep bound by its stores; K < 4 visits the tiles rows outermost.
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
  storeLanes,
  type Flavour,
} from "./wat-simd.js";
import { acc, blocks, countDown, countdownSizes, range, tileLoops, type TilePlan, whileFits } from "./wat-tiling.js";

/** How A is addressed: NN walks h row pointers along k; TN reads h neighbours of one pointer. */
export type AMode = "nn" | "tn";

/**
 * Tiling of a broadcast product. Main plan (M ≥ rows): rows × (4·vectors) tiles; skinny plan
 * (M < rows): 1 × (4·skinnyVectors). K runs in blocks of kBlock so a tile's B panel stays in L1.
 * Live vectors per step (TurboFan loads first): rows + vectors + rows·vectors ≤ 15.
 */
export interface BcastConfig {
  readonly rows: number;
  readonly vectors: number;
  readonly skinnyVectors: number;
  readonly kBlock: number;
}

/** Lanes of vector v in a tile w columns wide. */
const lanesOf = (w: number, v: number): number => Math.min(4, w - 4 * v);

/** The h×w tile: A at pa (row stride ars, k stride aks bytes), B rows at pb (ldb), out rows at po (ldb). */
export function bcastTile(flavour: Flavour, mode: AMode, h: number, w: number): string {
  const nv = Math.ceil(w / 4);
  const vs = range(nv);
  const accs = range(h).flatMap((r) => vs.map((v) => acc(r, v)));
  const aPtr = (r: number): string => (mode === "nn" ? `a${r}` : "a0");
  const aOffset = (r: number): string => (mode === "nn" || r === 0 ? "" : ` offset=${4 * r}`);
  const rowOut = (r: number): string => add(get("po"), `(i32.mul ${get("ldb")} ${i32(r)})`);
  // accumulators start at zero (wasm zeroes locals), at out when β = 1, or at the bias
  const init = range(h).flatMap((r) => vs.map((v) => set(acc(r, v), loadLanes(rowOut(r), lanesOf(w, v), 16 * v))));
  const bias = range(h).flatMap((r) => vs.map((v) => set(acc(r, v), get(`bias${v}`))));
  const step = [
    ...vs.map((v) => set(`vb${v}`, loadLanes(get("pb"), lanesOf(w, v), 16 * v))),
    ...range(h).flatMap((r) => [
      set("va", `(v128.load32_splat${aOffset(r)} ${get(aPtr(r))})`),
      ...vs.map((v) => set(acc(r, v), madd(flavour, get("va"), get(`vb${v}`), get(acc(r, v))))),
    ]),
    bump("pb", get("ldb")),
    ...(mode === "nn" ? range(h).map((r) => bump(`a${r}`, i32(4))) : [bump("a0", get("aks"))]),
  ];
  const relu = accs.map((a) => set(a, relu4(get(a))));
  const store = range(h).flatMap((r) => vs.map((v) => storeLanes(rowOut(r), acc(r, v), lanesOf(w, v), 16 * v)));
  return `(func $${mode}_${h}x${w} ${params(["pa", "ars", "aks", "pb", "ldb", "po", "K", "beta", "pbias", "relu"])}
  ${locals("i32", ["n", ...range(mode === "nn" ? h : 1).map((r) => `a${r}`)])}
  ${locals("v128", [...accs, ...vs.map((v) => `vb${v}`), ...vs.map((v) => `bias${v}`), "va"])}
  ${range(mode === "nn" ? h : 1)
    .map((r) => set(`a${r}`, r === 0 ? get("pa") : add(get(`a${r - 1}`), get("ars"))))
    .join(" ")}
  (if ${get("beta")} (then ${init.join(" ")})
    (else (if ${get("pbias")} (then
      ${vs.map((v) => set(`bias${v}`, loadLanes(get("pbias"), lanesOf(w, v), 16 * v))).join(" ")}
      ${bias.join(" ")}))))
  ${set("n", get("K"))}
  ${countDown("n", step.join("\n    "), "k")}
  (if ${get("relu")} (then ${relu.join(" ")}))
  ${store.join("\n  ")})`;
}

/**
 * $rank1(M, N, a, ars, b, out, beta): out[i,:] = β·out[i,:] + a[i·ars]·b[0,:], the K = 1 product
 * (every weight gradient at batch 1), row after row, four vectors per step: it is bound by the
 * stores, so it needs none of the tiles' register blocking or their per-tile call.
 */
export function rank1Wat(flavour: Flavour): string {
  const row = (beta: boolean): string => {
    const term = (ptrOffset: number, lanes: number): string => {
      const bv = loadLanes(get("bp"), lanes, ptrOffset);
      return beta
        ? madd(flavour, get("s"), bv, loadLanes(get("op"), lanes, ptrOffset))
        : `(f32x4.mul ${get("s")} ${bv})`;
    };
    const step = (vectors: number): string =>
      [
        ...range(vectors).flatMap((v) => [set("x", term(16 * v, 4)), storeLanes(get("op"), "x", 4, 16 * v)]),
        bump("bp", i32(16 * vectors)),
        bump("op", i32(16 * vectors)),
      ].join(" ");
    const tail = [1, 2, 3]
      .map((t) => `(if (i32.eq ${get("t")} ${i32(t)}) (then ${set("x", term(0, t))} ${storeLanes(get("op"), "x", t)}))`)
      .join(" ");
    const suffix = beta ? "b" : "";
    const singles = `(i32.and (i32.shr_u ${get("N")} ${i32(2)}) ${i32(3)})`;
    return `${set("n", `(i32.shr_u ${get("N")} ${i32(4)})`)} ${countDown("n", step(4), `by4${suffix}`)}
      ${set("n", singles)} ${countDown("n", step(1), `by1${suffix}`)}
      ${tail}`;
  };
  return `(func $rank1 ${params(["M", "N", "a", "ars", "b", "out", "beta"])}
  ${locals("i32", ["i", "n", "t", "bp", "op"])} ${locals("v128", ["s", "x"])}
  ${set("t", `(i32.and ${get("N")} ${i32(3)})`)} ${set("i", i32(0))}
  ${whileFits(
    "i",
    1,
    get("M"),
    `${set("s", `(v128.load32_splat ${add(get("a"), mul(get("i"), get("ars")))})`)} ${set("bp", get("b"))}
    ${set("op", add(get("out"), mul(get("i"), `(i32.shl ${get("N")} ${i32(2)})`)))}
    (if ${get("beta")} (then ${row(true)}) (else ${row(false)}))`,
    "rows",
  )})`;
}

/** Below this K, tiles sweep out row by row (a B panel of K rows is not worth keeping in L1). */
const SHALLOW_K = 4;

/** Widths for a main width of 4·vectors: that, then 4, then the 3/2/1-lane tails. */
export const bcastWidths = (vectors: number): number[] => [...new Set([4 * vectors, 4, 3, 2, 1])];

/**
 * The generic driver `$bcast_<mode>(M, N, K, a, lda, b, out, beta, bias, relu)` and its tiles
 * (lda: A's row stride in floats, so a block of rows or columns of a wider A can be passed).
 * Per k-block [k0, kend): the first block adds bias (or keeps out when beta), later blocks
 * accumulate, and only the last applies ReLU.
 */
export function bcastDriverWat(flavour: Flavour, mode: AMode, config: BcastConfig): string {
  const main: TilePlan = { widths: bcastWidths(config.vectors), heights: countdownSizes(config.rows), tag: "main" };
  const skinny: TilePlan = { widths: bcastWidths(config.skinnyVectors), heights: [1], tag: "skinny" };
  const tileSet = new Set([
    ...main.heights.flatMap((h) => main.widths.map((w) => `${h}x${w}`)),
    ...skinny.widths.map((w) => `1x${w}`),
  ]);
  const tiles = [...tileSet].map((hw) => {
    const [h, w] = hw.split("x").map(Number) as [number, number];
    return bcastTile(flavour, mode, h, w);
  });
  const aTile = mode === "nn" ? `(i32.mul ${get("i")} ${get("ars")})` : `(i32.shl ${get("i")} ${i32(2)})`;
  const jBytes = `(i32.shl ${get("j")} ${i32(2)})`;
  const aAt = add(get("ak"), aTile);
  const bAt = add(get("bk"), jBytes);
  const call = (h: number, w: number): string =>
    `(call $${mode}_${h}x${w} ${aAt} ${get("ars")} ${get("aks")} ${bAt} ${get("ldb")}
      ${add(get("out"), add(`(i32.mul ${get("i")} ${get("ldb")})`, jBytes))} ${get("kn")} ${get("betak")}
      (select ${add(get("biask"), jBytes)} ${i32(0)} ${get("biask")}) ${get("reluk")})`;
  // lda: A's row stride in floats (NN: K for a whole A; TN: M), larger for a slice of a wider A
  const strides =
    mode === "nn"
      ? `${set("ars", `(i32.shl ${get("lda")} ${i32(2)})`)} ${set("aks", i32(4))}`
      : `${set("ars", i32(4))} ${set("aks", `(i32.shl ${get("lda")} ${i32(2)})`)}`;
  const aStart = set("ak", add(get("a"), mul(get("k0"), get("aks"))));
  const bStart = set("bk", add(get("b"), mul(get("k0"), get("ldb"))));
  const rank1 = `(call $rank1 ${["M", "N", "ak", "ars", "bk", "out", "betak"].map(get).join(" ")})`;
  const shallow = tileLoops({ ...main, rowsOuter: true, tag: "shallow" }, call);
  const byHeight = `(then ${tileLoops(main, call)}) (else ${tileLoops(skinny, call)})`;
  const deep = `(if (i32.ge_u ${get("M")} ${i32(config.rows)}) ${byHeight})`;
  const kBlock = `${aStart} ${bStart}
    ${set("kn", `(i32.sub ${get("kend")} ${get("k0")})`)}
    ${set("betak", `(i32.or ${get("beta")} (i32.ne ${get("k0")} ${i32(0)}))`)}
    ${set("biask", `(select ${get("bias")} ${i32(0)} (i32.eqz ${get("k0")}))`)}
    ${set("reluk", `(i32.and ${get("relu")} (i32.eq ${get("kend")} ${get("K")}))`)}
    ${set("i0", i32(0))} ${set("iend", get("M"))}
    (if (i32.and (i32.eq ${get("kn")} ${i32(1)}) (i32.eqz (i32.or ${get("biask")} ${get("reluk")})))
      (then ${rank1})
    (else (if (i32.lt_u ${get("kn")} ${i32(SHALLOW_K)}) (then ${shallow})
      (else ${deep}))))`;
  const args = params(["M", "N", "K", "a", "lda", "b", "out", "beta", "bias", "relu"]);
  // loop counters, then the k-block's addresses, flags and strides
  const counters = ["i", "j", "i0", "iend", "k0", "kend", "kn"];
  const state = ["ak", "bk", "betak", "biask", "reluk", "ars", "aks", "ldb"];
  const driver = `(func $bcast_${mode} ${args}
  ${locals("i32", [...counters, ...state])}
  ${strides}
  ${set("ldb", `(i32.shl ${get("N")} ${i32(2)})`)}
  ${blocks("k0", "kend", config.kBlock, get("K"), kBlock, "kblock")})`;
  return [...tiles, driver].join("\n");
}
