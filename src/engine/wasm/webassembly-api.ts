/**
 * The part of the global `WebAssembly` object the engine uses, typed here because the project
 * compiles against lib ES2022 + @types/node 20, which declare none of it. Synchronous
 * compilation only: the module is small (~35 KB), so `new Module` costs a few milliseconds.
 */

/** A shared memory's buffer is a SharedArrayBuffer (the same object until the memory grows, which ours never do). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

/** A compiled module (its toStringTag is "WebAssembly.Module"). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => { readonly exports: object };
  validate(bytes: Uint8Array): boolean;
}

export const webAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
