/**
 * The committed kernel module is provably its committed text: each .wat file beside
 * kernels-binary.ts is exactly the generator's output (after its GENERATED line), and the base64
 * in kernels-binary.ts is exactly what wabt compiles that text to, in both flavours; otherwise
 * run `npm run build:wasm`. Also: the FMA flavour uses relaxed SIMD and the mul+add flavour does not.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateKernelsWat } from "../../src/engine/wasm/generate-wat.js";
import { KERNELS_FMA_WASM, KERNELS_MUL_ADD_WASM } from "../../src/engine/wasm/kernels-binary.js";
import {
  compileKernelBinaries,
  GENERATED_LINE,
  WAT_FILES,
  type KernelFlavours,
} from "../../src/engine/wasm/wat-compiler.js";

const FLAVOURS = ["fma", "mulAdd"] as const;
const committedBinary: KernelFlavours<string> = { fma: KERNELS_FMA_WASM, mulAdd: KERNELS_MUL_ADD_WASM };
const committedWat: KernelFlavours<string> = {
  fma: readFileSync(new URL(`../../src/engine/wasm/${WAT_FILES.fma}`, import.meta.url), "utf8"),
  mulAdd: readFileSync(new URL(`../../src/engine/wasm/${WAT_FILES.mulAdd}`, import.meta.url), "utf8"),
};

/** "line n" of the first line where two texts differ, or "none" (for the failure message). */
function firstDifferentLine(a: string, b: string): string {
  const linesA = a.split("\n"),
    linesB = b.split("\n");
  const n = linesA.findIndex((line, i) => line !== linesB[i]);
  return n >= 0 ? `line ${n + 1}` : linesA.length === linesB.length ? "none" : `line ${linesA.length + 1}`;
}

describe("committed wasm text and binary", () => {
  it("each .wat file is the GENERATED line, then exactly generateKernelsWat's text (else run: npm run build:wasm)", () => {
    for (const flavour of FLAVOURS) {
      const fresh = GENERATED_LINE + generateKernelsWat({ fma: flavour === "fma" });
      const stale = `${WAT_FILES[flavour]} is stale at ${firstDifferentLine(committedWat[flavour], fresh)}: run npm run build:wasm`;
      expect(committedWat[flavour] === fresh, stale).toBe(true);
    }
  });

  it("the base64 is wabt's compile of the committed .wat text (else run: npm run build:wasm)", async () => {
    const fromText = await compileKernelBinaries(committedWat);
    for (const flavour of FLAVOURS) {
      expect(
        committedBinary[flavour] === fromText[flavour],
        `kernels-binary.ts is not the compile of ${WAT_FILES[flavour]}: run npm run build:wasm`,
      ).toBe(true);
    }
  });

  it("the base64 matches a fresh compile of the generated WAT (else run: npm run build:wasm)", async () => {
    const fresh = await compileKernelBinaries();
    for (const flavour of FLAVOURS) {
      expect(committedBinary[flavour] === fresh[flavour], "kernels-binary.ts is stale: run npm run build:wasm").toBe(
        true,
      );
    }
  });

  it("uses relaxed_madd only in the FMA flavour, and the generator is deterministic", () => {
    const fma = generateKernelsWat({ fma: true }),
      mulAdd = generateKernelsWat({ fma: false });
    expect(fma).toContain("f32x4.relaxed_madd");
    expect(mulAdd).not.toContain("relaxed");
    expect(generateKernelsWat({ fma: true })).toBe(fma);
  });
});
