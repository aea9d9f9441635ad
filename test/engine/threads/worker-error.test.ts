/** SharedWorkerError: the first report wins until cleared; text and worker number read back whole. */
import { describe, expect, it } from "vitest";
import { SharedWorkerError } from "../../../src/engine/threads/worker-error.js";

describe("SharedWorkerError", () => {
  it("keeps the first error, drops later ones, and takes the next after a clear", () => {
    const buffer = SharedWorkerError.allocate(64);
    const worker = new SharedWorkerError(buffer),
      main = new SharedWorkerError(buffer);
    expect(main.take(false)).toBeNull();
    worker.report(2, new RangeError("row 9 of 4"));
    worker.report(0, new Error("later"));
    expect(main.take(false)).toEqual({ worker: 2, message: "RangeError: row 9 of 4" });
    expect(main.take(true)).toEqual({ worker: 2, message: "RangeError: row 9 of 4" });
    expect(main.take(false)).toBeNull();
    worker.report(1, "not an Error");
    expect(main.take(true)).toEqual({ worker: 1, message: "not an Error" });
  });
});
