/**
 * The ceiling every wasm kernel runs under: how many f32 multiply-adds one core issues through
 * 128-bit WebAssembly SIMD (f32x4, 4 lanes an instruction) when nothing else limits it — C
 * independent accumulator chains a_c ← a_c·m + c in registers, no memory traffic:
 *   GFLOP/s = 2 · 4 lanes · C chains · iterations / seconds     (best of 5 runs of 2·10⁷ iterations)
 * for C = 8, 10, 12, 14, as one relaxed-SIMD FMA (f32x4.relaxed_madd) and as a multiply then an add.
 * Fewer chains than FMA latency × FMA ports leave the ports idle; more than the 16 xmm registers
 * hold spill. Set against the kernel rows of `npm run bench` (GFLOP/s of real multiply-adds) it
 * says how far each kernel is from what this engine can issue at all (docs/performance.md).
 *   npm run bench:peak             the table; `npm run bench` prints measureSimdPeak's figure (ceiling.ts)
 */
import { fileURLToPath } from "node:url";
import { compileWat } from "../src/engine/wasm/wat-compiler.js";
import { enableRelaxedSimd } from "../src/engine/wasm/relaxed-simd.js";
import { KERNELS_FMA_WASM } from "../src/engine/wasm/kernels-binary.js";
import { webAssembly } from "../src/engine/wasm/webassembly-api.js";

const CHAINS = [8, 10, 12, 14];
const ITERATIONS = 2e7;

/** spin(n) runs n iterations of C chains; returns a lane so the work cannot be dropped. */
function spinWat(chains: number, fma: boolean): string {
  const names = Array.from({ length: chains }, (_, i) => `$a${i}`);
  const step = (a: string): string =>
    fma
      ? `(local.set ${a} (f32x4.relaxed_madd (local.get ${a}) (local.get $m) (local.get $c)))`
      : `(local.set ${a} (f32x4.add (f32x4.mul (local.get ${a}) (local.get $m)) (local.get $c)))`;
  const sum = names.slice(1).reduce((s, a) => `(f32x4.add ${s} (local.get ${a}))`, `(local.get ${names[0]})`);
  return `(module (func (export "spin") (param $n i32) (result f32)
  (local $m v128) (local $c v128) ${names.map((a) => `(local ${a} v128)`).join(" ")}
  (local.set $m (f32x4.splat (f32.const 0.999))) (local.set $c (f32x4.splat (f32.const 0.001)))
  (loop $l ${names.map(step).join(" ")}
    (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $l (local.get $n)))
  (f32x4.extract_lane 0 ${sum})))`;
}

/** Best GFLOP/s of `spin` over 5 timed runs, after one warm-up run. */
async function peak(chains: number, fma: boolean): Promise<number> {
  const bytes = await compileWat(spinWat(chains, fma), fma);
  const memory = new webAssembly.Memory({ initial: 1, maximum: 1, shared: true }); // the module imports none
  const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
  const spin = (instance.exports as { spin(n: number): number }).spin;
  spin(ITERATIONS / 20);
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    spin(ITERATIONS);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return (2 * 4 * chains * ITERATIONS) / best / 1e9;
}

/** The ceiling `npm run bench` records: GFLOP/s, and whether as FMA (relaxed SIMD) or multiply + add. */
export interface SimdPeak {
  gflops: number;
  fma: boolean;
}

/** Relaxed SIMD as the engine finds it (the flag turned on where Node 20 needs it), probed with its own module. */
const relaxedSimd = () => enableRelaxedSimd(Buffer.from(KERNELS_FMA_WASM, "base64"));

/** The ceiling: the best GFLOP/s of 10 and 12 chains, as FMA where relaxed SIMD runs, else multiply + add. */
export async function measureSimdPeak(): Promise<SimdPeak> {
  const fma = relaxedSimd() !== "unavailable";
  const rates = [await peak(10, fma), await peak(12, fma)];
  return { gflops: Math.max(...rates), fma };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const relaxed = relaxedSimd();
  console.log(`128-bit wasm SIMD, one core, independent chains in registers (relaxed SIMD: ${relaxed})`);
  console.log("| chains | relaxed_madd GFLOP/s | mul + add GFLOP/s |\n|---|---|---|");
  for (const chains of CHAINS) {
    const fma = relaxed === "unavailable" ? Number.NaN : await peak(chains, true);
    console.log(`| ${chains} | ${fma.toFixed(1)} | ${(await peak(chains, false)).toFixed(1)} |`);
  }
}
