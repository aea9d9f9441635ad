/**
 * The WebAssembly SIMD engine: the generated float32 kernels behind the `Kernels` interface,
 * with an allocator whose float32 arrays are views into the module's memory (so kernels read
 * them in place: an array from anywhere else is refused with a TypeError, never copied).
 *   forward Z = X·Wᵀ + b (gemmNT) · backward dW (+)= dZᵀ·X (gemmTN), dX = dZ·W (gemmNN), db (+)= Σ dZ
 * The memory is reserved once (maxBytes) and never grown; variant "fma" uses relaxed SIMD.
 * With threads > 1 the big calls are split over a kernel team (kernel-team.ts, split-exports.ts): same results.
 */
import type { Allocator, Kernels } from "../kernels.js";
import { createRowIndexer, type RowIndexer } from "./row-index.js";
import { GATHER_ROWS, matrixKernels, rowGather } from "./wasm-kernels.js";
import type { GatherRows } from "./wasm-features.js";
import { WasmArena } from "./arena.js";
import type { KernelExports } from "./kernel-exports.js";
import { KERNELS_FMA_WASM, KERNELS_MUL_ADD_WASM } from "./kernels-binary.js";
import { startKernelTeam } from "./kernel-team.js";
import { enableRelaxedSimd, type RelaxedSimdStatus } from "./relaxed-simd.js";
import { GradientRows } from "./gradient-rows.js";
import { SparseInput } from "./sparse-input.js";
import { splitExports } from "./split-exports.js";
import { makeTrainingKernels, type TrainingKernels } from "./training-kernels.js";
import { webAssembly, type WasmMemory, type WasmModule } from "./webassembly-api.js";

export type WasmVariant = "fma" | "mul+add";

export interface WasmEngineOptions {
  /** Wasm memory reserved up front, rounded up to 64 KiB pages (default 64 MiB). */
  maxBytes?: number;
  /** "auto" (default): FMA where relaxed SIMD validates, else mul+add. "fma" throws where it cannot run. */
  variant?: WasmVariant | "auto";
  /** A module built from generateKernelsWat with other tiles, and its variant (benchmarks only). */
  binary?: { bytes: Uint8Array; variant: WasmVariant };
  /** Threads the big products and updates are split over (default 1: no workers). */
  threads?: number;
}

export interface WasmEngine {
  readonly kernels: Kernels;
  /** float32 arrays are views into the module's memory; float64 ones are ordinary arrays */
  readonly allocator: Allocator;
  /** Row lists of nonzeros, made once per matrix and gathered per batch (row-index.ts). */
  readonly rowIndex: RowIndexer;
  /** Rows copied between float32 arrays of this memory with one call (a typed-array copy of shared memory is slow). */
  readonly gatherRows: GatherRows;
  /** Which flavour of the module runs: one FMA, or a rounded multiply then an add. */
  readonly variant: WasmVariant;
  /** How relaxed SIMD was found: "native", "enabled-by-flag" (set through node:v8) or "unavailable". */
  readonly relaxedSimd: RelaxedSimdStatus;
  /** Fused forward/backward pieces and the SGD updates. */
  readonly training: TrainingKernels;
  /** Which rows of layer 1's gradient the sparse path last wrote; training.sgdStep updates only those. */
  readonly gradientRows: GradientRows;
  /** Index lists for the exact sparse first layer (see SparseInput). */
  sparseInput(maxRows: number, cols: number): SparseInput;
  readonly memory: WasmMemory;
  bytesFree(): number;
  /** Waits for the worker threads (true once calls are split; never needed for results). */
  waitForThreads(timeoutMs: number): boolean;
  /** Calls split over the threads so far (0 with one thread). */
  splitCalls(): number;
  /** Ends the worker threads (calls run on this thread afterwards). */
  dispose(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 64 * 2 ** 20;
/** Room for packed panels of B in gemmNT: K up to SCRATCH_BYTES / (4·cols) uses the packed tiles. */
const SCRATCH_BYTES = 128 * 1024;

const modules = new Map<string, WasmModule>();
/** The committed module of a flavour, compiled once per process. */
function committedModule(variant: WasmVariant): WasmModule {
  let module = modules.get(variant);
  if (module === undefined) {
    module = new webAssembly.Module(decodeBase64(variant === "fma" ? KERNELS_FMA_WASM : KERNELS_MUL_ADD_WASM));
    modules.set(variant, module);
  }
  return module;
}

function decodeBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Pick the flavour: FMA when asked or possible, checking that this V8 accepts it. */
function chooseVariant(
  asked: WasmVariant | "auto",
  probe: Uint8Array,
): { variant: WasmVariant; relaxedSimd: RelaxedSimdStatus } {
  const relaxedSimd = asked === "mul+add" ? "unavailable" : enableRelaxedSimd(probe);
  if (asked === "fma" && relaxedSimd === "unavailable")
    throw new Error("wasm engine: variant fma asked for, but this V8 rejects relaxed SIMD");
  return { variant: asked === "mul+add" || relaxedSimd === "unavailable" ? "mul+add" : "fma", relaxedSimd };
}

/** The engine: its own memory of options.maxBytes, kernels, allocator and sparse path. */
export function createWasmEngine(options: WasmEngineOptions = {}): WasmEngine {
  const custom = options.binary;
  const asked = custom?.variant ?? options.variant ?? "auto";
  const { variant, relaxedSimd } = chooseVariant(asked, custom?.bytes ?? decodeBase64(KERNELS_FMA_WASM));
  const arena = new WasmArena(options.maxBytes ?? DEFAULT_MAX_BYTES);
  const module = custom === undefined ? committedModule(variant) : new webAssembly.Module(custom.bytes);
  const instance = new webAssembly.Instance(module, { env: { memory: arena.memory } });
  const scratch = arena.reserve(SCRATCH_BYTES, "gemmNT packing scratch");
  const gatherIndex = arena.int32(GATHER_ROWS);
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`wasm engine: threads must be a positive integer, got ${threads}`);
  const own = instance.exports as unknown as KernelExports;
  const team = threads > 1 ? startKernelTeam(module, arena.memory, threads - 1, own) : null;
  const wasm =
    team === null
      ? own
      : splitExports(own, team, arena.memory, [
          scratch,
          ...Array.from({ length: threads - 1 }, () => arena.reserve(SCRATCH_BYTES, "gemmNT packing scratch")),
        ]);
  const kernels = matrixKernels(wasm, arena, variant, scratch, SCRATCH_BYTES);
  const allocator: Allocator = {
    float32: (n) => arena.float32(n),
    float64: (n) => new Float64Array(n),
  };
  const gatherRows = rowGather(wasm, arena, gatherIndex);
  const gradientRows = new GradientRows(arena, wasm);
  return {
    kernels,
    allocator,
    rowIndex: createRowIndexer(arena, wasm, gatherIndex),
    gatherRows,
    variant,
    relaxedSimd,
    training: makeTrainingKernels(wasm, arena, { scratch, scratchBytes: SCRATCH_BYTES }, gradientRows),
    gradientRows,
    sparseInput: (maxRows, cols) => new SparseInput(arena, wasm, maxRows, cols, gradientRows),
    memory: arena.memory,
    bytesFree: () => arena.bytesFree,
    waitForThreads: (timeoutMs) => team?.waitUntilReady(timeoutMs) ?? false,
    splitCalls: () => team?.jobsStarted ?? 0,
    dispose: () => team?.dispose() ?? Promise.resolve(),
  };
}
