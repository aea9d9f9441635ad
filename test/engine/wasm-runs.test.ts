/**
 * The run kernels of gradient-rows.ts, called on the committed module (mul + add flavour: it needs no
 * V8 flag), held to plain loops:
 *   column_runs(K, cptr, runs)  the maximal runs of columns k with cptr[k+1] ≠ cptr[k], as (first, count)
 *   sgd_runs(count, N, w, g, runs, lr)  sgd on those rows only, the same bits as sgd on every row there
 *   zero_runs(N, out, runs, count)      +0 on those rows only
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { KERNELS_MUL_ADD_WASM } from "../../src/engine/wasm/kernels-binary.js";
import type { KernelExports } from "../../src/engine/wasm/kernel-exports.js";

const memory = new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true });
const wasm = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(KERNELS_MUL_ADD_WASM, "base64")), {
  env: { memory },
}).exports as unknown as KernelExports;
const words = new Int32Array(memory.buffer);
const floats = new Float32Array(memory.buffer);
const CPTR = 1024,
  RUNS = 8192,
  W = 16384,
  G = 65536,
  OUT = 131072;

/** The runs of nonempty columns by the plain definition. */
function plainRuns(counts: number[]): [number, number][] {
  const runs: [number, number][] = [];
  counts.forEach((c, k) => {
    if (c === 0) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === k) last[1]++;
    else runs.push([k, 1]);
  });
  return runs;
}

/** column_runs on column lists with these counts; returns the runs it wrote. */
function columnRuns(counts: number[]): [number, number][] {
  words[CPTR >> 2] = 7; // lists need not start at entry 0
  counts.forEach((c, k) => {
    words[(CPTR >> 2) + k + 1] = words[(CPTR >> 2) + k]! + c;
  });
  const n = wasm.column_runs(counts.length, CPTR, RUNS);
  return Array.from({ length: n }, (_, i) => [words[(RUNS >> 2) + 2 * i]!, words[(RUNS >> 2) + 2 * i + 1]!]);
}

describe("column_runs", () => {
  it("finds the runs of nonempty columns: at both ends, none, all, single columns", () => {
    expect(columnRuns([0, 0, 0])).toEqual([]);
    expect(columnRuns([2, 1, 5])).toEqual([[0, 3]]);
    expect(columnRuns([1, 0, 3, 3, 0, 0, 1])).toEqual([
      [0, 1],
      [2, 2],
      [6, 1],
    ]);
    expect(columnRuns([])).toEqual([]);
  });

  it("matches the plain definition on random column counts", () => {
    const rng = Rng.fromSeed(11);
    for (let t = 0; t < 50; t++) {
      const K = 1 + rng.int(200);
      const counts = Array.from({ length: K }, () => (rng.uniform() < 0.4 ? 0 : 1 + rng.int(5)));
      expect(columnRuns(counts)).toEqual(plainRuns(counts));
    }
  });
});

describe("sgd_runs and zero_runs", () => {
  const K = 40,
    N = 7; // rows of 7 floats: vectors and lane tails inside every run
  const runs: [number, number][] = [
    [0, 2],
    [5, 1],
    [9, 13],
    [39, 1],
  ];
  const inRun = (r: number): boolean => runs.some(([first, count]) => r >= first && r < first + count);
  const writeRuns = (): void =>
    runs.forEach(([first, count], i) => {
      words[(RUNS >> 2) + 2 * i] = first;
      words[(RUNS >> 2) + 2 * i + 1] = count;
    });

  /** sgd_runs over rows from…to − 1 on random w and g: sgd's bits on the runs' rows in the window, the rest untouched. */
  function checkSgdRuns(seed: number, from: number, to: number): void {
    const rng = Rng.fromSeed(seed);
    const w = floats.subarray(W >> 2, (W >> 2) + K * N),
      g = floats.subarray(G >> 2, (G >> 2) + K * N);
    for (let i = 0; i < K * N; i++) [w[i], g[i]] = [rng.uniform() - 0.5, rng.uniform() - 0.5];
    const before = w.slice();
    floats.copyWithin(OUT >> 2, W >> 2, (W >> 2) + K * N); // sgd on every row of a copy at OUT
    wasm.sgd(K * N, OUT, G, 0.1);
    const full = floats.slice(OUT >> 2, (OUT >> 2) + K * N);
    writeRuns();
    wasm.sgd_runs(runs.length, N, W, G, RUNS, 0.1, from, to);
    for (let r = 0; r < K; r++) {
      const updated = inRun(r) && r >= from && r < to;
      for (let j = 0; j < N; j++) {
        const i = r * N + j;
        expect(Object.is(w[i], updated ? full[i] : before[i]), `row ${r}, column ${j}`).toBe(true);
      }
    }
    expect(w.some((v, i) => v !== before[i])).toBe(true);
  }

  it("sgd_runs gives sgd's bits on the rows of the runs and leaves the others alone", () => checkSgdRuns(3, 0, K));

  it("sgd_runs clipped to a window of rows updates the runs' rows inside it only, as a thread's part does", () =>
    checkSgdRuns(4, 1, 15)); // cuts [0, 2) and [9, 22), leaves [39, 40) out

  it("zero_runs writes +0 on the rows of the runs only", () => {
    const out = floats.subarray(OUT >> 2, (OUT >> 2) + K * N);
    out.fill(-1.5);
    writeRuns();
    wasm.zero_runs(N, OUT, RUNS, runs.length);
    for (let r = 0; r < K; r++)
      for (let j = 0; j < N; j++) expect(Object.is(out[r * N + j], inRun(r) ? 0 : -1.5), `row ${r}`).toBe(true);
  });
});
