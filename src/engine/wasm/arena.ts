/**
 * The wasm engine's memory: one WebAssembly.Memory of fixed size (initial = maximum, never
 * grown, because growing detaches every view already handed out), carved by a bump allocator
 * into 64-byte-aligned views. Kernels take byte addresses: view.byteOffset, checked here.
 *   bytes used = Σ round_up(request, 64) over all allocations  ≤  capacity
 */
import type { Float } from "../../core/types.js";
import { webAssembly, type WasmMemory } from "./webassembly-api.js";

const PAGE_BYTES = 65536;
const ALIGN = 64;
/** The first bytes are never handed out, so address 0 can mean "no array" (a null bias). */
const RESERVED = ALIGN;

export class WasmArena {
  readonly memory: WasmMemory;
  /** memory.buffer, read once: the getter is a call into V8 (~40 ns), and addressOf runs for every kernel
   *  argument; a shared memory that never grows keeps the same buffer object */
  private readonly buffer: WasmMemory["buffer"];
  /** views addressOf has checked, with their byte offset and length (fixed: the memory never grows). A view's
   *  getters are slow (~15 ns each: the buffer of a wasm memory can grow, so V8 does not inline them), and the
   *  kernels are handed the same views every step: ~30 addressOf calls a batch-1 step */
  private readonly checked = new WeakMap<Float | Int32Array, { offset: number; length: number }>();
  readonly capacity: number;
  private next = RESERVED;

  /** Reserve `maxBytes` (rounded up to 64 KiB pages) at once. */
  constructor(maxBytes: number) {
    if (!Number.isInteger(maxBytes) || maxBytes < PAGE_BYTES || maxBytes > 2 ** 31) {
      throw new RangeError(`wasm engine: maxBytes must be an integer from ${PAGE_BYTES} to 2^31, got ${maxBytes}`);
    }
    const pages = Math.ceil(maxBytes / PAGE_BYTES);
    // shared, so worker threads can run kernels on the same arrays (kernel-team.ts)
    this.memory = new webAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.capacity = pages * PAGE_BYTES;
    this.buffer = this.memory.buffer;
  }

  get bytesFree(): number {
    return this.capacity - this.next;
  }

  /** Byte address of a fresh 64-byte-aligned block; throws when the arena cannot hold it. */
  reserve(bytes: number, what: string): number {
    const size = Math.ceil(bytes / ALIGN) * ALIGN;
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`wasm arena: ${what} asks for ${bytes} bytes`);
    if (size > this.bytesFree) {
      throw new RangeError(
        `wasm arena exhausted: ${what} needs ${bytes} bytes but only ${this.bytesFree} of ${this.capacity} are free; ` +
          "create the engine with a larger maxBytes",
      );
    }
    const at = this.next;
    this.next += size;
    return at;
  }

  /** n floats in wasm memory (zeroed: the memory starts zeroed and is never reused). */
  float32(n: number): Float32Array {
    return new Float32Array(this.buffer, this.reserve(4 * n, `float32(${n})`), n);
  }

  /** n int32s in wasm memory (index lists of the sparse path). */
  int32(n: number): Int32Array {
    return new Int32Array(this.buffer, this.reserve(4 * n, `int32(${n})`), n);
  }

  /**
   * Byte address of `view` for a kernel, after checking it is a float32 view into this memory
   * with at least `length` elements. `where` names the kernel and argument in the error.
   */
  addressOf(view: Float | Int32Array, length: number, where: string): number {
    const known = this.checked.get(view);
    if (known !== undefined) {
      if (known.length < length) throw new RangeError(`${where}: has ${known.length} elements, needs ${length}`);
      return known.offset;
    }
    if (!(view instanceof Float32Array) && !(view instanceof Int32Array)) {
      throw new TypeError(`${where}: got a ${view.constructor.name}; the wasm kernels are float32 only`);
    }
    if (view.buffer !== this.buffer) {
      throw new TypeError(
        `${where}: not a view into this engine's wasm memory; allocate it with engine.allocator.float32`,
      );
    }
    if (view.length < length) throw new RangeError(`${where}: has ${view.length} elements, needs ${length}`);
    this.checked.set(view, { offset: view.byteOffset, length: view.length });
    return view.byteOffset;
  }
}

/** Check that a size is a non-negative 32-bit integer (wasm would read a negative as huge). */
export function checkSize(n: number, where: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw new RangeError(`${where} = ${n} is not a size`);
}
