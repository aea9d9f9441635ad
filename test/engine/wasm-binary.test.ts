/**
 * The committed module (src/engine/wasm/kernels-binary.ts) is exactly what the generator's
 * text compiles to with wabt, in both flavours; otherwise run `npm run build:wasm`.
 * Also: the FMA flavour uses relaxed SIMD and the mul+add flavour does not.
 */
import { describe, expect, it } from "vitest";
import { generateKernelsWat } from "../../src/engine/wasm/generate-wat.js";
import { KERNELS_FMA_WASM, KERNELS_MUL_ADD_WASM } from "../../src/engine/wasm/kernels-binary.js";
import { compileKernelBinaries } from "../../src/engine/wasm/wat-compiler.js";

describe("committed wasm binary", () => {
  it("matches a fresh compile of the generated WAT (else run: npm run build:wasm)", async () => {
    const fresh = await compileKernelBinaries();
    const stale = "kernels-binary.ts is stale: run npm run build:wasm";
    expect(KERNELS_FMA_WASM === fresh.fma, stale).toBe(true);
    expect(KERNELS_MUL_ADD_WASM === fresh.mulAdd, stale).toBe(true);
  });

  it("uses relaxed_madd only in the FMA flavour, and the generator is deterministic", () => {
    const fma = generateKernelsWat({ fma: true }), mulAdd = generateKernelsWat({ fma: false });
    expect(fma).toContain("f32x4.relaxed_madd");
    expect(mulAdd).not.toContain("relaxed");
    expect(generateKernelsWat({ fma: true })).toBe(fma);
  });
});
