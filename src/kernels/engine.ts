/**
 * An engine = a kernel set + the allocator its buffers must come from. Forward and backward
 * passes take an engine instead of importing a kernel set, so the WebAssembly float32 set
 * (src/kernels/wasm/) can replace the TypeScript one without touching the model code.
 */
import type { Precision } from "../config/train-schema.js";
import type { Float } from "../grad/gradient-method.js";
import { heapAllocator, type Allocator, type Kernels } from "./kernels.js";
import { typedKernels } from "./typed-kernels.js";

export interface Engine {
  readonly kernels: Kernels;
  readonly allocator: Allocator;
}

/** The fast TypeScript kernels on ordinary typed arrays. */
export const typescriptEngine: Engine = { kernels: typedKernels, allocator: heapAllocator };

/** A buffer of n numbers (contents unspecified: fill before reading) in the given precision, from the engine's allocator. */
export function allocateFloat(allocator: Allocator, precision: Precision, n: number): Float {
  return precision === "float32" ? allocator.float32(n) : allocator.float64(n);
}
