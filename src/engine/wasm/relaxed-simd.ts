/**
 * Whether this V8 accepts relaxed SIMD (f32x4.relaxed_madd, lowered to one FMA instruction).
 * Node 20's V8 has it behind --experimental-wasm-relaxed-simd; the flag can be set at run time
 * through node:v8 before the module is compiled. Newer V8 accepts it without the flag.
 *   status = validate(probe) ? "native" : (set flag; validate(probe) ? "enabled-by-flag" : "unavailable")
 */
import { setFlagsFromString } from "node:v8";
import { webAssembly } from "./webassembly-api.js";

export type RelaxedSimdStatus = "native" | "enabled-by-flag" | "unavailable";

const FLAG = "--experimental-wasm-relaxed-simd";

/** Validate `probe` (a module using relaxed SIMD), turning the V8 flag on if that is what it takes. */
export function enableRelaxedSimd(probe: Uint8Array): RelaxedSimdStatus {
  if (webAssembly.validate(probe)) return "native";
  setFlagsFromString(FLAG);
  return webAssembly.validate(probe) ? "enabled-by-flag" : "unavailable";
}
