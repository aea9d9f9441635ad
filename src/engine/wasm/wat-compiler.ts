/**
 * Text → binary for the generated kernel module, with the `wabt` package (a devDependency:
 * only the build script, the binary-freshness test and the benchmark call this; the engine
 * loads the committed bytes from kernels-binary.ts). Deterministic: same text, same bytes.
 *   binaries = base64(compile(generateKernelsWat(fma))) for fma ∈ {true, false}
 */
import wabt from "wabt";
import { generateKernelsWat, type TileConfig } from "./generate-wat.js";

/** Compile WAT text to a validated wasm binary; `relaxed` admits relaxed-SIMD instructions. */
export async function compileWat(wat: string, relaxed: boolean): Promise<Uint8Array> {
  const toolkit = await wabt();
  const features = { simd: true, relaxed_simd: relaxed, threads: true }; // threads: the memory is shared
  const parsed = toolkit.parseWat("kernels.wat", wat, features);
  try {
    parsed.resolveNames();
    // wabt's validate reads its features from its argument (its typings omit it): without
    // them it rejects the shared memory
    (parsed as unknown as { validate(options: typeof features): void }).validate(features);
    return parsed.toBinary({ canonicalize_lebs: true }).buffer;
  } finally {
    parsed.destroy();
  }
}

/** The kernel module in both flavours, base64-encoded as kernels-binary.ts stores it. */
export async function compileKernelBinaries(tiles?: TileConfig): Promise<{ fma: string; mulAdd: string }> {
  const fma = await compileWat(generateKernelsWat({ fma: true }, tiles), true);
  const mulAdd = await compileWat(generateKernelsWat({ fma: false }, tiles), false);
  return { fma: Buffer.from(fma).toString("base64"), mulAdd: Buffer.from(mulAdd).toString("base64") };
}
