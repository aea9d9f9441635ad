/**
 * WAT generator for gemmNT, the forward product, as dot products along K (contiguous in both):
 *   out[i,j] = relu?( Σ_k A[i,k]·B[j,k] + bias[j] )      A[M×K], B[N×K], out[M×N]
 * A micro-tile of h rows × w columns keeps h·w f32x4 accumulators, each holding four partial
 * sums of one dot product; per step of 4 k it loads h vectors of A and w of B and does h·w
 * multiply-adds. The K % 4 leftovers use one-lane loads; the 4 lanes are then summed (reduce4).
 */
import {
  add,
  bump,
  get,
  i32,
  loadLanes,
  locals,
  madd,
  params,
  reduce4,
  relu4,
  set,
  storeLanes,
  type Flavour,
} from "./wat-simd.js";
import { acc, blocks, countDown, countdownSizes, range, tileLoops, type TilePlan } from "./wat-tiling.js";

/**
 * Tiling of gemm_nt. Main plan (M ≥ rows): panels of `cols` rows of B packed, rows × cols tiles,
 * rows of A in blocks of `rowBlock` (kept in L2). Skinny plan (small M, or B panel too big for
 * the scratch): unpacked 1 × skinnyCols tiles. All live vectors must fit V8's 15 xmm registers:
 * TurboFan issues a step's loads before its multiply-adds, so rows + cols + rows·cols ≤ 15.
 */
export interface NtConfig {
  readonly rows: number;
  readonly cols: number;
  readonly skinnyCols: number;
  readonly rowBlock: number;
}

/**
 * Where a tile reads B: "rows" (one pointer per row of B), "packed" (one pointer over the panel
 * copy, [k-step][column][lanes]), or "rows+pack" (rows, writing the panel copy on the way: the
 * first row tile of each panel packs it for the others, so packing costs no extra pass).
 */
type BSource = "rows" | "packed" | "rows+pack";

/** One k-step: `lanes` 4 (four k at once) or 1 (a single k, other lanes zero). */
function dotStep(flavour: Flavour, h: number, w: number, lanes: 1 | 4, source: BSource): string {
  const load = (ptr: string, offset: number): string => {
    const off = offset === 0 ? "" : ` offset=${offset}`;
    return lanes === 4 ? `(v128.load${off} ${get(ptr)})` : `(v128.load32_zero${off} ${get(ptr)})`;
  };
  const loadB = (c: number): string => (source === "packed" ? load("b0", 4 * lanes * c) : load(`b${c}`, 0));
  const keep = (c: number): string[] =>
    source !== "rows+pack"
      ? []
      : [
          lanes === 4
            ? `(v128.store offset=${16 * c} ${get("pk")} ${get("vb")})`
            : `(v128.store32_lane offset=${4 * c} 0 ${get("pk")} ${get("vb")})`,
        ];
  const fma = (r: number, c: number, va: string, vb: string): string =>
    set(acc(r, c), madd(flavour, get(va), get(vb), get(acc(r, c))));
  const lines = range(h).map((r) => set(`va${r}`, load(`a${r}`, 0)));
  for (const c of range(w))
    lines.push(set("vb", loadB(c)), ...keep(c), ...range(h).map((r) => fma(r, c, `va${r}`, "vb")));
  const bytes = 4 * lanes;
  lines.push(...range(h).map((r) => bump(`a${r}`, i32(bytes))));
  lines.push(...(source === "packed" ? [bump("b0", i32(bytes * w))] : range(w).map((c) => bump(`b${c}`, i32(bytes)))));
  if (source === "rows+pack") lines.push(bump("pk", i32(bytes * w)));
  return lines.join("\n      ");
}

/**
 * Sum the accumulators of row r four at a time (a missing fourth is the zero vector), add bias,
 * apply ReLU and store the w outputs (1–3 lane stores for the last group).
 */
function storeRow(r: number, w: number): string {
  const lines: string[] = [];
  const rowPtr = add(get("po"), `(i32.mul ${get("ldo")} ${i32(r)})`);
  for (let c = 0; c < w; c += 4) {
    const lanes = Math.min(4, w - c);
    const names = range(4).map((l) => (l < lanes ? acc(r, c + l) : "zero")) as [string, string, string, string];
    const sums = reduce4(names, "ab", "cd");
    lines.push(sums.code, set("t", sums.value));
    lines.push(
      `(if ${get("pbias")} (then ${set("t", `(f32x4.add ${get("t")} ${loadLanes(get("pbias"), lanes, 4 * c)})`)}))`,
    );
    lines.push(`(if ${get("relu")} (then ${set("t", relu4(get("t")))}))`);
    lines.push(storeLanes(rowPtr, "t", lanes, 4 * c));
  }
  return lines.join("\n  ");
}

const tileName = (h: number, w: number, source: BSource): string =>
  `$nt${{ rows: "", packed: "p", "rows+pack": "q" }[source]}_${h}x${w}`;

/**
 * The h×w micro-tile: out rows po + r·ldo, A rows pa + r·K·4, B rows pb + c·K·4
 * (or packed at pb; pk: where to pack).
 */
function ntTile(flavour: Flavour, h: number, w: number, source: BSource): string {
  const accs = range(h).flatMap((r) => range(w).map((c) => acc(r, c)));
  const bRows = source === "packed" ? 1 : w;
  const rowPtrs = (p: string, n: number, base: string): string =>
    range(n)
      .map((x) => set(`${p}${x}`, x === 0 ? get(base) : add(get(`${p}${x - 1}`), get("lda"))))
      .join(" ");
  const args = params(["pa", "pb", "po", "ldo", "pbias", "K", "relu", ...(source === "rows+pack" ? ["pk"] : [])]);
  return `(func ${tileName(h, w, source)} ${args}
  ${locals("i32", ["lda", "n", ...range(h).map((r) => `a${r}`), ...range(bRows).map((c) => `b${c}`)])}
  ${locals("v128", [...accs, ...range(h).map((r) => `va${r}`), "vb", "ab", "cd", "t", "zero"])}
  ${set("lda", `(i32.shl ${get("K")} ${i32(2)})`)}
  ${rowPtrs("a", h, "pa")}
  ${rowPtrs("b", bRows, "pb")}
  ${set("n", `(i32.shr_u ${get("K")} ${i32(2)})`)}
  ${countDown("n", dotStep(flavour, h, w, 4, source), "vec")}
  ${set("n", `(i32.and ${get("K")} ${i32(3)})`)}
  ${countDown("n", dotStep(flavour, h, w, 1, source), "tail")}
  ${range(h)
    .map((r) => storeRow(r, w))
    .join("\n  ")})`;
}

/** The two tilings: packed main tiles, and unpacked one-row tiles for small M. */
function plans(config: NtConfig): { main: TilePlan; skinny: TilePlan } {
  const skinnyWidths = [...new Set([config.skinnyCols, 4, 2, 1])].filter((w) => w <= config.skinnyCols);
  return {
    main: { widths: countdownSizes(config.cols), heights: countdownSizes(config.rows), tag: "main" },
    skinny: { widths: skinnyWidths, heights: [1], tag: "skinny" },
  };
}

/**
 * gemm_nt(M, N, K, a, b, bias, out, relu, scratch, scratchBytes): the exported driver and its
 * micro-tiles. bias = 0 means none. The main plan runs when M ≥ rows and a panel (cols × K
 * floats) fits the scratch: per panel, the first row tile reads B's rows and packs them into
 * the scratch, and the others read the packed copy.
 */
export function gemmNtWat(flavour: Flavour, config: NtConfig): string {
  const { main, skinny } = plans(config);
  const mainTiles = main.heights.flatMap((h) =>
    main.widths.flatMap((w) => [ntTile(flavour, h, w, "rows+pack"), ntTile(flavour, h, w, "packed")]),
  );
  const skinnyTiles = skinny.widths.map((w) => ntTile(flavour, 1, w, "rows"));
  const outAt = add(get("out"), add(`(i32.mul ${get("i")} ${get("ldo")})`, `(i32.shl ${get("j")} ${i32(2)})`));
  const biasAt = `(select ${add(get("bias"), `(i32.shl ${get("j")} ${i32(2)})`)} ${i32(0)} ${get("bias")})`;
  const rest = `${get("ldo")} ${biasAt} ${get("K")} ${get("relu")}`;
  const aRow = add(get("a"), `(i32.mul ${get("i")} ${get("lda")})`);
  const bRow = add(get("b"), `(i32.mul ${get("j")} ${get("lda")})`);
  const packed = (h: number, w: number): string => `(if (i32.eq ${get("i")} ${get("i0")})
      (then (call ${tileName(h, w, "rows+pack")} ${aRow} ${bRow} ${outAt} ${rest} ${get("scratch")}))
      (else (call ${tileName(h, w, "packed")} ${aRow} ${get("scratch")} ${outAt} ${rest})))`;
  const unpacked = (h: number, w: number): string =>
    `(call ${tileName(h, w, "rows")} ${aRow} ${bRow} ${outAt} ${rest})`;
  const args = params(["M", "N", "K", "a", "b", "bias", "out", "relu", "scratch", "scratchBytes"]);
  const panelFits = `(i32.le_u (i32.mul ${get("lda")} ${i32(config.cols)}) ${get("scratchBytes")})`;
  const driver = `(func (export "gemm_nt") ${args}
  ${locals("i32", ["i", "j", "i0", "iend", "lda", "ldo"])}
  ${set("lda", `(i32.shl ${get("K")} ${i32(2)})`)}
  ${set("ldo", `(i32.shl ${get("N")} ${i32(2)})`)}
  (if (i32.and (i32.ge_u ${get("M")} ${i32(config.rows)}) ${panelFits})
    (then
  ${blocks("i0", "iend", config.rowBlock, get("M"), tileLoops(main, packed), "rowblock")})
    (else
  ${set("i0", i32(0))} ${set("iend", get("M"))}
  ${tileLoops(skinny, unpacked)})))`;
  return [...mainTiles, ...skinnyTiles, driver].join("\n");
}
