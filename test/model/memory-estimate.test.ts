/**
 * The memory estimate's arithmetic (src/model/memory-estimate.ts), worked out by hand, and the
 * refusal lines it makes: over the machine's memory, one array over 2^32 numbers, one JSON text
 * over the 2^29 − 24 characters of a Node.js string.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import {
  formatBytes,
  MAX_STRING_LENGTH,
  networkParts,
  parameterCountOf,
  refuseIfTooBig,
  totalBytes,
} from "../../src/model/memory-estimate.js";

const GiB = 2 ** 30;

describe("the memory estimate", () => {
  it("counts p = Σ (n_{l−1} + 1)·n_l and the bytes of parameters and activations", () => {
    // 784-128-10: 785·128 + 129·10 = 100,480 + 1,290 = 101,770 (the Quick start's network)
    expect(parameterCountOf([784, 128, 10])).toBe(101_770);
    // 2-4-2 in float64, 4 copies of w, 10 rows: 22·8·4 = 704 bytes; 10·(2+4+2)·2·8 = 1,280 bytes
    expect(networkParts([2, 4, 2], 8, 10, 4)).toEqual({ parameters: 704, activations: 1280 });
  });

  it("prints sizes in binary units", () => {
    expect([formatBytes(12), formatBytes(3277), formatBytes(512 * 2 ** 20), formatBytes(37 * GiB)]).toEqual([
      "12 B",
      "3.2 KiB",
      "512 MiB",
      "37 GiB",
    ]);
  });

  const parts = { parameters: 30 * GiB, activations: 2 * GiB, engine: 0, dataset: 5 * GiB, files: 0 };
  const refusal = (limits: { memory: number; largestArray: number; largestText: number }): string => {
    try {
      refuseIfTooBig(parts, limits, "the run", "make it smaller");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    return "not refused";
  };

  it("refuses over the machine's memory, naming each part and the total", () => {
    expect(totalBytes(parts)).toBe(37 * GiB);
    expect(refusal({ memory: 24 * GiB, largestArray: 0, largestText: 0 })).toBe(
      "the run needs ~37 GiB (parameters 30 GiB, activations 2.0 GiB, dataset 5.0 GiB), " +
        "this machine has 24 GiB: make it smaller",
    );
    expect(refusal({ memory: 64 * GiB, largestArray: 2 ** 32, largestText: MAX_STRING_LENGTH })).toBe("not refused");
  });

  it("refuses an array over 2^32 numbers and a JSON text over a Node.js string", () => {
    expect(refusal({ memory: 64 * GiB, largestArray: 2 ** 32 + 1, largestText: 0 })).toBe(
      "the run needs an array of 4,294,967,297 numbers; Node.js holds at most 4,294,967,296 in one: make it smaller",
    );
    expect(refusal({ memory: 64 * GiB, largestArray: 0, largestText: 2 ** 30 })).toBe(
      "the run would write a JSON file of ~1.0 GiB (one text; Node.js strings hold at most 512 MiB): make it smaller",
    );
  });
});
